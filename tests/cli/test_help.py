"""Every command's help as a user reads it in an 80-column terminal: value names users know
(TEXT, INTEGER, PATH, DATE, CODE ...), never Python annotations (<bool>, <list[str]>), the valid
codes listed, and each command's summary a whole sentence."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
import typer
from typer.testing import CliRunner

from piwatch.cli import _app
from piwatch.pipelines.codes import CONDUCTS, SECTORS

ANNOTATION = re.compile(r"<[a-z][a-z\[\], |]*>")


def _paths(command: object, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        found += _paths(sub, (*path, name))
    return found


PATHS = _paths(typer.main.get_command(_app))


def _help(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(_app, [*path, "--help"], env={"COLUMNS": "80", "TERM": "dumb"})
    assert result.exit_code == 0, result.output
    return result.output


def test_every_command_is_covered() -> None:
    assert len(PATHS) > 20 and ("lead", "set") in PATHS and ("es", "status") in PATHS


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "piwatch")
def test_help_names_values_as_users_read_them(path: tuple[str, ...]) -> None:
    text = _help(path)
    assert not ANNOTATION.findall(text), ANNOTATION.findall(text)
    assert max(len(line) for line in text.splitlines()) <= 80


def test_command_summaries_are_whole_sentences() -> None:
    listing = _help(())
    rows = [line.strip("│ ").strip() for line in listing.splitlines() if line.startswith("│ ")]
    summaries: list[str] = []
    for row in rows:  # a summary may fold onto the next rows: join them back
        if re.match(r"^[a-z]+\s{2,}", row):
            summaries.append(row)
        elif summaries:
            summaries[-1] += " " + row
    commands = [s for s in summaries if not s.startswith("-")]
    assert commands
    assert all(s.rstrip().endswith((".", "。", ")")) for s in commands), commands


def test_codes_and_jobs_are_listed() -> None:
    words = set(re.findall(r"[a-z_]+", _help(("search",))))  # codes are never cut by a fold
    assert set(CONDUCTS) | set(SECTORS) | {"reviewing", "dismissed", "referred"} <= words
    schedule = _help(("schedule",))
    for job in ("nightly-crawl", "weekly-digest", "monthly-rollover", "weekly-removal-watch"):
        assert job in schedule


def test_version() -> None:
    result = CliRunner().invoke(_app, ["--version"])
    assert result.exit_code == 0
    assert re.fullmatch(r"piwatch \d+\.\d+\.\d+\n", result.output)


def test_descriptions_wrap_to_the_terminal_not_to_the_docstring() -> None:
    # the crawl docstring breaks its lines at 100 columns; in 80 they must not come out ragged
    description = _help(("crawl",)).split("╭")[0]
    lines = [line.strip() for line in description.splitlines() if line.strip()]
    assert "Exit status: 0 when every source was crawled; 3 (partial) when some sources" in lines
    assert not any(len(a) < 30 and b[:1].islower() for a, b in pairwise(lines))
