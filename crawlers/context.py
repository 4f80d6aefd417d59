"""What a run hands to the components of its crawlers: the piwatch settings and the index sink.

``piwatch crawl`` (:mod:`piwatch.crawlers.runner`) builds one :class:`CrawlContext` per run and
sets it on every crawler it creates; components read it with :func:`crawl_context`. A bare
``scrapy crawl`` has no runner, so the context is built once from the environment, here and
nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from piwatch.config import Settings, load_settings

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

ATTRIBUTE = "piwatch_context"


@dataclass(slots=True)
class CrawlContext:
    """The run's settings and, once opened, the index sink its crawlers share."""

    settings: Settings
    sink: Any = None  # piwatch.crawlers.item_pipelines.IndexSink, opened by the runner


def attach(crawler: Crawler, context: CrawlContext) -> None:
    setattr(crawler, ATTRIBUTE, context)


def crawl_context(crawler: Crawler) -> CrawlContext:
    """The context the runner attached, or one built from the environment (``scrapy crawl``)."""
    context = getattr(crawler, ATTRIBUTE, None)
    if context is None:
        context = CrawlContext(load_settings())
        attach(crawler, context)
    return context
