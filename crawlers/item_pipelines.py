"""Thin Scrapy adapters: lead extraction on each crawled item, then indexing into Elasticsearch.

The run's :class:`~piwatch.crawlers.context.CrawlContext` gives the piwatch settings and the
:class:`IndexSink` its crawlers share (``scrapy crawl`` alone: a sink of its own). Scrapy
settings read: ``PIWATCH_SEEN_PATH``, ``PIWATCH_INDEX_FLUSH_EVERY`` and
``PIWATCH_INDEX_FLUSH_SECONDS`` (a flush also updates the seen-store, so a killed crawl
loses at most that much work). Stats:
``piwatch/extract/{items,leads}``, ``piwatch/index/{queued,unchanged}`` and, on the crawler
that closes the shared writer, ``piwatch/index/{indexed,outboxed,failed,replayed}``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from scrapy.exceptions import DropItem

from piwatch.crawlers.context import crawl_context, extraction_work
from piwatch.crawlers.items import Article, ForumPost
from piwatch.crawlers.jobs import TextJob, run_text
from piwatch.crawlers.seen import PageVersion, SeenStore, seen_path
from piwatch.crawlers.signals import flush_requested, items_durable
from piwatch.evidence.warc import WarcStore, shared_store
from piwatch.pipelines.leads import ExtractOptions, TextInput
from piwatch.search.bulk import BulkOptions, BulkWriter
from piwatch.search.client import connect
from piwatch.search.documents import article_document, lead_document, lead_id, lead_withdrawal
from piwatch.search.indices import ensure_configured
from piwatch.search.outbox import Outbox

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from piwatch.config import Settings

logger = logging.getLogger(__name__)

Item = Article | ForumPost


def text_input(item: Item) -> TextInput:
    return TextInput(
        id=item.url,
        text=item.content,
        title=item.title,
        url=item.url,
        published=item.published_at.isoformat() if item.published_at else None,
        source_type=item.source_type,
    )


class LeadExtractionPipeline:
    """The lead and word fields of a text the spider cut itself (a forum post, an API record's
    body), worked out in the run's extraction pool like a page's; a page's worker did them
    already (``crawlers.page_work``). A text whose work kills its worker twice is dropped as
    failed, with its URL."""

    def __init__(self, crawler: Crawler, options: ExtractOptions) -> None:
        self.crawler = crawler
        self.options = options

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler, crawl_context(crawler).settings.extract)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article | ForumPost):
            return item
        stats = self.crawler.stats
        assert stats is not None
        if item.extraction is None:
            job = TextJob(text_input(item), self.options, item.province, item.city)
            work = await extraction_work(self.crawler, run_text, job, item.url)
            if work is None:
                raise DropItem(f"extraction lost: {item.url}")
            item.extraction, item.words, item.lead_fields = (
                work.extraction,
                work.words,
                work.lead_fields,
            )
            item.is_lead = bool(work.extraction.is_lead)
        stats.inc_value("piwatch/extract/items")
        if item.is_lead:
            stats.inc_value("piwatch/extract/leads")
        return item


class CapturePipeline:
    """Keeps the HTTP exchange of every page that yields a lead (and of every page of the
    sources named in ``evidence.capture_sources``) as WARC records before the lead is indexed,
    so no lead points at a capture that is not on disk. A capture that cannot be written is
    logged and counted; the lead is indexed without one. Stats: ``piwatch/evidence/{captured,
    revisits,failed}``."""

    def __init__(self, crawler: Crawler, store: WarcStore | None, sources: set[str]) -> None:
        self.crawler = crawler
        self.store = store
        self.sources = sources

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawl_context(crawler).settings
        evidence = settings.evidence
        store = (
            shared_store(settings.warc_dir, evidence.max_file_mb * 1024 * 1024)
            if evidence.capture
            else None
        )
        return cls(crawler, store, set(evidence.capture_sources))

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article | ForumPost):
            return item
        fetched, item.fetched = item.fetched, None  # the body is not kept past this point
        if self.store is None or fetched is None:
            return item
        if not (item.is_lead or item.source in self.sources):
            return item
        stats = self.crawler.stats
        assert stats is not None
        try:
            item.capture = await asyncio.to_thread(self.store.capture, fetched)
        except OSError as exc:
            stats.inc_value("piwatch/evidence/failed")
            logger.error("capture of %s not written: %s", item.url, exc)
            return item
        stats.inc_value(
            "piwatch/evidence/revisits" if item.capture.revisit else "piwatch/evidence/captured"
        )
        return item


class IndexSink:
    """The bulk writer and seen-store of a process, shared by every crawler of a run.

    One writer per process keeps a single owner for the outbox; a flush also tells the
    seen-store what is now safe (in Elasticsearch or the durable outbox). Marking a URL seen
    only then is what lets a killed crawl resume without losing an item; ids are deterministic,
    so the few sent twice overwrite themselves.
    """

    def __init__(
        self, writer: Any, seen: SeenStore, flush_every: int = 50, flush_seconds: float = 2.0
    ) -> None:
        self.writer = writer
        self.seen = seen
        self.flush_every = max(1, flush_every)
        self.flush_seconds = flush_seconds
        self.pending: list[PageVersion] = []
        self.last_flush = time.monotonic()
        self.users = 0
        self.lock = asyncio.Lock()
        self.on_durable: list[Callable[[], None]] = []  # told after every flush

    @classmethod
    def open(
        cls, settings: Settings, seen_path: Path, flush_every: int = 50, flush_seconds: float = 2.0
    ) -> IndexSink:
        prefix = settings.elasticsearch.index_prefix
        es = connect(settings)
        ensure_configured(es, settings.elasticsearch)
        options = BulkOptions.from_settings(settings.elasticsearch)
        # our flushes (which also update the seen-store) come first: no hidden flush in add()
        options = replace(options, buffer_size=max(options.buffer_size, 2 * flush_every))
        writer = BulkWriter(es, Outbox(settings.outbox_dir), prefix=prefix, options=options)
        return cls(writer, SeenStore(seen_path), flush_every, flush_seconds)

    def compare(self, row: PageVersion) -> Literal["new", "changed", "unchanged"]:
        """``new``, ``changed``, or ``unchanged``: indexed with this very content (then its
        validators are refreshed)."""
        seen = self.seen.get(row.url)
        if seen is None:
            return "new"
        if seen.content_hash != row.content_hash:
            return "changed"
        self.seen.mark_indexed([row])
        return "unchanged"

    async def add(
        self,
        docs: list[tuple[str, str, dict[str, Any]]],
        row: PageVersion,
        changes: list[tuple[str, str, dict[str, Any]]] | None = None,
    ) -> None:
        """Queue whole documents, and ``changes`` to documents that may exist."""
        async with self.lock:
            for kind, doc_id, doc in docs:
                self.writer.add(kind, doc_id, doc)
            for kind, doc_id, fields in changes or ():
                self.writer.update_existing(kind, doc_id, fields)
            self.pending.append(row)
            due = time.monotonic() - self.last_flush >= self.flush_seconds
            if len(self.pending) >= self.flush_every or due:
                await self._flush()

    async def flush(self) -> None:
        async with self.lock:
            await self._flush()

    async def _flush(self) -> None:
        if self.pending:
            await asyncio.to_thread(self.writer.flush)
            self.seen.mark_indexed(self.pending)
            self.pending.clear()
        self.last_flush = time.monotonic()
        for notify in self.on_durable:
            notify()

    async def release(self) -> Any:
        """A crawler is done: flush; the last one closes the writer and returns its stats."""
        async with self.lock:
            await self._flush()
            self.users -= 1
            if self.users > 0:
                return None
            stats = await asyncio.to_thread(self.writer.close)
            self.seen.close()
            return stats


class IndexPipeline:
    """Article documents always, lead documents for leads, through the process's IndexSink."""

    def __init__(self, crawler: Crawler, sink: IndexSink) -> None:
        self.crawler = crawler
        self.sink = sink
        sink.users += 1
        # distributed crawls (crawlers.distributed) release a request's lease only once its
        # items are durable, and ask for a flush when a worker idles with items buffered
        sink.on_durable.append(self._durable)
        crawler.signals.connect(self._flush_requested, signal=flush_requested)

    def _durable(self) -> None:
        self.crawler.signals.send_catch_log(signal=items_durable)

    async def _flush_requested(self) -> None:
        await self.sink.flush()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        context = crawl_context(crawler)
        if context.sink is None:  # `scrapy crawl`: one crawler, its own sink
            context.sink = IndexSink.open(
                context.settings,
                seen_path(crawler),
                crawler.settings.getint("PIWATCH_INDEX_FLUSH_EVERY", 50),
                crawler.settings.getfloat("PIWATCH_INDEX_FLUSH_SECONDS", 2.0),
            )
        return cls(crawler, context.sink)

    def _inc(self, event: str, count: int = 1) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"piwatch/index/{event}", count)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article | ForumPost):
            return item
        row = PageVersion(item.url, item.source, item.etag, item.last_modified, item.content_hash)
        state = self.sink.compare(row)
        if state == "unchanged":
            self._inc("unchanged")
            raise DropItem(f"unchanged since it was indexed: {item.url}")
        docs = [("articles", *article_document(item, is_lead=item.is_lead))]
        changes = []
        seen_at = item.fetched_at or datetime.now(UTC)
        if item.is_lead and item.extraction is not None:
            docs.append(("leads", *lead_document(item.extraction, item, seen_at=seen_at)))
        elif state == "changed":
            # edited since it was indexed and no longer a lead: withdraw its lead, if it had one
            changes.append(("leads", lead_id(item.url), lead_withdrawal(seen_at)))
        await self.sink.add(docs, row, changes)
        self._inc("queued")
        return item

    async def close_spider(self) -> None:
        self.sink.on_durable.remove(self._durable)
        stats = await self.sink.release()
        if stats is not None:
            for key, value in stats.as_dict().items():
                if value:
                    self._inc(key, value)
