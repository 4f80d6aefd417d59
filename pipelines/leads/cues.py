"""Cue words: the small word lists rules look for next to a mention or a conduct (「通过」 before
a channel, 「冒充」 before a victim, 「该公司」 as a pronoun), kept as data like the lexicons.

One file a list under ``cues/``, one word a line, ``#`` starts a comment. A rule names its file;
a missing or empty file is an error at import, never a rule silently switched off.
"""

from __future__ import annotations

import re
from pathlib import Path

CUE_DIR = Path(__file__).resolve().parent / "cues"


def cue_words(name: str) -> tuple[str, ...]:
    """The words of ``cues/<name>.txt`` in file order."""
    path = CUE_DIR / f"{name}.txt"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"cue word list {name!r} not found at {path}") from None
    words = tuple(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )
    if not words:
        raise ValueError(f"cue word list {path} is empty")
    return words


def cue_pattern(name: str) -> str:
    """The words of ``cues/<name>.txt`` as one regular-expression alternation (longest first),
    for rules that look for them inside a pattern."""
    words = sorted(cue_words(name), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(word) for word in words) + ")"
