"""Fixtures every area shares: the shared corpus and (see tests/es_fixtures.py) the real node."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """``../shared/corpus``; tests that read third-party text skip when it is absent."""
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"third-party corpus not found at {corpus} (it is never copied into the repo)")
    return corpus
