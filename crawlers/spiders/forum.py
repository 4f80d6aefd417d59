"""Forum threads over many pages: every post and reply becomes a ForumPost linked to its thread.

Start URLs are threads, or boards when ``selectors.list_items`` picks the thread links.
``selectors.next_page`` follows a thread's (or board's) pages; floors count across pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from scrapy import Request, Selector

from piwatch.crawlers.items import ForumPost
from piwatch.crawlers.spiders.base import SourceSpider, content_hash
from piwatch.crawlers.urls import canonical_url

if TYPE_CHECKING:
    from scrapy.http import Response


class ForumSpider(SourceSpider):
    kind = "forum"
    name = "forum"

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        if self.source.selectors.list_items:
            yield from self.parse_board(response)
        else:
            yield from self.parse_thread(response)

    def parse_board(self, response: Response) -> Iterator[Request]:
        page = self.page_selector(response)
        if page is None:
            return
        sel = self.source.selectors
        assert sel.list_items is not None
        for item in self.select(page, sel.list_items):
            href = self.select(item, sel.link).get() or item.attrib.get("href")
            if href:
                yield self.listing_request(response.urljoin(href), self.parse_thread)
        if sel.next_page:
            href = self.select(page, sel.next_page).get()
            if href:
                yield self.listing_request(response.urljoin(href), self.parse_board)

    def parse_thread(self, response: Response) -> Iterator[Any]:
        decoded = self.page_text(response)
        if decoded is None:
            return
        page = Selector(text=decoded[0], type="html", base_url=response.url)
        sel = self.source.selectors
        thread_url = response.meta.get("piwatch_thread") or canonical_url(response.url)
        title = response.meta.get("piwatch_thread_title") or (
            self.first_text(page, sel.thread_title or sel.title)
            or self.first_text(page, "h1")
            or self.first_text(page, "title")
            or ""
        )
        floor = response.meta.get("piwatch_floor", 0)
        opening = response.meta.get("piwatch_opening")  # URL of the thread's first post
        assert sel.posts is not None
        fetched = self.fetched(response)  # one exchange for every post cut from the page
        for post in self.select(page, sel.posts):
            body = self.first_text(post, sel.post_body) if sel.post_body else None
            if body is None:
                body = " ".join(" ".join(post.xpath(".//text()").getall()).split())
            if not body:
                self.crawler.stats.inc_value("piwatch/forum/empty_post")
                continue
            floor += 1
            anchor = post.attrib.get("id")
            url = f"{thread_url}#{anchor}" if anchor else f"{thread_url}#post-{floor}"
            if floor == 1:
                opening = url
            yield ForumPost(
                url=url,
                thread_url=thread_url,
                thread_title=title,
                source=self.source.name,
                source_type=self.source.source_type,
                floor=floor,
                content=body,
                author=self.first_text(post, sel.post_author),
                published_at=self.parse_date_text(self.first_text(post, sel.post_date)),
                fetched_at=self.now(),
                province=self.source.region.province,
                city=self.source.region.city,
                encoding=decoded[1],
                content_hash=content_hash(title, body),
                reply_to=None if floor == 1 else opening,
                fetched=fetched,
            )
        if sel.next_page:
            href = self.select(page, sel.next_page).get()
            if href:
                yield self.listing_request(
                    response.urljoin(href),
                    self.parse_thread,
                    piwatch_thread=thread_url,
                    piwatch_thread_title=title,
                    piwatch_floor=floor,
                    piwatch_opening=opening,
                )
