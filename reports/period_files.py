"""The period report as files: XLSX (openpyxl), HTML (autoescaped Jinja2) and PDF (the HTML
printed by headless Chromium through Playwright)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from piwatch.browser import CHROMIUM_ARGS
from piwatch.reports.period import Figures
from piwatch.reports.period_report import PeriodReport
from piwatch.reports.render import _environment

FIGURES = ("线索", "案件", "经营者")
TABLE_SHEET = "统计表"
_FORMULA_START = ("=", "+", "-", "@")
CASE_COLUMNS = (
    *("序号", "经营者", "行为", "领域", "地区及主管局", "首次见于", "最近见于"),
    *("线索", "独立报道", "涉及条数", "入选理由", "重大", "法律依据", "移送建议", "证据摘录"),
)


def render_report_html(report: PeriodReport) -> str:
    """Every string from the index is escaped by Jinja2's autoescape."""
    return _environment(True).get_template("report.html.j2").render(r=report)


def write_pdf(html: Path, pdf: Path, chromium: Path) -> None:
    """Print the HTML file with Chromium (A4 landscape, as the page's CSS asks)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(html.resolve().as_uri(), wait_until="load")
            page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        finally:
            browser.close()


def _text(value: str) -> str:
    """Crawled text never runs as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _sheet(
    wb: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> Worksheet:
    ws = wb.create_sheet(title)
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_text(v) if isinstance(v, str) else v for v in row])
    ws.freeze_panes = "C2" if len(header) > 2 and header[1] == "代码" else "B2"
    ws.column_dimensions["A"].width = 18
    return ws


def _figs(f: Figures | None) -> list[int | None]:
    return [f.leads, f.cases, f.businesses] if f is not None else [None, None, None]


def table_header(report: PeriodReport) -> list[str]:
    """领域, 代码, then「<conduct>·线索/案件/经营者」per conduct, then the totals."""
    return [
        "领域",
        "代码",
        *(f"{label}·{name}" for _, label in report.conducts for name in FIGURES),
        *(f"合计·{name}" for name in FIGURES),
    ]


def write_xlsx(report: PeriodReport, path: Path) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    header = table_header(report)
    keys = [(s, label) for s, label in report.sectors] + [("", "合计")]
    conducts = [c for c, _ in report.conducts] + [""]

    def rows(cell: Any) -> list[list[Any]]:
        return [
            [label, s or "total", *(v for c in conducts for v in _figs(cell((s, c))))]
            for s, label in keys
        ]

    _sheet(wb, TABLE_SHEET, header, rows(report.cell))
    if report.previous is not None:
        _sheet(wb, f"较{report.previous_date}变化", header, rows(report.change))
    _sheet(
        wb,
        "分地区",
        ["省份", "城市", *FIGURES],
        ([p or "未识别", c, *_figs(f)] for p, c, f in report.regions),
    )
    _sheet(
        wb,
        "分来源类型",
        ["来源类型", "代码", *FIGURES],
        ([label, code, *_figs(f)] for code, label, f in report.source_types),
    )
    weeks = _sheet(wb, "每周线索", ["周（周一）", "线索"], ([w, n] for w, n in report.weeks))
    for (cell,) in weeks.iter_rows(min_row=2, max_col=1):
        cell.number_format = "yyyy-mm-dd"
    if report.weeks:
        chart = BarChart()
        chart.title = "每周线索数"
        chart.y_axis.title = "线索"
        chart.add_data(
            Reference(weeks, min_col=2, min_row=1, max_row=len(report.weeks) + 1),
            titles_from_data=True,
        )
        chart.set_categories(Reference(weeks, min_col=1, min_row=2, max_row=len(report.weeks) + 1))
        weeks.add_chart(chart, "D2")
    _sheet(
        wb,
        "典型案例",
        [
            "序号",
            "经营者",
            "行为",
            "领域",
            "地区及主管局",
            "首次见于",
            "最近见于",
            "线索",
            "独立报道",
            "涉及条数",
            "入选理由",
            "重大",
            "法律依据",
            "移送建议",
            "证据摘录",
        ],
        (
            [
                i,
                c.business,
                c.conduct,
                "、".join(c.sectors),
                "；".join(f"{p}（{b}）" for p, b in c.regions),
                c.first_seen,
                c.last_seen,
                c.leads,
                c.reports,
                c.volume,
                "；".join(c.reasons),
                "；".join(c.major),
                "、".join(c.legal_basis),
                "；".join(f"{d}：{why}" for d, why in c.referrals),
                "\n".join(f"{q.text}（{q.source} {q.published}）" for q in c.quotes),
            ]
            for i, c in enumerate(report.typical, 1)
        ),
    )
    _sheet(
        wb,
        "跨地区案件",
        ["经营者", "行为", "地区及主管局", "独立报道", "重大"],
        (
            [
                c.business,
                c.conduct,
                "；".join(f"{p}（{b}）" for p, b in c.regions),
                c.reports,
                "；".join(c.major),
            ]
            for c in report.cross_regional
        ),
    )
    wb.save(path)


def write_report(
    report: PeriodReport, out_dir: Path, stem: str, chromium: Path | None
) -> list[Path]:
    """``stem``.xlsx, .html and (with Chromium) .pdf under ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    xlsx, html, pdf = (out_dir / f"{stem}.{ext}" for ext in ("xlsx", "html", "pdf"))
    write_xlsx(report, xlsx)
    html.write_text(render_report_html(report), encoding="utf-8")
    if chromium is None:
        return [xlsx, html]
    write_pdf(html, pdf, chromium)
    return [xlsx, html, pdf]
