"""RSS and Atom feeds: every item's link is fetched as an article."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from scrapy import Request, Selector

from piwatch.crawlers.spiders.base import SourceSpider

if TYPE_CHECKING:
    from scrapy.http import Response


def feed_entries(body: bytes) -> list[dict[str, str]]:
    """``link``, ``title``, ``published`` and ``author`` of each RSS item or Atom entry."""
    sel = Selector(body=body, type="xml")
    sel.remove_namespaces()
    entries: list[dict[str, str]] = []
    for item in sel.xpath("//item"):
        link = (
            item.xpath("normalize-space(link)").get() or item.xpath("normalize-space(guid)").get()
        )
        entries.append(
            {
                "link": link or "",
                "title": item.xpath("normalize-space(title)").get() or "",
                "published": item.xpath("normalize-space(pubDate)").get()
                or item.xpath("normalize-space(date)").get()
                or "",
                "author": item.xpath("normalize-space(author)").get()
                or item.xpath("normalize-space(creator)").get()
                or "",
            }
        )
    for entry in sel.xpath("//entry"):
        link = (
            entry.xpath("link[@rel='alternate']/@href").get()
            or entry.xpath("link[not(@rel)]/@href").get()
            or entry.xpath("link/@href").get()
            or ""
        )
        entries.append(
            {
                "link": link.strip(),
                "title": entry.xpath("normalize-space(title)").get() or "",
                "published": entry.xpath("normalize-space(published)").get()
                or entry.xpath("normalize-space(updated)").get()
                or "",
                "author": entry.xpath("normalize-space(author/name)").get() or "",
            }
        )
    return [e for e in entries if e["link"]]


class FeedSpider(SourceSpider):
    kind = "feed"
    name = "feed"

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Request]:
        entries = feed_entries(response.body)
        self.crawler.stats.inc_value("piwatch/feed/entries", len(entries))
        for entry in entries:
            yield self.article_request(
                response.urljoin(entry["link"]),
                listed=True,
                title=entry["title"],
                published=entry["published"],
                author=entry["author"] or None,
            )
