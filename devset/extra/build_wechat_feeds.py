"""Rebuild round 77 (``raw77``): titles of WeChat public accounts of every kind, 2021.

``hellodword/wechat-feeds`` served RSS feeds of WeChat public accounts; its ``feeds`` branch (at
715464a, 2021-06-19) keeps one RSS file an account, 9,805 accounts: city and provincial news,
broadcasters, finance, tech, consumer, education, property, local government and brand
accounts. An item is an article's title, link and date; the feed carries no article body.
127,122 distinct titles, nearly all of January to June 2021, the half-year before the Personal
Information Protection Law took effect.

The batch is a fixed list of titles named by SHA-256 (``wechat_feeds_titles_raw77.txt``): of the
titles with a personal-information word (``archive.PI_KEYWORDS``) that no labelled text held
when it was drawn (none of ``../shared`` and none of the batches then under ``../extra/leads``),
a seeded sample of 400. A record is the title only, its date and its link, the account as
``outlet``, in a seeded shuffle. The texts are third-party, so the repository keeps only this
script, the list and the labels (``labels/raw77``); the texts are written where you say:

    git clone --branch feeds https://github.com/hellodword/wechat-feeds /tmp/wechat-feeds
    python devset/extra/build_wechat_feeds.py /tmp/wechat-feeds ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import argparse
import random
import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from pathlib import Path

from archive import blob_texts, git, listed_keys, short_hash, write_titles

SOURCE = "hellodword/wechat-feeds"
COMMIT = "715464a3d50e41ad15072a4e133bca8822e4741c"  # the ``feeds`` branch
BATCH, PREFIX, SEED = "raw77", "wxfeed77", 20270207
LISTED = "wechat_feeds_titles_raw77.txt"
FILE = "wechat_account_titles_2021.jsonl"
_SUFFIX = " | wechat-feeds"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # one feed holds a backspace

Entries = list[dict[str, str | None]]


def feed_titles(repo: Path) -> Entries:
    """Every distinct item title of the feeds at ``COMMIT``, files in path order."""
    listing = [
        line.split("\t") for line in git(repo, "ls-tree", COMMIT).splitlines() if "\t" in line
    ]
    files = sorted((name, meta.split()[2]) for meta, name in listing if name.endswith(".xml"))
    seen: set[str] = set()
    out: Entries = []
    for (name, _), text in zip(files, blob_texts(repo, [blob for _, blob in files]), strict=True):
        channel = ET.fromstring(_CONTROL.sub("", text)).find("channel")
        if channel is None:
            continue
        outlet = (channel.findtext("title") or "").removesuffix(_SUFFIX).strip()
        for item in channel.iterfind("item"):
            title = " ".join((item.findtext("title") or "").split())
            if not title or title in seen:
                continue
            seen.add(title)
            date = item.findtext("pubDate")
            out.append(
                {
                    "source_path": name,
                    "title": title,
                    "published": parsedate_to_datetime(date).date().isoformat() if date else None,
                    "url": item.findtext("link"),
                    "outlet": outlet,
                }
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", type=Path, help="a clone of the source (its feeds branch)")
    parser.add_argument("out", type=Path, help="corpus directory (raw77/ is written inside)")
    args = parser.parse_args()
    taken = listed_keys(LISTED)
    chosen = [entry for entry in feed_titles(args.repo) if short_hash(str(entry["title"])) in taken]
    random.Random(SEED).shuffle(chosen)
    path = args.out / BATCH / FILE
    write_titles(path, PREFIX, SOURCE, COMMIT, chosen)
    print(f"{BATCH}: {len(chosen)} titles, in {path}")


if __name__ == "__main__":
    main()
