"""One crawl of some sources in this process: a Scrapy CrawlerProcess with one crawler per source.

Twisted's reactor cannot restart, so call :func:`run_crawl` once per process (the scheduler
runs ``piwatch crawl`` in a child process).
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings as ScrapySettings

from piwatch.config import Settings
from piwatch.crawlers.context import CrawlContext, attach
from piwatch.crawlers.item_pipelines import IndexSink
from piwatch.crawlers.middlewares.run_budget import RunBudget
from piwatch.crawlers.queue_recovery import SOURCE_BUSY
from piwatch.crawlers.seen import default_seen_path
from piwatch.crawlers.settings import from_crawl_settings
from piwatch.crawlers.sources import Source
from piwatch.crawlers.spiders.api import ApiSpider
from piwatch.crawlers.spiders.base import SourceSpider
from piwatch.crawlers.spiders.feed import FeedSpider
from piwatch.crawlers.spiders.forum import ForumSpider
from piwatch.crawlers.spiders.listing import ListingSpider
from piwatch.crawlers.spiders.sitemap import SitemapSpider
from piwatch.errors import PiwatchError
from piwatch.search.runs import run_status

logger = logging.getLogger(__name__)

SPIDERS: dict[str, type[SourceSpider]] = {
    "feed": FeedSpider,
    "sitemap": SitemapSpider,
    "listing": ListingSpider,
    "forum": ForumSpider,
    "api": ApiSpider,
}


FINISHED = frozenset({"finished", "closespider_pagecount"})
"""Finish reasons of a source that ran to its end (or to its page bound)."""
_CAUSES: dict[str, str] = {
    "dns": "DNS lookup failed",
    "refused": "connection refused",
    "timeout": "timed out",
    "too_large": "page over the download size limit",
    "data_loss": "response cut short",
    "robots_forbidden": "forbidden by robots.txt",
    "ignored": "request dropped",
}
_NOT_CAUSES = frozenset({"piwatch/fetch/failed", "piwatch/fetch/not_modified"})
_SELECTOR_ERRORS = frozenset(
    {"SelectorSyntaxError", "ExpressionError", "SelectorError", "XPathEvalError"}
)


@dataclass(slots=True)
class SourceSummary:
    """What one source's crawl did; the ``piwatch-runs`` record keeps one per source."""

    requests: int = 0
    pages: int = 0
    items: int = 0
    leads: int = 0
    not_modified: int = 0
    unchanged: int = 0
    dropped: int = 0
    failed: int = 0
    errors: int = 0
    finish_reason: str = ""
    events: dict[str, int] = field(default_factory=dict)
    readable: int = 0  # pages answered without an HTTP error (robots.txt aside), or not modified
    exceptions: dict[str, int] = field(default_factory=dict)  # raised while reading its pages

    def failure(self) -> str | None:
        """Why the source gave nothing, or None when one of its pages at least was read."""
        if self.finish_reason == "not_started":
            return "did not start (see the log)"
        if self.finish_reason == SOURCE_BUSY:
            return "another crawl of this source is running"
        if self.finish_reason not in FINISHED:
            return f"stopped before the end ({self.finish_reason or 'no finish reason'})"
        if self.readable > sum(self.exceptions.values()):
            return None
        return ", ".join(self.causes()) or None

    def causes(self) -> list[str]:
        """Each kind of failed request or page, in words, with how often it happened."""
        fetch = {
            k.removeprefix("piwatch/fetch/"): v
            for k, v in sorted(self.events.items())
            if k.startswith("piwatch/fetch/") and k not in _NOT_CAUSES
        }
        out = [f"{_cause(event)} ({_times(n, 'request')})" for event, n in fetch.items()]
        out += [
            f"{_exception_cause(name)} ({_times(n, 'page')})" for name, n in self.exceptions.items()
        ]
        return out


def _cause(event: str) -> str:
    if event.startswith("http_"):
        return f"HTTP {event.removeprefix('http_')}"
    return _CAUSES.get(event, event)


def _exception_cause(name: str) -> str:
    if name in _SELECTOR_ERRORS:
        return f"bad selector ({name})"
    return f"{name} while reading pages"


