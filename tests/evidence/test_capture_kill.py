"""A crawl killed with SIGKILL in the middle of capturing: every record written before the kill is
readable, no lead points to a record that is not on disk, and the rerun captures the rest."""

from __future__ import annotations

import signal
import uuid
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from piwatch.evidence.warc import Capture, original_bytes, stored_payload
from piwatch.search import indices
from testkit.crawlrun import Crawl
from testkit.faults import wait_for
from testkit.webserver import LocalWeb, article_html

pytestmark = [pytest.mark.es, pytest.mark.slow]

CITIES = ("深圳", "广州", "杭州", "南京", "成都", "武汉", "西安", "长沙", "郑州", "济南")
PAGES = 30


def _lead_page(n: int) -> bytes:
    city = CITIES[n % len(CITIES)]
    title = f"{city}一房产中介出售业主信息被查（第{n}起）"
    body = (
        f"{city}市第{n}号房地产经纪有限公司未经业主同意，将{n + 2}百名业主的姓名、手机号码和"
        f"房产信息出售给装修公司，业主频繁接到推销电话。\n{city}市市场监督管理局已对该公司立案调查。"
    )
    return article_html(title, body)


def _responses(warc: Path) -> int:
    """Response records readable from the start of the file (a torn tail ends the count)."""
    count = 0
    try:
        with warc.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type == "response":
                    record.content_stream().read()
                    count += 1
    except (ArchiveLoadFailed, EOFError, OSError):
        pass
    return count


def _captured_leads(crawl: Crawl) -> list[Capture]:
    alias = indices.alias(crawl.prefix, "leads")
    crawl.es.indices.refresh(index=alias)
    hits = crawl.es.search(index=alias, query={"exists": {"field": "capture.file"}}, size=200)
    return [Capture.from_document(h["_source"]["capture"]) for h in hits["hits"]["hits"]]


def test_sigkill_mid_capture_leaves_no_lead_pointing_to_a_missing_record(
    crawl: Crawl, local_web: LocalWeb
) -> None:
    base = f"/kill-{uuid.uuid4().hex[:8]}"
    served = {}
    for n in range(PAGES):
        served[local_web.url(f"{base}/{n}.html")] = body = _lead_page(n)
        local_web.add_page(f"{base}/{n}.html", body, "text/html", delay=0.3)
    feed = local_web.add_feed(f"{base}/feed.xml", list(served))
    sources = crawl.sources_file(
        [{"name": "kill", "kind": "feed", "start_urls": [feed], "politeness": {"concurrency": 2}}]
    )
    warc_dir = crawl.data_dir / "evidence" / "warc"
    child = crawl.start(sources)
    wait_for(lambda: sum(_responses(w) for w in warc_dir.glob("*.warc.gz")) >= 8, 180, "8 captures")
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    written = sum(_responses(w) for w in warc_dir.glob("*.warc.gz"))
    before = _captured_leads(crawl)
    assert 8 <= written < PAGES and len(before) <= written
    for capture in before:  # every lead indexed before the kill points to a whole record
        assert stored_payload(original_bytes(warc_dir, capture))[0] == served[capture.target_uri]

    rerun = crawl.run("crawl", "--sources", str(sources), "--quiet")
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    after = _captured_leads(crawl)
    assert len(after) == PAGES and {c.target_uri for c in after} == set(served)
    for capture in after:
        assert stored_payload(original_bytes(warc_dir, capture))[0] == served[capture.target_uri]
    print(
        f"capture SIGKILL + rerun: lost=0 duplicated=0 items={len(after)} expected={PAGES} "
        f"captured_before_kill={written} leads_before_kill={len(before)}"
    )
