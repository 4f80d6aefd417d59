"""Reading the development set: labels from ``devset/labels`` joined with the raw corpus texts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from piwatch.pipelines.leads.model import TextInput

REPO = Path(__file__).resolve().parents[2]
LABELS_DIR = REPO / "devset" / "labels"
CORPUS_RAW = REPO.parent / "shared" / "corpus" / "leads" / "raw"


def read_labels(labels_dir: Path = LABELS_DIR) -> list[dict[str, Any]]:
    """Every label of every ``*.jsonl`` file in file and line order; the last one per id wins."""
    by_id: dict[str, dict[str, Any]] = {}
    for path in sorted(labels_dir.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                label = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path.name}:{number}: not JSON ({exc.msg})") from None
            by_id[str(label["id"])] = label
    return list(by_id.values())


def read_corpus(raw_dir: Path, files: set[str]) -> dict[str, dict[str, Any]]:
    """Raw corpus records of the given files, by id."""
    out: dict[str, dict[str, Any]] = {}
    for name in sorted(files):
        path = raw_dir / name
        if not path.is_file():
            raise FileNotFoundError(f"corpus file not found: {path}")
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                out[str(record["id"])] = record
    return out


def text_input(record: dict[str, Any]) -> TextInput:
    """A corpus record as extraction input (headline-only items: the title is the text)."""
    return TextInput(
        id=str(record["id"]),
        text=record.get("text") or "",
        title=record.get("title") or None,
        url=record.get("url"),
        published=record.get("published"),
        source_type=record.get("source_type"),
    )


def labelled_inputs(
    labels_dir: Path = LABELS_DIR, raw_dir: Path = CORPUS_RAW
) -> Iterator[tuple[dict[str, Any], TextInput]]:
    """(label, input) pairs for every label whose text is in the corpus."""
    labels = read_labels(labels_dir)
    corpus = read_corpus(raw_dir, {str(label["file"]) for label in labels})
    for label in labels:
        record = corpus.get(str(label["id"]))
        if record is not None:
            yield label, text_input(record)
