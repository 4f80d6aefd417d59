"""Everything the crawl computes from a fetched page, as one call an extraction worker runs.

Decoding, main text, lead extraction and the index's word fields are the crawl's CPU work; in
one picklable call (:func:`work_on`) they run in :class:`~piwatch.crawlers.extraction_pool.
ExtractionPool`'s processes, and the reactor keeps only fetching and indexing. Pure: no Scrapy,
no I/O, no clock (the fetch time comes in the job).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from piwatch.pipelines.leads import ExtractOptions, TextInput, extract
from piwatch.pipelines.leads.model import Extraction
from piwatch.pipelines.text.article import ArticleSelectors, extract_article
from piwatch.pipelines.text.dates import parse_date
from piwatch.pipelines.text.decode import decode_body
from piwatch.search.documents import article_words


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


def work_on(job: PageJob) -> PageWork:
    """Decode, extract the article, then (when it has a main text) its lead and word fields.
    Raises :class:`~piwatch.pipelines.text.decode.NotText` for a body that is not text."""
    if job.decoded is not None:
        text, encoding = job.decoded, "utf-8"
    else:
        page = decode_body(job.body, job.content_type, job.encoding_override)
        text, encoding = page.text, page.encoding
    article = extract_article(text, job.url, job.selectors, job.tz, now=job.fetched_at)
    title = (article.title or job.hints.get("title") or "").strip()
    content = (article.content or "").strip()
    published = article.published
    if published is None and job.hints.get("published"):
        published = parse_date(job.hints["published"].strip(), job.fetched_at, job.tz)
    author = article.author or job.hints.get("author")
    if not content:
        return PageWork(encoding, title, "", published, author, None, None)
    extraction = extract(
        TextInput(
            id=job.canonical,
            text=content,
            title=title,
            url=job.canonical,
            published=published.isoformat() if published else None,
            source_type=job.source_type,
        ),
        job.options,
    )
    return PageWork(
        encoding, title, content, published, author, extraction, article_words(title, content)
    )
