"""What every source spider shares: the source, request building, article pages, error counts.

A spider is built from a :class:`crawlers.sources.Source` (``piwatch crawl``) or from a name in
a sources file (``scrapy crawl <kind> -a source=NAME [-a sources_file=FILE]``). It applies the
source's bounds and politeness to its crawler's settings before they freeze.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import scrapy
from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy_playwright.page import PageMethod
from twisted.internet.error import (
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)

from piwatch.crawlers.context import crawl_context, extraction_work
from piwatch.crawlers.items import Article
from piwatch.crawlers.jobs import PageJob, PageWork, run_page
from piwatch.crawlers.middlewares.conditional import NotModified
from piwatch.crawlers.sources import Source, is_xpath, load_sources, select_sources
from piwatch.crawlers.urls import canonical_url
from piwatch.evidence.warc import Fetched
from piwatch.pipelines.options import ArticleSelectors, ExtractOptions
from piwatch.pipelines.text.dates import parse_date
from piwatch.pipelines.text.decode import NotText, decode_body

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

ROLE_LISTING = "listing"
ROLE_ARTICLE = "article"


def source_settings(source: Source) -> dict[str, Any]:
    """Scrapy settings a source overrides (bounds, politeness, browser rendering)."""
    out: dict[str, Any] = {}
    if source.max_pages is not None:
        out["PIWATCH_GUARD_MAX_PAGES"] = source.max_pages
    if source.max_depth is not None:
        out["PIWATCH_GUARD_MAX_DEPTH"] = source.max_depth
    out["PIWATCH_GUARD_MAX_PER_TEMPLATE"] = source.max_pages_per_template
    if source.politeness.download_delay is not None:
        out["DOWNLOAD_DELAY"] = source.politeness.download_delay
        out["AUTOTHROTTLE_START_DELAY"] = source.politeness.download_delay
    if source.politeness.concurrency is not None:
        out["CONCURRENT_REQUESTS_PER_DOMAIN"] = source.politeness.concurrency
    if source.politeness.obey_robots is not None:
        out["ROBOTSTXT_OBEY"] = source.politeness.obey_robots
    if source.timezone:
        out["PIWATCH_TIMEZONE"] = source.timezone
    return out


def content_hash(title: str, content: str) -> str:
    return hashlib.sha1(f"{title}\n{content}".encode()).hexdigest()


def failure_event(failure: Failure) -> str:
    """A short stat name for why a request failed."""
    exc = failure.value
    if isinstance(exc, NotModified):
        return "not_modified"
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if isinstance(exc, IgnoreRequest):
        return "robots_forbidden" if "robots.txt" in str(exc) else "ignored"
    if isinstance(exc, TimeoutError | TCPTimedOutError | DownloadTimeoutError):
        return "timeout"
    if isinstance(exc, DNSLookupError | CannotResolveHostError):
        return "dns"
    if isinstance(exc, ConnectionRefusedError | DownloadConnectionRefusedError):
        return "refused"
    if isinstance(exc, DownloadCancelledError):
        return "too_large"  # DOWNLOAD_MAXSIZE: the handler cancels oversized bodies
    if isinstance(exc, ResponseDataLossError):
        return "data_loss"
    return type(exc).__name__.lower()


class SourceSpider(scrapy.Spider):
    """Base of the per-kind spiders; subclasses implement :meth:`parse` for their start pages."""

    kind: ClassVar[str] = ""

    def __init__(self, source: Source, **kwargs: Any) -> None:
        if source.kind != self.kind:
            raise ValueError(f"source {source.name} is a {source.kind} source, not {self.kind}")
        super().__init__(name=source.name, **kwargs)
        self.source = source
        self.allowed_domains = list(source.allowed_domains)
        self.selectors = ArticleSelectors(
            title=source.selectors.title,
            body=source.selectors.body,
            date=source.selectors.date,
            author=source.selectors.author,
        )

    @classmethod
    def _load_source(cls, name: str | None, path: Path) -> Source:
        sources = load_sources(path)
        if name is None:
            matching = [s for s in sources if s.kind == cls.kind]
            if len(matching) != 1:
                raise ValueError(f"pass -a source=NAME (a {cls.kind} source of {path})")
            return matching[0]
        return select_sources(sources, [name])[0]

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SourceSpider:
        source = kwargs.pop("source", None)
        sources_file = kwargs.pop("sources_file", None)
        if not isinstance(source, Source):  # `scrapy crawl <kind> -a source=NAME`
            path = (
                Path(sources_file)
                if sources_file
                else crawl_context(crawler).settings.crawl.sources_file
            )
            source = cls._load_source(source, path)
        spider = super().from_crawler(crawler, *args, source=source, **kwargs)
        overrides = source_settings(spider.source)
        if spider.source.uses_browser:
            overrides["DOWNLOAD_HANDLERS"] = crawler.settings.getdict(
                "PLAYWRIGHT_DOWNLOAD_HANDLERS"
            )
        if not crawler.settings.frozen:
            crawler.settings.setdict(overrides, priority="spider")
        return spider

    @property
    def tz(self) -> str:
        return self.settings.get("PIWATCH_TIMEZONE") or "Asia/Shanghai"

    @property
    def extract_options(self) -> ExtractOptions:
        return crawl_context(self.crawler).settings.extract

    # -- requests -----------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        for url in self.source.start_urls:
            yield self.listing_request(url, self.parse)

    def _meta(self, role: str, **extra: Any) -> dict[str, Any]:
        meta: dict[str, Any] = {"piwatch_role": role, **extra}
        if self.source.in_browser(listing=role == ROLE_LISTING):
            meta["playwright"] = True
            # lists filled by script often fetch their rows after "load"
            meta["playwright_page_methods"] = [PageMethod("wait_for_load_state", "networkidle")]
        return meta

    def listing_request(self, url: str, callback: Any, **meta: Any) -> Request:
        """A list, feed, sitemap or thread page: fetched on every run (nightly re-listing)."""
        return Request(
            url,
            callback=callback,
            errback=self.on_error,
            dont_filter=True,
            meta=self._meta(ROLE_LISTING, **meta),
        )

    def article_request(self, url: str, *, listed: bool = False, **hints: Any) -> Request:
        """An article page; ``hints`` (title, published text) come from the list that linked it.

        ``listed``: the source names this very URL (a feed item, a sitemap entry, an API
        record), so it is fetched wherever it lives; links found on pages stay on the source's
        allowed domains.
        """
        canonical = canonical_url(url)
        meta = self._meta(ROLE_ARTICLE, piwatch_url=canonical, piwatch_hints=hints)
        if listed:
            meta["allow_offsite"] = True
        return Request(canonical, callback=self.parse_article, errback=self.on_error, meta=meta)

    def on_error(self, failure: Failure) -> None:
        event = failure_event(failure)
        self.crawler.stats.inc_value(f"piwatch/fetch/{event}")
        if event not in ("not_modified", "robots_forbidden"):
            self.crawler.stats.inc_value("piwatch/fetch/failed")
            logger.info("%s: %s failed: %s", self.name, failure.request.url, event)

    # -- pages --------------------------------------------------------------------------------
    def page_text(self, response: Response) -> tuple[str, str] | None:
        """The decoded page and its encoding; ``None`` (counted) when the body is not text."""
        if response.meta.get("playwright"):
            return response.text, "utf-8"  # Chromium decoded it already
        content_type = response.headers.get(b"Content-Type")
        try:
            page = decode_body(
                response.body,
                content_type.decode("latin-1") if content_type else None,
                self.source.encoding,
            )
        except NotText as exc:
            self._not_text(response.url, exc)
            return None
        return page.text, page.encoding

    def _not_text(self, url: str, exc: NotText) -> None:
        self.crawler.stats.inc_value("piwatch/page/not_text")
        logger.info("%s: %s skipped, not a text page: %s", self.name, url, exc)

    def now(self) -> datetime:
        return datetime.now(UTC)

    def fetched(self, response: Response) -> Fetched:
        """The exchange as received, for the evidence capture (evidence.warc)."""
        return Fetched(
            url=response.url,
            status=response.status,
            reason=_reason(response.status),
            headers=_header_pairs(response.headers),
            body=response.body,
            request_method=response.request.method if response.request else "GET",
            request_headers=_header_pairs(response.request.headers) if response.request else (),
            fetched_at=self.now(),
            rendered=bool(response.meta.get("playwright")),
        )

    def parse_date_text(self, text: str | None) -> datetime | None:
        if not text:
            return None
        return parse_date(text.strip(), self.now(), self.tz)

    async def parse_article(self, response: Response) -> AsyncIterator[Article]:
        hints: dict[str, Any] = response.meta.get("piwatch_hints") or {}
        url = response.meta.get("piwatch_url") or canonical_url(response.url)
        content_type = response.headers.get(b"Content-Type")
        fetched_at = self.now()
        job = PageJob(
            url=response.url,
            canonical=url,
            body=b"" if response.meta.get("playwright") else response.body,
            content_type=content_type.decode("latin-1") if content_type else None,
            encoding_override=self.source.encoding,
            decoded=response.text if response.meta.get("playwright") else None,
            selectors=self.selectors,
            tz=self.tz,
            fetched_at=fetched_at,
            source_type=self.source.source_type,
            options=self.extract_options,
            hints={key: str(value) for key, value in hints.items() if value},
            province=self.source.region.province,
            city=self.source.region.city,
        )
        work = await self.work_on(job)
        if work is None:
            return
        if not work.content:
            self.crawler.stats.inc_value("piwatch/page/no_content")
            return
        etag = response.headers.get(b"ETag")
        last_modified = response.headers.get(b"Last-Modified")
        yield Article(
            url=url,
            source=self.source.name,
            source_type=self.source.source_type,
            title=work.title,
            content=work.content,
            published_at=work.published,
            author=work.author,
            fetched_at=fetched_at,
            province=self.source.region.province,
            city=self.source.region.city,
            encoding=work.encoding,
            etag=etag.decode("latin-1") if etag else None,
            last_modified=last_modified.decode("latin-1") if last_modified else None,
            content_hash=content_hash(work.title, work.content),
            fetched=self.fetched(response),
            extraction=work.extraction,
            is_lead=bool(work.extraction.is_lead) if work.extraction else None,
            words=work.words,
            lead_fields=work.lead_fields,
        )

    async def work_on(self, job: PageJob) -> PageWork | None:
        """Decoding, main text, lead and word fields, in the run's extraction pool when it has
        one. A body that is not text is counted and skipped; a page whose extraction kills its
        worker twice is counted failed and logged with its URL."""
        try:
            return await extraction_work(self.crawler, run_page, job, job.url)
        except NotText as exc:
            self._not_text(job.url, exc)
        return None

    def select(self, node: Any, expression: str) -> Any:
        """CSS, or XPath by the rule the sources file is checked with (``is_xpath``)."""
        if is_xpath(expression):
            return node.xpath(expression)
        return node.css(expression)

    def page_selector(self, response: Response) -> scrapy.Selector | None:
        """A selector over the correctly decoded page (Scrapy trusts labels; we do not)."""
        decoded = self.page_text(response)
        if decoded is None:
            return None
        return scrapy.Selector(text=decoded[0], type="html", base_url=response.url)

    def first_text(self, node: Any, expression: str | None) -> str | None:
        """The text of the first match, whitespace collapsed."""
        if not expression:
            return None
        found = self.select(node, expression)
        if not found:
            return None
        first = found[0]
        parts = first.xpath(".//text()").getall() if first.root is not None else []
        if not parts and isinstance(first.root, str):
            parts = [first.root]
        text = " ".join(" ".join(parts).split())
        return text or None


def _header_pairs(headers: Any) -> tuple[tuple[str, str], ...]:
    return tuple(
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    )


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
