"""Rebuild rounds 78 and 80 (``raw78``, ``raw80``): a reader's daily digest of tech feeds,
2020-2022.

``flaging/feed`` (at 86c9c76) is one reader's RSS digest: a markdown file a day
(``2021/1-10.md``, 2020-12 to 2022-12) listing each new entry of the feeds followed as a link
whose text is the entry's title, or for a post without one its opening (cut at about 100
characters and ended by 「...」). The Chinese entries come from tech media (机器之心, 少数派,
linux.cn, InfoQ, SegmentFault, 煎蛋, FT中文网), Weibo accounts that post IT news
(「#小Q分享#」), V2EX topics and news digests. The digest escapes punctuation in link texts
(「_d」 for a full stop, 「_s」 a hyphen, 「_b」 a slash, 「_t」 a colon…); the common escapes are
undone (``_ESCAPES``).

A batch is a fixed list of texts named by SHA-256 (``BATCHES``), of the distinct Chinese entries
no labelled text held when it was drawn (none of ``../shared`` and none of the batches then
under ``../extra/leads``). ``raw78``: every one with a personal-information word
(``archive.PI_KEYWORDS``), 155. ``raw80``: those without one that the rules of b9ddb7b flag as
leads, 5 of 30,496 (recall 1 by construction, a check of precision). A record is the entry's
text as its title, the day of the file, its link, and the link's host as ``outlet``, in a seeded
shuffle. The texts are third-party, so the repository keeps only this script, the lists and the
labels (``labels/raw78``, ``labels/raw80``); the texts are written where you say:

    git clone https://github.com/flaging/feed /tmp/feed
    python devset/extra/build_tech_feed.py /tmp/feed ../extra/leads
    python devset/extra/build_tech_feed.py --batch raw80 /tmp/feed ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from archive import Entries, ListedBatch, build_listed, git

SOURCE = "flaging/feed"
COMMIT = "86c9c76a072581f2231230eb963610836f0143e9"
_DAY = re.compile(r"(20\d\d)/(\d{1,2})-(\d{1,2})\.md")
_ENTRY = re.compile(r"^(?:#{2,3} | )\[(.+)\]\((\S+)\)\s*$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ESCAPES = {"_d": ".", "_s": "-", "_b": "/", "_t": ":", "_0": "%", "_e": "=", "_a": "'"}
_ESCAPE = re.compile("|".join(_ESCAPES))


def entries(repo: Path) -> Entries:
    """Every distinct Chinese entry of the daily files at ``COMMIT``, days in order."""
    listing = git(repo, "ls-tree", "-r", "--name-only", COMMIT).split()
    days = sorted(
        (tuple(map(int, found.groups())), name)
        for name in listing
        if (found := _DAY.fullmatch(name))
    )
    seen: set[str] = set()
    out: Entries = []
    for (year, month, day), name in days:
        for line in git(repo, "show", f"{COMMIT}:{name}").splitlines():
            found = _ENTRY.match(line)
            if found is None:
                continue
            text = _ESCAPE.sub(lambda m: _ESCAPES[m.group()], found.group(1)).strip()
            if not _CJK.search(text) or text in seen:
                continue
            seen.add(text)
            out.append(
                {
                    "source_path": name,
                    "title": text,
                    "published": f"{year}-{month:02d}-{day:02d}",
                    "url": found.group(2),
                    "outlet": urlsplit(found.group(2)).hostname,
                }
            )
    return out


BATCHES = {
    "raw78": ListedBatch("techfeed78", 20270208, "tech_feed_texts_raw78.txt",
                         "tech_feed_digest_entries_2020_2022.jsonl", (entries,)),
    "raw80": ListedBatch("techflag80", 20270210, "tech_feed_flagged_raw80.txt",
                         "tech_feed_flagged_entries_2020_2022.jsonl", (entries,)),
}  # fmt: skip


if __name__ == "__main__":
    build_listed(__doc__.split("\n")[0], BATCHES, SOURCE, COMMIT)
