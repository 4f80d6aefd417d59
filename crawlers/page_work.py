"""Everything the crawl computes from a fetched page or text, as one call a worker runs.

Decoding, main text, lead extraction and the index's word fields are the crawl's CPU work; as
jobs (:mod:`piwatch.crawlers.jobs`) they run in :class:`~piwatch.crawlers.extraction_pool.
ExtractionPool`'s processes, and the reactor keeps only fetching and indexing. Pure: no Scrapy,
no I/O, no clock (the fetch time comes in the job).
"""

from __future__ import annotations

from piwatch.crawlers.jobs import PageJob, PageWork, TextJob, TextWork
from piwatch.pipelines.leads import TextInput
from piwatch.pipelines.leads.extract import extract
from piwatch.pipelines.text.article import extract_article
from piwatch.pipelines.text.dates import parse_date
from piwatch.pipelines.text.decode import decode_body
from piwatch.search.documents import article_words, lead_search_fields


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
        return PageWork(encoding, title, "", published, author, None, None, None)
    work = work_on_text(
        TextJob(
            TextInput(
                id=job.canonical,
                text=content,
                title=title,
                url=job.canonical,
                published=published.isoformat() if published else None,
                source_type=job.source_type,
            ),
            job.options,
            job.province,
            job.city,
        )
    )
    return PageWork(
        encoding, title, content, published, author, work.extraction, work.words, work.lead_fields
    )


def work_on_text(job: TextJob) -> TextWork:
    """A text's lead and word fields, and a lead's search fields."""
    text = job.text
    extraction = extract(text, job.options)
    lead_fields = (
        lead_search_fields(extraction, text.title, text.text, job.province, job.city)
        if extraction.is_lead
        else None
    )
    return TextWork(extraction, article_words(text.title, text.text), lead_fields)
