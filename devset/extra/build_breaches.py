"""Build round 45's locked batch (``raw44``) from a clone of its source.

The texts are the entries of ``ffffffff0x/Dork-Admin`` (MIT) at commit 43e2219 (December 2021):
a Chinese security team's catalogue of data-breach and supply-chain incidents, 2012 to 2021,
worldwide, one README section a month. An entry is a bullet (the incident in one line, the
business in bold) with an account of what happened (「事件经过」) and links; most are abroad,
some in China. An entry is one text: its bullet as the title (bold marks dropped) and its
account as the text (its fields as written, 「影响人数: 400万」「事件经过: …」, without links
and images; title-only where it has none).
A seeded sample of 400 entries, shuffled, less those ``../shared``'s ``raw3/breach_event_list``
holds (224 entries of the same list; the same title or opening, normalised), is the batch: 184
entries, many of them title-only (raw3 dropped those). The repository keeps only this script
and the labels (``labels/raw44``):

    git clone https://github.com/ffffffff0x/Dork-Admin /tmp/dork
    python devset/extra/build_breaches.py /tmp/dork ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from archive import (
    PREFIX_CHARS,
    SHARED_LEADS,
    SIZE,
    git,
    normalised,
    shared_openings,
    unread,
    write_titles,
)

COMMIT = "43e2219e6b1ad2a768ececa2c1332d973e8b477e"
SOURCE = "ffffffff0x/Dork-Admin"
PATH = "README.md"
BATCH, PREFIX = "raw44", "breach44"
FILE = "breach_catalogue_entries_2012_2021.jsonl"
SEED = 20270106
TAKEN = SHARED_LEADS / "raw3/breach_event_list.jsonl"
_ENTRY = re.compile(r"^- (.+)$")
_SKIPPED = re.compile(r"^(?:!\[|https?://|link\s*[:：]|-+$|>\s*create by)")
"""Lines that are no part of an account: images, links, rules (「---」), empty bullets and the
README's signature."""
_BOLD = re.compile(r"\*\*\s*(.*?)\s*\*\*")


@dataclass(frozen=True)
class Entry:
    """One incident: the section and month it is filed under, its bullet and account."""

    section: str
    month: str
    title: str
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def entries(readme: str) -> list[Entry]:
    """Every incident bullet under a top-level section, with the account indented below it."""
    found: list[Entry] = []
    section = month = ""
    title: str | None = None
    lines: list[str] = []

    def close() -> None:
        if title is not None and section:
            found.append(Entry(section, month, title, tuple(lines)))

    for raw in readme.split("\n"):
        if raw.startswith("#"):
            close()
            title, lines = None, []
            level, _, heading = raw.partition(" ")
            if level == "#":
                section = heading.strip()
            elif level == "###":
                month = heading.strip()
            continue
        entry = _ENTRY.match(raw)
        if entry:
            close()
            title, lines = _BOLD.sub(r"\1", entry.group(1)).strip(), []
            continue
        line = raw.strip()
        line = line[2:].strip() if line.startswith("- ") else line  # 「- 事件经过: …」
        if title is not None and line and not _SKIPPED.match(line):
            lines.append(_BOLD.sub(r"\1", line))
    close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", type=Path, help="a clone of the source repository")
    parser.add_argument("out", type=Path, help="corpus directory (raw44/ is written inside)")
    args = parser.parse_args()
    pool = entries(git(args.repo, "show", f"{COMMIT}:{PATH}"))
    sample = random.Random(SEED).sample(pool, min(SIZE, len(pool)))
    taken = [json.loads(line) for line in TAKEN.read_text("utf-8").splitlines()]
    titles = {normalised(record["title"]) for record in taken}
    openings = {normalised(record["text"])[:PREFIX_CHARS] for record in taken}
    chosen = [
        entry
        for entry in sample
        if normalised(entry.title) not in titles
        and normalised(entry.text)[:PREFIX_CHARS] not in openings
        and normalised(f"{entry.title}\n{entry.text}")[:PREFIX_CHARS] not in openings
    ]
    records = [
        {
            "title": entry.title,
            "text": entry.text,
            "source_path": PATH,
            "published": None,
            "url": "",
            "section": entry.section,
            "month": entry.month,
        }
        for entry in chosen
    ]
    records = unread(records, shared_openings())
    target = args.out / BATCH / FILE
    write_titles(target, PREFIX, SOURCE, COMMIT, records)
    print(
        f"{BATCH}: {len(records)} of {len(sample)} sampled entries ({len(pool)} listed),"
        f" in {target}"
    )


if __name__ == "__main__":
    main()
