"""Rebuild round 9's locked batch (``raw8``), and the next one (``raw9``), from their source.

The texts are the items of the "information pools" (``issues/*/sources/信息池.md``) of
``GitSeek2/cssec-weekly``, an editor's working tables for a weekly Chinese security newsletter,
2026-07 to 2026-09: one row per candidate story, with its title, outlet, date, link and (in most
issues) a one-line summary, foreign and Chinese news alike, most of them not about personal
information at all. ``raw8`` is one issue's pool (CS26-0902-TP), ``raw9`` the other five.
Every row with a web link is taken (the events section, CTF contests, is not news); a story
pooled in two issues is taken once, by the earlier batch. The title is the record's title, the
summary its text (title-only where an issue's table has no summary). The texts are
third-party, so the repository keeps only this script and the labels (``labels/<batch>``); the
texts are written where you say:

    git clone https://github.com/GitSeek2/cssec-weekly /tmp/cssec
    python devset/extra/build_cssec.py /tmp/cssec ../extra/leads --batch raw8
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group

Each pool is read at the commit it was taken at (``POOLS``); where no clone can be had, copies
of those files at those commits, laid out as in the repository, do (``--copies``).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from archive import git, write_titles

SOURCE = "GitSeek2/cssec-weekly"
FILE = "cssec_weekly_news_pool_2026.jsonl"
YEAR = "2026"
# The commit each issue's pool was read at.
POOLS = {
    "issue-001": "673d0e2b230a140d9ceec8144912e3d8e2067c78",
    "CS26-0802-TP": "421a5a6d139529bff7b0c78a3f0f27fd4526cef9",
    "CS26-0804-TP": "440d15fadadf920e9745af9d79f1800495630f32",
    "CS26-0901-TP": "1d0b9d33902fb7d0b4cf8790583fc6eec23c63ca",
    "CS26-0902-TP": "c7200b7c11a02b61a84a33574de12ff074ab8d07",
    "CS26-0903-TP": "03b19eb4816a87431494d56f118a18ca60483f3b",
}
# Each batch's pools, in order, and its id prefix: raw8 (round 9) takes one issue's pool, the
# only one copied when the round began; raw9 keeps the other five for the next round.
BATCHES = {
    "raw8": ("cssec8", ("CS26-0902-TP",)),
    "raw9": (
        "cssec9",
        ("issue-001", "CS26-0802-TP", "CS26-0804-TP", "CS26-0901-TP", "CS26-0903-TP"),
    ),
}
SKIPPED_SECTION = "赛事"  # contests and events, not news
# Each record field and the header cells its column may start with.
FIELDS = (
    ("title", ("标题",)),
    ("summary", ("摘要",)),
    ("outlet", ("来源",)),
    ("date", ("日期", "来源 / 日期")),
    ("url", ("URL",)),
)
_DATE = re.compile(r"(\d{2})-(\d{2})")


def cells(line: str) -> list[str]:
    """The cells of one markdown table row."""
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def columns(header: list[str]) -> dict[str, int | None]:
    """Each field's column: the first header cell starting with one of its names."""
    return {
        field: next((i for i, cell in enumerate(header) if cell.startswith(names)), None)
        for field, names in FIELDS
    }


def pool_rows(markdown: str) -> list[dict[str, str]]:
    """Every news row of one pool: title, summary, outlet, date, link and section."""
    rows: list[dict[str, str]] = []
    section, table = "", None
    for line in markdown.splitlines():
        if line.startswith("## "):
            section, table = line[3:].strip(), None
        elif not line.startswith("|") or section.startswith(SKIPPED_SECTION):
            table = None
        elif table is None:
            table = columns(cells(line))
        elif set(line) <= set("|-: "):
            continue
        else:
            row = cells(line)
            get = {
                field: row[index] if index is not None and index < len(row) else ""
                for field, index in table.items()
            }
            if get["title"] and get["url"].startswith("http"):
                get["section"] = section
                rows.append(get)
    return rows


def pool_text(repo: Path, source_path: str, commit: str, copies: bool) -> str:
    """One pool's markdown at its pinned commit: from a clone, or from a directory of copies
    of the files taken at those commits (``--copies``)."""
    if copies:
        return (repo / source_path).read_text(encoding="utf-8")
    return git(repo, "show", f"{commit}:{source_path}")


def earlier_urls(repo: Path, batch: str, copies: bool) -> set[str]:
    """The links of the batches before ``batch``: a story pooled again in a later issue was
    already labelled (and may have been read), so a later batch does not take it again."""
    urls: set[str] = set()
    for earlier, (_, issues) in BATCHES.items():
        if earlier == batch:
            break
        for issue in issues:
            path = f"issues/{issue}/sources/信息池.md"
            urls.update(
                row["url"] for row in pool_rows(pool_text(repo, path, POOLS[issue], copies))
            )
    return urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", type=Path, help="a clone of the source repository")
    parser.add_argument("out", type=Path, help="corpus directory (raw8/ is written inside)")
    parser.add_argument(
        "--copies",
        action="store_true",
        help="REPO is a directory of the pool files copied at their pinned commits, not a clone",
    )
    parser.add_argument("--batch", choices=BATCHES, default="raw8")
    args = parser.parse_args()
    prefix, issues = BATCHES[args.batch]
    entries: list[dict[str, str | None]] = []
    seen = earlier_urls(args.repo, args.batch, args.copies)
    for issue in issues:
        commit = POOLS[issue]
        source_path = f"issues/{issue}/sources/信息池.md"
        for row in pool_rows(pool_text(args.repo, source_path, commit, args.copies)):
            if row["url"] in seen:
                continue
            seen.add(row["url"])
            date = _DATE.search(row["date"])
            entries.append(
                {
                    "source_path": source_path,
                    "commit": commit,
                    "title": row["title"],
                    "text": row["summary"],
                    "published": f"{YEAR}-{date[1]}-{date[2]}" if date else None,
                    "url": row["url"],
                    "outlet": row["outlet"].split(" / ")[0],
                    "section": row["section"],
                }
            )
    path = args.out / args.batch / FILE
    write_titles(path, prefix, SOURCE, "", entries)
    print(f"{args.batch}: {len(entries)} items from {len(issues)} pools, in {path}")


if __name__ == "__main__":
    main()
