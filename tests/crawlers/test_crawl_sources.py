"""The source registry: the smallest contract source, defaults, errors naming source and field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from piwatch.crawlers.sources import load_sources, parse_sources, select_sources
from piwatch.errors import PiwatchError

ROOT = Path(__file__).resolve().parents[2]

SMALLEST = """
sources:
  - name: example-feed
    kind: feed            # RSS or Atom; every item's link is fetched as an article
    start_urls: ["http://127.0.0.1:8000/feed.xml"]
"""


def test_contract_smallest_feed_source_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SMALLEST, "utf-8")
    (source,) = load_sources(path)
    assert source.name == "example-feed"
    assert source.kind == "feed"
    assert source.allowed_domains == ["127.0.0.1"]
    assert source.render == "http"
    assert source.source_type == "news"


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"name": "a", "kind": "rss", "start_urls": ["http://x/"]}, "source a: field kind"),
        ({"name": "b", "kind": "feed", "start_urls": []}, "source b: field start_urls"),
        ({"name": "c", "kind": "feed", "start_urls": ["ftp://x/f"]}, "source c: field start_urls"),
        ({"name": "d", "kind": "forum", "start_urls": ["http://x/"]}, "source d: field selectors"),
        (
            {"name": "e", "kind": "feed", "start_urls": ["http://x/"], "max_pages": 0},
            "source e: field max_pages",
        ),
        (
            {"name": "f", "kind": "feed", "start_urls": ["http://x/"], "encoding": "nonsense"},
            "source f: field encoding",
        ),
        (
            {"name": "g", "kind": "feed", "start_urls": ["http://x/"], "colour": "red"},
            "source g: field colour",
        ),
        (
            {"name": "h", "kind": "listing", "start_urls": ["http://x/"], "selectors": {"x": 1}},
            "source h: field selectors.x",
        ),
        ({"kind": "feed", "start_urls": ["http://x/"]}, "source #1: field name"),
    ],
)
def test_errors_name_the_source_and_the_field(entry: dict, expected: str) -> None:
    with pytest.raises(PiwatchError) as err:
        parse_sources({"sources": [entry]}, "f.yaml")
    assert expected in str(err.value)
    assert "\n" not in str(err.value)


def test_duplicate_names_and_unknown_selection() -> None:
    entry = {"name": "dup", "kind": "feed", "start_urls": ["http://x/"]}
    with pytest.raises(PiwatchError, match="source dup: field name: duplicate"):
        parse_sources({"sources": [entry, entry]})
    sources = parse_sources({"sources": [entry]})
    with pytest.raises(PiwatchError, match="unknown source"):
        select_sources(sources, ["nope"])
    assert select_sources(sources, []) == sources


def test_not_a_sources_file(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("- just a list\n", "utf-8")
    with pytest.raises(PiwatchError, match="top-level 'sources:' list"):
        load_sources(path)
    path.write_text("sources: [\n", "utf-8")
    with pytest.raises(PiwatchError, match="not valid YAML"):
        load_sources(path)


def test_shipped_sources_are_valid_and_marked_unreachable() -> None:
    sources = load_sources(ROOT / "sources.yaml")
    assert len(sources) >= 10
    assert all(not s.reachable_from_build_machine for s in sources)
    kinds = {s.kind for s in sources}
    assert {"feed", "listing", "forum", "api"} <= kinds
    types = {s.source_type for s in sources}
    assert types == {"news", "forum", "complaint", "official"}
    raw = yaml.safe_load((ROOT / "sources.yaml").read_text("utf-8"))
    assert [s["name"] for s in raw["sources"]] == [s.name for s in sources]


def test_sources_cli(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(SMALLEST, "utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources:\n  - name: x\n    kind: feed\n", "utf-8")
    run = [sys.executable, "-m", "piwatch", "sources"]
    ok = subprocess.run([*run, "check", "--sources", str(good)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "1 sources valid" in ok.stdout
    listed = subprocess.run([*run, "list", "--sources", str(good)], capture_output=True, text=True)
    assert listed.returncode == 0 and "example-feed" in listed.stdout
    failed = subprocess.run([*run, "check", "--sources", str(bad)], capture_output=True, text=True)
    assert failed.returncode != 0
    assert failed.stderr.strip().count("\n") == 0
    assert "source x: field start_urls" in failed.stderr


def test_which_pages_go_through_chromium() -> None:
    (http, browser, lists) = parse_sources(
        {
            "sources": [
                {"name": n, "kind": "listing", "render": r, "start_urls": ["http://127.0.0.1/"]}
                for n, r in (("a", "http"), ("b", "browser"), ("c", "browser-lists"))
            ]
        }
    )
    assert [s.uses_browser for s in (http, browser, lists)] == [False, True, True]
    assert [s.in_browser(listing=True) for s in (http, browser, lists)] == [False, True, True]
    assert [s.in_browser(listing=False) for s in (http, browser, lists)] == [False, True, False]
