"""Text normalisation: full-width to half-width, traditional to simplified, tidy whitespace."""

from __future__ import annotations

import re
from functools import lru_cache

from opencc import OpenCC

# Chinese clause and sentence punctuation stays full-width: it is what Chinese text uses and what
# the sentence splitter and evidence snippets expect. Everything else in U+FF01..U+FF5E (letters,
# digits, symbols such as ％＠) becomes ASCII, and the ideographic space becomes a space.
_KEEP_FULLWIDTH = set("，。！？：；（）")
_HALF_WIDTH = {
    code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code) not in _KEEP_FULLWIDTH
}
_HALF_WIDTH[0x3000] = 0x20
_HALF_WIDTH[0x00A0] = 0x20
_HALF_WIDTH[0x200B] = None  # zero-width space
_HALF_WIDTH[0xFEFF] = None
_TO_HALF_WIDTH = re.compile("[" + "".join(re.escape(chr(code)) for code in _HALF_WIDTH) + "]")
"""Any character :data:`_HALF_WIDTH` changes: most texts have none, and ``str.translate``
looks every character of a Chinese text up in the table."""

_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_CJK = re.compile(r"[\u4e00-\u9fa5]")

_ALSO_SIMPLIFIED = frozenset("乾著於麽甚徵閒夥")
TRADITIONAL_MIN = 3
TRADITIONAL_SHARE = 0.05
"""Convert when at least TRADITIONAL_MIN characters and this share of the CJK characters are
traditional forms (a Hong Kong or Taiwan text scores well above 10%)."""


@lru_cache(maxsize=1)
def t2s_converter() -> OpenCC:
    """OpenCC's traditional-to-simplified converter (one per process: it is slow to build)."""
    return OpenCC("t2s")


@lru_cache(maxsize=1)
def t2s_changed() -> frozenset[str]:
    """Every CJK character (extension A included) t2s changes on its own."""
    conv = t2s_converter()
    return frozenset(chr(c) for c in range(0x3400, 0xA000) if conv.convert(chr(c)) != chr(c))


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    """Characters t2s changes: the signature of traditional script (minus a few that simplified
    text uses too, such as 乾 in 乾隆 and 著 in 著作)."""
    chars = {c for c in t2s_changed() if "\u4e00" <= c <= "\u9fa5"}
    return frozenset(chars - _ALSO_SIMPLIFIED)


@lru_cache(maxsize=1)
def _traditional_pattern() -> re.Pattern[str]:
    return re.compile("[" + "".join(sorted(_traditional_chars())) + "]")


def to_half_width(text: str) -> str:
    """Full-width ASCII forms to half-width, keeping Chinese clause punctuation."""
    return text.translate(_HALF_WIDTH) if _TO_HALF_WIDTH.search(text) else text


def is_traditional(text: str) -> bool:
    """True when enough characters are traditional-only forms to convert the text."""
    hits = len(_traditional_pattern().findall(text))
    if hits < TRADITIONAL_MIN:
        return False  # most texts: their CJK characters need no counting
    return hits / len(_CJK.findall(text)) >= TRADITIONAL_SHARE


def to_simplified(text: str) -> str:
    """Traditional to simplified (opencc t2s), only for texts that are in traditional script."""
    if is_traditional(text):
        return t2s_converter().convert(text)
    return text


def normalize(text: str) -> str:
    """The form every later stage reads: half-width, simplified, single spaces, no blank lines."""
    text = to_half_width(text)
    text = to_simplified(text)
    text = _SPACES.sub(" ", text)
    return _BLANK_LINES.sub("\n", text).strip()


def original_spelling(simplified: str, original: str) -> str:
    """How ``original`` (a traditional-script text) writes what normalisation turned into
    ``simplified``: names are reported as the text writes them (「深圳市某房地產經紀有限公司」).

    Conversion is character by character for names, so a window of the same length whose
    conversion matches is the original; when none matches, the simplified form is returned.
    """
    source = _SPACES.sub(" ", to_half_width(original))
    size = len(simplified)
    if not size or simplified in source:
        return simplified
    conv = t2s_converter()
    first = simplified[0]
    for start in range(len(source) - size + 1):
        if conv.convert(source[start]) != first:
            continue
        window = source[start : start + size]
        if conv.convert(window) == simplified:
            return window
    return simplified


_ESCAPED_MASK = re.compile(
    r"(?<=[\u4e00-\u9fa5])(?:\\\*)+|(?<=[^\s*#])(?:\\\*)+(?=[\u4e00-\u9fa5])"
)
"""Markdown-escaped asterisks inside a word with a Chinese character beside them: a masked
part of a name (「中国\\*\\*贷款平台」), as breach reports print them. Unescaped ones are bold
markers; one opening a line is a footnote mark (「\\*图片来源」)."""


_MASK_RUN = re.compile(r"(?<=[\u4e00-\u9fa5])\*{3,}|\*{3,}(?=[\u4e00-\u9fa5])")
"""Three or more plain asterisks beside a Chinese character (「****贷款平台」「中国***航空」): a
mask. Two are left alone, since markdown's bold marks come in twos (「**数据泄露**」)."""


def unmask(text: str) -> str:
    """Each mask character as 某, so a masked name reads as a described one
    (「中国某某贷款平台」): markdown-escaped asterisks, and runs of three or more plain ones."""
    if "\\*" in text:
        text = _ESCAPED_MASK.sub(lambda m: "某" * (len(m.group()) // 2), text)
    if "***" in text:
        text = _MASK_RUN.sub(lambda m: "某" * len(m.group()), text)
    return text


def masked_spelling(name: str, original: str) -> str:
    """How ``original`` writes a name :func:`unmask` read: its masks as asterisks
    (「中国**贷款平台」), or the name itself when the text masks nothing there."""
    if "某" not in name or "*" not in original:
        return name
    pattern = "".join("(?:某|\\\\\\*|\\*)" if c == "某" else re.escape(c) for c in name)
    found = re.search(pattern, original)
    return found.group().replace("\\", "") if found else name
