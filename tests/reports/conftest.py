"""Digest fixtures: leads for two provinces in a real index, a real SMTP server on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from elasticsearch import Elasticsearch

from piwatch.search import indices
from testkit.crawlrun import piwatch_env as child_env
from testkit.digest import SEEDS, Mailbox, lead_doc
from testkit.net import free_port


@pytest.fixture
def seeded(es: Elasticsearch, index_prefix: str) -> dict[str, str]:
    """The seeds indexed under this test's prefix; returns seed key → lead id."""
    indices.ensure(es, index_prefix)
    ids = {}
    for seed in SEEDS:
        lead_id, doc = lead_doc(seed)
        es.index(index=indices.alias(index_prefix, "leads"), id=lead_id, document=doc)
        ids[seed.key] = lead_id
    es.indices.refresh(index=indices.alias(index_prefix, "leads"))
    return ids


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    """A real aiosmtpd server on 127.0.0.1 (its own event loop thread)."""
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port, loop=asyncio.new_event_loop())
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


@pytest.fixture
def piwatch_env(tmp_path: Path, es_node, index_prefix: str) -> dict[str, str]:
    """Environment for a ``python -m piwatch`` child talking to the test node and prefix."""
    return child_env(
        es_node.url,
        index_prefix,
        tmp_path / "data",
        PIWATCH_DIGEST__KIBANA_URL="http://kibana.test:5601",
        PIWATCH_DIGEST__SENDER="piwatch@test.example",
        PIWATCH_DIGEST__RECIPIENTS=(
            '[{"email": "gd@test.example", "name": "广东省市场监管局", "province": "广东省"},'
            ' {"email": "zj@test.example", "province": "浙江省"},'
            ' {"email": "all@test.example"}]'
        ),
    )
