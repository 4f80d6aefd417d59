"""jieba for extraction: a private tokenizer with the lexicon words added.

jieba's global tokenizer is never changed, and index-time and query-time segmentation
(:mod:`piwatch.search.zh`) use jieba's dictionary alone (through rjieba), so adding lexicon words
cannot make the two differ. This module's tokenizer is the only copy of jieba's dictionary in
Python memory (about 60 MB).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import jieba


def tokenizer_with(words: Iterable[tuple[str, str]]) -> jieba.Tokenizer:
    """A private tokenizer: jieba's dictionary plus ``(word, part-of-speech tag)`` user words."""
    logging.getLogger("jieba").setLevel(logging.WARNING)  # no dictionary-loading chatter
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word, tag in words:
        tokenizer.add_word(word, freq=None, tag=tag)
    return tokenizer
