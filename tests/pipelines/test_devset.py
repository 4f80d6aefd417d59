"""The development set's reader: a label of the ``pages`` batch is read through the crawl's own
extraction of the saved page, so a page is judged on the text the crawl would index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from piwatch.pipelines.leads.devset import PAGES_BATCH, labelled_texts, page_record

pytestmark = pytest.mark.corpus

PAGE = "GeneralNewsExtractor/tests/qq/2.html"


def test_a_saved_page_is_its_extracted_title_and_main_text(shared_corpus: Path) -> None:
    record = page_record(shared_corpus / "pages", PAGE)
    assert record["id"] == PAGE
    assert record["title"] and len(record["text"]) > 500
    assert "<" not in record["text"]  # main text, not markup


def test_pages_labels_join_their_pages_beside_text_batches(
    shared_corpus: Path, tmp_path: Path
) -> None:
    labels = tmp_path / PAGES_BATCH
    labels.mkdir()
    label = {"id": PAGE, "file": "GeneralNewsExtractor", "is_lead": False, "businesses": []}
    (labels / "GeneralNewsExtractor.jsonl").write_text(json.dumps(label) + "\n", "utf-8")
    (found,) = labelled_texts(tmp_path, shared_corpus / "leads")
    assert found.group == "pages/GeneralNewsExtractor"
    assert found.item.id == PAGE
    assert found.item.text == page_record(shared_corpus / "pages", PAGE)["text"]


def test_a_label_whose_page_is_missing_is_an_error(shared_corpus: Path, tmp_path: Path) -> None:
    labels = tmp_path / PAGES_BATCH
    labels.mkdir()
    label = {"id": "GeneralNewsExtractor/none.html", "file": "GeneralNewsExtractor"}
    (labels / "GeneralNewsExtractor.jsonl").write_text(json.dumps(label) + "\n", "utf-8")
    with pytest.raises(FileNotFoundError, match="saved page not found"):
        list(labelled_texts(tmp_path, shared_corpus / "leads"))
