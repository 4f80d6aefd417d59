"""The removal watch against the local test web: between two crawls one lead page is deleted
(404), one replaced by the site's "deleted" notice, one edited so the quoted passage is gone, one
left alone. The leads record what happened, the digest says it, nothing is deleted, and the
deleted page's evidence package still exports with a rendering made from the capture."""

from __future__ import annotations

import json
import subprocess
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import urllib3

from piwatch.config import load_settings
from piwatch.evidence.recheck import _allowed, judge
from piwatch.evidence.render import readable_content_type
from piwatch.pipelines.text.mask import mask_pii
from piwatch.reports.digest import DigestOptions, RecipientSpec, build_for
from piwatch.reports.render import render_text
from piwatch.reports.routing import Jurisdiction
from piwatch.reports.smtp import SmtpOptions
from piwatch.reports.weeks import week_from_label
from piwatch.scheduler import render_after_crawl
from piwatch.search import indices
from testkit.crawlrun import Crawl
from testkit.webserver import LocalWeb, article_html

pytestmark = [pytest.mark.es, pytest.mark.browser, pytest.mark.slow]

ARTICLES = {
    "gone": (
        "深圳一房产中介倒卖业主信息被查",
        "深圳市安居房地产经纪有限公司未经业主同意，将三千多名业主的姓名、手机号码和房产信息出售给"
        "装修公司，业主频繁接到推销电话。\n深圳市市场监督管理局已对该公司立案调查。",
    ),
    "notice": (
        "广州一装修公司买卖业主电话被罚",
        "广州市美家装饰工程有限公司从物业人员处购买小区业主的姓名和电话号码，用于电话推销装修"
        "服务。\n广州市市场监督管理局依法没收违法所得并处以罚款。",
    ),
    "edited": (
        "杭州一教育培训机构泄露学员信息",
        "杭州启明教育科技有限公司员工将学员家长的姓名、电话号码等个人信息打包卖给其他培训机构。\n"
        "杭州市市场监督管理局接到投诉后立案查处，没收违法所得并处罚款。",
    ),
    "kept": (
        "成都一健身房擅自收集会员人脸信息",
        "成都市力行健身服务有限公司未经会员同意，强制采集会员人脸信息和身份证号码用于门禁，并将会员"
        "信息提供给合作的保险经纪公司推销保险。\n成都市市场监督管理局已责令整改。",
    ),
}
DELETED_NOTICE = "<html><body><div class='tip'>抱歉，该文章已被删除</div></body></html>".encode()


def _leads(crawl: Crawl) -> dict[str, dict[str, Any]]:
    alias = indices.alias(crawl.prefix, "leads")
    crawl.es.indices.refresh(index=alias)
    found = crawl.es.search(index=alias, query={"match_all": {}}, size=100)
    return {
        hit["_source"]["article_url"].rsplit("/", 1)[1].removesuffix(".html"): hit["_source"]
        | {"_id": hit["_id"]}
        for hit in found["hits"]["hits"]
    }


def test_a_deleted_changed_and_kept_page_between_two_crawls(
    crawl: Crawl, local_web: LocalWeb, tmp_path: Path
) -> None:
    base = f"/rw-{uuid.uuid4().hex[:8]}"
    for name, (title, body) in ARTICLES.items():
        local_web.add_page(f"{base}/{name}.html", article_html(title, body), "text/html")
    feed = local_web.add_feed(
        f"{base}/feed.xml", [local_web.url(f"{base}/{n}.html") for n in ARTICLES]
    )
    sources = crawl.sources_file([{"name": "rw-news", "kind": "feed", "start_urls": [feed]}])
    first = crawl.crawl(sources)
    assert first.returncode == 0, first.stderr[-3000:]
    before = _leads(crawl)
    assert set(before) == set(ARTICLES) and all(lead["capture"] for lead in before.values())

    local_web.remove_page(f"{base}/gone.html")
    local_web.add_page(f"{base}/notice.html", DELETED_NOTICE, "text/html")
    title, _ = ARTICLES["edited"]
    local_web.add_page(
        f"{base}/edited.html",
        article_html(title, "本文内容已根据有关方面意见更新。\n相关情况以官方通报为准。"),
        "text/html",
    )
    crawl.env_extra["PIWATCH_EVIDENCE__RECHECK_DELAY_SECONDS"] = "0"
    watch = crawl.run("evidence", "recheck")
    assert watch.returncode == 0, watch.stderr
    assert "4 pages checked: 2 removed, 1 changed, 0 unreachable; 3 leads marked" in watch.stdout
    second = crawl.crawl(sources)  # the second crawl meets the 404 and keeps the evidence
    assert second.returncode == 0, second.stderr[-3000:]
    after = _leads(crawl)
    assert after["gone"]["source_check"]["status"] == 404
    assert after["gone"]["source_removed_at"] and after["notice"]["source_removed_at"]
    assert "已被删除" in after["notice"]["source_check"]["detail"]
    assert after["edited"]["source_changed_at"] and not after["edited"].get("source_removed_at")
    assert not after["kept"].get("source_removed_at") and not after["kept"].get("source_changed_at")
    assert after["gone"]["capture"] == before["gone"]["capture"]  # the evidence is kept
    assert after["gone"]["history"][-1]["by"] == "removal-watch"

    again = crawl.run("evidence", "recheck")  # recorded once: nothing new to mark
    assert "0 leads marked" in again.stdout, again.stdout

    out = tmp_path / "package"
    exported = crawl.run("evidence", "export", after["gone"]["_id"], "--out", str(out))
    assert exported.returncode == 0, exported.stdout + exported.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["rendering"]["origin"] == "capture"  # the live page answers 404
    assert manifest["rendering"]["live_error"] == "HTTP 404"
    assert "安居房地产经纪有限公司" in _pdf_text(out / "page.pdf")
    assert (out / "page.png").read_bytes().startswith(b"\x89PNG")
    assert crawl.run("evidence", "verify", str(out)).returncode == 0

    tz = ZoneInfo("Asia/Shanghai")
    options = DigestOptions(
        prefix=crawl.prefix, kibana_url="http://kibana.test:5601", timezone=tz,
        sender="piwatch@test.example", recipients=(), max_leads=50, out_dir=tmp_path,
        sent_db=tmp_path / "sent.sqlite", smtp=SmtpOptions(host="127.0.0.1", port=25),
    )  # fmt: skip
    week = week_from_label(datetime.now(tz).strftime("%G-W%V"), tz)
    spec = RecipientSpec("all@test.example", "all", Jurisdiction())
    digest = build_for(crawl.es, options, week, spec, mask_pii)
    text = render_text(digest)
    today = datetime.now(UTC).date().isoformat()  # dates in the digest are as stored (UTC)
    assert text.count(f"原文已于 {today} 删除（证据已留存）") == 2
    assert text.count(f"原文已于 {today} 改动") == 1


