"""After a real `piwatch demo`, the searches of issue 12's Show list find the lead a person
expects (items 5 and 6): the demo web, spiders, extraction and index are the real ones, and
`piwatch` runs as a child process against the test node."""

from __future__ import annotations

import json
import subprocess
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from elasticsearch import Elasticsearch

from piwatch.search import indices
from testkit.crawlrun import piwatch_env, run_piwatch
from testkit.demopages import expected_pages
from testkit.esnode import NodeUnderTest
from testkit.net import free_port

pytestmark = [pytest.mark.es, pytest.mark.browser, pytest.mark.slow]

Piwatch = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def piwatch(
    es_node: NodeUnderTest, es: Elasticsearch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Piwatch]:
    """`piwatch` on the index prefix one demo run filled."""
    prefix = f"tdemos{uuid.uuid4().hex[:8]}"
    work = tmp_path_factory.mktemp("demo-search")
    env = piwatch_env(es_node.url, prefix, work / "data", COLUMNS="200")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_piwatch(env, *args, cwd=work, timeout=900)

    try:
        demo = run("demo", "--port", str(free_port()))
        assert demo.returncode == 0, demo.stdout + demo.stderr
        yield run
    finally:
        indices.drop(es, prefix)


def _expected(page_id: str) -> str:
    (page,) = [p for p in expected_pages() if p["id"] == page_id]
    return page["url"]


def _found(piwatch: Piwatch, *args: str) -> list[dict[str, Any]]:
    result = piwatch("search", *args, "--json")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize(
    ("args", "page_id"),
    [
        (("沪安人寿",), "complaint-20261"),
        (("上海", "--region", "上海"), "complaint-20261"),
        (("小贷",), "news-1002"),
        (("小象背单词",), "news-1004"),
        (("广东省深圳市",), "news-1001"),
    ],
)
def test_the_expected_demo_lead_is_found(
    piwatch: Piwatch, args: tuple[str, ...], page_id: str
) -> None:
    rows = _found(piwatch, *args)
    assert rows, args
    assert rows[0]["article_url"].endswith(_expected(page_id)), [r["article_url"] for r in rows]


def test_the_printed_id_shows_the_lead(piwatch: Piwatch) -> None:
    table = piwatch("search", "沪安人寿")
    assert table.returncode == 0, table.stderr
    (row,) = _found(piwatch, "沪安人寿")
    assert row["id"][:12] in table.stdout
    shown = piwatch("lead", "show", row["id"][:12])
    assert shown.returncode == 0, shown.stderr
    assert "沪安人寿保险股份有限公司上海分公司" in shown.stdout
    assert "上海市上海市" not in table.stdout + shown.stdout
