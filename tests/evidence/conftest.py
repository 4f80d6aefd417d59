"""Evidence fixtures: a crawl runner on the session's node (as for the crawler tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from testkit.crawlrun import Crawl


@pytest.fixture
def crawl(es: Any, es_node: Any, index_prefix: str, tmp_path: Path) -> Crawl:
    return Crawl(es_node.url, index_prefix, tmp_path, {}, download_timeout=3, es=es)