def test_the_live_page_is_rendered_when_it_answers(
    crawl: Crawl, local_web: LocalWeb, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIWATCH_CONFIG", "")  # no operator's piwatch.toml in the test
    base = f"/render-{uuid.uuid4().hex[:8]}"
    title, body = ARTICLES["kept"]
    gbk = article_html(title, body).decode().replace("charset='utf-8'", "charset='gbk'")
    # GBK bytes the server labels UTF-8: the renderings follow the bytes, not the label
    local_web.add_page(f"{base}/kept.html", gbk.encode("gbk"), "text/html; charset=utf-8")
    feed = local_web.add_feed(f"{base}/feed.xml", [local_web.url(f"{base}/kept.html")])
    done = crawl.crawl(crawl.sources_file([{"name": "r", "kind": "feed", "start_urls": [feed]}]))
    assert done.returncode == 0, done.stderr[-3000:]
    (lead,) = _leads(crawl).values()
    settings = load_settings(
        data_dir=crawl.data_dir,
        elasticsearch={"url": crawl.es_url, "index_prefix": crawl.prefix},
    )
    render_after_crawl(settings)  # what the scheduler does after the nightly crawl
    rendering = crawl.data_dir / "evidence" / "renderings" / lead["_id"]
    assert (
        json.loads((rendering / "rendering.json").read_text(encoding="utf-8"))["origin"] == "live"
    )
    live = crawl.run("evidence", "capture", lead["_id"])
    assert live.returncode == 0, live.stdout + live.stderr
    assert "from the live page" in live.stdout
    assert "力行健身服务有限公司" in _pdf_text(rendering / "page.pdf")  # readable Chinese
    offline = crawl.run("evidence", "capture", lead["_id"], "--offline")
    assert "from the stored capture" in offline.stdout
    record = json.loads((rendering / "rendering.json").read_text(encoding="utf-8"))
    assert record["origin"] == "capture"
    assert "力行健身服务有限公司" in _pdf_text(rendering / "page.pdf")


def _pdf_text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def test_the_charset_label_follows_the_bytes() -> None:
    page = "<html><meta charset='gbk'><p>个人信息</p></html>".encode("gbk")
    assert readable_content_type(page, "text/html; charset=utf-8") == "text/html; charset=gb18030"
    assert readable_content_type(b"\x89PNG\r\n\x1a\n\x00\x00", "image/png") == "image/png"


@pytest.mark.parametrize(
    ("status", "page", "outcome"),
    [
        (410, b"gone", "removed"),
        (503, b"busy", "unreachable"),
        (200, "<p>该帖子已被管理员删除</p>".encode(), "removed"),
        (200, "<p>某公司出售客户信息一事已处理完毕，特此说明。</p>".encode(), "changed"),
        (200, "<p>某公司出售客户信息给第三方，电话13812345678。</p>".encode(), "present"),
    ],
)
def test_judge(status: int, page: bytes, outcome: str) -> None:
    quote = mask_pii("某公司出售客户信息给第三方，电话13812345678。")
    captured = "某公司出售客户信息给第三方，电话13812345678。"
    assert judge(status, page, "text/html; charset=utf-8", [quote], captured)[0] == outcome


def test_a_quote_the_capture_never_had_never_makes_a_page_changed() -> None:
    found = judge(200, "<p>全新的内容</p>".encode(), None, ["动态加载的评论"], "静态页面文本")
    assert found == ("present", "no quote of the capture to compare")


def test_the_watch_obeys_robots_txt_as_the_crawl_does(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIWATCH_CONFIG", "")
    web = LocalWeb(host="127.0.0.9").start()  # a site of its own: the shared web stays as it is
    try:
        web.add_page("/robots.txt", b"User-agent: *\nDisallow: /withdrawn/\n", "text/plain")
        settings = load_settings()
        http = urllib3.PoolManager()
        robots: dict[str, Any] = {}
        assert not _allowed(http, robots, web.url("/withdrawn/1.html"), settings)
        assert _allowed(http, robots, web.url("/news/1.html"), settings)
        assert len(robots) == 1  # read once per site
    finally:
        web.stop()
