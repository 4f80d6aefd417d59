"""JSON list endpoints: records mapped to articles by field paths, pages by a query parameter."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from piwatch.crawlers.items import Article
from piwatch.crawlers.spiders.base import SourceSpider, content_hash
from piwatch.crawlers.urls import canonical_url

if TYPE_CHECKING:
    from scrapy.http import Response


def dig(data: Any, path: str | None) -> Any:
    """The value at a dotted path (``data.list``, ``items.0.url``); ``None`` when absent."""
    if not path:
        return data
    for part in path.split("."):
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


def with_page(url: str, param: str, page: int) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != param]
    query.append((param, str(page)))
    return urlunsplit(parts._replace(query=urlencode(query)))


class ApiSpider(SourceSpider):
    kind = "api"
    name = "api"

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        mapping = self.source.api
        assert mapping is not None
        try:
            records = dig(json.loads(response.text), mapping.items)
        except ValueError:
            self.crawler.stats.inc_value("piwatch/api/bad_json")
            return
        if not isinstance(records, list):
            self.crawler.stats.inc_value("piwatch/api/no_list")
            return
        for record in records:
            link = dig(record, mapping.url)
            if not isinstance(link, str) or not link:
                self.crawler.stats.inc_value("piwatch/api/no_url")
                continue
            url = response.urljoin(link)
            title = str(dig(record, mapping.title) or "").strip()
            published = str(dig(record, mapping.published) or "")
            author = dig(record, mapping.author)
            content = str(dig(record, mapping.content) or "").strip() if mapping.content else ""
            if content:
                yield Article(
                    url=canonical_url(url),
                    source=self.source.name,
                    source_type=self.source.source_type,
                    title=title,
                    content=content,
                    published_at=self.parse_date_text(published),
                    author=str(author) if author else None,
                    fetched_at=self.now(),
                    province=self.source.region.province,
                    city=self.source.region.city,
                    encoding="utf-8",
                    content_hash=content_hash(title, content),
                    fetched=self.fetched(response),  # the API response is the evidence
                )
            else:
                yield self.article_request(
                    url,
                    listed=True,
                    title=title,
                    published=published,
                    author=str(author) if author else None,
                )
        if mapping.page_param and records:
            page = response.meta.get("piwatch_page", mapping.first_page) + 1
            yield self.listing_request(
                with_page(response.url, mapping.page_param, page), self.parse, piwatch_page=page
            )
