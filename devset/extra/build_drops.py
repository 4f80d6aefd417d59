"""Rebuild round 64's batch (``raw64``): technical write-ups of a security knowledge base.

The texts are the articles of WooYun's knowledge base (乌云知识库, drops.wooyun.org, 2015-2016)
that ``neargle/SecNewsBak`` kept after the site closed: exploit and vulnerability analyses,
penetration-test notes, CTF write-ups, malware reports and a few privacy reports on Chinese
apps, the technical blog a crawl of security media meets beside its news. Every article is
taken, in path order; the title is the page's own (its author's name cut), the text the page's
main text (trafilatura), cut at ``MAX_CHARS``. The texts are third-party, so the repository
keeps only this script and the labels (``labels/raw64``); the texts are written where you say:

    git clone https://github.com/neargle/SecNewsBak /tmp/drops
    python devset/extra/build_drops.py /tmp/drops ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import trafilatura
from archive import git, shared_openings, unread, write_titles

SOURCE = "neargle/SecNewsBak"
COMMIT = "3e45df8a1a9e722d5f9f38b84ab0ccf89be23bb0"
BATCH, PREFIX = "raw64", "drops64"
FILE = "wooyun_drops_writeups_2016.jsonl"
MAX_CHARS = 5_000
PUBLISHED = "2016"  # the pages carry no date; the knowledge base closed in 2016
_TITLE = re.compile(r"<title>\s*(.*?)\s*</title>", re.S)
_ORIGIN = re.compile(r'原文地址:<a href="([^"]+)"')


def articles(repo: Path) -> list[dict[str, str | None]]:
    """Every saved article at ``COMMIT``: path, title, main text and original address."""
    listing = git(repo, "ls-tree", "-r", "--name-only", "-z", COMMIT).split("\0")
    out: list[dict[str, str | None]] = []
    for path in sorted(p for p in listing if p.startswith("drops/") and p.endswith(".html")):
        page = git(repo, "show", f"{COMMIT}:{path}")
        found = _TITLE.search(page)
        title = found.group(1).rsplit(" - ", 1)[0].strip() if found else Path(path).stem
        origin = _ORIGIN.search(page)
        text = trafilatura.extract(page, include_comments=False, include_tables=True) or ""
        out.append(
            {
                "source_path": path,
                "title": title.strip(),
                "text": text.strip(),
                "published": PUBLISHED,
                "url": origin.group(1) if origin else None,
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", type=Path, help="a clone of the source repository")
    parser.add_argument("out", type=Path, help="corpus directory (raw64/ is written inside)")
    args = parser.parse_args()
    found = articles(args.repo)
    entries = unread([e for e in found if e["text"]], shared_openings())
    path = args.out / BATCH / FILE
    write_titles(path, PREFIX, SOURCE, COMMIT, entries, max_chars=MAX_CHARS)
    print(f"{BATCH}: {len(entries)} of {len(found)} articles, in {path}")


if __name__ == "__main__":
    main()
