"""Crawler fixtures: `piwatch crawl` as a real subprocess on the session's node."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any

import pytest

from tests.crawlrun import PiwatchCrawl


@dataclass
class Crawl(PiwatchCrawl):
    """``piwatch crawl`` runs on the session's node, and the articles they indexed."""

    es: Any = None

    def crawl(self, sources: Path, *args: str, timeout: float = 300) -> CompletedProcess[str]:
        return self.run("crawl", "--sources", str(sources), *args, timeout=timeout)

    def docs(self, source: str | None = None) -> list[dict[str, Any]]:
        self.es.indices.refresh(index=f"{self.prefix}-articles")
        query = {"term": {"source": source}} if source else {"match_all": {}}
        found = self.es.search(index=f"{self.prefix}-articles", query=query, size=1000)
        return [hit["_source"] | {"_id": hit["_id"]} for hit in found["hits"]["hits"]]


@pytest.fixture
def crawl(es: Any, es_node: Any, index_prefix: str, tmp_path: Path) -> Crawl:
    """A crawl runner on the session's node under this test's own index prefix."""
    return Crawl(es_node.url, index_prefix, tmp_path, {}, download_timeout=3, es=es)
