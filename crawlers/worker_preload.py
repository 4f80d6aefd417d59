"""Imported by the extraction workers' fork server before it forks them (see
``crawlers.extraction_pool``): what every page needs is loaded here once, so the workers share
it copy-on-write instead of each loading its own.

One page goes through the whole work first: the first use of trafilatura and lxml builds state
too, and so does a domain lookup (tld's suffix trie, 1.6 MB, which trafilatura's URL checks
build on first use). Then ``gc.freeze()``: what was loaded leaves the collector's reach, so
collections in the workers do not write to those objects and copy the pages that hold them.
"""

import gc
from datetime import UTC, datetime

import courlan

from piwatch.crawlers.jobs import PageJob
from piwatch.crawlers.page_work import work_on
from piwatch.pipelines.leads import ExtractOptions
from piwatch.pipelines.leads.extract import load_all
from piwatch.pipelines.options import ArticleSelectors

options = ExtractOptions()
load_all(options)
work_on(
    PageJob(
        url="http://preload.invalid/a.html",
        canonical="http://preload.invalid/a.html",
        body="<html><head><title>某公司泄露客户信息</title></head><body><article><p>"
        "某科技有限公司未经同意收集用户个人信息，并将其出售给他人。</p></article></body></html>".encode(),
        content_type="text/html; charset=utf-8",
        encoding_override=None,
        decoded=None,
        selectors=ArticleSelectors(),
        tz="Asia/Shanghai",
        fetched_at=datetime.now(UTC),
        source_type="news",
        options=options,
    )
)
courlan.extract_domain("http://www.preload.com.cn/a.html")
gc.freeze()
