"""Rebuild round 71's batch (``raw71``): Weibo posts of 2011-2016 that a rumour-reporting
platform judged.

The texts are the 3,387 original posts of the CED dataset (``thunlp/Chinese_Rumor_Dataset``,
``CED_Dataset/original-microblog``: 1,538 posts Weibo's misinformation-reporting platform found
false and 1,849 it did not, 2011-2016; the reposts and comments are not used): a genre and a
decade no batch had, everyday posts that pass on appeals, scares and warnings, many of them
about phone numbers, ID cards and swindles. Every post is a candidate, deduplicated by body
prefix and against ``../shared``'s texts; those with a personal-information word
(``archive.PI_KEYWORDS``) are all taken, and a seeded sample of the others fills the batch to
``SIZE`` (``archive.select``). A record has the post's text and day, no title and nothing of its
account; whether the platform called it a rumour is not kept either (labels judge the text). The
texts are third-party, so the repository keeps only this script and the labels
(``labels/raw71``); the texts are written where you say:

    git clone https://github.com/thunlp/Chinese_Rumor_Dataset /tmp/ced
    python devset/extra/build_ced.py /tmp/ced ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from archive import (
    blob_texts,
    dedup,
    git,
    has_keyword,
    select,
    shared_openings,
    unread,
    write_titles,
)

SOURCE = "thunlp/Chinese_Rumor_Dataset"
COMMIT = "c1178d8cfd4c245c296889a51fc252b17c9037c5"
POSTS = "CED_Dataset/original-microblog/"
BATCH, PREFIX, SEED = "raw71", "ced71", 20270201
FILE = "ced_weibo_posts_2011_2016.jsonl"


@dataclass(frozen=True)
class Post:
    path: str
    text: str
    day: str

    @property
    def title(self) -> str:
        """A post has no title: dedup compares its text twice."""
        return self.text

    @property
    def hit(self) -> bool:
        return has_keyword(self.text)


def posts(repo: Path) -> list[Post]:
    """Every original post at ``COMMIT``, in path order (macOS metadata files left out)."""
    listing = [line.split("\t") for line in git(repo, "ls-tree", "-r", COMMIT, POSTS).splitlines()]
    wanted = [
        (meta.split()[2], path)
        for meta, path in listing
        if path.endswith(".json") and not Path(path).name.startswith("._")
    ]
    out = []
    for (_, path), body in zip(wanted, blob_texts(repo, [sha for sha, _ in wanted]), strict=True):
        post = json.loads(body)
        out.append(Post(path, str(post["text"]).strip(), _day(post["time"])))
    return sorted(out, key=lambda p: p.path)


def _day(time: int | str) -> str:
    """A post's day from its time: a Unix timestamp, or Weibo's 「Sat Jun 29 12:40:09 +0800
    2013」."""
    if isinstance(time, int) or str(time).isdigit():
        return datetime.fromtimestamp(int(time), UTC).date().isoformat()
    return datetime.strptime(str(time), "%a %b %d %H:%M:%S %z %Y").date().isoformat()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", type=Path, help="a clone of the source repository")
    parser.add_argument("out", type=Path, help="corpus directory (raw71/ is written inside)")
    args = parser.parse_args()
    every = posts(args.repo)
    fresh = unread(dedup(every), shared_openings(), lambda p: p.text)
    chosen = select(fresh, SEED)
    entries = [
        {"source_path": p.path, "title": None, "text": p.text, "published": p.day, "url": None}
        for p in chosen
    ]
    path = args.out / BATCH / FILE
    write_titles(path, PREFIX, SOURCE, COMMIT, entries)
    hits = sum(p.hit for p in chosen)
    print(f"{BATCH}: {len(entries)} of {len(every)} posts ({hits} with a keyword), in {path}")


if __name__ == "__main__":
    main()
