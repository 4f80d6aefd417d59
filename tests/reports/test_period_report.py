"""`piwatch report`: the campaign's statistical table checked cell by cell against an independent
count of the index, typical and cross-regional cases, XLSX, HTML and a PDF with Chinese text."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch
from openpyxl import load_workbook

from piwatch.config import SPECIAL_ACTION_2019, load_settings
from piwatch.errors import PiwatchError
from piwatch.reports.period_files import TABLE_SHEET
from piwatch.reports.period_report import plan
from testkit.campaign import HOSTILE, all_leads, expected_cells, index_leads
from testkit.crawlrun import piwatch_env, run_piwatch

CAMPAIGN = SPECIAL_ACTION_2019
FIGURES = ("线索", "案件", "经营者")


def _table(path: Path, sheet: str) -> dict[tuple[str, str], tuple[int, int, int]]:
    """The XLSX table as (sector code, conduct code) → figures ("" for totals)."""
    ws = load_workbook(path)[sheet]
    rows = list(ws.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    labels = {f"{label}·": code for code, label in _conduct_labels().items()} | {"合计·": ""}
    out: dict[tuple[str, str], tuple[int, int, int]] = {}
    for row in body:
        sector = "" if row[1] == "total" else row[1]
        for prefix, code in labels.items():
            cols = [header.index(prefix + name) for name in FIGURES]
            values = tuple(row[i] for i in cols)
            assert all(isinstance(v, int) for v in values), (row[0], prefix, values)
            out[(sector, code)] = values  # type: ignore[assignment]
    return out


def _conduct_labels() -> dict[str, str]:
    from piwatch.reports.labels import CONDUCT_LABELS

    return {c: CONDUCT_LABELS[c] for c in CAMPAIGN.conducts}


@pytest.fixture
def campaign_index(es: Elasticsearch, index_prefix: str) -> list[dict]:
    index_leads(es, index_prefix)
    return all_leads(es, index_prefix)


@pytest.mark.es
@pytest.mark.browser
def test_campaign_report_writes_xlsx_html_pdf_and_every_cell_matches_the_index(
    es_node, index_prefix: str, campaign_index: list[dict], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    env = piwatch_env(es_node.url, index_prefix, tmp_path / "data")
    done = run_piwatch(
        env,
        "report",
        "--campaign",
        CAMPAIGN.name,
        "--from",
        "2019-04-01",
        "--to",
        "2019-09-30",
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    stem = "report-special-action-2019-2019-04-01-2019-09-30-all"
    xlsx, html, pdf = (out / f"{stem}.{ext}" for ext in ("xlsx", "html", "pdf"))
    assert xlsx.is_file() and html.is_file() and pdf.is_file()

    expected = expected_cells(
        campaign_index, date(2019, 4, 1), date(2019, 9, 30), CAMPAIGN.sectors, CAMPAIGN.conducts
    )
    got = _table(xlsx, TABLE_SHEET)
    assert got == expected
    assert len(got) == (len(CAMPAIGN.sectors) + 1) * (len(CAMPAIGN.conducts) + 1)
    assert expected[("", "")][0] == 9  # the seeds left once dismissed/withdrawn/outside are out

    book = load_workbook(xlsx)
    assert {"分地区", "分来源类型", "每周线索", "典型案例", "跨地区案件"} <= set(book.sheetnames)
    assert book[TABLE_SHEET].freeze_panes == "C2"
    weeks = book["每周线索"]
    assert weeks._charts, "a chart of leads by week"
    assert sum(n for _, n in weeks.iter_rows(min_row=2, values_only=True)) == 9
    sources = {r[1]: r[2] for r in book["分来源类型"].iter_rows(min_row=2, values_only=True)}
    counted = _counted(campaign_index)
    assert sources == {
        t: sum(1 for d in counted if d["source_type"] == t)
        for t in ("news", "forum", "complaint", "official")
    }
    typical = list(book["典型案例"].iter_rows(min_row=2, values_only=True))
    assert len(typical) >= 3
    assert typical[0][1] == "深圳鹏城房地产经纪有限公司"  # records, two provinces, official

    page = html.read_text(encoding="utf-8")
    assert HOSTILE not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "13812345678" not in page  # evidence masked
    assert "跨地区" in page and "浙江省杭州市（杭州市市场监督管理局）" in page
    assert "公安机关" in page and "第五条第一款第(五)项" in page

    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "分领域、分行为统计表" in text and "典型案例" in text


def _counted(docs: list[dict]) -> list[dict]:
    """Leads the whole campaign counts (the same rules, written out once more)."""
    cells = CAMPAIGN.sectors
    return [
        d
        for d in docs
        if d["is_lead"]
        and d.get("status") != "dismissed"
        and "2019-04-01" <= d["published_at"][:10] <= "2019-09-30"
        and set(d["sectors"]) & set(cells)
        and set(d["conduct"]) & set(CAMPAIGN.conducts)
    ]


@pytest.mark.es
def test_until_a_reporting_date_shows_the_change_since_the_previous_one(
    es_node, index_prefix: str, campaign_index: list[dict], tmp_path: Path
) -> None:
    env = piwatch_env(es_node.url, index_prefix, tmp_path / "data")
    done = run_piwatch(
        env,
        "report",
        "--campaign",
        CAMPAIGN.name,
        "--until",
        "2019-07-31",
        "--province",
        "浙江省",
        "--no-pdf",
        "--out",
        str(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    xlsx = tmp_path / "report-special-action-2019-2019-04-01-2019-07-31-浙江省.xlsx"
    zhejiang = [
        d for d in campaign_index if any(r["province"] == "浙江省" for r in d.get("regions", []))
    ]
    now = expected_cells(
        zhejiang, date(2019, 4, 1), date(2019, 7, 31), CAMPAIGN.sectors, CAMPAIGN.conducts
    )
    then = expected_cells(
        zhejiang, date(2019, 4, 1), date(2019, 5, 31), CAMPAIGN.sectors, CAMPAIGN.conducts
    )
    assert _table(xlsx, TABLE_SHEET) == now
    change = _table(xlsx, "较2019-05-31变化")
    assert change == {k: tuple(a - b for a, b in zip(now[k], then[k], strict=True)) for k in now}
    assert change[("small_loans", "")][0] == 1  # loan2 (15 June); loan1 was 31 May 23:00


def test_plan_refuses_mixed_or_impossible_periods() -> None:
    kw = {"province": None, "bureau": None, "time_zone": "Asia/Shanghai"}
    with pytest.raises(PiwatchError, match="not both"):
        plan(CAMPAIGN, start=date(2019, 5, 1), end=None, until=date(2019, 6, 1), **kw)
    with pytest.raises(PiwatchError, match="--from and --to"):
        plan(None, start=date(2019, 5, 1), end=None, until=None, **kw)
    with pytest.raises(PiwatchError, match="before it starts"):
        plan(CAMPAIGN, start=date(2019, 9, 1), end=date(2019, 5, 1), until=None, **kw)
    with pytest.raises(PiwatchError, match="unknown province"):
        plan(
            None,
            start=date(2019, 5, 1),
            end=date(2019, 6, 1),
            until=None,
            province="广东",
            bureau=None,
            time_zone="Asia/Shanghai",
        )
    chosen = plan(CAMPAIGN, start=None, end=None, until=date(2019, 9, 30), **kw)
    assert chosen.previous_date == date(2019, 7, 31)
    assert (
        plan(None, start=date(2019, 5, 1), end=date(2019, 6, 1), until=None, **kw).scope.conducts[
            -1
        ]
        == "breach"
    )


def test_campaigns_are_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    from piwatch.config import ConfigError

    base = {"name": "x", "start": "2020-01-01", "end": "2020-06-30"}
    for bad, message in (
        ({"sectors": ["realestate"]}, "campaigns.0.sectors"),
        ({"provinces": ["广东"]}, "unknown province"),
        ({"reporting_dates": ["2020-07-31"]}, "outside its period"),
        ({"end": "2019-12-31"}, "before start"),
    ):
        with pytest.raises(ConfigError, match=message):
            load_settings(campaigns=[base | bad])
    settings = load_settings()
    assert settings.campaign("special-action-2019").reporting_dates[-1] == date(2019, 9, 30)
    with pytest.raises(ConfigError, match="known: special-action-2019"):
        settings.campaign("nope")


def test_pdftotext_is_installed() -> None:
    assert shutil.which("pdftotext"), "poppler-utils (setup.sh installs it)"


@pytest.mark.es
def test_a_bureaus_report_counts_only_its_leads(
    es: Elasticsearch, index_prefix: str, campaign_index: list[dict]
) -> None:
    from datetime import UTC, datetime

    from piwatch.pipelines.text.mask import mask_pii
    from piwatch.reports.period_report import build_report

    bureau = "杭州市市场监督管理局"
    chosen = plan(
        CAMPAIGN,
        start=None,
        end=None,
        until=None,
        province=None,
        bureau=bureau,
        time_zone="Asia/Shanghai",
    )
    report = build_report(
        es,
        index_prefix,
        chosen,
        now=datetime.now(UTC),
        mask=mask_pii,
    )
    mine = [d for d in campaign_index if any(r.get("bureau") == bureau for r in d["regions"])]
    expected = expected_cells(
        mine, CAMPAIGN.start, CAMPAIGN.end, CAMPAIGN.sectors, CAMPAIGN.conducts
    )
    assert report.scope_label == bureau
    assert report.cell(("", "")).leads == expected[("", "")][0] == 2  # re2, loan1
    assert report.cell(("small_loans", "")).cases == expected[("small_loans", "")][1] == 2
