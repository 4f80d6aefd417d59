"""Rebuild round 78 (``raw78``): a reader's daily digest of tech feeds, 2020-2022.

``flaging/feed`` (at 86c9c76) is one reader's RSS digest: a markdown file a day
(``2021/1-10.md``, 2020-12 to 2022-12) listing each new entry of the feeds followed as a link
whose text is the entry's title, or for a post without one its opening (cut at about 100
characters and ended by 「...」). The Chinese entries come from tech media (机器之心, 少数派,
linux.cn, InfoQ, SegmentFault, 煎蛋, FT中文网), Weibo accounts that post IT news
(「#小Q分享#」), V2EX topics and news digests. The digest escapes punctuation in link texts
(「_d」 for a full stop, 「_s」 a hyphen, 「_b」 a slash, 「_t」 a colon…); the common escapes are
undone (``_ESCAPES``).

The batch is a fixed list of texts named by SHA-256 (``tech_feed_texts_raw78.txt``): every
distinct Chinese entry with a personal-information word (``archive.PI_KEYWORDS``) that no
labelled text held when it was drawn (none of ``../shared`` and none of the batches then under
``../extra/leads``). A record is the entry's text as its title, the day of the file, its link,
and the link's host as ``outlet``, in a seeded shuffle. The texts are third-party, so the
repository keeps only this script, the list and the labels (``labels/raw78``); the texts are
written where you say:

    git clone https://github.com/flaging/feed /tmp/feed
    python devset/extra/build_tech_feed.py /tmp/feed ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path
from urllib.parse import urlsplit

from archive import git, listed_keys, short_hash, write_titles

SOURCE = "flaging/feed"
COMMIT = "86c9c76a072581f2231230eb963610836f0143e9"
BATCH, PREFIX, SEED = "raw78", "techfeed78", 20270208
LISTED = "tech_feed_texts_raw78.txt"
FILE = "tech_feed_digest_entries_2020_2022.jsonl"
_DAY = re.compile(r"(20\d\d)/(\d{1,2})-(\d{1,2})\.md")
_ENTRY = re.compile(r"^(?:#{2,3} | )\[(.+)\]\((\S+)\)\s*$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ESCAPES = {"_d": ".", "_s": "-", "_b": "/", "_t": ":", "_0": "%", "_e": "=", "_a": "'"}
_ESCAPE = re.compile("|".join(_ESCAPES))

Entries = list[dict[str, str | None]]


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", type=Path, help="a clone of the source repository")
    parser.add_argument("out", type=Path, help="corpus directory (raw78/ is written inside)")
    args = parser.parse_args()
    taken = listed_keys(LISTED)
    chosen = [entry for entry in entries(args.repo) if short_hash(str(entry["title"])) in taken]
    random.Random(SEED).shuffle(chosen)
    path = args.out / BATCH / FILE
    write_titles(path, PREFIX, SOURCE, COMMIT, chosen)
    print(f"{BATCH}: {len(chosen)} texts, in {path}")


if __name__ == "__main__":
    main()
