"""Build ``raw56``, ``raw57``, ``raw67``, ``raw69`` and ``raw109``: unlabelled texts, as read.

Like ``raw54`` for titles: what the earlier batches of these archives left is almost all
negatives, and the rules' alarms there are the false ones a deployment pays for. The texts are
Sina's news articles of ``build_news.py`` that ``raw11``-``raw13`` did not take, the Weibo posts
of ``build_weibo_posts.py`` without a personal-information word (the batches took those with
one), and the daily digests of ``build_digest60s.py`` that ``raw42`` did not take. The ones the
rules at commit 66eee95 flagged as leads (35) are named in ``flagged_texts_raw56.txt`` by the
SHA-256 of their archive and path (the rules change, the batch must not), and taken in a seeded
shuffle. ``raw57`` is the other side: the 212 Weibo posts without a keyword where the rules at
commit 0bc8cf9 read a conduct but no business doing it (rule X08), the rules' largest loss of
leads, named in ``x08_posts_raw57.txt``. ``raw67`` asks raw56's question again of the rules at
commit 0256a66, over the same archives less every text a labelled batch holds: of 73,930 texts
they flagged 9 (``flagged_texts_raw67.txt``); ``raw69`` is raw57's question of the same rules
over the same texts (raw67's now labelled): the 225 where they read a conduct by no business
(``x08_texts_raw69.txt``). ``raw109`` asks raw67's question of the rules at commit c86b070:
of 73,707 texts they flagged 2 (``flagged_texts_raw109.txt``). The repository keeps only this
script, those lists and the labels (``labels/raw56``, ``labels/raw57``, ``labels/raw67``,
``labels/raw69``, ``labels/raw109``):

    python devset/extra/build_flagged_texts.py /work/.mirror ../extra/leads
    python devset/extra/build_flagged_texts.py --batch raw57 /work/.mirror ../extra/leads
    python devset/extra/build_flagged_texts.py --batch raw67 /work/.mirror ../extra/leads
    python devset/extra/build_flagged_texts.py --batch raw69 /work/.mirror ../extra/leads
    python devset/extra/build_flagged_texts.py --batch raw109 /work/.mirror ../extra/leads

where each archive's clone (or bare mirror) is ``<owner>+<name>/repo`` under the first argument.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import build_digest60s
import build_news
import build_weibo_posts
from archive import dedup, listed_keys, mirror_repo, short_hash, write_titles

MAX_CHARS = 6000


def text_key(source: str, path: str) -> str:
    """How a batch's list names a text: its archive and path."""
    return short_hash(f"{source}:{path}")


def news(mirrors: Path) -> Iterator[dict[str, str | None]]:
    """Sina's articles the news batches did not take."""
    items = dedup(build_news.all_items(mirror_repo(mirrors, build_news.SOURCE)))
    for item in build_news.unused(items, build_news.earlier_paths(items, "raw56")):
        yield {
            "source_repo": build_news.SOURCE,
            "commit": build_news.COMMIT,
            **build_news.record(item),
        }


def posts(mirrors: Path) -> Iterator[dict[str, str | None]]:
    """Weibo posts without a personal-information word (each body once)."""
    for path, post, body in build_weibo_posts.bodies(
        mirror_repo(mirrors, build_weibo_posts.SOURCE), with_keyword=False
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
    for day in build_digest60s.left(mirror_repo(mirrors, build_digest60s.SOURCE)):
        yield {
            "source_repo": build_digest60s.SOURCE,
            "commit": build_digest60s.COMMIT,
            "source_path": day.path,
            "title": None,
            "text": day.text,
            "published": day.date,
            "url": day.link,
        }


Source = Callable[[Path], Iterator[dict[str, str | None]]]


class Batch(NamedTuple):
    """One batch: its ids' prefix, seed, file, list of keys and the archives it reads."""

    prefix: str
    seed: int
    file: str
    keys: str
    sources: tuple[Source, ...]


BATCHES = {
    "raw56": Batch("flag56", 20270118, "flagged_texts.jsonl", "flagged_texts_raw56.txt",
                   (news, posts, digests)),
    "raw57": Batch("x08p57", 20270119, "weibo_posts_x08.jsonl", "x08_posts_raw57.txt", (posts,)),
    "raw67": Batch("flag67", 20270141, "flagged_texts.jsonl", "flagged_texts_raw67.txt",
                   (news, posts, digests)),
    "raw69": Batch("x08t69", 20270143, "x08_texts.jsonl", "x08_texts_raw69.txt",
                   (news, posts, digests)),
    "raw109": Batch("flag109", 20271220, "flagged_texts.jsonl", "flagged_texts_raw109.txt",
                    (news, posts, digests)),
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mirrors", type=Path, help="the folder holding <owner>+<name>/repo")
    parser.add_argument("out", type=Path, help="corpus directory (the batch's folder is inside)")
    parser.add_argument("--batch", choices=sorted(BATCHES), default="raw56")
    args = parser.parse_args()
    batch = BATCHES[args.batch]
    keys = listed_keys(batch.keys)
    chosen = [
        entry
        for source in batch.sources
        for entry in source(args.mirrors)
        if text_key(str(entry["source_repo"]), str(entry["source_path"])) in keys
    ]
    random.Random(batch.seed).shuffle(chosen)
    path = args.out / args.batch / batch.file
    write_titles(path, batch.prefix, "several", "", chosen, max_chars=MAX_CHARS)
    print(f"{args.batch}: {len(chosen)} of the {len(keys)} texts listed, in {path}")


if __name__ == "__main__":
    main()
