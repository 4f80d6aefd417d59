"""The crawl's CPU work as jobs: what goes to an extraction worker and what comes back.

The crawl process builds jobs and hands :func:`run_page` or :func:`run_text` to its
:class:`~piwatch.crawlers.extraction_pool.ExtractionPool`; the work itself is
:mod:`piwatch.crawlers.page_work`, imported where it runs. That module carries the whole
extraction stack (jieba's dictionary, the lexicons, trafilatura and dateparser: about 100 MB),
which the workers' fork server preloads and the crawl process, which only fetches and indexes,
never loads unless it has no pool (``crawl.extraction_workers = 0``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from piwatch.pipelines.leads.model import Extraction, TextInput
from piwatch.pipelines.options import ArticleSelectors, ExtractOptions


@dataclass(frozen=True, slots=True)
class PageJob:
    """A fetched page and what its source says about reading it."""

    url: str  # as fetched
    canonical: str  # the item's URL, the lead's id
    body: bytes
    content_type: str | None  # the response's header, for its charset label
    encoding_override: str | None  # the source's ``encoding``
    decoded: str | None  # text Chromium decoded already (rendered pages); then body is unused
    selectors: ArticleSelectors
    tz: str
    fetched_at: datetime
    source_type: str
    options: ExtractOptions
    hints: dict[str, str] = field(default_factory=dict)  # title, published, author from a list
    province: str | None = None  # the source's region, where a lead names none
    city: str | None = None


@dataclass(frozen=True, slots=True)
class TextJob:
    """A text the crawl has already cut from its page (a forum post, an API record's body)."""

    text: TextInput
    options: ExtractOptions
    province: str | None = None  # the source's region, where a lead names none
    city: str | None = None


@dataclass(frozen=True, slots=True)
class TextWork:
    """A text's lead and the index's word fields (a lead's search fields too)."""

    extraction: Extraction
    words: dict[str, str | None]
    lead_fields: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class PageWork:
    """What the page says and what piwatch makes of it."""

    encoding: str
    title: str
    content: str  # empty: the page has no main text
    published: datetime | None
    author: str | None
    extraction: Extraction | None
    words: dict[str, str | None] | None
    lead_fields: dict[str, Any] | None


def run_page(job: PageJob) -> PageWork:
    """:func:`piwatch.crawlers.page_work.work_on`, imported in the process that runs it."""
    from piwatch.crawlers.page_work import work_on

    return work_on(job)


def run_text(job: TextJob) -> TextWork:
    """:func:`piwatch.crawlers.page_work.work_on_text`, imported in the process that runs it."""
    from piwatch.crawlers.page_work import work_on_text

    return work_on_text(job)
