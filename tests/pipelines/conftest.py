"""Fixtures for the text-stage tests: the saved Chinese pages with their ground truth."""

from __future__ import annotations

from pathlib import Path

import pytest

from testkit.corpus_pages import CorpusPage, pages


@pytest.fixture(scope="session")
def corpus_pages_root(shared_corpus: Path) -> Path:
    root = shared_corpus / "pages"
    if not (root / "INDEX.tsv").is_file():
        pytest.skip(f"{root}/INDEX.tsv not found")
    return root


@pytest.fixture(scope="session")
def truth_pages(corpus_pages_root: Path) -> list[CorpusPage]:
    """Every saved page that comes with some ground truth."""
    return list(pages(corpus_pages_root))
