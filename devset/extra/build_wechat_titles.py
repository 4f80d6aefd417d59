"""Rebuild round 73's batch (``raw73``): titles of security WeChat public accounts, 2018-2024.

``Iori-yimaga/sec_profile`` (at 95d0736, 2018-01 to 2024-09) keeps a monthly page
(``README_YYYYMM.md``) that ranks the WeChat public accounts its crawler of SecWiki and other
security feeds met that month, one table row an article: account, WeChat id, title, link. Those
12,010 distinct titles are the headlines of a channel no batch had read as such: the security
accounts' own articles (vendors, labs, compliance and legal accounts), where regulators'
notices, breach news, court cases and product advertising sit side by side. Of the titles no
labelled text held when the batch was drawn (11,855: none of ``../shared`` and none of the
batches then under ``../extra/leads``), every one with a personal-information word
(``archive.PI_KEYWORDS``) is taken: 389, named in ``wechat_titles_raw73.txt`` by their SHA-256
(later batches must not change it), in a seeded shuffle. A record is the title only,
its month (the page's) and its link; the account's name is kept as ``outlet``. The texts
are third-party, so the repository keeps only this script and the labels (``labels/raw73``);
the texts are written where you say:

    git clone https://github.com/Iori-yimaga/sec_profile /tmp/sec_profile
    python devset/extra/build_wechat_titles.py /tmp/sec_profile ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from archive import git, listed_keys, short_hash, write_titles

SOURCE = "Iori-yimaga/sec_profile"
COMMIT = "95d0736aa3166a677b1c2d6e01b8eb7a0a97eca3"
BATCH, PREFIX, SEED = "raw73", "wxsec73", 20270203
FILE = "wechat_security_account_titles_2018_2024.jsonl"
LIST = "wechat_titles_raw73.txt"
_PAGE = re.compile(r"README_(\d{4})(\d{2})\.md")
_ROW = re.compile(r"^\| ([^|]*) \| ([^|]*) \| (.*?) \| (https?://mp\.weixin\S*) \|")


def titles(repo: Path) -> list[dict[str, str | None]]:
    """Every distinct article title of the monthly pages at ``COMMIT``, first page first."""
    listing = git(repo, "ls-tree", "-r", "--name-only", COMMIT).split()
    seen: set[str] = set()
    out: list[dict[str, str | None]] = []
    for name in sorted(n for n in listing if _PAGE.fullmatch(n)):
        year, month = _PAGE.fullmatch(name).groups()  # type: ignore[union-attr]
        for line in git(repo, "show", f"{COMMIT}:{name}").splitlines():
            row = _ROW.match(line)
            if row is None or row.group(3).strip() in seen:
                continue
            seen.add(row.group(3).strip())
            out.append(
                {
                    "source_path": name,
                    "title": row.group(3).strip(),
                    "published": f"{year}-{month}",
                    "url": row.group(4),
                    "outlet": row.group(1).strip(),
                }
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", type=Path, help="a clone of the source repository")
    parser.add_argument("out", type=Path, help="corpus directory (raw73/ is written inside)")
    args = parser.parse_args()
    taken = listed_keys(LIST)
    chosen = [entry for entry in titles(args.repo) if short_hash(str(entry["title"])) in taken]
    random.Random(SEED).shuffle(chosen)
    path = args.out / BATCH / FILE
    write_titles(path, PREFIX, SOURCE, COMMIT, chosen)
    print(f"{BATCH}: {len(chosen)} titles, in {path}")


if __name__ == "__main__":
    main()
