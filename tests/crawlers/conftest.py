"""Crawler fixtures: the local test web (started once) and `piwatch crawl` as a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.webserver import LocalWeb

ROOT = Path(__file__).resolve().parents[2]
PIWATCH = [sys.executable, "-m", "piwatch"]


@pytest.fixture(scope="session")
def local_web() -> Iterator[LocalWeb]:
    web = LocalWeb().start()
    yield web
    web.stop()


@pytest.fixture
def crawl_es(request: pytest.FixtureRequest) -> Any:
    """The test node's client (root ``es`` fixture), or ``PIWATCH_TEST_ES_URL``; else skip."""
    try:
        return request.getfixturevalue("es")
    except pytest.FixtureLookupError:
        url = os.environ.get("PIWATCH_TEST_ES_URL")
        if not url:
            pytest.skip("no Elasticsearch test node (es fixture or PIWATCH_TEST_ES_URL)")
        from elasticsearch import Elasticsearch

        return Elasticsearch(url, request_timeout=30)


@pytest.fixture
def crawl_prefix(request: pytest.FixtureRequest) -> str:
    try:
        return str(request.getfixturevalue("index_prefix"))
    except pytest.FixtureLookupError:
        return f"t{uuid.uuid4().hex[:10]}"


def node_url(es: Any) -> str:
    return str(es.transport.node_pool.get().base_url)


@dataclass
class Crawl:
    """Runs ``piwatch crawl`` in a child process against one data dir and index prefix."""

    es: Any
    prefix: str
    data_dir: Path
    env_extra: dict[str, str]

    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "PIWATCH_DATA_DIR": str(self.data_dir),
            "PIWATCH_ELASTICSEARCH__URL": node_url(self.es),
            "PIWATCH_ELASTICSEARCH__INDEX_PREFIX": self.prefix,
            "PIWATCH_CRAWL__DOWNLOAD_DELAY": "0",
            "PIWATCH_CRAWL__DOWNLOAD_TIMEOUT": "3",
            "PIWATCH_CONFIG": str(self.data_dir / "none.toml"),
            "PYTHONPATH": str(ROOT),
            **self.env_extra,
        }
        env.pop("PIWATCH_RUN_STATS", None)
        env.pop("PIWATCH_RUN_ID", None)
        return env

    def sources_file(self, sources: list[dict[str, Any]], name: str = "sources.yaml") -> Path:
        path = self.data_dir / name
        path.write_text(yaml.safe_dump({"sources": sources}, allow_unicode=True), "utf-8")
        return path

    def run(self, sources: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*PIWATCH, "crawl", "--sources", str(sources), *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.data_dir,
        )

    def start(self, sources: Path, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [*PIWATCH, "crawl", "--sources", str(sources), *args],
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=self.data_dir,
        )

    def docs(self, source: str | None = None) -> list[dict[str, Any]]:
        self.es.indices.refresh(index=f"{self.prefix}-articles")
        query = {"term": {"source": source}} if source else {"match_all": {}}
        found = self.es.search(index=f"{self.prefix}-articles", query=query, size=1000)
        return [hit["_source"] | {"_id": hit["_id"]} for hit in found["hits"]["hits"]]


@pytest.fixture
def crawl(crawl_es: Any, crawl_prefix: str, tmp_path: Path) -> Iterator[Crawl]:
    runner = Crawl(crawl_es, crawl_prefix, tmp_path, {})
    yield runner
    from search.indices import drop

    drop(crawl_es, crawl_prefix)
