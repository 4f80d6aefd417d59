"""Word cutting and part-of-speech tags for extraction: a private rjieba (jieba in Rust)
instance with the lexicon words added.

rjieba's global instance, which index-time and query-time segmentation use
(:mod:`piwatch.search.zh`), is never changed, so adding lexicon words cannot make the two differ.
rjieba holds jieba's dictionary in about 24 MB of Rust memory and loads it in a tenth of a
second; Python jieba with its tagger took about 125 MB and over a second. On the development
set the leads, businesses and conduct come out the same with either (docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import rjieba

DETERMINER = "某"
"""「某公司」「某某科技」: names are masked with it; it opens a description, never a word."""


class Tagged(NamedTuple):
    """One word and its part-of-speech tag (jieba's tag set: ``n``, ``nz``, ``ns``, ``v`` …)."""

    word: str
    flag: str


class Tagger:
    """jieba's dictionary plus user words with their tags, cutting and tagging text."""

    def __init__(self, words: Iterable[tuple[str, str]]) -> None:
        self._jieba = rjieba.Jieba()
        for word, tag in words:
            self._jieba.add_word(word, None, tag)  # no frequency: jieba suggests one

    def cut(self, text: str) -> list[Tagged]:
        """The words of ``text`` with their tags.

        The HMM that finds words the dictionary lacks glues the determiner 某 to the next
        character (「北京某长租公寓」 → 某长/租): 某 stands alone and the rest is cut again.
        """
        out: list[Tagged] = []
        while text:
            at = 0
            for word, flag in self._jieba.tag(text):
                if len(word) > 1 and word[0] == DETERMINER and not self._jieba.has_word(word):
                    out.append(Tagged(DETERMINER, "r"))
                    text = text[at + 1 :]
                    break
                out.append(Tagged(word, flag))
                at += len(word)
            else:
                text = ""
        return out

    def known(self, word: str) -> bool:
        """Whether ``word`` is in the dictionary (else the HMM found it: a coined word)."""
        return bool(self._jieba.has_word(word))

    def words(self, text: str, hmm: bool = True) -> list[str]:
        """The words of ``text``; without ``hmm``, unknown runs stay single characters."""
        return list(self._jieba.cut(text, hmm))
