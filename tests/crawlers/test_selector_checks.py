"""Selectors are compiled when a sources file is read: `piwatch sources check` and `piwatch crawl`
refuse a bad one in one line naming the source and the field, before anything is fetched."""

from __future__ import annotations

from pathlib import Path

import pytest

from piwatch.crawlers.sources import parse_sources
from piwatch.errors import PiwatchError
from testkit.crawlrun import PiwatchCrawl

BAD = [
    {
        "name": "bad-css",
        "kind": "listing",
        "start_urls": ["http://127.0.0.1:9/list.html"],
        "selectors": {"list_items": "ul li[[["},
    },
    {
        "name": "bad-xpath",
        "kind": "listing",
        "start_urls": ["http://127.0.0.1:9/list.html"],
        "selectors": {"list_items": "ul li", "next_page": "//a[@href"},
    },
    {
        "name": "bad-article",
        "kind": "feed",
        "start_urls": ["http://127.0.0.1:9/feed.xml"],
        "selectors": {"title": "h1::text"},
    },
    {
        "name": "bad-forum",
        "kind": "forum",
        "start_urls": ["http://127.0.0.1:9/thread.html"],
        "selectors": {"posts": "div.post", "post_author": "//a[nosuchfn(.)]"},
    },
]
PROBLEMS = (
    ("bad-css", "list_items", "'ul li[[[' is not a valid CSS selector"),
    ("bad-xpath", "next_page", "'//a[@href' is not valid XPath (Invalid predicate)"),
    ("bad-article", "title", "'h1::text' is not CSS that article pages can use"),
    ("bad-forum", "post_author", "'//a[nosuchfn(.)]' is not valid XPath (unknown function"),
)


@pytest.fixture
def runner(tmp_path: Path) -> PiwatchCrawl:
    """piwatch in a child process; no Elasticsearch: a refused file never gets that far."""
    return PiwatchCrawl("http://127.0.0.1:9", "tselectors", tmp_path, {})


def test_every_bad_selector_is_named_with_its_source_and_field() -> None:
    with pytest.raises(PiwatchError) as caught:
        parse_sources({"sources": BAD}, "s.yaml")
    for source, field, problem in PROBLEMS:
        assert f"source {source}: field selectors.{field}: {problem}" in str(caught.value)


def test_good_selectors_of_every_kind_pass() -> None:
    (source,) = parse_sources(
        {
            "sources": [
                {
                    "name": "fine",
                    "kind": "forum",
                    "start_urls": ["http://127.0.0.1:9/t.html"],
                    "selectors": {
                        "list_items": "//ul[@class='threads']/li",
                        "link": "a::attr(href)",
                        "next_page": "(//a[contains(., '下一页')])[1]/@href",
                        "posts": "div.post",
                        "post_date": "span.time::text",
                        "title": "h1.title, h2",
                        "body": "div.content > p",
                    },
                }
            ]
        }
    )
    assert source.selectors.next_page == "(//a[contains(., '下一页')])[1]/@href"


@pytest.mark.parametrize("command", [("sources", "check"), ("crawl", "--quiet")])
def test_commands_refuse_bad_selectors_in_one_line(
    runner: PiwatchCrawl, command: tuple[str, ...]
) -> None:
    path = runner.sources_file(BAD)
    done = runner.run(*command, "--sources", str(path), timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("piwatch: "), done.stderr
    for source, field, _ in PROBLEMS:  # the source and field, whatever the terminal does
        assert f"source {source}: field selectors.{field}: " in lines[0]
    assert lines[0].count(" is not ") == len(PROBLEMS)
