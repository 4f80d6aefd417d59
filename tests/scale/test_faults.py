"""Fault tests end to end through ``piwatch crawl``: each counts items, none lost or doubled.

The crawler killed with SIGKILL and started again; the Elasticsearch node killed in the middle
of a crawl and restarted (the outbox replayed). The node killed here is a private one, never the
session node other tests share.
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import psutil
import pytest
from elasticsearch import Elasticsearch

from testkit.crawlrun import PiwatchCrawl
from testkit.esnode import OwnNode
from testkit.faults import article_hits, count_docs, es_url, line, run_record, slow_feed, wait_for
from testkit.webserver import LocalWeb

pytestmark = pytest.mark.slow


def test_crawler_killed_and_restarted(
    es: Elasticsearch, index_prefix: str, local_web: LocalWeb, tmp_path: Path
) -> None:
    crawl = PiwatchCrawl(es_url(es), index_prefix, tmp_path, {})
    sources, expected = slow_feed(local_web, crawl)
    mark = local_web.mark()
    child = crawl.start(sources)
    wait_for(lambda: article_hits(local_web, mark) >= 12, 120, "a third of the articles")
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    before = count_docs(es, index_prefix, expected)
    assert 0 <= before["items"] < len(expected)
    # Pages the seen-store records as done (it is written just after the index acknowledges a
    # flush, so a kill in between leaves a few more documents in the index than recorded).
    done_before = crawl.seen("slow")

    resumed = crawl.run("crawl", "--sources", str(sources), "--quiet")
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    after = count_docs(es, index_prefix, expected)
    records = run_record(es, index_prefix)
    print(f"crawler SIGKILL + restart: {line(after)} before_restart={before['items']}"
          f" seen_before_restart={done_before}")  # fmt: skip
    assert after["lost"] == 0 and after["duplicated"] == 0
    assert after["items"] == len(expected)
    assert [r["status"] for r in records] == ["ok"]  # the killed run wrote none; the rerun did
    slow = records[0]["sources"]["slow"]
    print(f"rerun record: {json.dumps(slow, sort_keys=True)}")
    # the rerun says what it found done already: pages recorded before the kill were skipped
    # (conditional GET or unchanged content), the rest became items
    assert slow["not_modified"] + slow["unchanged"] >= done_before
    assert slow["items"] + slow["not_modified"] + slow["unchanged"] >= len(expected)


def kill_node(node: OwnNode) -> int:
    """SIGKILL the private node's JVM (found by its config directory); returns its pid."""
    conf = str(node.root)
    for proc in psutil.process_iter(["pid", "cmdline"]):
        try:
            cmdline = " ".join(proc.info["cmdline"] or [])
            if "-Des.path.home=" in cmdline and proc.environ().get("ES_PATH_CONF", "").startswith(
                conf
            ):
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)
                return proc.pid
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    raise AssertionError(f"no Elasticsearch process of {conf} found")


def test_elasticsearch_killed_mid_crawl_then_replayed(local_web: LocalWeb, tmp_path: Path) -> None:
    with OwnNode() as node:  # its own directory under /tmp, readable by the node user
        crawl = PiwatchCrawl(
            node.url, "fault", tmp_path / "data",
            {"PIWATCH_ELASTICSEARCH__MAX_RETRIES": "1",
             "PIWATCH_ELASTICSEARCH__REQUEST_TIMEOUT": "5"},
        )  # fmt: skip
        crawl.data_dir.mkdir()
        es = Elasticsearch(node.url, request_timeout=30)
        sources, expected = slow_feed(local_web, crawl)
        mark = local_web.mark()
        child = crawl.start(sources)
        wait_for(lambda: article_hits(local_web, mark) >= 12, 120, "a third of the articles")
        kill_node(node)
        _out, err = child.communicate(timeout=600)
        message = err.strip().splitlines()[-1] if err.strip() else ""
        print(f"crawl with the node dead: exit {child.returncode}: {message}")
        assert child.returncode != 0 and message.startswith("piwatch: cannot reach Elasticsearch")
        outbox = crawl.data_dir / "outbox"
        pending = sum(
            1
            for seg in outbox.glob("*")
            for raw in seg.read_text(encoding="utf-8", errors="replace").splitlines()
            if raw.strip()
        ) if outbox.exists() else 0  # fmt: skip
        assert pending > 0, "nothing reached the outbox while the node was down"
        log = crawl.log()
        assert "outbox" in log.lower()

        node.start()
        replay = crawl.run("es", "replay")
        assert replay.returncode == 0, replay.stderr[-2000:]
        counts = count_docs(es, "fault", expected)
        print(f"node killed mid-crawl, replayed: {line(counts)} ({replay.stdout.strip()})")
        assert counts["lost"] == 0 and counts["duplicated"] == 0
        es.indices.refresh(index="fault-runs")
        runs = es.search(index="fault-runs", size=5)["hits"]["hits"]
        assert len(runs) == 1, "the run record was not kept in the outbox and replayed"
        again = crawl.run("es", "replay")
        assert "nothing to replay" in again.stdout + again.stderr
        assert json.dumps(counts)
