"""Fixtures for the text-stage tests: the saved Chinese pages with their ground truth."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(REPO))

from bench.corpus_pages import CorpusPage, pages  # noqa: E402


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
