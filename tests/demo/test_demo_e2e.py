"""`piwatch demo` end to end, twice, in child processes against the test node.

Each run is the real thing: the demo web on a free port, the real spiders (Chromium for the
complaint list), extraction, indexing; then the leads in Elasticsearch are compared with the
labels and the second run must give the same counts without duplicates.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from elasticsearch import Elasticsearch

from piwatch.search import indices
from testkit.demopages import expected_pages
from testkit.esnode import NodeUnderTest
from testkit.net import free_port

pytestmark = [pytest.mark.es, pytest.mark.browser, pytest.mark.slow]


@dataclass(frozen=True)
class DemoRun:
    stdout: str
    articles: list[dict[str, Any]]
    leads: list[dict[str, Any]]


@dataclass(frozen=True)
class TwoRuns:
    base_url: str
    data_dir: Path
    env: dict[str, str]
    port: int
    first: DemoRun
    second: DemoRun


def _documents(es: Elasticsearch, index: str) -> list[dict[str, Any]]:
    es.indices.refresh(index=index)
    hits = es.search(index=index, size=1000, query={"match_all": {}})["hits"]["hits"]
    return [hit["_source"] for hit in hits]


@pytest.fixture(scope="module")
def demo_runs(
    es_node: NodeUnderTest, es: Elasticsearch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TwoRuns]:
    prefix = f"tdemo{uuid.uuid4().hex[:8]}"
    work = tmp_path_factory.mktemp("demo")
    port = free_port()
    env = {
        **os.environ,
        "PIWATCH_CONFIG": "",
        "PIWATCH_DATA_DIR": str(work / "data"),
        "PIWATCH_ELASTICSEARCH__URL": es_node.url,
        "PIWATCH_ELASTICSEARCH__INDEX_PREFIX": prefix,
        "COLUMNS": "200",
    }
    runs = []
    try:
        for _ in range(2):
            done = subprocess.run(
                [sys.executable, "-m", "piwatch", "demo", "--port", str(port)],
                env=env,
                cwd=work,
                capture_output=True,
                text=True,
                timeout=900,
            )
            assert done.returncode == 0, done.stdout + done.stderr
            runs.append(
                DemoRun(
                    stdout=done.stdout,
                    articles=_documents(es, indices.alias(prefix, "articles")),
                    leads=_documents(es, indices.alias(prefix, "leads")),
                )
            )
        yield TwoRuns(f"http://127.0.0.1:{port}", work / "data", env, port, runs[0], runs[1])
    finally:
        indices.drop(es, prefix)


def test_the_demo_prints_its_findings_and_writes_its_outputs(demo_runs: TwoRuns) -> None:
    out = demo_runs.first.stdout
    for heading in ("Sources crawled", "Leads by conduct", "Leads by sector", "Top leads"):
        assert heading in out
    for name in ("demo-news-feed", "demo-news-listing", "demo-forum", "demo-complaints"):
        assert name in out
    data = demo_runs.data_dir
    assert list((data / "kibana").glob("*.ndjson"))
    assert list(data.glob("digests/*/*.eml")) and list(data.glob("digests/*/*.html"))


def test_every_demo_page_is_indexed_once(demo_runs: TwoRuns) -> None:
    urls = [doc["url"] for doc in demo_runs.first.articles]
    assert len(urls) == len(set(urls))
    assert sorted(urls) == sorted(demo_runs.base_url + p["url"] for p in expected_pages())


def test_a_second_run_gives_the_same_counts_and_no_duplicates(demo_runs: TwoRuns) -> None:
    first, second = demo_runs.first, demo_runs.second
    assert len(second.articles) == len(first.articles)
    assert len(second.leads) == len(first.leads)
    assert sorted(d["article_url"] for d in second.leads) == sorted(
        d["article_url"] for d in first.leads
    )
    summary = [line for line in first.stdout.splitlines() if line.startswith("pages fetched")]
    assert summary and summary == [
        line for line in second.stdout.splitlines() if line.startswith("pages fetched")
    ]


def _fields(businesses: list[str] | None, doc: dict[str, Any]) -> tuple[Any, ...]:
    """What the test compares: businesses, conduct, sectors, province."""
    return (
        sorted(businesses or []),
        sorted(doc.get("conduct") or []),
        sorted(doc.get("sectors") or []),
        doc.get("province"),
    )


def test_the_indexed_leads_are_the_expected_leads(demo_runs: TwoRuns) -> None:
    want = {
        demo_runs.base_url + p["url"]: _fields(p["businesses"], p)
        for p in expected_pages()
        if p["is_lead"]
    }
    got = {
        doc["article_url"]: _fields(doc.get("business_names"), doc)
        for doc in demo_runs.second.leads
    }
    wrong = [
        f"{url.removeprefix(demo_runs.base_url)}: got {got.get(url)}, want {want.get(url)}"
        for url in sorted(set(want) | set(got))
        if got.get(url) != want.get(url)
    ]
    assert not wrong, "\n".join(wrong)


def test_keep_serving_serves_until_terminated(demo_runs: TwoRuns) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "piwatch", "demo", "--port", str(demo_runs.port), "--keep-serving"],
        env=demo_runs.env,
        cwd=demo_runs.data_dir.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert child.stdout is not None
        for line in child.stdout:
            if "Ctrl-C to stop" in line:
                break
        with urllib.request.urlopen(demo_runs.base_url + "/news/index.html", timeout=10) as r:
            assert r.status == 200
        child.send_signal(signal.SIGTERM)
        assert child.wait(timeout=60) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    with pytest.raises(OSError):
        urllib.request.urlopen(demo_runs.base_url + "/news/index.html", timeout=5)


def test_the_mislabelled_gbk_page_and_the_javascript_list_were_read(demo_runs: TwoRuns) -> None:
    by_url = {doc["url"]: doc for doc in demo_runs.first.articles}
    gbk = by_url[demo_runs.base_url + "/news/article/0987.html"]
    assert gbk["encoding"].lower() in {"gbk", "gb18030", "gb2312"}
    assert "捷运达快递成都双流营业部" in gbk["content"]
    complaint = by_url[demo_runs.base_url + "/complaints/detail/20262.html"]
    assert complaint["source"] == "demo-complaints"
    assert "人脸" in complaint["content"]