def _times(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@dataclass(slots=True)
class RunResult:
    run_id: str
    started_at: datetime
    ended_at: datetime
    sources: dict[str, SourceSummary]

    def failures(self) -> dict[str, str]:
        """The sources that gave nothing, with the reason in words."""
        return {
            name: reason for name, s in self.sources.items() if (reason := s.failure()) is not None
        }

    def error_lines(self) -> list[str]:
        """One line per failed source, then one per other source that lost requests or pages."""
        failures = self.failures()
        lines = [f"source {name} failed: {reason}" for name, reason in failures.items()]
        for name, s in self.sources.items():
            if name not in failures and (s.failed or s.errors):
                causes = ", ".join(s.causes()) or "see the log"
                lines.append(
                    f"source {name}: {s.failed} failed requests ({causes}), {s.errors} errors"
                )
        return lines

    @property
    def outboxed(self) -> int:
        """Documents the index did not take during the run, kept in the outbox for replay."""
        return sum(s.events.get("piwatch/index/outboxed", 0) for s in self.sources.values())

    @property
    def status(self) -> str:
        """``ok``, ``partial`` (some sources failed) or ``failed`` (every source did)."""
        return run_status(len(self.failures()), len(self.sources))

    def record(self) -> dict[str, Any]:
        """The ``piwatch-runs`` document."""
        return {
            "run_id": self.run_id,
            "job": "crawl",
            "started_at": self.started_at.isoformat(),
            "ended_at": self.ended_at.isoformat(),
            "status": self.status,
            "sources": {
                name: {
                    "requests": s.requests,
                    "pages": s.pages,
                    "items": s.items,
                    "dropped": s.dropped,
                    "failed": s.failed,
                    "errors": s.errors,
                    "not_modified": s.not_modified,
                    "unchanged": s.unchanged,
                    "leads": s.leads,
                    "finish_reason": s.finish_reason,
                    "events": {k.removeprefix("piwatch/"): v for k, v in s.events.items()},
                }
                for name, s in self.sources.items()
            },
            "errors": self.error_lines(),
            "items": sum(s.items for s in self.sources.values()),
            "leads": sum(s.leads for s in self.sources.values()),
            "outboxed": self.outboxed,
            "host": socket.gethostname(),
        }


def summarize(stats: dict[str, Any]) -> SourceSummary:
    """Fold a crawler's stats into the per-source summary."""

    def get(key: str) -> int:
        return int(stats.get(key) or 0)

    events = {
        k: int(v) for k, v in stats.items() if k.startswith("piwatch/") and isinstance(v, int)
    }
    guard = sum(v for k, v in events.items() if k.startswith("piwatch/guard/"))
    unchanged = get("piwatch/index/unchanged")
    http_errors = sum(v for k, v in events.items() if k.startswith("piwatch/fetch/http_"))
    readable = (
        get("response_received_count")
        - http_errors
        - get("robotstxt/response_count")
        + get("piwatch/conditional/not_modified")
    )
    return SourceSummary(
        requests=get("downloader/request_count"),
        pages=get("response_received_count"),
        items=get("item_scraped_count"),
        leads=get("piwatch/extract/leads"),
        not_modified=get("piwatch/conditional/not_modified"),
        unchanged=unchanged,
        dropped=guard
        + get("offsite/filtered")
        + get("piwatch/fetch/robots_forbidden")
        + max(0, get("item_dropped_count") - unchanged),
        failed=get("piwatch/fetch/failed"),
        errors=get("log_count/ERROR") + get("spider_exceptions/count"),
        finish_reason=str(stats.get("finish_reason") or ""),
        events=events,
        readable=max(0, readable),
        exceptions={
            k.removeprefix("spider_exceptions/"): int(v)
            for k, v in stats.items()
            if k.startswith("spider_exceptions/") and k != "spider_exceptions/count"
        },
    )


def scrapy_settings(settings: Settings, run_name: str = "crawl") -> ScrapySettings:
    """crawlers/settings.py with the operator's ``[crawl]`` settings on top (project priority)."""
    out = ScrapySettings()
    out.setmodule("piwatch.crawlers.settings", priority="project")
    log_dir = settings.data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    out.setdict(
        {
            **from_crawl_settings(settings.crawl),
            "PIWATCH_SEEN_PATH": str(
                default_seen_path(settings.data_dir, settings.elasticsearch.index_prefix)
            ),
            "LOG_FILE": str(log_dir / f"{run_name}.log"),
            "LOG_FILE_APPEND": True,
        },
        priority="project",
    )
    return out


def jobdir(settings: Settings, source: Source) -> str:
    base = settings.crawl.jobdir or settings.jobs_dir / "crawl"
    path = base / source.name
    path.mkdir(parents=True, exist_ok=True)
    return str(path)


def require_chromium(path: Path, needed_by: str) -> None:
    """One clear line instead of a Playwright stack trace when Chromium is missing."""
    if not (path.is_file() and os.access(path, os.X_OK)):
        raise PiwatchError(
            f"{needed_by} need Chromium but {path} is not an executable file; install "
            "Debian's chromium package (apt-get install chromium) or set "
            "PIWATCH_CRAWL__CHROMIUM_PATH to its binary"
        )


def check_browser(settings: Settings, sources: Sequence[Source]) -> None:
    browser = [s.name for s in sources if s.uses_browser]
    if browser:
        require_chromium(settings.crawl.chromium_path, f"source(s) {', '.join(browser)}")


ProgressFn = Callable[[dict[str, SourceSummary]], None]


def share_among_crawlers(base: ScrapySettings, crawlers: int) -> RunBudget:
    """The run's budget of downloads and of responses waiting for extraction, which
    :class:`RunBudgetMiddleware` holds every crawler to (a crawler per source; Scrapy's limits
    are per crawler), and each crawler's own download limit: a crawler is one site, so beyond
    the per-site limit its share of ``CONCURRENT_REQUESTS`` buys nothing, and 50 crawlers of 16
    each held every page of the 50-site benchmark in flight (497 MiB against 401 when
    shared)."""
    budget = RunBudget(
        base.getint("CONCURRENT_REQUESTS"), base.getint("SCRAPER_SLOT_MAX_ACTIVE_SIZE")
    )
    downloads = max(
        base.getint("CONCURRENT_REQUESTS_PER_DOMAIN"),
        base.getint("CONCURRENT_REQUESTS") // crawlers,
    )
    base.set("CONCURRENT_REQUESTS", downloads, priority="project")
    return budget


def run_crawl(
    settings: Settings,
    sources: Sequence[Source],
    *,
    progress: ProgressFn | None = None,
    progress_every: float = 2.0,
    extra_settings: dict[str, Any] | None = None,
    run_id: str | None = None,
    verbose: bool = False,
) -> RunResult:
    """Crawl ``sources`` once (blocking); returns the per-source summary. ``verbose``: every
    warning of the crawl on the terminal, tracebacks included (they are always in the log)."""
    if not sources:
        raise PiwatchError("no sources to crawl; add some to the sources file")
    check_browser(settings, sources)
    started = datetime.now(UTC)
    run_id = run_id or f"crawl-{started:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"
    base = scrapy_settings(settings)
    if extra_settings:
        base.setdict(extra_settings, priority="cmdline")
    context = CrawlContext(settings, budget=share_among_crawlers(base, len(sources)))
    pool = context.extraction_pool()
    if pool is not None:
        pool.start()  # the workers load while the index is checked and the crawlers built
    context.sink = IndexSink.open(
        settings,
        Path(base.get("PIWATCH_SEEN_PATH")),
        base.getint("PIWATCH_INDEX_FLUSH_EVERY"),
        base.getfloat("PIWATCH_INDEX_FLUSH_SECONDS"),
    )
    _quiet_console_logging(verbose)
    base.set("LOG_INSTALL_ROOT_HANDLER", True, priority="cmdline")
    process = CrawlerProcess(base)
    crawlers: dict[str, Crawler] = {}
    for source in sources:
        crawler = process.create_crawler(SPIDERS[source.kind])
        attach(crawler, context)
        crawler.settings.set("JOBDIR", jobdir(settings, source), priority="project")
        crawlers[source.name] = crawler
        process.crawl(crawler, source=source)

    def snapshot() -> dict[str, SourceSummary]:
        return {name: summarize(_stats(crawler)) for name, crawler in crawlers.items()}

    if progress is not None:
        from twisted.internet import task

        loop = task.LoopingCall(lambda: progress(snapshot()))
        loop.start(progress_every, now=False)
    try:
        process.start()
    finally:
        if context.pool is not None:
            context.pool.close()
    result = RunResult(run_id, started, datetime.now(UTC), snapshot())
    for summary in result.sources.values():
        if not summary.finish_reason:
            summary.finish_reason = "not_started"
            summary.errors += 1
    return result


def _stats(crawler: Crawler) -> dict[str, Any]:
    try:
        return dict(crawler.stats.get_stats())
    except AttributeError:  # the crawler never started
        return {}


def _quiet_console_logging(verbose: bool) -> None:
    """Scrapy's log, tracebacks included, goes to LOG_FILE. The terminal keeps warnings: with
    ``verbose`` all of them as they are, else only piwatch's own, one line each (the failed
    sources are summed up at the end, one line per source)."""
    for handler in logging.root.handlers:
        if isinstance(handler, logging.StreamHandler) and not isinstance(
            handler, logging.FileHandler
        ):
            handler.setLevel(max(handler.level, logging.WARNING))
            if not verbose:
                handler.addFilter(_own_records)
                handler.setFormatter(_OneLine(handler.formatter))
    # trafilatura logs pages it cannot parse at ERROR; the extractor falls back, so it is noise
    # that would count as a crawl error
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def _own_records(record: logging.LogRecord) -> bool:
    return record.name == "piwatch" or record.name.startswith("piwatch.")


class _OneLine(logging.Formatter):
    """A record's first line, without its traceback (which the log file keeps)."""

    def __init__(self, inner: logging.Formatter | None) -> None:
        super().__init__()
        self.inner = inner or logging.Formatter()

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        try:
            return (self.inner.format(record).splitlines() or [""])[0]
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved
