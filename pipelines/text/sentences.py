"""Sentence splitting for Chinese text: terminal punctuation, closing quotes, lines, separators."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends after a run of terminal marks (。！？!? ；; …) plus any closing quotes or
# brackets that belong to it (“……。” stays one sentence), at a half-width full stop after a
# Chinese character (reviews and forum posts typed without a Chinese input method), or at a
# line break. Inside book-title marks 《》 no split happens: titles rarely hold terminal marks
# and the pattern never splits before a closing mark.
_BOUNDARY = re.compile(
    r"(?:[。！？!?；;]+|…{1,2}|\.{3,6})[”’」』）)\]》\"']*"  # terminal marks and closers
    r"|(?<=[\u4e00-\u9fff])\.(?=[\u4e00-\u9fff\s]|$)"  # a half-width full stop: 「了.虽说」
    r"|\n+"  # line breaks (headlines, lists, paragraphs)
    r"|\s[|｜]\s"  # headline separators: 「周报 | 标题」
)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence and where it sits in the normalised text."""

    text: str
    start: int
    end: int


def split_sentences(text: str, max_chars: int = 600) -> list[Sentence]:
    """Split into sentences; over-long runs (tables, lists) are cut at commas or at max_chars."""
    out: list[Sentence] = []
    pos = 0
    for match in _BOUNDARY.finditer(text):
        _emit(text, pos, match.end(), max_chars, out)
        pos = match.end()
    _emit(text, pos, len(text), max_chars, out)
    return out


def first_sentence(text: str, max_chars: int = 600) -> Sentence | None:
    """``split_sentences(text)[0]`` without splitting the rest: a list item's opening is read
    as its headline, and an item may run to the end of a long text."""
    out: list[Sentence] = []
    pos = 0
    for match in _BOUNDARY.finditer(text):
        _emit(text, pos, match.end(), max_chars, out)
        if out:
            return out[0]
        pos = match.end()
    _emit(text, pos, len(text), max_chars, out)
    return out[0] if out else None


def _emit(text: str, start: int, end: int, max_chars: int, out: list[Sentence]) -> None:
    while start < end:
        stop = end
        if stop - start > max_chars:
            cut = max(
                text.rfind("，", start, start + max_chars),
                text.rfind(",", start, start + max_chars),
            )
            stop = cut + 1 if cut > start else start + max_chars
        piece = text[start:stop]
        stripped = piece.strip(" \n\t|｜")
        if stripped:
            offset = start + piece.index(stripped[0])
            out.append(Sentence(_SPACE.sub(" ", stripped), offset, offset + len(stripped)))
        start = stop
