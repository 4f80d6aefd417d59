"""Scrapy settings of the piwatch project: defaults and the component priority dicts.

``piwatch crawl`` layers the operator's ``[crawl]`` settings and each source's overrides on top
(see :mod:`crawlers.runner`); ``scrapy crawl <kind> -a source=NAME`` uses these as they are.
Components read their own ``PIWATCH_<AREA>_*`` keys.
"""

from __future__ import annotations

BOT_NAME = "piwatch"
SPIDER_MODULES = ["piwatch.crawlers.spiders"]
NEWSPIDER_MODULE = "piwatch.crawlers.spiders"

USER_AGENT = "piwatch/0.1 (+consumer-protection monitoring; contact via operator)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 0
REDIRECT_MAX_TIMES = 5
RETRY_TIMES = 2
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"  # counted as failed per source; ERROR is for real errors
DEPTH_LIMIT = 0  # the guard enforces the per-source depth and counts what it drops
DEPTH_PRIORITY = 0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
DUPEFILTER_CLASS = "piwatch.crawlers.dupefilter.RunDupeFilter"
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

SPIDER_MIDDLEWARES = {
    "piwatch.crawlers.middlewares.guard.GuardMiddleware": 950,
}
DOWNLOADER_MIDDLEWARES = {
    "piwatch.crawlers.middlewares.conditional.ConditionalGetMiddleware": 590,
    "piwatch.crawlers.middlewares.retry_after.RetryAfterMiddleware": 560,
}
ITEM_PIPELINES = {
    "piwatch.crawlers.item_pipelines.LeadExtractionPipeline": 300,
    "piwatch.crawlers.item_pipelines.IndexPipeline": 400,
}

# Browser rendering: a source with ``render: browser`` switches DOWNLOAD_HANDLERS to these
# (crawlers.spiders.base); its requests opt in with meta["playwright"].
PLAYWRIGHT_DOWNLOAD_HANDLERS = {
    "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
    "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
}
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PLAYWRIGHT_LAUNCH_OPTIONS = {
    "executable_path": "/usr/bin/chromium",
    "headless": True,
    "args": PLAYWRIGHT_CHROMIUM_ARGS,
}
PLAYWRIGHT_MAX_CONTEXTS = 2
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 4
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000

# piwatch components
PIWATCH_TIMEZONE = "Asia/Shanghai"
PIWATCH_SEEN_PATH = ""  # SQLite seen-store; empty: <data_dir>/crawl/seen-<index prefix>.sqlite3
PIWATCH_GUARD_MAX_PAGES = 2000
PIWATCH_GUARD_MAX_DEPTH = 5
PIWATCH_GUARD_MAX_PER_TEMPLATE = 200
PIWATCH_RETRY_AFTER_MAX = 120.0
PIWATCH_INDEX_FLUSH_EVERY = 50
PIWATCH_INDEX_FLUSH_SECONDS = 2.0
