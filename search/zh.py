"""Chinese word segmentation for search: the ``*_zh`` sibling fields and the queries on them.

Elasticsearch without plugins has no Chinese word analyzer, so the text is segmented here with
jieba (after traditional→simplified conversion and lower-casing) and indexed as words joined by
spaces under a ``whitespace`` analyzer. Documents and queries go through the same functions.
jieba's dictionary alone is used, so words extraction adds never make index-time and query-time
segmentation differ. It runs as rjieba (jieba's algorithm and dictionary in Rust): on the
corpus's 2,265 texts (960,124 Chinese words) it cuts every Chinese word as jieba does, about
40 times faster and without a dictionary in Python memory. A token without Chinese characters
is split into its runs of letters and digits (``www.sina.com.cn`` → www sina com cn), so a part
of a URL, a date or a code is found on its own.

jieba sometimes cuts across the word a reader sees (杭州一小贷公司 → 一小 / 贷 / 公司), so lead
fields also get a ``*_gram`` sibling: overlapping character bigrams (:func:`grams`) that a phrase
query of the typed characters matches wherever they occur, whatever the segmentation.

rjieba is imported by the functions that cut: importing it loads jieba's dictionary (34 MB),
and the crawl process, whose extraction workers hand it each page's words, never cuts.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from piwatch.pipelines.text.normalize import t2s_changed, t2s_converter

log = logging.getLogger(__name__)

ZH_SUFFIX = "_zh"
GRAM_SUFFIX = "_gram"
GRAM_BREAK = "|"
"""Stands for punctuation and spaces in ``*_gram`` text, so a phrase never matches across them."""
_RUN = re.compile(r"[^\W_]+")  # letters and digits, Chinese characters included


@cache
def _converted_chars() -> re.Pattern[str]:
    """Any character t2s changes on its own: a text with none of them comes out of t2s
    unchanged, so the (slow, pure-Python) conversion is skipped for it."""
    return re.compile("[" + "".join(sorted(t2s_changed())) + "]")


def fold(text: str) -> str:
    """The form both sides of a search compare: NFKC (full-width forms), traditional →
    simplified (always, unlike extraction's ``normalize``, which keeps simplified texts as
    they are), lower case."""
    text = unicodedata.normalize("NFKC", text)
    if _converted_chars().search(text):
        text = t2s_converter().convert(text)
    return text.lower()


def _words(tokens: Iterable[str]) -> list[str]:
    """rjieba's tokens as index words: their runs of letters and digits. A Chinese word is one
    run; punctuation and spaces go, and ``www.sina.com.cn`` becomes www sina com cn."""
    return _RUN.findall(" ".join(tokens))


def segment_for_index(text: str | None) -> str | None:
    """Words for the ``*_zh`` field: search-mode jieba, so compounds also yield their parts
    (个人信息 → 个人 信息 个人信息) and a query for a part finds the compound."""
    if not text:
        return None
    import rjieba  # here, not above: see the module's last paragraph

    return " ".join(_words(rjieba.cut_for_search(fold(text))))


def query_words(text: str) -> list[str]:
    """The words a user's query means (precise mode: 个人信息 stays one word)."""
    import rjieba

    return _words(rjieba.cut(fold(text)))


def phrase_words(text: str) -> str:
    """A phrase query segmented exactly like indexed text, so positions line up."""
    return segment_for_index(text) or ""


def _run_grams(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def grams(text: str | None) -> str | None:
    """Character bigrams for the ``*_gram`` fields and for phrase queries on them.

    Each run of letters and digits yields its overlapping bigrams (a one-character run itself);
    runs are separated by :data:`GRAM_BREAK`. Searching 小贷 is then the phrase ``小贷`` and
    searching 沪安人寿 the phrase ``沪安 安人 人寿``: a substring match in characters.
    """
    if not text:
        return None
    runs = [_run_grams(m.group()) for m in _RUN.finditer(fold(text))]
    return f" {GRAM_BREAK} ".join(" ".join(run) for run in runs) or None
