"""Paginated list pages: each list item links an article; ``next_page`` leads on."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.linkextractors import LinkExtractor

from piwatch.crawlers.spiders.base import SourceSpider

if TYPE_CHECKING:
    from scrapy.http import Response


class ListingSpider(SourceSpider):
    kind = "listing"
    name = "listing"

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Request]:
        page = self.page_selector(response)
        if page is None:
            return
        sel = self.source.selectors
        if sel.list_items:
            for item in self.select(page, sel.list_items):
                href = self.select(item, sel.link).get() or item.attrib.get("href")
                if not href:
                    continue
                title = self.first_text(item, sel.title) or " ".join(
                    " ".join(item.xpath(".//text()").getall()).split()
                )
                yield self.article_request(
                    response.urljoin(href),
                    title=title if sel.title else "",
                    published=self.first_text(item, sel.date) or "",
                )
        else:  # no selector: every same-site link of the page is a candidate article
            extractor = LinkExtractor(allow_domains=self.allowed_domains)
            for link in extractor.extract_links(
                HtmlResponse(response.url, body=page.get().encode(), encoding="utf-8")
            ):
                yield self.article_request(link.url)
        if sel.next_page:
            href = self.select(page, sel.next_page).get()
            if href:
                self.crawler.stats.inc_value("piwatch/listing/next_page")
                yield self.listing_request(response.urljoin(href), self.parse)
