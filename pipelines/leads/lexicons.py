"""Lexicons (data files, one term a line), their Aho-Corasick automaton and the jieba tokenizer.

Built once per lexicon directory and process, lazily, because jieba's dictionary and the
automaton cost a second or so: extraction calls pay it on first use, never per text.
"""

from __future__ import annotations

import bisect
import logging
import re
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import NamedTuple

import ahocorasick_rs

from piwatch.pipelines.codes import CONDUCTS, PI_TYPES, SECTORS
from piwatch.pipelines.leads.cues import cue_pattern
from piwatch.pipelines.text.clauses import clause_span
from piwatch.pipelines.text.segment import Tagger

log = logging.getLogger(__name__)

_AFTER_NUMBER = frozenset("万亿千百元条个人多余年月日%.")
_ASCII_EDGE = re.compile(r"[0-9A-Za-z]")
_SCRIPT_CHANGE = re.compile(
    r"(?<=[0-9A-Za-z])(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])(?=[0-9A-Za-z])"
)
"""Where a term changes between Latin or digits and Chinese characters (「B站」「58同城」)."""


def spaced(term: str) -> str:
    """A term as Zhihu, V2EX and other sites write it, a space where the script changes
    (「B 站」「58 同城」): each such variant is a term of its own, in the same categories."""
    return _SCRIPT_CHANGE.sub(" ", term)


_QUALIFIED = r"(?:的)?(?:明示|明确|书面|单独|事先|充分)?(?:的)?"
CONSENT_ABSENT = re.compile(
    f"{cue_pattern('consent_negators')}"
    f"(?:{cue_pattern('consent_parties')}(?:本人)?{_QUALIFIED}(?:同意|授权|许可)"
    f"|{_QUALIFIED}(?:同意|授权))"
)
"""「未取得用户授权」「未征得消费者明示同意」: consent said to be missing, however worded; a
permit (「未经许可」) only when it is someone's (「未经业主许可」), else it is a licence."""
_CONSENT_CATEGORY = "conduct_collect_without_consent"
_EXPOSING = re.compile(cue_pattern("exposing"))
_PASSIVE_AGENT = re.compile(r"[被遭][^，,。；;！!？?]+$")
"""「被青岛某公司曝光」: who made it public, between 被 and the verb."""
_EXPOSED_BY_PRESS = ("被", "遭", "遭到")
BARE_DATA = frozenset({"信息", "数据", "资料"})
"""Data words that name no one's data by themselves (「信息」, not 「个人信息」)."""
DATA_WORDS = "|".join(sorted(BARE_DATA))
"""The bare data words as one regex alternation."""
# jieba tags for user words: names of businesses are organisations (nt); cues stay nouns/verbs.
_JIEBA_TAGS = {"brands_": "nt", "org_suffixes": "n", "conduct_": "v", "pi_": "n", "described": "nt"}


class Hit(NamedTuple):
    """One lexicon term found in the text: category (file stem), the term, and where.

    A named tuple, not a dataclass: long texts have thousands of hits and this is built fast.
    """

    category: str
    term: str
    start: int
    end: int


def _by_end_longest_first(match: tuple[int, int, int]) -> tuple[int, int]:
    """Overlapping matches in the order the rules read them: by where they end, the longest
    first among those ending together."""
    return match[2], match[1]


NAMED_CATEGORIES = frozenset(
    {
        "advice", "channel_brands", "described_business", "digest", "domestic", "employees",
        "enforcement", "foreign", "foreign_brands", "negation", "not_conduct", "not_personal",
        "org_suffixes", "policy", "privacy_policy", "regulators", "victims",
    }
)  # fmt: skip
REQUIRED_CATEGORIES = NAMED_CATEGORIES | {
    *(f"conduct_{code}" for code in CONDUCTS),
    *(f"sector_{code}" for code in SECTORS),
    *(f"pi_{code}" for code in PI_TYPES),
    "pi_generic",
}
OPTIONAL_CATEGORIES = frozenset(f"brands_{code}" for code in SECTORS)
"""Brand lists per sector: a sector may have none."""


