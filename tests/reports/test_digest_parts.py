"""Pure parts of the digest: ISO weeks, Kibana links, rendering and the CSV attachment."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest

from piwatch.errors import PiwatchError
from piwatch.reports.model import Counts, LinkMaker, WeekData, build_digest
from piwatch.reports.render import render_csv, render_html, render_text
from piwatch.reports.routing import Jurisdiction, kql
from piwatch.reports.weeks import last_complete_week, week_from_label, week_of
from piwatch.search.kibana.links import document_url, kql_quote, rison

TZ = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("now", "label"),
    [
        (datetime(2026, 11, 23, 0, 30, tzinfo=TZ), "2026-W47"),  # Monday just after midnight
        (datetime(2026, 11, 22, 15, 59, tzinfo=UTC), "2026-W46"),  # Sunday 23:59 in Shanghai
        (datetime(2026, 11, 22, 16, 0, tzinfo=UTC), "2026-W47"),  # Monday 00:00 in Shanghai
        (datetime(2027, 1, 4, 9, 0, tzinfo=TZ), "2026-W53"),  # 2026 has 53 ISO weeks
    ],
)
def test_last_complete_week(now, label):
    assert last_complete_week(now, TZ).label == label


def test_week_bounds_and_previous():
    week = week_from_label("2026-W01", TZ)
    assert week.start == datetime(2025, 12, 29, tzinfo=TZ)
    assert week.end == datetime(2026, 1, 5, tzinfo=TZ)
    assert week.previous().label == "2025-W52"
    assert week_of(week.end, TZ).label == "2026-W02"


@pytest.mark.parametrize("label", ["2026-47", "2026-W7", "2025-W53", "W47"])
def test_bad_weeks_are_operator_errors(label):
    with pytest.raises(PiwatchError):
        week_from_label(label, TZ)


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        ({"a": 1, "b": [True, None]}, "(a:1,b:!(!t,!n))"),
        ("it's!", "'it!'s!!'"),
        ("piwatch-leads", "piwatch-leads"),
        ("广东省", "'广东省'"),
        ([], "!()"),
    ],
)
def test_rison(value, encoded):
    assert rison(value) == encoded


def test_kql_quotes_crawled_values():
    assert kql_quote('某"公司\\') == '"某\\"公司\\\\"'
    assert kql(Jurisdiction("广东省", "深圳市")) == (
        '(province:"广东省" or regions.province:"广东省") and '
        '(city:"深圳市" or regions.city:"深圳市")'
    )
    assert kql(Jurisdiction()) == ""


def test_links_carry_view_time_and_filters():
    week = week_from_label("2026-W47", TZ)
    links = LinkMaker(
        "http://kb:5601/", "piwatch-leads", week.start, week.end, Jurisdiction("浙江省")
    )
    url = unquote(links.view(conduct="breach"))
    assert url.startswith(
        "http://kb:5601/app/discover#/?_g=(filters:!(),time:(from:'2026-11-16T00:00:00+08:00'"
    )
    assert "dataViewId:piwatch-leads" in url
    assert (
        'conduct:"breach"' in url and 'province:"浙江省"' in url and 'not status:"dismissed"' in url
    )
    assert document_url("http://kb:5601", "piwatch-leads", "piwatch-leads-000001", "a b") == (
        "http://kb:5601/app/discover#/doc/piwatch-leads/piwatch-leads-000001?id=a%20b"
    )


def _digest(title: str, business: str = "某公司", url: str = "http://news.example/1.html"):
    week = week_from_label("2026-W47", TZ)
    hit = {
        "_id": "x1",
        "_index": "piwatch-leads-000001",
        "_source": {
            "article_title": title,
            "score": 0.5,
            "conduct": ["breach"],
            "sectors": ["internet_apps"],
            "business_names": [business],
            "evidence": ["电话13812345678"],
            "article_url": url,
        },
    }
    counts = Counts(1, {"internet_apps": 1}, {"breach": 1}, {("internet_apps", "breach"): 1})
    data = WeekData([hit], counts, Counts(), [(business, 1)], [])
    links = LinkMaker("http://kb", "piwatch-leads", week.start, week.end, Jurisdiction())
    return build_digest(
        week.label, "", "a@b.c", data, links, mask=lambda s: s.replace("13812345678", "138********")
    )


def test_html_escapes_every_crawled_string():
    digest = _digest('<img src=x onerror="alert(1)">', business="<b>公司</b>")
    html = render_html(digest)
    assert "<img" not in html and "<b>公司" not in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    assert "&lt;b&gt;公司&lt;/b&gt;" in html
    assert "138********" in html and "13812345678" not in html
    assert "<img" in render_text(digest)  # plain text is never interpreted
    assert 'href="http://news.example/1.html"' in html


def test_only_web_links_are_clickable():
    html = render_html(_digest("t", url="javascript:alert(1)"))
    assert "javascript:" not in html


def test_csv_defuses_formulas_and_has_bom():
    raw = render_csv(_digest('=HYPERLINK("http://evil")', business="+cmd").leads)
    assert raw.startswith(b"\xef\xbb\xbf")
    (row,) = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert row["title"] == '\'=HYPERLINK("http://evil")'
    assert row["businesses"] == "'+cmd"
    assert row["kibana_url"].endswith("?id=x1")


def test_truncation_is_said_when_more_leads_than_shown():
    digest = _digest("t")
    more = replace(digest, total=250)
    assert more.truncated
    assert "仅列出评分最高的 1 条，共 250 条" in render_html(more)
    assert "仅列出评分最高的 1 条，共 250 条" in render_text(more)
    assert not digest.truncated and "仅列出" not in render_html(digest)


def test_region_label_names_a_municipality_once() -> None:
    from piwatch.reports.labels import region_label

    assert region_label("北京市", "北京市") == "北京市"
    assert region_label("广东省", "深圳市") == "广东省深圳市"
    assert region_label("浙江省", None) == "浙江省"
    assert region_label(None, None) == ""
