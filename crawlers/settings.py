"""Scrapy settings of the piwatch project: the component wiring, and the values that the
``[crawl]`` section of the piwatch settings decides (:func:`from_crawl_settings`).

Every value an operator can set is defined once, in :class:`piwatch.config.CrawlSettings`;
this module takes its defaults from there, and ``piwatch crawl`` puts the operator's values and
each source's overrides on top (see :mod:`piwatch.crawlers.runner`). ``scrapy crawl <kind> -a
source=NAME`` uses the defaults as they are. Components read their own ``PIWATCH_<AREA>_*`` keys.
"""

from __future__ import annotations

from typing import Any

from scrapy.settings.default_settings import EXTENSIONS_BASE as _SCRAPY_EXTENSIONS

from piwatch.browser import CHROMIUM_ARGS
from piwatch.config import CrawlSettings


def from_crawl_settings(crawl: CrawlSettings) -> dict[str, Any]:
    """The Scrapy settings that follow from the ``[crawl]`` section."""
    return {
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "CONCURRENT_REQUESTS": crawl.concurrent_requests,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrent_per_domain,
        "DOWNLOAD_DELAY": crawl.download_delay,
        "AUTOTHROTTLE_START_DELAY": crawl.download_delay,
        "DOWNLOAD_TIMEOUT": crawl.download_timeout,
        "DOWNLOAD_MAXSIZE": crawl.max_response_bytes,
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "PIWATCH_GUARD_MAX_PAGES": crawl.max_pages_per_source,
        "PIWATCH_GUARD_MAX_DEPTH": crawl.max_depth,
        "PIWATCH_TIMEZONE": crawl.timezone,
        "PLAYWRIGHT_LAUNCH_OPTIONS": {
            "executable_path": str(crawl.chromium_path),
            "headless": True,
            "args": PLAYWRIGHT_CHROMIUM_ARGS,
        },
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": crawl.browser_max_pages,
        "PLAYWRIGHT_MAX_CONTEXTS": crawl.browser_max_contexts,
        "LOG_LEVEL": crawl.log_level,
    }


BOT_NAME = "piwatch"
SPIDER_MODULES = ["piwatch.crawlers.spiders"]
NEWSPIDER_MODULE = "piwatch.crawlers.spiders"

DOWNLOAD_WARNSIZE = 0
REDIRECT_MAX_TIMES = 5
RETRY_TIMES = 2
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"  # counted as failed per source; ERROR is for real errors
DEPTH_LIMIT = 0  # the guard enforces the per-source depth and counts what it drops
DEPTH_PRIORITY = 0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
COOKIES_ENABLED = False
CONCURRENT_ITEMS = 4
"""Scrapy starts this many tasks for each response's output, however few items it yields (one
for an article), and a response waiting for an extraction worker keeps them: at Scrapy's 100,
the tasks of pages in flight outweighed the pages (about 80 MB for 900 on the 50-site bench);
at 16, a 50-source crawl of 300 pages still started 12,000 tasks. A forum page's posts go to
the extraction pool four at a time, which is more than its two workers take at once."""
FEED_EXPORT_ENCODING = "utf-8"

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
DUPEFILTER_CLASS = "piwatch.crawlers.dupefilter.RunDupeFilter"
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
EXTENSIONS = {
    "piwatch.crawlers.queue_recovery.QueueRecovery": 0,  # a killed crawl's queue is not reused
}
NOT_LOADED = frozenset(
    {
        "scrapy.extensions.telnet.TelnetConsole",
        "scrapy.extensions.remote_control.RemoteControl",
    }
)
"""Scrapy's consoles, left out of ``EXTENSIONS_BASE``: switched off, Scrapy still imports every
base extension (twisted.conch; aiohttp, 8 MiB). The remote control (Scrapy 2.19) serves, for
every crawler, HTTP on localhost that runs the Python code posted to it, its token in a file
under ~/.local/state/scrapy that a killed crawl leaves behind: code execution inside a process
holding crawled personal data."""
EXTENSIONS_BASE = {k: v for k, v in _SCRAPY_EXTENSIONS.items() if k not in NOT_LOADED}

SPIDER_MIDDLEWARES = {
    "piwatch.crawlers.middlewares.guard.GuardMiddleware": 950,
}
DOWNLOADER_MIDDLEWARES = {
    "piwatch.crawlers.middlewares.conditional.ConditionalGetMiddleware": 590,
    "piwatch.crawlers.middlewares.retry_after.RetryAfterMiddleware": 560,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "piwatch.crawlers.middlewares.meta_refresh.HeadMetaRefreshMiddleware": 580,
    "piwatch.crawlers.middlewares.run_budget.RunBudgetMiddleware": 950,  # nearest the download
}
ITEM_PIPELINES = {
    "piwatch.crawlers.item_pipelines.LeadExtractionPipeline": 300,
    "piwatch.crawlers.item_pipelines.CapturePipeline": 350,
    "piwatch.crawlers.item_pipelines.IndexPipeline": 400,
}

# Browser rendering: a source with ``render: browser`` switches DOWNLOAD_HANDLERS to these
# (crawlers.spiders.base); its requests opt in with meta["playwright"].
PLAYWRIGHT_DOWNLOAD_HANDLERS = {
    "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
    "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
}
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_CHROMIUM_ARGS = CHROMIUM_ARGS
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000

# piwatch components
PIWATCH_SEEN_PATH = ""  # SQLite seen-store; empty: <data_dir>/crawl/seen-<index prefix>.sqlite3
PIWATCH_GUARD_MAX_PER_TEMPLATE = 200
PIWATCH_RETRY_AFTER_MAX = 120.0
PIWATCH_INDEX_FLUSH_EVERY = 50
PIWATCH_INDEX_FLUSH_SECONDS = 2.0

# The operator-settable values, at their defaults (``piwatch crawl`` replaces them with the
# configured ones).
globals().update(from_crawl_settings(CrawlSettings()))
