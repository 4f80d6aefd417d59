"""Rebuild rounds 73-76 and 111 (``raw73``-``raw76``, ``raw111``): security-feed profiler titles.

``Iori-yimaga/sec_profile`` (at 95d0736) profiles Chinese security feeds. It keeps two lists of
titles a crawl of security media meets:

- a monthly page (``README_YYYYMM.md``, 2018-01 to 2024-09) ranking the WeChat public accounts
  its crawler met that month, one table row an article (account, WeChat id, title, link): 12,010
  distinct titles of vendors', labs', compliance and legal accounts, where regulators' notices,
  breach news, court cases and product advertising sit side by side;
- ``data/secwiki_1_262.txt``, the links SecWiki's daily digest collected, 2014-2019 (day,
  category, link, title, site): 14,550 rows, 9,797 distinct Chinese titles (9,450 that no
  labelled text and no WeChat title held), mostly technical write-ups and tools, some news.

A batch is a fixed list of titles named by SHA-256 (``BATCHES``): what no labelled text held when
it was drawn (none of ``../shared`` and none of the batches then under ``../extra/leads``), so
later batches do not change it. ``raw73``: the 389 WeChat titles with a personal-information
word (``archive.PI_KEYWORDS``). ``raw74``: the 312 SecWiki titles with one. ``raw75``: the
titles without one that the rules of 2d1a531 flag as leads, 5 of the 11,476 WeChat titles and 1
of the SecWiki ones (recall 1 by construction, a check of precision). ``raw76``: the monthly
pages' earlier versions (each month's ranking changed as the month went on) held 18,650 WeChat
titles the pages at ``COMMIT`` no longer do; of the 758 with a keyword that no labelled text
held, a seeded sample of 400. ``raw111``: of the 38,641 titles of all three lists that no
labelled text held at stop 53, the 25 the rules of b90c888 flag. Each batch in a seeded
shuffle; a record is the title only, its month or day and its link, the account or site as
``outlet``. The texts are third-party, so the repository keeps only this script, the lists and
the labels (``labels/raw73``-``raw76``, ``labels/raw111``); the texts are written where you say:

    git clone https://github.com/Iori-yimaga/sec_profile /tmp/sec_profile
    python devset/extra/build_sec_profile.py /tmp/sec_profile ../extra/leads
    python devset/extra/build_sec_profile.py --batch raw74 /tmp/sec_profile ../extra/leads
    python devset/extra/build_sec_profile.py --batch raw75 /tmp/sec_profile ../extra/leads
    python devset/extra/build_sec_profile.py --batch raw76 /tmp/sec_profile ../extra/leads
    python devset/extra/build_sec_profile.py --batch raw111 /tmp/sec_profile ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import re
from pathlib import Path

from archive import Entries, ListedBatch, blob_texts, build_listed, git

SOURCE = "Iori-yimaga/sec_profile"
COMMIT = "95d0736aa3166a677b1c2d6e01b8eb7a0a97eca3"
SECWIKI = "data/secwiki_1_262.txt"
_PAGE = re.compile(r"README_(\d{4})(\d{2})\.md")
_ROW = re.compile(r"^\| ([^|]*) \| ([^|]*) \| (.*?) \| (https?://mp\.weixin\S*) \|")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def wechat_titles(repo: Path) -> Entries:
    """Every distinct article title of the monthly pages at ``COMMIT``, first page first."""
    listing = git(repo, "ls-tree", "-r", "--name-only", COMMIT).split()
    seen: set[str] = set()
    out: Entries = []
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


def earlier_wechat_titles(repo: Path) -> Entries:
    """The WeChat titles earlier versions of the monthly pages held and the pages at ``COMMIT``
    no longer do (each month's ranking changed as the month went on), in path order."""
    current = {str(entry["title"]) for entry in wechat_titles(repo)}
    log = git(repo, "log", COMMIT, "--format=", "--raw", "--no-abbrev", "--", "README_*.md")
    versions = sorted(
        {
            (fields[-1], fields[3])
            for fields in (line.split() for line in log.splitlines())
            if len(fields) >= 6 and _PAGE.fullmatch(fields[-1]) and fields[3].strip("0")
        }
    )
    seen: set[str] = set()
    out: Entries = []
    for (name, _), text in zip(
        versions, blob_texts(repo, [blob for _, blob in versions]), strict=True
    ):
        year, month = _PAGE.fullmatch(name).groups()  # type: ignore[union-attr]
        for line in text.splitlines():
            row = _ROW.match(line)
            title = row.group(3).strip() if row else ""
            if not title or title in current or title in seen:
                continue
            seen.add(title)
            out.append(
                {
                    "source_path": name,
                    "title": title,
                    "published": f"{year}-{month}",
                    "url": row.group(4),  # type: ignore[union-attr]
                    "outlet": row.group(1).strip(),  # type: ignore[union-attr]
                }
            )
    return out


def secwiki_titles(repo: Path) -> Entries:
    """Every distinct Chinese title of SecWiki's links at ``COMMIT``, first row first."""
    seen: set[str] = set()
    out: Entries = []
    for line in git(repo, "show", f"{COMMIT}:{SECWIKI}").splitlines():
        fields = line.split("\t")
        if len(fields) < 5 or not _CJK.search(fields[3]) or fields[3].strip() in seen:
            continue
        day, _, url, title, site = (field.strip() for field in fields[:5])
        seen.add(title)
        out.append(
            {
                "source_path": SECWIKI,
                "title": title,
                "published": f"{day[:4]}-{day[4:6]}-{day[6:8]}",
                "url": url,
                "outlet": site,
            }
        )
    return out


BATCHES = {
    "raw73": ListedBatch(
        "wxsec73", 20270203, "wechat_titles_raw73.txt",
        "wechat_security_account_titles_2018_2024.jsonl", (wechat_titles, secwiki_titles),
    ),
    "raw74": ListedBatch(
        "secwiki74", 20270204, "secwiki_titles_raw74.txt",
        "secwiki_digest_titles_2014_2019.jsonl", (wechat_titles, secwiki_titles),
    ),
    "raw75": ListedBatch(
        "secflag75", 20270205, "sec_profile_flagged_raw75.txt",
        "sec_profile_flagged_titles.jsonl", (wechat_titles, secwiki_titles),
    ),
    # stop 53: what the rules of b90c888 flag among the titles no batch holds
    "raw111": ListedBatch(
        "secflag111", 20271222, "sec_profile_flagged_raw111.txt",
        "sec_profile_flagged_titles.jsonl", (wechat_titles, secwiki_titles, earlier_wechat_titles),
    ),
    "raw76": ListedBatch(
        "wxold76", 20270206, "wechat_earlier_titles_raw76.txt",
        "wechat_security_account_titles_earlier_versions.jsonl", (earlier_wechat_titles,),
    ),
}  # fmt: skip


if __name__ == "__main__":
    build_listed(__doc__.split("\n")[0], BATCHES, SOURCE, COMMIT)
