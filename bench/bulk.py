"""Bulk indexing on a real node: one ``index`` call per document against piwatch's BulkWriter.

Both write the same article documents (built by ``search.documents.article_document``, jieba
field included) into fresh indices made by ``search.indices.ensure`` on a private node.
"""

from __future__ import annotations

import logging
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.figures import Pair
from piwatch.config import ElasticsearchSettings
from piwatch.crawlers.items import Article
from piwatch.search import documents, indices
from piwatch.search.bulk import BulkWriter
from piwatch.search.client import client_for
from piwatch.search.outbox import Outbox
from testkit.esnode import OwnNode

logger = logging.getLogger(__name__)

_TEXT = (
    "市场监管局通报：某房地产经纪公司员工将购房客户的姓名、电话和身份证号码出售给装修公司，"
    "涉及个人信息三千余条。执法人员依据消费者权益保护法第二十九条立案调查。"
)


DOC_CHARS = len(_TEXT) * 3


def make_docs(count: int) -> list[tuple[str, dict[str, Any]]]:
    base = datetime(2026, 11, 1, tzinfo=UTC)
    docs = []
    for n in range(count):
        item = Article(
            url=f"http://bench.invalid/news/{n}.html",
            source="bench",
            source_type="news",
            title=f"通报第{n}号：个人信息违法案件",
            content=_TEXT * 3,
            published_at=base + timedelta(minutes=n),
            fetched_at=base,
        )
        docs.append(documents.article_document(item))
    return docs


def rate_single(es: Any, prefix: str, docs: list[tuple[str, dict[str, Any]]]) -> float:
    target = indices.alias(prefix, "articles")
    started = time.perf_counter()
    for doc_id, doc in docs:
        es.index(index=target, id=doc_id, document=doc)
    es.indices.refresh(index=target)
    seconds = time.perf_counter() - started
    _check(es, target, len(docs))
    return len(docs) / seconds


def rate_bulk(es: Any, prefix: str, docs: list[tuple[str, dict[str, Any]]], outbox: Path) -> float:
    target = indices.alias(prefix, "articles")
    started = time.perf_counter()
    writer = BulkWriter(es, Outbox(outbox), prefix=prefix)
    for doc_id, doc in docs:
        writer.add("articles", doc_id, doc)
    stats = writer.close()
    es.indices.refresh(index=target)
    seconds = time.perf_counter() - started
    if stats.failed or stats.outboxed:
        raise RuntimeError(f"bulk writer left documents behind: {stats.as_dict()}")
    _check(es, target, len(docs))
    return len(docs) / seconds


def disk_bytes_per_doc(es: Any, target: str, count: int) -> float:
    """Store size per document once segments are merged (the capacity plan's disk figure)."""
    es.indices.forcemerge(index=target, max_num_segments=1)
    stats = es.indices.stats(index=target, metric="store")
    return stats["_all"]["primaries"]["store"]["size_in_bytes"] / count


def _check(es: Any, target: str, expected: int) -> None:
    count = es.count(index=target)["count"]
    if count != expected:
        raise RuntimeError(f"{target}: {count} documents, expected {expected}")


def run(quick: bool = False) -> list[Pair]:
    count = 1000 if quick else 5000
    docs = make_docs(count)
    with tempfile.TemporaryDirectory(prefix="piwatch-bench-bulk-") as tmp, OwnNode() as node:
        es = client_for(node.url, ElasticsearchSettings())
        indices.ensure(es, "bench-single")
        indices.ensure(es, "bench-bulk")
        single = rate_single(es, "bench-single", docs)
        bulk = rate_bulk(es, "bench-bulk", docs, Path(tmp) / "outbox")
        per_doc = disk_bytes_per_doc(es, indices.alias("bench-bulk", "articles"), count)
    return [
        Pair(
            name="bulk indexing",
            unit="docs/s",
            baseline_label="one index call per document",
            baseline=single,
            piwatch_label="BulkWriter (outbox + bulk)",
            piwatch=bulk,
            note=(
                f"{count:,} article documents (~{DOC_CHARS} chars of text), private node,"
                f" 512 MiB heap; {per_doc / 1024:.1f} KiB on disk per document after merge"
            ),
        )
    ]
