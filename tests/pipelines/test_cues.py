"""Cue words live in data files: each file is used by a rule, and a missing one is an error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from piwatch.pipelines.leads.cues import CUE_DIR, cue_pattern, cue_words

LEADS_CODE = Path(__file__).resolve().parents[2] / "pipelines" / "leads"


def test_every_cue_file_is_read_by_a_rule_and_every_rule_has_its_file() -> None:
    named = {
        name
        for path in LEADS_CODE.glob("*.py")
        for name in re.findall(
            r"""cue_(?:words|pattern)\(["']([a-z_]+)["']\)""", path.read_text(encoding="utf-8")
        )
    }
    files = {path.stem for path in CUE_DIR.glob("*.txt")}
    assert named == files
    assert all(cue_words(name) for name in named)


def test_a_missing_or_empty_list_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ValueError, match="not found"):
        cue_words("no_such_list")
    (tmp_path / "empty.txt").write_text("# only a comment\n\n", encoding="utf-8")
    monkeypatch.setattr("piwatch.pipelines.leads.cues.CUE_DIR", tmp_path)
    with pytest.raises(ValueError, match="empty"):
        cue_words("empty")


def test_comments_are_not_words() -> None:
    words = cue_words("disarm")
    assert "机关" in words and not any(w.startswith("#") for w in words)


def test_a_pattern_matches_every_word_longest_first() -> None:
    pattern = re.compile(cue_pattern("answers_for"))
    assert all(pattern.fullmatch(word) for word in cue_words("answers_for"))
    assert pattern.match("回应称").group(0) == "回应"
