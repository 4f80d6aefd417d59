"""An article edited so that it no longer reads as a lead: its lead is withdrawn, not lost."""

from __future__ import annotations

import re
from pathlib import Path

from piwatch.search import documents, indices
from piwatch.search.queries import LeadQuery, search_leads
from testkit.crawlrun import Crawl
from testkit.webserver import LocalWeb

SITE = Path(__file__).resolve().parents[1] / "site"
PAGE = "/news/a1.html"
PLAIN = (
    "<p>本市春季长跑比赛近日在滨江公园举行，三千余名市民参加，赛事组织有序。</p>"
    "<p>组委会表示，明年将增设亲子组和半程马拉松项目，欢迎市民踊跃报名参加。</p>"
)


def _lead(crawl: Crawl, url: str) -> dict:
    alias = indices.alias(crawl.prefix, "leads")
    crawl.es.indices.refresh(index=alias)
    found = crawl.es.search(index=alias, query={"ids": {"values": [documents.lead_id(url)]}})
    (hit,) = found["hits"]["hits"]  # exactly one copy, whatever happened to the article
    return hit["_source"]


def test_edited_article_withdraws_its_lead_and_keeps_triage(
    crawl: Crawl, local_web: LocalWeb
) -> None:
    web = local_web
    url = web.url(PAGE)
    sources = crawl.sources_file(
        [{"name": "site-rss", "kind": "feed", "start_urls": [web.url("/feed.xml")]}]
    )
    first = crawl.crawl(sources)
    assert first.returncode == 0, first.stderr[-3000:]
    lead = _lead(crawl, url)
    assert lead["is_lead"] is True and lead["status"] == "new"
    leads_alias = indices.alias(crawl.prefix, "leads")
    crawl.es.update(index=leads_alias, id=documents.lead_id(url), doc={"status": "investigating"})
    leads_before = search_leads(crawl.es, crawl.prefix, LeadQuery()).total

    original = (SITE / PAGE.lstrip("/")).read_bytes()
    # The publisher replaces the story: the page no longer reports a violation.
    edited = re.sub(r'<div class="content">.*?</div>', f'<div class="content">{PLAIN}</div>',
                    original.decode(), flags=re.S)  # fmt: skip
    edited = edited.replace(
        "某房产中介公司违规出售业主信息被立案调查", "春季长跑比赛在滨江公园举行"
    )
    assert "出售" not in edited
    web.add_page(PAGE, edited.encode(), "text/html")
    try:
        second = crawl.crawl(sources)
        assert second.returncode == 0, second.stderr[-3000:]
        withdrawn = _lead(crawl, url)
        assert withdrawn["is_lead"] is False and withdrawn["withdrawn_at"]
        assert withdrawn["status"] == "investigating"  # the investigator's work is kept
        assert search_leads(crawl.es, crawl.prefix, LeadQuery()).total == leads_before - 1
        (article,) = [d for d in crawl.docs() if d["url"] == url]
        assert article["is_lead"] is False and "长跑" in article["content"]
    finally:
        web.pages.pop(PAGE, None)  # the static page again, for this test and the next ones

    # Edited back: the same lead document is a lead again.
    third = crawl.crawl(sources)
    assert third.returncode == 0, third.stderr[-3000:]
    restored = _lead(crawl, url)
    assert restored["is_lead"] is True and restored.get("withdrawn_at") is None
    assert restored["status"] == "investigating"
    assert search_leads(crawl.es, crawl.prefix, LeadQuery()).total == leads_before
