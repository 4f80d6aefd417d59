"""`piwatch demo`'s closing panel and progress lines in 80 columns (issue 12, item 7): paths
stay whole, never cut with "…" or broken across lines inside a box."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from piwatch.demo.console import RichSteps, print_result
from piwatch.demo.runner import DemoResult
from piwatch.demo.summary import DemoSummary

DATA = Path("/home/investigator/.local/share/piwatch/demo-runs/2026-12-03")
DIGEST = DATA / "digests/2026-W49/investigator@demo.piwatch.invalid.html"


def _result() -> DemoResult:
    summary = DemoSummary(
        sources=(), pages=0, articles=0, leads=0, by_conduct=(), by_sector=(), top=()
    )
    return DemoResult(
        base_url="http://127.0.0.1:8765",
        elasticsearch="http://127.0.0.1:9200",
        sources_file=DATA / "demo/sources.yaml",
        crawl_log=DATA / "demo/crawl.log",
        summary=summary,
        kibana_file=DATA / "kibana/piwatch-saved-objects.ndjson",
        digest_files=(DIGEST,),
        seconds=12.0,
    )


def test_long_paths_in_the_closing_panel_stay_whole_at_80_columns() -> None:
    console = Console(width=80, record=True, color_system=None)
    print_result(console, _result())
    lines = console.export_text().splitlines()
    for path in (DIGEST, DATA / "kibana/piwatch-saved-objects.ndjson", DATA / "demo/crawl.log"):
        assert any(str(path) in line for line in lines), path
    assert any("piwatch demo" in line for line in lines)


def test_short_paths_keep_the_panel() -> None:
    console = Console(width=200, record=True, color_system=None)
    print_result(console, _result())
    text = console.export_text()
    assert "╭─ piwatch demo" in text and str(DIGEST) in text


def test_progress_lines_wrap_instead_of_cutting_paths() -> None:
    console = Console(width=80, record=True, color_system=None)
    step = f"demo web on http://127.0.0.1:8765, sources in {DATA}/demo/sources.yaml"
    with RichSteps(console) as steps:
        steps.start("starting")
        steps.done(step)
    text = console.export_text()
    assert "…" not in text
    assert f"{DATA}/demo/sources.yaml" in "".join(line.strip() for line in text.splitlines())
