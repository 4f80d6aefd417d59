"""Rebuild rounds 77, 79 and 81 (``raw77``, ``raw79``, ``raw81``): titles of WeChat public
accounts of every kind, 2021.

``hellodword/wechat-feeds`` served RSS feeds of WeChat public accounts; its ``feeds`` branch (at
715464a, 2021-06-19) keeps one RSS file an account, 9,805 accounts: city and provincial news,
broadcasters, finance, tech, consumer, education, property, local government and brand
accounts. An item is an article's title, link and date; the feed carries no article body.
127,101 distinct titles, nearly all of January to June 2021, the half-year before the Personal
Information Protection Law took effect.

A batch is a fixed list of titles named by SHA-256 (``BATCHES``), of the titles no labelled
text held when it was drawn (none of ``../shared`` and none of the batches then under
``../extra/leads``). ``raw77``: of those with a personal-information word
(``archive.PI_KEYWORDS``), a seeded sample of 400. ``raw79``: those without one that the rules of
b9ddb7b flag as leads, 35 of 126,679 (recall 1 by construction, a check of precision).
``raw81``: the branch's 25 earlier commits held 12,460 titles the feeds at ``COMMIT`` no longer
do (a feed keeps its account's latest items); every one of the 37 with a keyword. A record
is the title only, its date and its link, the account as ``outlet``, in a seeded shuffle. The
texts are third-party, so the repository keeps only this script, the lists and the labels
(``labels/raw77``, ``labels/raw79``, ``labels/raw81``); the texts are written where you say:

    git clone --branch feeds https://github.com/hellodword/wechat-feeds /tmp/wechat-feeds
    python devset/extra/build_wechat_feeds.py /tmp/wechat-feeds ../extra/leads
    python devset/extra/build_wechat_feeds.py --batch raw79 /tmp/wechat-feeds ../extra/leads
    python devset/extra/build_wechat_feeds.py --batch raw81 /tmp/wechat-feeds ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from pathlib import Path

from archive import Entries, ListedBatch, blob_texts, build_listed, git

SOURCE = "hellodword/wechat-feeds"
COMMIT = "715464a3d50e41ad15072a4e133bca8822e4741c"  # the ``feeds`` branch
_SUFFIX = " | wechat-feeds"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # one feed holds a backspace


def _blobs(repo: Path, commit: str) -> set[tuple[str, str]]:
    """(file, blob) of every feed at ``commit``."""
    listing = [line.split("\t") for line in git(repo, "ls-tree", commit).splitlines()]
    return {(name, meta.split()[2]) for meta, name in listing if name.endswith(".xml")}


def _titles(repo: Path, files: list[tuple[str, str]], skip: set[str]) -> Entries:
    """Every distinct item title of the feed blobs ``files`` (in order) not in ``skip``."""
    seen = set(skip)
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


def feed_titles(repo: Path) -> Entries:
    """Every distinct item title of the feeds at ``COMMIT``, files in path order."""
    return _titles(repo, sorted(_blobs(repo, COMMIT)), set())


def earlier_feed_titles(repo: Path) -> Entries:
    """The titles the feeds' earlier versions on the branch held and the feeds at ``COMMIT``
    no longer do (a feed keeps its account's latest items), in (file, blob) order."""
    tip = _blobs(repo, COMMIT)
    older = set().union(*(_blobs(repo, c) for c in git(repo, "rev-list", COMMIT).split()[1:]))
    current = {str(entry["title"]) for entry in feed_titles(repo)}
    return _titles(repo, sorted(older - tip), current)


BATCHES = {
    "raw77": ListedBatch("wxfeed77", 20270207, "wechat_feeds_titles_raw77.txt",
                         "wechat_account_titles_2021.jsonl", (feed_titles,)),
    "raw79": ListedBatch("wxflag79", 20270209, "wechat_feeds_flagged_raw79.txt",
                         "wechat_account_flagged_titles_2021.jsonl", (feed_titles,)),
    "raw81": ListedBatch("wxhist81", 20270211, "wechat_feeds_earlier_raw81.txt",
                         "wechat_account_earlier_titles_2021.jsonl", (earlier_feed_titles,)),
}  # fmt: skip


if __name__ == "__main__":
    build_listed(__doc__.split("\n")[0], BATCHES, SOURCE, COMMIT)
