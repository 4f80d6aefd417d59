"""Typed items: one class per kind of record the spiders produce."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from piwatch.pipelines.page import DocType


@dataclass(slots=True)
class Article:
    """A news article, notice or complaint page: one document in ``piwatch-articles``."""

    url: str  # canonical URL (tracking parameters stripped); the document id derives from it
    source: str  # the source's name in the sources file
    source_type: str  # news, forum, complaint, official
    title: str
    content: str  # main text
    published_at: datetime | None = None  # aware datetime
    author: str | None = None
    fetched_at: datetime | None = None
    province: str | None = None  # the source's default region, when configured
    city: str | None = None
    encoding: str | None = None  # the encoding the body was decoded with
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None  # sha1 of title+content, to tell "changed" from "seen"
    is_lead: bool | None = None  # set by the extraction pipeline
    extraction: Any = field(default=None, repr=False, compare=False)  # pipelines.leads.Extraction
    words: dict[str, str | None] | None = field(default=None, repr=False, compare=False)
    lead_fields: dict[str, Any] | None = field(default=None, repr=False, compare=False)
    fetched: Any = field(default=None, repr=False, compare=False)  # evidence.warc.Fetched
    capture: Any = field(default=None, repr=False, compare=False)  # evidence.warc.Capture

    @property
    def doc_type(self) -> DocType:
        return "article"

    @property
    def thread_url(self) -> None:
        return None

    @property
    def floor(self) -> None:
        return None


@dataclass(slots=True)
class ForumPost:
    """One post of a forum thread (the opening post has ``floor`` 1), linked to its thread."""

    url: str  # canonical URL of the post (thread URL plus #post-<floor> when posts have no URL)
    thread_url: str
    thread_title: str
    source: str
    source_type: str
    floor: int
    content: str
    author: str | None = None
    published_at: datetime | None = None
    fetched_at: datetime | None = None
    province: str | None = None
    city: str | None = None
    encoding: str | None = None
    etag: str | None = None  # posts are cut from a thread page: no validators of their own
    last_modified: str | None = None
    content_hash: str | None = None
    reply_to: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    is_lead: bool | None = None  # set by the extraction pipeline
    extraction: Any = field(default=None, repr=False, compare=False)  # pipelines.leads.Extraction
    words: dict[str, str | None] | None = field(default=None, repr=False, compare=False)
    lead_fields: dict[str, Any] | None = field(default=None, repr=False, compare=False)
    fetched: Any = field(default=None, repr=False, compare=False)  # evidence.warc.Fetched
    capture: Any = field(default=None, repr=False, compare=False)  # evidence.warc.Capture

    @property
    def title(self) -> str:
        return self.thread_title

    @property
    def doc_type(self) -> DocType:
        return "forum_post"
