"""News sitemaps (and sitemap indexes): every ``<loc>`` is fetched as an article."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from scrapy import Request, Selector
from scrapy.utils.gz import gunzip

from piwatch.crawlers.spiders.base import SourceSpider

if TYPE_CHECKING:
    from scrapy.http import Response

GZIP_MAGIC = b"\x1f\x8b"


def sitemap_entries(body: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """Nested sitemaps, and the pages with their news title and publication date."""
    if body.startswith(GZIP_MAGIC):
        body = gunzip(body)
    sel = Selector(body=body, type="xml")
    sel.remove_namespaces()
    nested = [u.strip() for u in sel.xpath("//sitemap/loc/text()").getall() if u.strip()]
    pages = [
        {
            "link": url.xpath("normalize-space(loc)").get() or "",
            "title": url.xpath("normalize-space(news/title)").get() or "",
            "published": url.xpath("normalize-space(news/publication_date)").get()
            or url.xpath("normalize-space(lastmod)").get()
            or "",
        }
        for url in sel.xpath("//url")
    ]
    return nested, [p for p in pages if p["link"]]


class SitemapSpider(SourceSpider):
    kind = "sitemap"
    name = "sitemap"

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Request]:
        nested, pages = sitemap_entries(response.body)
        for url in nested:
            yield self.listing_request(response.urljoin(url), self.parse)
        for page in pages:
            yield self.article_request(
                response.urljoin(page["link"]),
                listed=True,
                title=page["title"],
                published=page["published"],
            )
