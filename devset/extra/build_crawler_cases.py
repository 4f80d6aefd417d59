"""Rebuild round 72's batch (``raw72``): a developer's collection of crawler court cases.

``HiddenStrawberry/Crawler_Illegal_Cases_In_China`` collects the news and court reports about
Chinese crawler developers who were prosecuted or sanctioned (selling captcha cracking, scraping
and selling personal data, taking commercial data), one folder a case with the report copied into
its ``readme.md``, for developers to learn where the legal line runs: a genre no batch had, the
cases a data-compliance reader meets, told for a trade's own readers. Every case page is taken, in
path order (the text the page's, its first heading the title); pages that hold only a link are
kept as they are. The texts are third-party, so the repository keeps only this script and the
labels (``labels/raw72``); the texts are written where you say:

    git clone https://github.com/HiddenStrawberry/Crawler_Illegal_Cases_In_China /tmp/cases
    python devset/extra/build_crawler_cases.py /tmp/cases ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from archive import git, write_titles

SOURCE = "HiddenStrawberry/Crawler_Illegal_Cases_In_China"
COMMIT = "ad40393935754427e67a13e6c8f55aaa3d411dc0"
BATCH, PREFIX = "raw72", "crawlcase72"
FILE = "crawler_case_pages.jsonl"
_PAGE = re.compile(r"case\d+/readme\.md")
_HEADING = re.compile(r"^\s*#+\s*(.+?)\s*$", re.M)


def pages(repo: Path) -> list[dict[str, str | None]]:
    """Every case page at ``COMMIT``, in path order: its first heading and its text."""
    listing = git(repo, "ls-tree", "-r", "--name-only", COMMIT).splitlines()
    out: list[dict[str, str | None]] = []
    for path in sorted(p for p in listing if _PAGE.fullmatch(p)):
        text = git(repo, "show", f"{COMMIT}:{path}").strip()
        heading = _HEADING.search(text)
        out.append(
            {
                "source_path": path,
                "title": heading.group(1) if heading else None,
                "text": text,
                "published": None,
                "url": None,
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", type=Path, help="a clone of the source repository")
    parser.add_argument("out", type=Path, help="corpus directory (raw72/ is written inside)")
    args = parser.parse_args()
    entries = pages(args.repo)
    path = args.out / BATCH / FILE
    write_titles(path, PREFIX, SOURCE, COMMIT, entries)
    print(f"{BATCH}: {len(entries)} case pages, in {path}")


if __name__ == "__main__":
    main()
