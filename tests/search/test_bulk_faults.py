"""Faults on the way to a real node: 429/503 answers injected by a real HTTP proxy, and the
node stopped in the middle of a bulk run, restarted, and the outbox replayed."""

from __future__ import annotations

import contextlib
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psutil
import pytest
from elasticsearch import Elasticsearch

from piwatch.config import ElasticsearchSettings
from piwatch.esnode import node
from piwatch.search import documents, indices
from piwatch.search.bulk import BulkOptions, BulkWriter
from piwatch.search.client import client_for
from piwatch.search.outbox import Outbox
from testkit.factories import article
from testkit.webserver import serving

FAST = BulkOptions(buffer_size=20, max_retries=3, initial_backoff=0.05, max_backoff=0.2)


class RejectingProxy(ThreadingHTTPServer):
    """Forwards to the node, but answers the first ``reject`` bulk requests with ``status``."""

    def __init__(self, upstream: str, status: int, reject: int) -> None:
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.upstream = upstream
        self.status = status
        self.reject = reject
        self.bulk_requests = 0
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _ProxyHandler(BaseHTTPRequestHandler):
    server: RejectingProxy

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _forward(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if "_bulk" in self.path:
            with self.server.lock:
                self.server.bulk_requests += 1
                reject = self.server.bulk_requests <= self.server.reject
            if reject:
                payload = (
                    b'{"error":{"type":"es_rejected_execution_exception","reason":"injected"},'
                    + f'"status":{self.server.status}}}'.encode()
                )
                self._reply(self.server.status, payload, "application/json")
                return
        request = urllib.request.Request(
            self.server.upstream + self.path, data=body or None, method=self.command,
            headers={k: v for k, v in self.headers.items() if k.lower() not in ("host",)},
        )  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                self._reply(response.status, response.read(), response.headers["Content-Type"])
        except urllib.error.HTTPError as error:
            self._reply(error.code, error.read(), error.headers["Content-Type"])

    def _reply(self, status: int, payload: bytes, content_type: str | None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type or "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _forward


@pytest.fixture
def proxy_factory(es_node) -> Iterator:  # type: ignore[no-untyped-def]
    with contextlib.ExitStack() as stack:

        def make(status: int, reject: int) -> RejectingProxy:
            return stack.enter_context(serving(RejectingProxy(es_node.url, status, reject)))

        yield make


def _count(es: Elasticsearch, alias: str) -> int:
    es.indices.refresh(index=alias)
    return es.count(index=alias)["count"]


def test_429_is_retried_with_backoff(
    es: Elasticsearch, index_prefix: str, tmp_path: Path, proxy_factory
) -> None:  # type: ignore[no-untyped-def]
    indices.ensure(es, index_prefix)
    proxy = proxy_factory(429, reject=2)
    through = client_for(proxy.url, ElasticsearchSettings(url=proxy.url))
    with BulkWriter(through, Outbox(tmp_path), index_prefix, FAST) as writer:
        for n in range(5):
            writer.add("articles", *documents.article_document(article(n)))
    assert proxy.bulk_requests == 3  # two rejected, the third accepted
    assert writer.stats.as_dict() == {"indexed": 5, "failed": 0, "outboxed": 0, "replayed": 0}
    assert _count(es, f"{index_prefix}-articles") == 5


def test_persistent_503_keeps_documents_in_the_outbox(
    es: Elasticsearch, index_prefix: str, tmp_path: Path, proxy_factory
) -> None:  # type: ignore[no-untyped-def]
    indices.ensure(es, index_prefix)
    proxy = proxy_factory(503, reject=10_000)
    through = client_for(proxy.url, ElasticsearchSettings(url=proxy.url))
    with BulkWriter(through, Outbox(tmp_path), index_prefix, FAST) as writer:
        for n in range(3):
            writer.add("articles", *documents.article_document(article(n)))
    assert proxy.bulk_requests == 1 + FAST.max_retries
    assert writer.stats.failed == 3
    assert writer.stats.outboxed == 3
    assert all("status 503" in reason for _, reason in writer.stats.errors)
    # The cluster recovers: the next writer (straight to the node) replays them, exactly once.
    with BulkWriter(es, Outbox(tmp_path), index_prefix, FAST) as again:
        pass
    assert again.stats.replayed == 3
    assert _count(es, f"{index_prefix}-articles") == 3
    assert Outbox(tmp_path).count() == 0


@pytest.mark.slow
def test_node_stopped_mid_run_restarted_and_replayed(
    es: Elasticsearch, es_node, index_prefix: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    if es_node.options is None:
        pytest.skip("stops and restarts the embedded node; PIWATCH_TEST_ES_URL is set")
    indices.ensure(es, index_prefix)
    options = BulkOptions(buffer_size=20, max_retries=1, initial_backoff=0.05, max_backoff=0.1)
    items = [article(n, content=f"第{n}条新闻") for n in range(100)]
    pid = node.state(es_node.options).pid
    writer = BulkWriter(es, Outbox(tmp_path), index_prefix, options)
    try:
        for n, item in enumerate(items):
            if n == 50:  # two batches of 20 sent, 10 more buffered: the node goes away
                assert node.stop(es_node.options)
                assert pid is not None
                assert not psutil.pid_exists(pid)
            writer.add("articles", *documents.article_document(item))
        stats = writer.close()
    finally:
        node.start(es_node.options)
    assert stats.as_dict() == {"indexed": 40, "failed": 0, "outboxed": 60, "replayed": 0}
    assert Outbox(tmp_path).count() == 60
    # The next run replays the outbox first, then indexes its own (partly repeated) documents.
    with BulkWriter(es, Outbox(tmp_path), index_prefix, options) as again:
        for item in items[30:45]:
            again.add("articles", *documents.article_document(item))
    assert again.stats.replayed == 60
    assert again.stats.indexed == 75
    assert _count(es, f"{index_prefix}-articles") == 100
    assert Outbox(tmp_path).count() == 0
    assert list(tmp_path.iterdir()) == []
