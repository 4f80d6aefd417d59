"""Build round 43's locked batch (``raw42``) from a clone of its source.

The texts are daily news digests: ``vikiboss/60s-static-host`` (MIT) at commit 2013eb5 keeps
one JSON file a day (``static/60s/<date>.json``, 2024-12 to 2026-08) with the fifteen or so
one-line stories of a widely forwarded WeChat digest, 「每天60秒读懂世界」. A day is one text,
its stories one a line with no title, as ``../shared``'s ``raw2/daily60s_news_digests`` has
them: a roundup whose items are judged one by one. The days ``raw2`` took are left out; every
other day with a personal-information word (``archive.PI_KEYWORDS``) in a story is taken, and a
seeded sample of the rest fills the batch. The repository keeps only this script and the labels
(``labels/raw42``):

    git clone https://github.com/vikiboss/60s-static-host /tmp/digest60s
    python devset/extra/build_digest60s.py /tmp/digest60s ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from archive import SHARED_LEADS, git, has_keyword, select, shared_openings, unread, write_titles

COMMIT = "2013eb5fc9a1a49aead936c9cefeacf9e40ed168"
SOURCE = "vikiboss/60s-static-host"
BATCH, PREFIX = "raw42", "d60s42"
FILE = "daily_digest_60s_2025_2026.jsonl"
SEED = 20270104
FOLDER = "static/60s/"
TAKEN = SHARED_LEADS / "raw2/daily60s_news_digests.jsonl"


@dataclass(frozen=True)
class Day:
    """One day's digest."""

    path: str
    date: str
    stories: tuple[str, ...]
    link: str

    @property
    def title(self) -> str:
        return ""

    @property
    def text(self) -> str:
        return "\n".join(self.stories)

    @property
    def hit(self) -> bool:
        return any(has_keyword(story) for story in self.stories)


def days(repo: Path) -> list[Day]:
    """Every archived day with at least one story, in date order."""
    listing = git(repo, "ls-tree", "-r", "--name-only", COMMIT, FOLDER).split()
    found = []
    for path in sorted(name for name in listing if name.endswith(".json")):
        data = json.loads(git(repo, "show", f"{COMMIT}:{path}"))
        stories = tuple(story.strip() for story in data.get("news") or () if story.strip())
        if stories:
            found.append(Day(path, data["date"], stories, data.get("link") or ""))
    return found


def unread_days(repo: Path) -> list[Day]:
    """The days ``raw2`` did not take."""
    taken = {json.loads(line)["source_path"] for line in TAKEN.read_text("utf-8").splitlines()}
    return [day for day in days(repo) if day.path not in taken]


def left(repo: Path) -> list[Day]:
    """The days neither ``raw2`` nor ``raw42`` took (``build_flagged_texts.py``)."""
    pool = unread_days(repo)
    chosen = {day.path for day in select(pool, SEED)}
    return [day for day in pool if day.path not in chosen]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", type=Path, help="a clone of the source repository")
    parser.add_argument("out", type=Path, help="corpus directory (raw42/ is written inside)")
    args = parser.parse_args()
    pool = unread_days(args.repo)
    chosen = select(pool, SEED)
    entries = [
        {
            "title": None,
            "text": day.text,
            "source_path": day.path,
            "published": day.date,
            "url": day.link,
        }
        for day in chosen
    ]
    entries = unread(entries, shared_openings())  # the archive repeats days under other dates
    target = args.out / BATCH / FILE
    write_titles(target, PREFIX, SOURCE, COMMIT, entries)
    hits = sum(day.hit for day in chosen)
    print(
        f"{BATCH}: {len(entries)} days of {len(pool)} not in raw2 ({hits} with a keyword), "
        f"in {target}"
    )


if __name__ == "__main__":
    main()
