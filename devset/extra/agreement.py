"""Agreement between two labellers' files for one batch, and the records to adjudicate.

Prints raw agreement and Cohen's kappa on ``is_lead``, business-name F1 on the texts both call
leads (names matched as ``piwatch eval`` matches them), then every record where the two differ
on ``is_lead``, businesses, conduct or sectors, with both labellers' reasons.

    python devset/extra/agreement.py A.jsonl B.jsonl
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from sklearn.metrics import cohen_kappa_score

from piwatch.pipelines.leads.evaluate import match_names


def read(path: Path) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def differs(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a["is_lead"] != b["is_lead"]:
        return True
    _, fp, fn = match_names(a["businesses"], b["businesses"], truncated=False)
    return bool(fp or fn) or any(set(a[key]) != set(b[key]) for key in ("conduct", "sectors"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    args = parser.parse_args()
    first, second = read(args.first), read(args.second)
    if first.keys() != second.keys():
        raise SystemExit(f"the files label different records: {len(first)} and {len(second)}")
    ids = list(first)
    a = [first[i]["is_lead"] for i in ids]
    b = [second[i]["is_lead"] for i in ids]
    same = sum(x == y for x, y in zip(a, b, strict=True))
    kappa = cohen_kappa_score(a, b) if len(set(a) | set(b)) > 1 else 1.0
    tp = fp = fn = 0
    for i in ids:
        if first[i]["is_lead"] and second[i]["is_lead"]:
            t, p, n = match_names(first[i]["businesses"], second[i]["businesses"], False)
            tp, fp, fn = tp + t, fp + p, fn + n
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    print(f"texts {len(ids)}, leads {sum(a)} / {sum(b)}, raw agreement {same / len(ids):.3f}")
    print(f"Cohen's kappa (is_lead) {kappa:.3f}, business F1 (both lead) {f1:.3f}")
    fields = ("is_lead", "businesses", "conduct", "sectors", "confidence", "why")
    for i in ids:
        if differs(first[i], second[i]):
            for label in (first[i], second[i]):
                print(i, json.dumps({k: label.get(k) for k in fields}, ensure_ascii=False))


if __name__ == "__main__":
    main()
