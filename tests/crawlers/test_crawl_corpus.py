"""The show case: the contracts' smallest feed source, pointed at a local feed linking the real
saved Chinese pages, indexes every page into the articles alias with its main text."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from testkit.corpus_pages import BODY_SETS, CorpusPage, char_f1, pages
from testkit.crawlrun import Crawl
from testkit.webserver import LocalWeb

pytestmark = [pytest.mark.es, pytest.mark.corpus, pytest.mark.slow]

MEAN_F1_FLOOR = 0.75
"""Mean character F1 of the indexed main text against the hand-made ground truth; see the
README for the measured value (piwatch's extractor on these pages, crawled end to end)."""
TITLE_FLOOR = 0.8
"""Share of pages whose indexed title equals the ground-truth title (or, for sets that give the
title with the site name attached, is its leading part)."""


def serve_corpus(web: LocalWeb, corpus: Path) -> tuple[str, dict[str, CorpusPage]]:
    """Every page with ground-truth text, as served bytes, and a feed linking them all."""
    served: dict[str, CorpusPage] = {}
    for n, page in enumerate(pages(corpus / "pages", BODY_SETS)):
        if not page.body:
            continue
        path = f"/corpus/{n}.html"
        web.add_page(path, page.raw, "text/html")
        served[web.url(path)] = page
    return web.add_feed("/corpus/feed.xml", list(served)), served


def title_ok(indexed: str, page: CorpusPage) -> bool:
    assert page.title is not None
    if page.title_is_prefix:
        return bool(indexed) and page.title.strip().startswith(indexed.strip()[:8])
    return indexed.strip() == page.title.strip()


def test_smallest_feed_source_indexes_every_real_page(
    crawl: Crawl, local_web: LocalWeb, shared_corpus: Path
) -> None:
    feed, served = serve_corpus(local_web, shared_corpus)
    assert len(served) > 200
    sources = crawl.sources_file(
        [{"name": "example-feed", "kind": "feed", "start_urls": [feed]}]  # the contract's form
    )
    result = crawl.crawl(sources, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    docs = {d["url"]: d for d in crawl.docs("example-feed")}
    assert set(docs) == set(served)  # every page, no more
    scores = [char_f1(docs[url]["content"], page.body or "") for url, page in served.items()]
    titled = [(docs[u]["title"], p) for u, p in served.items() if p.title]
    title_share = sum(title_ok(t, p) for t, p in titled) / len(titled)
    mean = statistics.fmean(scores)
    print(f"\npages {len(served)}  mean char F1 {mean:.3f}  titles {title_share:.3f}")
    assert all(docs[u]["content"].strip() for u in served)
    assert mean >= MEAN_F1_FLOOR
    assert title_share >= TITLE_FLOOR
