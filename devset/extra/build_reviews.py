"""Build round 44's locked batch (``raw43``), and ``raw55``, from a clone of their source.

The texts are consumer reviews of hotels, food delivery and online shopping collected by
``SophonPlus/ChineseNlpCorpus`` at commit a0b781d (no licence file: internal evaluation only,
do not redistribute): ``ChnSentiCorp_htl_all.csv``, ``waimai_10k.csv`` and the csv inside
``online_shopping_10_cats.zip``, one review a row. ``../shared``'s ``raw2`` took 130 of them;
of the others, every review of 30 or more Chinese characters is a candidate, deduplicated by
body prefix. Those with a personal-information word (``archive.PI_KEYWORDS``) or a complaint
of marketing calls, messages or leaked details in one phrase (:data:`_COMPLAINT`) are taken (a
seeded sample of half the batch if there are more), and a seeded sample of the rest fills the
batch. A review has no title. ``raw55`` is the reviews ``raw43`` left (none has a keyword)
that the rules at commit f8f7b15 flag as leads, named by SHA-256 in ``flagged_reviews_raw55.txt``
(the rules change, the batch must not): a check of the rules' precision on plain reviews. The
repository keeps only this script, that list and the labels (``labels/raw43``, ``labels/raw55``):

    git clone https://github.com/SophonPlus/ChineseNlpCorpus /tmp/reviews
    python devset/extra/build_reviews.py /tmp/reviews ../extra/leads
    python devset/extra/build_reviews.py --batch raw55 /tmp/reviews ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from archive import (
    SHARED_LEADS,
    git,
    git_bytes,
    has_keyword,
    listed_keys,
    placed_items,
    select,
    shared_openings,
    short_hash,
    unread,
    write_titles,
)

COMMIT = "a0b781d72158bde242c0626c9e354d2b328865ff"
SOURCE = "SophonPlus/ChineseNlpCorpus"
BATCHES = {"raw43": ("review43", 20270105), "raw55": ("review55", 20270117)}
"""Each batch's id prefix and seed."""
FILE = "consumer_reviews_hotel_waimai_shopping.jsonl"
SEED = BATCHES["raw43"][1]
FLAGGED = "flagged_reviews_raw55.txt"
MIN_CJK = 30
TAKEN = SHARED_LEADS / "raw2/consumer_reviews_hotel_waimai_shopping.jsonl"
HOTEL = "datasets/ChnSentiCorp_htl_all/ChnSentiCorp_htl_all.csv"
WAIMAI = "datasets/waimai_10k/waimai_10k.csv"
SHOPPING_ZIP = "datasets/online_shopping_10_cats/online_shopping_10_cats.zip"
SHOPPING_CSV = "online_shopping_10_cats.csv"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_COMPLAINT = re.compile(
    r"(?:骚扰|推销|广告)(?:电话|短信)|(?:泄露|泄漏|卖给|卖了)[^。！？!?]{0,8}(?:信息|电话|号码|资料)"
    r"|(?:信息|电话|号码|资料)[^。！？!?]{0,4}(?:泄露|泄漏|被卖)"
)
"""A complaint of marketing calls or messages, or of details leaked or sold, in one phrase."""


@dataclass(frozen=True)
class Review:
    """One review, where it is in its file."""

    path: str
    index: int
    text: str

    @property
    def title(self) -> str:
        return ""

    @property
    def hit(self) -> bool:
        return has_keyword(self.text) or bool(_COMPLAINT.search(self.text))

    @property
    def key(self) -> str:
        """How :data:`FLAGGED` names a review (the first 16 hex digits of a SHA-256)."""
        return short_hash(f"{self.path}#{self.index}")


def rows(data: str) -> list[str]:
    """The ``review`` column of a csv file, in row order."""
    return [row["review"] or "" for row in csv.DictReader(io.StringIO(data.lstrip("\ufeff")))]


def reviews(repo: Path) -> list[Review]:
    """Every review of the three files, with its row index (as ``raw2`` numbers them)."""
    found = []
    for path in (HOTEL, WAIMAI):
        texts = rows(git(repo, "show", f"{COMMIT}:{path}"))
        found += [Review(path, n, text.strip()) for n, text in enumerate(texts)]
    blob = git_bytes(repo, "show", f"{COMMIT}:{SHOPPING_ZIP}")
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        texts = rows(archive.read(SHOPPING_CSV).decode("utf-8"))
    path = f"{SHOPPING_ZIP}:{SHOPPING_CSV}"
    found += [Review(path, n, text.strip()) for n, text in enumerate(texts)]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", type=Path, help="a clone of the source repository")
    parser.add_argument("out", type=Path, help="corpus directory (the batch's folder is inside)")
    parser.add_argument("--batch", choices=sorted(BATCHES), default="raw43")
    args = parser.parse_args()
    prefix, seed = BATCHES[args.batch]
    taken = placed_items(TAKEN)
    candidates = [
        review
        for review in reviews(args.repo)
        if (review.path, review.index) not in taken and len(_CJK.findall(review.text)) >= MIN_CJK
    ]
    pool = unread(candidates, set(), lambda review: review.text)  # reviews have no title
    chosen = select(pool, SEED)
    if args.batch == "raw55":
        flagged = listed_keys(FLAGGED)
        taken |= {(review.path, review.index) for review in chosen}
        chosen = [
            review
            for review in pool
            if review.key in flagged and (review.path, review.index) not in taken
        ]
        random.Random(seed).shuffle(chosen)
    entries = [
        {
            "title": None,
            "text": review.text,
            "source_path": review.path,
            "published": None,
            "url": None,
            "item_index": review.index,
        }
        for review in chosen
    ]
    entries = unread(entries, shared_openings())  # the shopping file repeats hotel reviews
    target = args.out / args.batch / FILE
    write_titles(target, prefix, SOURCE, COMMIT, entries)
    hits = sum(review.hit for review in chosen)
    pool_hits = sum(review.hit for review in pool)
    print(
        f"{args.batch}: {len(entries)} reviews ({hits} of the {pool_hits} with a keyword drawn) of "
        f"{len(pool)} not in raw2, in {target}"
    )


if __name__ == "__main__":
    main()
