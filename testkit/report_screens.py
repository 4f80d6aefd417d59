"""Screenshots of the period report for the README: ``python -m testkit.report_screens DIR``.

Starts a private node, indexes the campaign test leads (testkit.campaign), writes the
special-action-2019 report and takes PNGs of the HTML (Chromium) and of the PDF's first page
(pdftoppm, from poppler-utils).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from elasticsearch import Elasticsearch

from piwatch.browser import CHROMIUM_ARGS
from piwatch.config import SPECIAL_ACTION_2019
from piwatch.pipelines.text.mask import mask_pii
from piwatch.reports.period_files import write_report
from piwatch.reports.period_report import build_report, plan
from testkit.campaign import index_leads
from testkit.esnode import OwnNode

CHROMIUM = Path("/usr/bin/chromium")


def main(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="piwatch-screens-"))
    with OwnNode() as n:
        es = Elasticsearch(n.url)
        index_leads(es, "screens")
        chosen = plan(
            SPECIAL_ACTION_2019,
            start=None,
            end=None,
            until=None,
            province=None,
            bureau=None,
            time_zone="Asia/Shanghai",
        )
        report = build_report(
            es,
            "screens",
            chosen,
            now=datetime.now(UTC),
            mask=mask_pii,
        )
        _xlsx, html, pdf = write_report(report, work, chosen.stem, CHROMIUM)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 1400})
        page.goto(html.as_uri())
        page.screenshot(path=str(out / "report-html.png"))
        browser.close()
    prefix = work / "page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(prefix)], check=True
    )
    next(work.glob("page*.png")).replace(out / "report-pdf.png")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
