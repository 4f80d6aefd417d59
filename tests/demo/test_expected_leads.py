"""The demo's labels, checked directly through ``pipelines.leads.extract`` on the pages' text.

Labels are what an investigator would record by the labelling guide; when extraction disagrees
the extractor is wrong, not the label.
"""

from __future__ import annotations

from datetime import date

import pytest

from piwatch.pipelines.leads import ExtractOptions
from piwatch.pipelines.leads.extract import extract
from testkit.demopages import DemoPage, demo_pages

TODAY = date(2026, 11, 29)
PAGES = demo_pages(TODAY)


@pytest.mark.parametrize("page", PAGES, ids=[p.expected["id"] for p in PAGES])
def test_extraction_matches_the_label(page: DemoPage) -> None:
    want = page.expected
    got = extract(page.text, ExtractOptions())
    assert got.is_lead is want["is_lead"], got.to_contract()
    if not want["is_lead"]:
        return
    assert sorted(b.name for b in got.businesses if b.role == "subject") == sorted(
        want["businesses"]
    )
    assert sorted(got.conduct) == sorted(want["conduct"])
    assert sorted(got.sectors) == sorted(want["sectors"])
    assert got.regions, "no region found"
    assert got.regions[0].province == want["province"]


def test_no_must_not_page_becomes_a_lead() -> None:
    leads = [
        p.expected["id"]
        for p in PAGES
        if not p.expected["is_lead"] and extract(p.text, ExtractOptions()).is_lead
    ]
    assert leads == []
