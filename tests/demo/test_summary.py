"""Reading a demo run back: run records and lead documents to rows, and how rows are shown."""

from __future__ import annotations

from rich.console import Console

from piwatch.demo.console import leads_table
from piwatch.demo.summary import LeadRow, lead_row, source_runs


def test_source_runs_follow_the_sources_order_and_fill_missing_ones() -> None:
    run = {"sources": {"b": {"pages": 4, "items": 3, "failed": 1}, "a": {"pages": 2}}}
    rows = source_runs(run, ["a", "b", "c"])
    assert [(r.name, r.pages, r.items, r.failed) for r in rows] == [
        ("a", 2, 0, 0),
        ("b", 4, 3, 1),
        ("c", 0, 0, 0),
    ]
    assert [r.pages for r in source_runs(None, ["a"])] == [0]


def test_lead_row_region_and_first_evidence() -> None:
    doc = {
        "business_names": ["某公司"],
        "conduct": ["breach"],
        "sectors": ["other"],
        "province": "北京市",
        "city": "北京市",
        "evidence": ["第一句", "第二句"],
        "score": 0.5,
        "article_url": "http://x/1",
    }
    row = lead_row(doc)
    assert (row.region, row.evidence, row.score) == ("北京市", "第一句", 0.5)
    assert lead_row({**doc, "province": "广东省", "city": "深圳市"}).region == "广东省深圳市"
    assert lead_row({"evidence": "一句"}).evidence == "一句"
    titled = {**doc, "article_title": "第一句"}
    assert lead_row(titled).evidence == "第二句"
    assert lead_row({**titled, "evidence": ["第一句"]}).evidence == "第一句"


def test_leads_table_shows_crawled_text_literally_and_masked() -> None:
    row = LeadRow(
        businesses=("[bold red]假公司[/bold red]",),
        conduct=("disclose_or_sell",),
        sectors=("other",),
        region="江苏省南京市",
        evidence="联系电话13912345678",
        score=0.9,
        url="http://x/1",
    )
    console = Console(record=True, width=200)
    console.print(leads_table([row], 1))
    text = console.export_text()
    assert "[bold red]假公司[/bold red]" in text
    assert "13912345678" not in text


def test_leads_table_reads_in_80_columns() -> None:
    row = LeadRow(
        businesses=("南京某某装饰工程有限公司",),
        conduct=("unsolicited_marketing", "disclose_or_sell"),
        sectors=("home_decoration",),
        region="江苏省南京市",
        evidence="业主刚收房就接到装修公司推销电话，对方能说出业主姓名和房号",
        score=0.75,
        url="http://x/2",
    )
    console = Console(record=True, width=80)
    console.print(leads_table([row], 1))
    text = console.export_text()
    assert "unsolicited_marketing" in text and "home_decoration" in text
    assert "业主刚收房就接到" in text  # the evidence column is wide enough to read
    assert max(len(line) for line in text.splitlines()) <= 80
