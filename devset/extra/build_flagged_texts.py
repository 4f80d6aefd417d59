"""Build ``raw56``: texts nobody labelled, of three archives, that the rules call leads.

Like ``raw54`` for titles: what the earlier batches of these archives left is almost all
negatives, and the rules' alarms there are the false ones a deployment pays for. The texts are
Sina's news articles of ``build_news.py`` that ``raw11``-``raw13`` did not take, the Weibo posts
of ``build_weibo_posts.py`` without a personal-information word (the batches took those with
one), and the daily digests of ``build_digest60s.py`` that ``raw42`` did not take. The ones the
rules at commit 66eee95 flagged as leads (35) are named in ``flagged_texts_raw56.txt`` by the
SHA-256 of their archive and path (the rules change, the batch must not), and taken in a seeded
shuffle. The repository keeps only this script, that list and the labels (``labels/raw56``):

    python devset/extra/build_flagged_texts.py /work/.mirror ../extra/leads

where each archive's clone (or bare mirror) is ``<owner>+<name>/repo`` under the first argument.
"""

from __future__ import annotations

import argparse
import hashlib
import random
from collections.abc import Iterator
from pathlib import Path

import build_digest60s
import build_news
import build_weibo_posts
from archive import dedup, write_titles

BATCH, PREFIX = "raw56", "flag56"
FILE = "flagged_texts.jsonl"
SEED = 20270118
MAX_CHARS = 6000
FLAGGED = Path(__file__).with_name("flagged_texts_raw56.txt")


def text_key(source: str, path: str) -> str:
    """How :data:`FLAGGED` names a text (the first 16 hex digits of a SHA-256)."""
    return hashlib.sha256(f"{source}:{path}".encode()).hexdigest()[:16]


def _repo(mirrors: Path, source: str) -> Path:
    return mirrors / source.replace("/", "+") / "repo"


def news(mirrors: Path) -> Iterator[dict[str, str | None]]:
    """Sina's articles the news batches did not take."""
    items = dedup(build_news.all_items(_repo(mirrors, build_news.SOURCE)))
    for item in build_news.unused(items, build_news.earlier_paths(items, BATCH)):
        yield {
            "source_repo": build_news.SOURCE,
            "commit": build_news.COMMIT,
            **build_news.record(item),
        }


def posts(mirrors: Path) -> Iterator[dict[str, str | None]]:
    """Weibo posts without a personal-information word (each body once)."""
    for path, post, body in build_weibo_posts.bodies(
        _repo(mirrors, build_weibo_posts.SOURCE), with_keyword=False
    ):
        yield {
            "source_repo": build_weibo_posts.SOURCE,
            "commit": build_weibo_posts.COMMIT,
            "source_path": path,
            "title": None,
            "text": body,
            "published": build_weibo_posts.post_date(post),
            "url": post.get("url"),
        }


def digests(mirrors: Path) -> Iterator[dict[str, str | None]]:
    """Daily digests neither ``../shared`` nor ``raw42`` took."""
    for day in build_digest60s.left(_repo(mirrors, build_digest60s.SOURCE)):
        yield {
            "source_repo": build_digest60s.SOURCE,
            "commit": build_digest60s.COMMIT,
            "source_path": day.path,
            "title": None,
            "text": day.text,
            "published": day.date,
            "url": day.link,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mirrors", type=Path, help="the folder holding <owner>+<name>/repo")
    parser.add_argument("out", type=Path, help="corpus directory (raw56/ is written inside)")
    args = parser.parse_args()
    flagged = set(FLAGGED.read_text(encoding="utf-8").split())
    chosen = [
        entry
        for source in (news, posts, digests)
        for entry in source(args.mirrors)
        if text_key(str(entry["source_repo"]), str(entry["source_path"])) in flagged
    ]
    random.Random(SEED).shuffle(chosen)
    path = args.out / BATCH / FILE
    write_titles(path, PREFIX, "several", "", chosen, max_chars=MAX_CHARS)
    print(f"{BATCH}: {len(chosen)} of the {len(flagged)} flagged texts, in {path}")


if __name__ == "__main__":
    main()
