"""Bulk writing on the real node: deterministic ids, preserved triage, per-item errors."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from elasticsearch import Elasticsearch

from piwatch.search import documents, indices
from piwatch.search.bulk import BulkOptions, BulkWriter
from piwatch.search.outbox import Outbox
from testkit.factories import article, extraction

FAST = BulkOptions(buffer_size=50, initial_backoff=0.05, max_backoff=0.2, max_retries=2)


def _count(es: Elasticsearch, alias: str) -> int:
    es.indices.refresh(index=alias)
    return es.count(index=alias)["count"]


def test_reindex_is_idempotent(es: Elasticsearch, index_prefix: str, tmp_path: Path) -> None:
    indices.ensure(es, index_prefix)
    items = [article(n, content=f"第{n}篇") for n in range(30)]
    for _round in range(2):
        with BulkWriter(es, Outbox(tmp_path), index_prefix, FAST) as writer:
            for item in items:
                writer.add("articles", *documents.article_document(item))
        assert writer.stats.indexed == 30
        assert writer.stats.outboxed == 0
    assert _count(es, f"{index_prefix}-articles") == 30
    assert Outbox(tmp_path).count() == 0
    assert list(tmp_path.iterdir()) == []  # acknowledged segments are deleted


def test_lead_reindex_keeps_first_seen_and_triage(
    es: Elasticsearch, index_prefix: str, tmp_path: Path
) -> None:
    indices.ensure(es, index_prefix)
    item = article(1, title="中介出售业主电话", content="某某房地产经纪有限公司出售业主电话。")
    first = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    later = datetime(2026, 11, 9, 9, 0, tzinfo=UTC)
    lead_id, doc = documents.lead_document(extraction("a1"), item, seen_at=first)
    with BulkWriter(es, Outbox(tmp_path), index_prefix, FAST) as writer:
        writer.add("leads", lead_id, doc)
    alias = f"{index_prefix}-leads"
    es.update(index=alias, id=lead_id, doc={"status": "reviewing", "assignee": "wang"},
              refresh=True)  # fmt: skip
    _, again = documents.lead_document(
        extraction("a1", conduct=("unsolicited_marketing",)), item, seen_at=later
    )
    with BulkWriter(es, Outbox(tmp_path), index_prefix, FAST) as writer:
        writer.add("leads", lead_id, again)
    assert writer.stats.indexed == 1
    source = es.get(index=alias, id=lead_id)["_source"]
    assert source["status"] == "reviewing"
    assert source["assignee"] == "wang"
    assert source["first_seen"] == first.isoformat()
    assert source["last_seen"] == later.isoformat()
    assert source["conduct"] == ["unsolicited_marketing"]
    assert _count(es, alias) == 1


def test_rejected_document_is_reported_and_kept(
    es: Elasticsearch, index_prefix: str, tmp_path: Path
) -> None:
    indices.ensure(es, index_prefix)
    outbox = Outbox(tmp_path)
    with BulkWriter(es, outbox, index_prefix, FAST) as writer:
        writer.add("articles", *documents.article_document(article(1)))
        writer.add("articles", "broken", {"url": "http://127.0.0.1/x", "published_at": "昨天"})
    assert writer.stats.as_dict() == {"indexed": 1, "failed": 1, "outboxed": 1, "replayed": 0}
    assert writer.stats.errors[0][0] == "broken"
    assert "published_at" in writer.stats.errors[0][1]
    pending = list(outbox.pending())
    assert [entry.id for entry in pending] == ["broken"]
    assert "document_parsing_exception" in (pending[0].reason or "")
    # A later writer replays it; still rejected, still kept (never lost).
    with BulkWriter(es, Outbox(tmp_path), index_prefix, FAST) as again:
        pass
    assert again.stats.failed == 1
    assert again.stats.replayed == 0
    assert Outbox(tmp_path).count() == 1
    assert _count(es, f"{index_prefix}-articles") == 1
