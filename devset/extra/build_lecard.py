"""Rebuild round 65's batch (``raw65``): the criminal-case facts ``raw2`` left of its source.

``raw2``'s ``lecard_criminal_case_facts`` took 53 of the 107 query cases of ``myx666/LeCaRD``
(MIT; facts of criminal judgments published on China Judgments Online: traffic, theft, fraud,
drugs …, none about personal information), the court genre where only individuals act. The
other 54 are this batch, in file order, each case's fact description as its text (no title).
The texts are third-party, so the repository keeps only this script and the labels
(``labels/raw65``); the texts are written where you say:

    git clone https://github.com/myx666/LeCaRD /tmp/lecard
    python devset/extra/build_lecard.py /tmp/lecard ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from archive import SHARED_LEADS, git, placed_items, write_titles

SOURCE = "myx666/LeCaRD"
COMMIT = "b1a4b72b2050a4aa643e6360d5ff3a6b1fd221e3"
QUERIES = "data/query/query.json"
BATCH, PREFIX = "raw65", "lecard65"
FILE = "lecard_criminal_case_facts_rest.jsonl"
TAKEN = SHARED_LEADS / "raw2/lecard_criminal_case_facts.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", type=Path, help="a clone of the source repository")
    parser.add_argument("out", type=Path, help="corpus directory (raw65/ is written inside)")
    args = parser.parse_args()
    taken = {index for _, index in placed_items(TAKEN)}
    lines = git(args.repo, "show", f"{COMMIT}:{QUERIES}").splitlines()
    entries = [
        {
            "source_path": QUERIES,
            "title": None,
            "text": json.loads(line)["q"],
            "published": None,
            "url": None,
            "item_index": index,
        }
        for index, line in enumerate(lines)
        if line.strip() and index not in taken
    ]
    path = args.out / BATCH / FILE
    write_titles(path, PREFIX, SOURCE, COMMIT, entries)
    print(f"{BATCH}: {len(entries)} of {len(lines)} cases, in {path}")


if __name__ == "__main__":
    main()
