"""jieba for extraction: a private tokenizer with the lexicon words added.

jieba's global tokenizer is never changed, and index-time and query-time segmentation
(:mod:`piwatch.search.zh`) use jieba's dictionary alone (through rjieba), so adding lexicon words
cannot make the two differ. This module's tokenizer is the only copy of jieba's dictionary in
Python memory (about 60 MB), and its tagger's table a copy of jieba's own.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

import jieba

if TYPE_CHECKING:
    import jieba.posseg


def tokenizer_with(words: Iterable[tuple[str, str]]) -> jieba.Tokenizer:
    """A private tokenizer: jieba's dictionary plus ``(word, part-of-speech tag)`` user words."""
    logging.getLogger("jieba").setLevel(logging.WARNING)  # no dictionary-loading chatter
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word, tag in words:
        tokenizer.add_word(word, freq=None, tag=tag)
    return tokenizer


def tagger_with(words: Iterable[tuple[str, str]]) -> jieba.posseg.POSTokenizer:
    """A private part-of-speech tagger over :func:`tokenizer_with`. Its word-tag table is a
    copy of the one jieba's global tagger read when ``jieba.posseg`` was imported, not a
    second reading of the dictionary file (about 30 MB less)."""
    import jieba.posseg  # reads the dictionary into a tag table (about 40 MB): only when needed

    tagger = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    tagger.tokenizer = tokenizer_with(words)
    tagger.word_tag_tab = dict(jieba.posseg.dt.word_tag_tab)
    return tagger
