"""jieba, set up once per process: its dictionary parsed once, and private tokenizers on top.

jieba's global tokenizer is never changed: index-time and query-time segmentation
(:mod:`piwatch.search.zh`) use jieba's dictionary alone, so adding lexicon words cannot make the
two differ; extraction gets its own tokenizer with the lexicon words added, built on a copy of
the dictionary already parsed rather than a second parse (about 60 MB and a second each).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import cache

import jieba


@cache
def base_tokenizer() -> jieba.Tokenizer:
    """A private tokenizer with jieba's own dictionary and nothing added."""
    logging.getLogger("jieba").setLevel(logging.WARNING)  # no dictionary-loading chatter
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def tokenizer_with(words: Iterable[tuple[str, str]]) -> jieba.Tokenizer:
    """A private tokenizer: jieba's dictionary plus ``(word, part-of-speech tag)`` user words."""
    base = base_tokenizer()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ = dict(base.FREQ)
    tokenizer.total = base.total
    tokenizer.initialized = True
    for word, tag in words:
        tokenizer.add_word(word, freq=None, tag=tag)
    return tokenizer
