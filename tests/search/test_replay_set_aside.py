"""`piwatch es replay --set-aside-rejected`: refused documents leave the replay, never the disk."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch

from piwatch.search import indices
from piwatch.search.outbox import SET_ASIDE_DIR, Entry, Outbox
from testkit.crawlrun import PiwatchCrawl


def test_refused_documents_are_set_aside_with_their_reasons(
    es: Elasticsearch, es_node: Any, index_prefix: str, tmp_path: Path
) -> None:
    cli = PiwatchCrawl(es_node.url, index_prefix, tmp_path, {})
    articles = indices.alias(index_prefix, "articles")
    outbox = Outbox(tmp_path / "outbox")
    bad = {"url": "http://127.0.0.1/bad", "published_at": "上周"}  # not a date: refused
    outbox.append(
        [
            Entry(articles, "good", "index", {"url": "http://127.0.0.1/good", "title": "正常"}),
            Entry(articles, "bad-date", "index", bad),
        ]
    )
    outbox.close()

    plain = cli.run("es", "replay")
    assert plain.returncode == 1
    assert "outbox replay: 1 indexed, 1 rejected, 1 left" in plain.stdout
    assert "--set-aside-rejected" in plain.stderr
    assert Outbox(tmp_path / "outbox").count() == 1  # kept for the next replay

    aside = cli.run("es", "replay", "--set-aside-rejected")
    assert aside.returncode == 0, aside.stderr
    assert "set aside 1 refused entries" in aside.stdout
    assert Outbox(tmp_path / "outbox").count() == 0
    (kept,) = (tmp_path / "outbox" / SET_ASIDE_DIR).glob("*.jsonl")
    (line,) = kept.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["id"] == "bad-date" and record["doc"]["published_at"] == "上周"
    assert "document_parsing_exception" in record["reason"]
    assert es.count(index=articles)["count"] == 1  # the good one, once
    assert "outbox empty" in cli.run("es", "replay").stdout
