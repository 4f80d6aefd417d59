"""Index generations on the real node: rollover, writes routed by id, withdrawn leads."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch

from piwatch.search import documents, indices
from piwatch.search.bulk import BulkOptions, BulkWriter
from piwatch.search.outbox import Outbox
from piwatch.search.queries import LeadQuery, search_leads
from testkit.crawlrun import PiwatchCrawl
from testkit.factories import article, extraction

FAST = BulkOptions(buffer_size=50, initial_backoff=0.05, max_backoff=0.2, max_retries=2)
FIRST = datetime(2026, 10, 30, 2, 0, tzinfo=UTC)
LATER = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


def _where(es: Elasticsearch, alias: str, doc_id: str) -> list[dict[str, Any]]:
    """Every stored copy of ``doc_id`` behind ``alias`` (index and source)."""
    es.indices.refresh(index=alias)
    found = es.search(index=alias, query={"ids": {"values": [doc_id]}}, size=10)
    return [{"_index": hit["_index"], **hit["_source"]} for hit in found["hits"]["hits"]]


def _write(es: Elasticsearch, prefix: str, tmp_path: Path, *docs: tuple[str, str, dict]) -> None:
    with BulkWriter(es, Outbox(tmp_path / "outbox"), prefix, FAST) as writer:
        for kind, doc_id, doc in docs:
            writer.add(kind, doc_id, doc)
    assert writer.stats.failed == 0 and writer.stats.outboxed == 0


def _triaged_lead(es: Elasticsearch, prefix: str, tmp_path: Path, item: Any) -> str:
    """A lead of ``item`` (and its article), first seen FIRST, taken up by an investigator."""
    indices.ensure(es, prefix)
    lead_id, lead = documents.lead_document(extraction("a1"), item, seen_at=FIRST)
    article_doc = documents.article_document(item, is_lead=True)
    _write(es, prefix, tmp_path, ("articles", *article_doc), ("leads", lead_id, lead))
    leads = indices.alias(prefix, "leads")
    es.update(index=leads, id=lead_id, doc={"status": "investigating"}, refresh=True)
    return lead_id


def test_documents_written_again_after_a_rollover_stay_where_they_are(
    es: Elasticsearch, index_prefix: str, tmp_path: Path
) -> None:
    indices.ensure(es, index_prefix)
    # the article is written just before the rollover and never becomes searchable by itself:
    # only a real-time get can tell where it is
    articles = indices.alias(index_prefix, "articles")
    es.indices.put_settings(index=articles, settings={"index": {"refresh_interval": "-1"}})
    item = article(1, title="中介出售业主电话", content="某房产中介公司出售业主电话。")
    lead_id = _triaged_lead(es, index_prefix, tmp_path, item)
    article_id = documents.article_id(item.url)
    leads = indices.alias(index_prefix, "leads")

    rolled = indices.rollover(es, index_prefix, max_age=None)
    assert [r.rolled_over for r in rolled] == [True, True, True]
    assert {r.new_index for r in rolled} == {
        f"{index_prefix}-{kind}-000002" for kind in indices.KINDS
    }

    # The next night: the same article changed, its lead seen again, and a new lead.
    changed = article(1, title="中介出售业主电话", content="某房产中介公司出售业主电话三千条。")
    _, changed_doc = documents.article_document(changed, is_lead=True)
    _, again = documents.lead_document(
        extraction("a1", conduct=("disclose_or_sell", "unsolicited_marketing")),
        changed,
        seen_at=LATER,
    )
    new_id, new_lead = documents.lead_document(extraction("a2"), article(2), seen_at=LATER)
    docs = [
        ("articles", article_id, changed_doc),
        ("leads", lead_id, again),
        ("leads", new_id, new_lead),
    ]
    _write(es, index_prefix, tmp_path, *docs)

    (stored_article,) = _where(es, articles, article_id)
    assert stored_article["_index"] == f"{index_prefix}-articles-000001"
    assert "三千条" in stored_article["content"]
    (stored_lead,) = _where(es, leads, lead_id)  # one copy, not one per generation
    assert stored_lead["_index"] == f"{index_prefix}-leads-000001"
    assert stored_lead["status"] == "investigating"  # triage kept
    assert stored_lead["first_seen"] == FIRST.isoformat()
    assert stored_lead["last_seen"] == LATER.isoformat()
    assert stored_lead["conduct"] == ["disclose_or_sell", "unsolicited_marketing"]
    (stored_new,) = _where(es, leads, new_id)
    assert stored_new["_index"] == f"{index_prefix}-leads-000002"  # new ids: the write index


def test_rollover_waits_until_the_write_index_is_old_enough(
    es: Elasticsearch, index_prefix: str, tmp_path: Path
) -> None:
    indices.ensure(es, index_prefix)
    _write(es, index_prefix, tmp_path, ("articles", *documents.article_document(article(1))))
    kept = indices.rollover(es, index_prefix, max_age="25d")
    assert [r.rolled_over for r in kept] == [False, False, False]
    assert "kept" in kept[0].describe()
    assert sorted(es.indices.get_alias(name=indices.alias(index_prefix, "articles"))) == [
        f"{index_prefix}-articles-000001"
    ]


def test_an_edited_article_no_longer_a_lead_withdraws_its_lead_and_keeps_triage(
    es: Elasticsearch, index_prefix: str, tmp_path: Path
) -> None:
    item = article(1, title="健身房倒卖会员信息", content="某健身房出售会员手机号码。")
    lead_id = _triaged_lead(es, index_prefix, tmp_path, item)
    leads = indices.alias(index_prefix, "leads")
    indices.rollover(es, index_prefix, max_age=None)
    outbox = Outbox(tmp_path / "outbox")

    with BulkWriter(es, outbox, index_prefix, FAST) as writer:
        writer.update_existing("leads", lead_id, documents.lead_withdrawal(LATER))
        # an article that never was a lead: nothing to withdraw, nothing created, nothing kept
        writer.update_existing("leads", documents.lead_id("http://127.0.0.1/never"), {"x": 1})
    assert writer.stats.indexed == 2 and writer.stats.failed == 0
    assert outbox.count() == 0
    (withdrawn,) = _where(es, leads, lead_id)
    assert withdrawn["_index"] == f"{index_prefix}-leads-000001"
    assert withdrawn["is_lead"] is False
    assert withdrawn["withdrawn_at"] == LATER.isoformat()
    assert withdrawn["status"] == "investigating"
    assert es.count(index=leads)["count"] == 1
    assert search_leads(es, index_prefix, LeadQuery()).total == 0

    # Edited back: a lead again, the withdrawal cleared, triage still there.
    _, again = documents.lead_document(extraction("a1"), item, seen_at=LATER)
    _write(es, index_prefix, tmp_path, ("leads", lead_id, again))
    (restored,) = _where(es, leads, lead_id)
    assert restored["is_lead"] is True
    assert restored.get("withdrawn_at") is None
    assert restored["status"] == "investigating"
    assert search_leads(es, index_prefix, LeadQuery()).total == 1


def test_rollover_command_and_the_monthly_job(
    es: Elasticsearch, es_node: Any, index_prefix: str, tmp_path: Path
) -> None:
    cli = PiwatchCrawl(es_node.url, index_prefix, tmp_path, {})
    young = cli.run("es", "rollover")
    assert young.returncode == 0, young.stderr
    assert f"{index_prefix}-articles: kept {index_prefix}-articles-000001" in young.stdout

    forced = cli.run("es", "rollover", "--now")
    assert forced.returncode == 0, forced.stderr
    for kind in indices.KINDS:
        assert (
            f"{index_prefix}-{kind}: new write index {index_prefix}-{kind}-000002" in forced.stdout
        )

    job = cli.run("schedule", "--run-now", "monthly-rollover")
    assert job.returncode == 0, job.stderr
    assert "monthly-rollover: ok" in job.stdout
    runs = indices.alias(index_prefix, "runs")
    es.indices.refresh(index=runs)
    (record,) = [h["_source"] for h in es.search(index=runs, size=10)["hits"]["hits"]]
    assert record["job"] == "monthly-rollover" and record["status"] == "ok"
    assert record["items"] == 0  # 000002 is new and empty: nothing rolled over again
    assert len(es.indices.get_alias(name=runs)) == 2
