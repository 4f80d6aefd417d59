"""Fixtures of the scale and fault tests: a real Redis server and the generated counting site."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis

from testkit.crawlrun import ROOT, PiwatchCrawl
from testkit.gensite import GenSite
from testkit.redisserver import RedisServer, find_redis_server


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


__all__ = ["ROOT", "PiwatchCrawl"]
