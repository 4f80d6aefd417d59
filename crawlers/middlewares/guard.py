"""Keep a crawl bounded: http(s) only, depth and page limits, calendar and pagination traps.

Depth bounds links followed away from list pages; the per-template bound stops list pages that
repeat one URL shape (calendars, endless ``?page=``); the page bound caps the whole source.

Settings: ``PIWATCH_GUARD_MAX_PAGES``, ``PIWATCH_GUARD_MAX_DEPTH``,
``PIWATCH_GUARD_MAX_PER_TEMPLATE``. Every dropped request bumps ``piwatch/guard/<reason>``.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import TYPE_CHECKING

from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from piwatch.crawlers.urls import is_http, path_template, trap_reason

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)


class GuardMiddleware(BaseSpiderMiddleware):
    """Drops (and counts) requests that would take the crawl out of its bounds."""

    def __init__(
        self, crawler: Crawler, *, max_pages: int, max_depth: int, max_per_template: int
    ) -> None:
        super().__init__(crawler)
        self.max_pages = max_pages
        self.max_depth = max_depth
        self.max_per_template = max_per_template
        self.allowed = 0
        self.templates: Counter[str] = Counter()
        self.urls: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        return cls(
            crawler,
            max_pages=s.getint("PIWATCH_GUARD_MAX_PAGES"),
            max_depth=s.getint("PIWATCH_GUARD_MAX_DEPTH"),
            max_per_template=s.getint("PIWATCH_GUARD_MAX_PER_TEMPLATE"),
        )

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        reason = self.reason(request, response)
        if reason is None:
            return request
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"piwatch/guard/{reason}")
        logger.debug("guard dropped %s: %s", request.url, reason)
        return None

    def reason(self, request: Request, response: Response | None) -> str | None:
        url = request.url
        if not is_http(url):
            return "not_http"
        # pagination (feeds, lists, thread pages) is bounded by the page and template limits;
        # depth bounds how far links lead away from them
        paging = request.meta.get("piwatch_role") == "listing"
        depth = (response.meta.get("depth", 0) + 1) if response is not None else 0
        if self.max_depth and depth > self.max_depth and not paging:
            return "max_depth"
        trap = trap_reason(url)
        if trap:
            return trap
        if url in self.urls:
            return None
        # Calendars and endless pagination repeat one path template; a feed or sitemap linking
        # many articles of one template is normal, so the template bound is for list pages.
        template = path_template(url) if paging else None
        if template is not None and self.templates[template] >= self.max_per_template:
            return "template_limit"
        if self.max_pages and self.allowed >= self.max_pages:
            return "max_pages"
        if template is not None:
            self.templates[template] += 1
        self.allowed += 1
        self.urls.add(url)
        return None
