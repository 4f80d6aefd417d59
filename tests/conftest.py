"""Fixtures every area shares: the shared corpus, the local test web and the real node.

``local_web`` serves the local test web (tests/site/) once per session. ``es_node`` starts one
real node for the whole session (on a free port, in its own temporary directory) or uses
``PIWATCH_TEST_ES_URL``; ``es`` is a client for it; ``index_prefix`` gives each test its own
indices (``{prefix}-articles`` ...), deleted afterwards.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from piwatch.config import ES_VERSION, ElasticsearchSettings
from piwatch.esnode import node
from piwatch.search import indices
from piwatch.search.client import client_for
from testkit.esnode import NodeUnderTest
from testkit.net import free_port
from testkit.webserver import LocalWeb

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """``../shared/corpus``; tests that read third-party text skip when it is absent."""
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"third-party corpus not found at {corpus} (it is never copied into the repo)")
    return corpus


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use the node carry the ``es`` marker (``-m 'not es'`` skips them)."""
    for item in items:
        if {"es_node", "es", "index_prefix"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.es)


def _reachable_tmpdir() -> Path:
    """A fresh /tmp directory the unprivileged node user can traverse (pytest's are 0700)."""
    root = Path(tempfile.mkdtemp(prefix="piwatch-es-test-"))
    root.chmod(0o755)
    return root


@pytest.fixture
def node_tmp_dir() -> Iterator[Path]:
    """A temporary directory for an extra node's data (removed afterwards)."""
    root = _reachable_tmpdir()
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def es_node() -> Iterator[NodeUnderTest]:
    """One real node for the session (or ``PIWATCH_TEST_ES_URL``), stopped at the end."""
    external = os.environ.get("PIWATCH_TEST_ES_URL")
    if external:
        yield NodeUnderTest(external, None)
        return
    node.install(ES_VERSION)
    root = _reachable_tmpdir()
    options = node.NodeOptions(
        version=ES_VERSION,
        home=node.distribution_dir(ES_VERSION),
        node_dir=root / "es",
        port=free_port(),
    )
    try:
        state = node.start(options)
        yield NodeUnderTest(state.url, options)
    finally:
        node.stop(options)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def es(es_node: NodeUnderTest) -> Elasticsearch:
    return client_for(es_node.url, ElasticsearchSettings(url=es_node.url))


@pytest.fixture
def index_prefix(es: Elasticsearch) -> Iterator[str]:
    """A prefix of this test's own (``t<hex>``); its indices and templates are removed after."""
    prefix = f"t{uuid.uuid4().hex[:10]}"
    yield prefix
    indices.drop(es, prefix)


@pytest.fixture(scope="session")
def local_web() -> Iterator[LocalWeb]:
    """The local test web (tests/webserver.py, tests/site/), started once when a test asks."""
    web = LocalWeb().start()
    yield web
    web.stop()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Show the fault tests' end-to-end counts (``lost=… duplicated=…``) in every run's output."""
    lines = [
        f"{report.nodeid.split('::')[-1]}: {text}"
        for report in terminalreporter.stats.get("passed", [])
        if report.when == "call"
        for text in report.capstdout.splitlines()
        if "lost=" in text
    ]
    if lines:
        terminalreporter.write_sep("-", "end-to-end item counts of the fault tests")
        for line in lines:
            terminalreporter.write_line(line)
