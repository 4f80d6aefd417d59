"""What the crawl hands to extraction and the index layer: one crawled page, as a protocol.

The crawl's items (``piwatch.crawlers.items``) satisfy it; the index layer
(``piwatch.search.documents``) and text preparation read only it, so neither imports the crawl.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, Protocol

DocType = Literal["article", "forum_post"]
SourceType = Literal["news", "forum", "complaint", "official"]


class Page(Protocol):
    """A crawled article or forum post, as the layers below the crawl read it."""

    url: str  # canonical URL; document ids derive from it
    source: str
    source_type: str
    content: str
    published_at: datetime | None
    fetched_at: datetime | None
    author: str | None
    province: str | None
    city: str | None
    encoding: str | None
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    words: dict[str, str | None] | None  # the index's word fields, when computed ahead
    lead_fields: dict[str, Any] | None  # a lead's search fields, when computed ahead

    @property
    def title(self) -> str | None: ...

    @property
    def doc_type(self) -> DocType: ...

    @property
    def thread_url(self) -> str | None: ...

    @property
    def floor(self) -> int | None: ...
