"""Text normalisation: full-width to half-width, traditional to simplified, tidy whitespace."""

from __future__ import annotations

import re
from functools import lru_cache

from opencc import OpenCC

# Chinese clause and sentence punctuation stays full-width: it is what Chinese text uses and what
# the sentence splitter and evidence snippets expect. Everything else in U+FF01..U+FF5E (letters,
# digits, symbols such as ％＠（）) becomes ASCII, and the ideographic space becomes a space.
_KEEP_FULLWIDTH = set("，。！？：；")
_HALF_WIDTH = {
    code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code) not in _KEEP_FULLWIDTH
}
_HALF_WIDTH[0x3000] = 0x20
_HALF_WIDTH[0x00A0] = 0x20
_HALF_WIDTH[0x200B] = None  # zero-width space
_HALF_WIDTH[0xFEFF] = None

_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_CJK = re.compile(r"[\u4e00-\u9fa5]")

TRADITIONAL_SHARE = 0.02
"""Convert to simplified when at least this share of CJK characters are traditional-only forms
(a simplified text occasionally uses a character such as 乾 or 著; a Hong Kong or Taiwan text
scores well above 10%)."""


@lru_cache(maxsize=1)
def _converter() -> OpenCC:
    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    """Characters that t2s would change: the signature of a traditional-script text."""
    conv = _converter()
    chars: set[str] = set()
    for block in range(0x4E00, 0x9FA6):
        char = chr(block)
        if conv.convert(char) != char:
            chars.add(char)
    return frozenset(chars)


@lru_cache(maxsize=1)
def _traditional_pattern() -> re.Pattern[str]:
    return re.compile("[" + "".join(sorted(_traditional_chars())) + "]")


def to_half_width(text: str) -> str:
    """Full-width ASCII forms to half-width, keeping Chinese clause punctuation."""
    return text.translate(_HALF_WIDTH)


def is_traditional(text: str) -> bool:
    """True when enough characters are traditional-only forms to convert the text."""
    cjk = len(_CJK.findall(text))
    if cjk == 0:
        return False
    hits = len(_traditional_pattern().findall(text))
    return hits / cjk >= TRADITIONAL_SHARE


def to_simplified(text: str) -> str:
    """Traditional to simplified (opencc t2s), only for texts that are in traditional script."""
    if is_traditional(text):
        return _converter().convert(text)
    return text


def normalize(text: str) -> str:
    """The form every later stage reads: half-width, simplified, single spaces, no blank lines."""
    text = to_half_width(text)
    text = to_simplified(text)
    text = _SPACES.sub(" ", text)
    return _BLANK_LINES.sub("\n", text).strip()
