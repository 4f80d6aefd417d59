"""Crawler fixtures: `piwatch crawl` as a real subprocess on the session's node."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from testkit.crawlrun import Crawl


@pytest.fixture
def crawl(es: Any, es_node: Any, index_prefix: str, tmp_path: Path) -> Crawl:
    """A crawl runner on the session's node under this test's own index prefix."""
    return Crawl(es_node.url, index_prefix, tmp_path, {}, download_timeout=3, es=es)
