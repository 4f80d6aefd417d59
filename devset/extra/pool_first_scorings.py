"""Pool the first scorings of the sampled batches (``devset/first_scorings.tsv``): one lead
precision, recall and F1 of the rules on text nobody had read, each batch scored by the rules of
its own round. The flagged and dropped batches are left out (their recall is fixed by how they
were drawn).

    python devset/extra/pool_first_scorings.py                # every sampled batch
    python devset/extra/pool_first_scorings.py --since raw58  # the later rounds only
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

TABLE = Path(__file__).resolve().parents[1] / "first_scorings.tsv"


def _order(batch: str) -> int:
    """A batch's round: raw2 … raw73; the saved pages were scored in round 5."""
    return 5 if batch == "pages" else int(batch.removeprefix("raw"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--since", default="raw2", help="the first batch to pool (default raw2)")
    args = parser.parse_args()
    lines = [line for line in TABLE.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    rows = [
        row
        for row in csv.DictReader(lines, delimiter="\t")
        if row["kind"] == "sampled" and _order(row["batch"]) >= _order(args.since)
    ]
    texts, leads, found, alarms = (
        sum(int(row[key]) for row in rows) for key in ("texts", "leads", "found", "false_alarms")
    )
    precision = found / (found + alarms) if found + alarms else 0.0
    recall = found / leads if leads else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        f"{len(rows)} sampled batches from {args.since}: {texts} texts, {leads} leads; "
        f"found {found}, false alarms {alarms}; "
        f"lead P {precision:.3f} / R {recall:.3f}, F1 {f1:.3f}"
    )


if __name__ == "__main__":
    main()