def check_categories(directory: Path, stems: set[str]) -> None:
    """Every lexicon file is a category the rules read, and every category they read is there:
    a misspelled or renamed file is an error, not a rule silently switched off."""
    unknown = sorted(stems - REQUIRED_CATEGORIES - OPTIONAL_CATEGORIES)
    missing = sorted(REQUIRED_CATEGORIES - stems)
    if unknown or missing:
        parts = []
        if unknown:
            parts.append("unknown lexicon file(s) " + ", ".join(f"{s}.txt" for s in unknown))
        if missing:
            parts.append("missing " + ", ".join(f"{s}.txt" for s in missing))
        raise ValueError(f"{directory}: {'; '.join(parts)}")


class Lexicons:
    """All term lists by category, the automaton over them, and jieba with them as user words."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.terms: dict[str, frozenset[str]] = {}
        check_categories(directory, {path.stem for path in directory.glob("*.txt")})
        for path in sorted(directory.glob("*.txt")):
            words = {
                line.strip()
                for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")
            }
            self.terms[path.stem] = frozenset(words | {spaced(word) for word in words})
        self.brand_sector: dict[str, str] = {
            term: stem.removeprefix("brands_")
            for stem, words in self.terms.items()
            if stem.startswith("brands_")
            for term in words
        }
        index: dict[str, list[str]] = {}
        for stem, words in self.terms.items():
            for word in words:
                index.setdefault(word, []).append(stem)
        self._found = [
            (
                word,
                tuple(stems),
                bool(_ASCII_EDGE.match(word[0])),
                bool(_ASCII_EDGE.match(word[-1])),
                word.isdigit(),
                any(stem in _CANCELLING for stem in stems),
            )
            for word, stems in index.items()
        ]
        """What a match of the i-th term of ``index`` tells: the term, its categories, whether
        it starts or ends with a Latin letter or digit, is all digits, cancels other cues."""
        self.automaton = ahocorasick_rs.AhoCorasick(list(index))
        self._tagger: Tagger | None = None
        log.debug("loaded %d lexicons, %d terms from %s", len(self.terms), len(index), directory)

    def __getitem__(self, category: str) -> frozenset[str]:
        return self.terms.get(category, frozenset())

    def scan(self, text: str) -> list[Hit]:
        """Every lexicon term in ``text`` (Latin and digit terms only on word boundaries), every
        wording of missing consent (a collection cue, as the listed 「未经同意」), and every verb
        of making someone's data public (a disclosure cue)."""
        hits: list[Hit] = []
        add = hits.append
        cancelling = False
        size = len(text)
        matches = self.automaton.find_matches_as_indexes(text, overlapping=True)
        matches.sort(key=_by_end_longest_first)
        for index, start, stop in matches:
            word, stems, ascii_start, ascii_end, digits, cancels = self._found[index]
            if ascii_start and start > 0 and _ASCII_EDGE.match(text[start - 1]):
                continue
            if ascii_end and stop < size:
                after = text[stop]
                if _ASCII_EDGE.match(after) or (digits and after in _AFTER_NUMBER):
                    continue  # 「360万」 is an amount, not the brand 360
            for stem in stems:
                add(Hit(stem, word, start, stop))
            cancelling = cancelling or cancels
        listed = self.terms[_CONSENT_CATEGORY]
        worded = [
            Hit(_CONSENT_CATEGORY, match.group(), match.start(), match.end())
            for match in CONSENT_ABSENT.finditer(text)
            if match.group() not in listed
        ]
        worded += _exposures(text, hits)
        worded += _handovers(text, hits)
        if worded:
            hits = sorted(hits + worded, key=lambda hit: hit.end)
        return _personal_only(hits) if cancelling else hits

    def _user_words(self) -> list[tuple[str, str]]:
        """Lexicon words jieba should keep whole, with their part-of-speech tags."""
        out = []
        for stem, words in self.terms.items():
            tag = next((t for prefix, t in _JIEBA_TAGS.items() if stem.startswith(prefix)), None)
            if tag is None:
                continue
            # Latin and digit words would split numbers
            out.extend(
                (word, tag)
                for word in words
                if len(word) > 1 and not word.isascii() and " " not in word
            )
        return out

    @property
    def tagger(self) -> Tagger:
        """A private tagger (the global segmentation stays untouched) with the lexicons added."""
        if self._tagger is None:
            self._tagger = Tagger(self._user_words())
        return self._tagger


