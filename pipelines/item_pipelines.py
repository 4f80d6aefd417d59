"""Thin Scrapy adapters: lead extraction on each crawled item, then indexing into Elasticsearch.

Settings read: ``PIWATCH_SETTINGS`` (the :class:`piwatch.config.Settings` object; loaded from the
environment when absent), ``PIWATCH_SEEN_PATH``, ``PIWATCH_INDEX_FLUSH_EVERY`` and
``PIWATCH_INDEX_FLUSH_SECONDS`` (a flush also updates the seen-store, so a killed crawl
loses at most that much work). Stats:
``piwatch/extract/{items,leads}``,
``piwatch/index/{queued,flushed,unchanged,indexed,outboxed,failed,replayed}``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem

from crawlers.items import Article, ForumPost
from crawlers.seen import SeenStore
from pipelines.leads import ExtractOptions, TextInput, extract

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from piwatch.config import Settings

logger = logging.getLogger(__name__)

Item = Article | ForumPost


def piwatch_settings(crawler: Crawler) -> Settings:
    """The piwatch settings a run was started with (``scrapy crawl``: from the environment)."""
    settings = crawler.settings.get("PIWATCH_SETTINGS")
    if settings is None:
        from piwatch.config import load_settings

        settings = load_settings()
    return settings


def text_input(item: Item) -> TextInput:
    title = item.title if isinstance(item, Article) else item.thread_title
    return TextInput(
        id=item.url,
        text=item.content,
        title=title,
        url=item.url,
        published=item.published_at.isoformat() if item.published_at else None,
        source_type=item.source_type,
    )


class LeadExtractionPipeline:
    """Runs ``pipelines.leads.extract`` and keeps the result on the item."""

    def __init__(self, crawler: Crawler, options: ExtractOptions) -> None:
        self.crawler = crawler
        self.options = options

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler, ExtractOptions.from_settings(piwatch_settings(crawler).extract))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article | ForumPost):
            return item
        result = extract(text_input(item), self.options)
        item.extraction = result
        item.is_lead = bool(result.is_lead)
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("piwatch/extract/items")
        if item.is_lead:
            stats.inc_value("piwatch/extract/leads")
        return item


class IndexPipeline:
    """Article documents always, lead documents for leads; the seen-store learns after a flush.

    Marking a URL seen only once its documents were handed to Elasticsearch (or the durable
    outbox) is what lets a killed crawl resume without losing an item; ids are deterministic,
    so the few sent twice overwrite themselves.
    """

    def __init__(
        self,
        crawler: Crawler,
        writer: Any,
        prefix: str,
        seen: SeenStore,
        flush_every: int,
        flush_seconds: float = 2.0,
    ) -> None:
        self.crawler = crawler
        self.flush_seconds = flush_seconds
        self.last_flush = time.monotonic()
        self.writer = writer
        self.prefix = prefix
        self.seen = seen
        self.flush_every = max(1, flush_every)
        self.pending: list[tuple[str, str, str | None, str | None, str | None]] = []
        self.lock = asyncio.Lock()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        from search.bulk import BulkOptions, BulkWriter
        from search.client import connect
        from search.indices import IndexOptions, ensure
        from search.outbox import Outbox

        settings = piwatch_settings(crawler)
        prefix = settings.elasticsearch.index_prefix
        es = connect(settings)
        ensure(es, prefix, IndexOptions.from_settings(settings.elasticsearch))
        flush_every = crawler.settings.getint("PIWATCH_INDEX_FLUSH_EVERY", 50)
        options = BulkOptions.from_settings(settings.elasticsearch)
        # our flushes (which also update the seen-store) come first: no hidden flush in add()
        options = replace(options, buffer_size=max(options.buffer_size, 2 * flush_every))
        writer = BulkWriter(es, Outbox(settings.outbox_dir), prefix=prefix, options=options)
        path = crawler.settings.get("PIWATCH_SEEN_PATH") or str(
            settings.data_dir / "crawl" / "seen.sqlite3"
        )
        return cls(
            crawler,
            writer,
            prefix,
            SeenStore(Path(path)),
            flush_every,
            crawler.settings.getfloat("PIWATCH_INDEX_FLUSH_SECONDS", 2.0),
        )

    def _inc(self, event: str, count: int = 1) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"piwatch/index/{event}", count)

    async def process_item(self, item: Any) -> Any:
        from search.documents import article_document, lead_document

        if not isinstance(item, Article | ForumPost):
            return item
        etag = getattr(item, "etag", None)
        last_modified = getattr(item, "last_modified", None)
        row = (item.url, item.source, etag, last_modified, item.content_hash)
        seen = self.seen.get(item.url)
        if seen is not None and seen.content_hash == item.content_hash:
            self.seen.mark_indexed([row])  # keep validators current for the next conditional GET
            self._inc("unchanged")
            raise DropItem(f"unchanged since it was indexed: {item.url}")
        async with self.lock:
            self.writer.add("articles", *article_document(item, is_lead=item.is_lead))
            if item.is_lead and item.extraction is not None:
                seen_at = item.fetched_at or datetime.now(UTC)
                self.writer.add("leads", *lead_document(item.extraction, item, seen_at=seen_at))
            self.pending.append(row)
            self._inc("queued")
            due = time.monotonic() - self.last_flush >= self.flush_seconds
            if len(self.pending) >= self.flush_every or due:
                await self._flush()
        return item

    async def _flush(self) -> None:
        if not self.pending:
            return
        await asyncio.to_thread(self.writer.flush)
        self.last_flush = time.monotonic()
        self.seen.mark_indexed(self.pending)
        self._inc("flushed", len(self.pending))
        self.pending.clear()

    async def close_spider(self) -> None:
        async with self.lock:
            await self._flush()
        stats = await asyncio.to_thread(self.writer.close)
        for key, value in stats.as_dict().items():
            if value:
                self._inc(key, value)
        self.seen.close()
