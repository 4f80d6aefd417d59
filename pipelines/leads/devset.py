"""Reading the development set: labels from ``devset/labels/<batch>/`` joined with the texts of
``../shared/corpus/leads/<batch>/``, and the group each text comes from. The ``pages`` batch
labels saved web pages (``../shared/corpus/pages/<folder>/<path>``) as the crawl sees them: the
title and main text piwatch extracts from the page are the text.

A text's *group* is where it comes from: its batch and source file
(``raw2/weibo_hot_search_titles``), which is also its outlet or genre. Scores across groups
(leave-one-group-out) say how extraction does on a source nobody tuned it on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from piwatch.pipelines.leads.model import TextInput
from piwatch.pipelines.text.article import extract_article
from piwatch.pipelines.text.decode import decode_body

REPO = Path(__file__).resolve().parents[2]
LABELS_DIR = REPO / "devset" / "labels"
CORPUS_LEADS = REPO.parent / "shared" / "corpus" / "leads"
PAGES_BATCH = "pages"


@dataclass(frozen=True, slots=True)
class Labelled:
    """One labelled text: the label, the text as extraction input, and its group."""

    label: dict[str, Any]
    item: TextInput
    group: str


def group_of(label: dict[str, Any]) -> str:
    """``<batch>/<source file stem>``: where the text comes from; texts of a file labelled in a
    later round, as that round's locked split, are a group of their own
    (``raw/zhihu_hot_question_titles@r4``)."""
    group = f"{label['batch']}/{Path(str(label['file'])).stem}"
    return f"{group}@{label['round']}" if label.get("round") else group


def read_labels(labels_dir: Path = LABELS_DIR) -> list[dict[str, Any]]:
    """Every label of every ``<batch>/*.jsonl`` file in path and line order, with its ``batch``;
    the last one per id wins."""
    by_id: dict[str, dict[str, Any]] = {}
    for path in sorted(labels_dir.glob("*/*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                label = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(
                    f"{path.parent.name}/{path.name}:{number}: not JSON ({exc.msg})"
                ) from None
            label["batch"] = path.parent.name
            by_id[str(label["id"])] = label
    return list(by_id.values())


def page_record(pages_dir: Path, page_id: str) -> dict[str, Any]:
    """A saved page (``<folder>/<path>`` under ``pages_dir``) as a corpus record: the title and
    main text the crawl would extract from it."""
    path = pages_dir / page_id
    if not path.is_file():
        raise FileNotFoundError(f"saved page not found: {path}")
    raw = path.read_bytes()
    article = extract_article(decode_body(raw, "text/html").text, f"http://{page_id}")
    return {"id": page_id, "title": article.title, "text": article.content}


def read_corpus(corpus_dir: Path, files: set[str]) -> dict[str, dict[str, Any]]:
    """Corpus records of the given ``<batch>/<file>`` paths, by id."""
    out: dict[str, dict[str, Any]] = {}
    for name in sorted(files):
        path = corpus_dir / name
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


def labelled_texts(
    labels_dir: Path = LABELS_DIR, corpus_dir: Path = CORPUS_LEADS
) -> Iterator[Labelled]:
    """Every label whose text is in the corpus, with its input and group."""
    labels = read_labels(labels_dir)
    texts = [label for label in labels if label["batch"] != PAGES_BATCH]
    corpus = read_corpus(corpus_dir, {f"{label['batch']}/{label['file']}" for label in texts})
    pages_dir = corpus_dir.parent / PAGES_BATCH
    for label in labels:
        if label["batch"] == PAGES_BATCH:
            record: dict[str, Any] | None = page_record(pages_dir, str(label["id"]))
        else:
            record = corpus.get(str(label["id"]))
        if record is not None:
            yield Labelled(label, text_input(record), group_of(label))