@lru_cache(maxsize=4)
def load_lexicons(directory: Path) -> Lexicons:
    """The lexicons of ``directory``, loaded once per process."""
    if not directory.is_dir():
        raise FileNotFoundError(f"lexicon directory not found: {directory}")
    return Lexicons(directory)


NOT_PERSONAL = "not_personal"
NOT_CONDUCT = "not_conduct"
_CANCELLING = {NOT_PERSONAL: "pi_", NOT_CONDUCT: "conduct_"}
"""Lexicons whose terms cancel the cues of one kind inside them."""


def _personal_only(hits: list[Hit]) -> list[Hit]:
    """Without the personal-information cues inside a term for data about no one
    (「政务数据」「源代码」) or a trade (「某信息技术有限公司」), and without the conduct cues
    inside a term for something lawful (「买卖合同纠纷」)."""
    covers = {kind: _Cover(hits, category) for category, kind in _CANCELLING.items()}
    return [
        h
        for h in hits
        if not ((cover := covers.get(h.category[: h.category.find("_") + 1])) and cover.holds(h))
    ]


class _Cover:
    """The spans of one cancelling lexicon, to ask in log time whether one holds a hit."""

    def __init__(self, hits: list[Hit], category: str) -> None:
        spans = sorted((h.start, h.end) for h in hits if h.category == category)
        self.starts = [start for start, _ in spans]
        self.reach = list(accumulate((end for _, end in spans), max))

    def holds(self, hit: Hit) -> bool:
        index = bisect.bisect_right(self.starts, hit.start) - 1
        return index >= 0 and self.reach[index] >= hit.end


_HANDOVER = re.compile(rf"[将把]([^，,。；;！？!?\n]{{1,20}}?)({cue_pattern('handing_over')})")


_HANDED_OVER = re.compile(rf"被[^，,。；;！？!?\n]{{1,12}}?({cue_pattern('handing_over')})")
HANDED_DATA_GAP = 4
"""How far before 被 the data handed over may end (「隐私照未打码被…发朋友圈」)."""


def _handovers(text: str, hits: list[Hit]) -> list[Hit]:
    """「将业主手机号发到群里」「把客户信息转给他人」: someone's data handed over by 将/把 and a
    verb of sending is a disclosure cue (the verb alone sends anything); so is the passive,
    someone's data right before 被 and the verb after its agent (「照片被商家发朋友圈」)."""
    if "将" not in text and "把" not in text and "被" not in text:
        return []
    data = [h for h in hits if h.category.startswith("pi_") and h.term not in BARE_DATA]
    out = []
    for match in _HANDOVER.finditer(text):
        start, end = match.span(1)
        if any(start <= h.start < end for h in data):
            out.append(Hit("conduct_disclose_or_sell", match.group(2), *match.span(2)))
    for match in _HANDED_OVER.finditer(text):
        if any(match.start() - HANDED_DATA_GAP <= h.end <= match.start() for h in data):
            out.append(Hit("conduct_disclose_or_sell", match.group(1), *match.span(1)))
    return out


def _exposures(text: str, hits: list[Hit]) -> list[Hit]:
    """A verb of making public (cues/exposing.txt) with someone's data in its clause is a
    disclosure cue: 「我的个人信息被青岛某公司曝光」「一餐馆曝光多名逃单顾客照片」; data inside
    the name of a practice (「曝光骚扰电话」) is the practice exposed, not data disclosed."""
    verbs = list(_EXPOSING.finditer(text))
    if not verbs:
        return []  # most texts: no conduct hits to collect
    practices = [h for h in hits if h.category.startswith("conduct_")]
    out = []
    for match in verbs:
        if text[max(0, match.start() - 2) : match.start()].endswith(_EXPOSED_BY_PRESS):
            continue  # 「遭到曝光的公司」: the press exposed it
        start, end = clause_span(text, match.start(), match.end())
        if _PASSIVE_AGENT.search(text, start, match.start()) is None:
            start = match.end()  # 「饭局照片曝光」: data before a verb with no agent was exposed
        if any(
            h.category.startswith("pi_")
            and h.term not in BARE_DATA
            and start <= h.start < end
            and not any(p.start <= h.start and h.end <= p.end for p in practices)
            for h in hits
        ):
            out.append(Hit("conduct_disclose_or_sell", match.group(), *match.span()))
    return out
