"""Conditional GET for article pages already indexed: If-None-Match / If-Modified-Since.

Settings: ``PIWATCH_SEEN_PATH``, ``PIWATCH_CONDITIONAL_GET`` (default on). A 304 becomes
:class:`NotModified` (an IgnoreRequest) and bumps ``piwatch/conditional/not_modified``;
requests sent conditionally bump ``piwatch/conditional/sent``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured

from piwatch.crawlers.seen import SeenStore, seen_path

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response


class NotModified(IgnoreRequest):
    """The server says the page did not change since it was indexed."""


class ConditionalGetMiddleware:
    def __init__(self, crawler: Crawler, store: SeenStore) -> None:
        self.crawler = crawler
        self.store = store

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("PIWATCH_CONDITIONAL_GET", True):
            raise NotConfigured("PIWATCH_CONDITIONAL_GET is off")
        o = cls(crawler, SeenStore(seen_path(crawler)))
        crawler.signals.connect(o.spider_closed, signal=signals.spider_closed)
        return o

    def spider_closed(self) -> None:
        self.store.close()

    def process_request(self, request: Request) -> None:
        if request.meta.get("piwatch_role") != "article" or request.meta.get("playwright"):
            return
        seen = self.store.get(request.meta.get("piwatch_url", request.url))
        if seen is None:
            return
        request.meta["piwatch_seen_hash"] = seen.content_hash
        if seen.etag:
            request.headers.setdefault("If-None-Match", seen.etag)
        if seen.last_modified:
            request.headers.setdefault("If-Modified-Since", seen.last_modified)
        if seen.etag or seen.last_modified:
            self._inc("sent")

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status == 304 and request.meta.get("piwatch_role") == "article":
            self._inc("not_modified")
            raise NotModified(f"not modified: {request.url}")
        return response

    def _inc(self, event: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"piwatch/conditional/{event}")
