"""Crawler fixtures: the local test web (started once) and `piwatch crawl` as a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
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


@dataclass
class Crawl:
    """Runs ``piwatch crawl`` in a child process against one data dir and index prefix."""

    es: Any
    es_url: str
    prefix: str
    data_dir: Path
    env_extra: dict[str, str]

    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "PIWATCH_DATA_DIR": str(self.data_dir),
            "PIWATCH_ELASTICSEARCH__URL": self.es_url,
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
def crawl(es: Any, es_node: Any, index_prefix: str, tmp_path: Path) -> Crawl:
    """A crawl runner on the session's node under this test's own index prefix."""
    return Crawl(es, es_node.url, index_prefix, tmp_path, {})
