"""Fixtures of the scale and fault tests: a real Redis server and the generated counting site."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis
import yaml

from bench.gensite import GenSite
from bench.redisserver import RedisServer, find_redis_server
from tests.webserver import LocalWeb

ROOT = Path(__file__).resolve().parents[2]
PIWATCH = [sys.executable, "-m", "piwatch"]


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """Debian's redis-server on a free loopback port, no persistence, stopped at the end."""
    if find_redis_server() is None:
        pytest.skip("redis-server not installed (apt-get install redis-server)")
    with RedisServer() as url:
        yield url


@pytest.fixture
def redis_client(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


@pytest.fixture
def gensite_factory() -> Iterator[type[GenSite]]:
    """Start generated sites; each is stopped after the test."""
    started: list[GenSite] = []

    class _Site(GenSite):
        def start(self) -> GenSite:
            started.append(self)
            return super().start()

    yield _Site
    for site in started:
        site.stop()


@pytest.fixture(scope="session")
def local_web() -> Iterator[LocalWeb]:
    """The crawler's local test web (tests/webserver.py), with its slow feed for kill tests."""
    web = LocalWeb().start()
    yield web
    web.stop()


@dataclass
class PiwatchCrawl:
    """``piwatch crawl`` as a child process with its own data dir, index prefix and ES URL."""

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
            "PIWATCH_CRAWL__DOWNLOAD_TIMEOUT": "5",
            "PIWATCH_CONFIG": str(self.data_dir / "none.toml"),
            "PYTHONPATH": str(ROOT),
            **self.env_extra,
        }
        for key in ("PIWATCH_RUN_STATS", "PIWATCH_RUN_ID"):
            env.pop(key, None)
        return env

    def sources_file(self, sources: list[dict[str, Any]]) -> Path:
        path = self.data_dir / "sources.yaml"
        path.write_text(yaml.safe_dump({"sources": sources}, allow_unicode=True), "utf-8")
        return path

    def start(self, sources: Path, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [*PIWATCH, "crawl", "--sources", str(sources), "--quiet", *args],
            env=self.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            cwd=self.data_dir,
        )  # fmt: skip

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*PIWATCH, *args], env=self.env(), capture_output=True, text=True,
            timeout=timeout, cwd=self.data_dir,
        )  # fmt: skip

    def log(self) -> str:
        logs = sorted((self.data_dir / "logs").glob("*.log"))
        return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in logs)
