"""Whether a story is told abroad or at home.

Security news about a company abroad is no lead for a Chinese bureau. A place abroad, a foreign
brand or an amount in a foreign currency places a story abroad; a mainland place, a Chinese
authority, 「国内」 or yuan place it in China. The headline and list-item stages and the
exclusion rules all ask this, from the gazetteers rather than from the conduct cues.
"""

from __future__ import annotations

import re
from functools import lru_cache

from piwatch.pipelines.leads.cues import cue_words
from piwatch.pipelines.leads.lexicons import Lexicons
from piwatch.pipelines.leads.naming import LATIN_NAME, known_brand
from piwatch.pipelines.leads.regions import load_gazetteer

_CURRENCY = "(?:美元|欧元|英镑|日元|韩元|卢布|澳元|加元)"
"""Foreign currencies as Chinese news writes amounts in them."""
RANSOM = re.compile(
    r"(?:勒索|赎金|索要|售价|标价|出售|售卖|叫价|价格为?)[^，,。；;]{0,6}?\d[\d.,]*\s*[千百万亿]*"
    + _CURRENCY
)
"""「蔚来用户数据遭窃取被勒索225万美元」「此份数据的价格为2000美元」: ransoms and dark-web prices
are quoted in dollars wherever the victim is; a fine in a foreign currency still places its story
abroad."""


def at_home(text: str, lex: Lexicons) -> bool:
    """A mainland place or a word of home (国内, a Chinese authority) in a story placed abroad."""
    return _mainland_place(text, lex) or any(t in text for t in lex["domestic"])


def told_abroad(text: str, lex: Lexicons) -> bool:
    """A headline part or an item's opening about events abroad: a foreign place or brand and
    nothing that places it in China."""
    return names_abroad(text, lex) and not placed_in_china(text, lex)


def names_abroad(text: str, lex: Lexicons) -> bool:
    """A place abroad or a foreign brand written in Chinese characters in ``text``."""
    return _foreign_terms(lex).search(text) is not None


def _foreign_words(lex: Lexicons) -> frozenset[str]:
    """Places abroad and foreign brands written in Chinese characters."""
    return lex["foreign"] | {t for t in lex["foreign_brands"] if not t.isascii()}


@lru_cache(maxsize=4)
def _foreign_terms(lex: Lexicons) -> re.Pattern[str]:
    """One pattern for the 250-odd foreign terms: a text is tested several times a read."""
    terms = sorted(_foreign_words(lex), key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in terms) or "(?!)")


_INTERNATIONAL = frozenset(cue_words("international_brands"))
"""Known brands from abroad that also sell in China: theirs is a story here unless told abroad."""


_DESCRIBED_LATIN = re.compile(r"^[\u4e00-\u9fa5]{2,8}(?=[A-Za-z])(?!(?i:app|sdk|ai)$)")
"""「电信巨头AT&T」「大型保险公司WebTPA」: a description before a Latin name is not part of it
(but 「多个国产APP」 names no one in Latin)."""


def unanchored_foreign(subjects: list[str], text: str, lex: Lexicons) -> bool:
    """Security news about a company abroad, not a lead for a bureau: nothing in the text places
    the story in China (no mainland place, no 「国内」, no Chinese authority, no yuan), and
    either every accused business has a Latin-script name no brand list knows (「ProctorU 确认
    数据泄露」) or none is a known brand sold only in China and the text places the story abroad
    (a place in the world gazetteer, an amount in a foreign currency)."""
    names = [_DESCRIBED_LATIN.sub("", name) for name in subjects]
    if all(LATIN_NAME.fullmatch(name) and not known_brand(name, lex) for name in names):
        return not placed_in_china(text, lex)
    if any(known_brand(name, lex) and name not in _INTERNATIONAL for name in subjects):
        return False
    return _placed_abroad(text, lex) and not placed_in_china(text, lex)


_FOREIGN_MONEY = re.compile(r"\d[\d.,]*\s*[千百万亿]*" + _CURRENCY)


def _placed_abroad(text: str, lex: Lexicons) -> bool:
    """A place abroad (the world gazetteer) or an amount in a foreign currency (not a ransom or
    a dark-web price, quoted in dollars wherever the data comes from)."""
    text = RANSOM.sub("", text)
    return any(t in text for t in lex["foreign"]) or bool(_FOREIGN_MONEY.search(text))


FOREIGN_QUALIFIER_CHARS = 4
"""How many characters of one word may stand between a place abroad and a Chinese authority's
word it makes foreign (「美国联邦最高法院」)."""
_YUAN = re.compile(r"\d[\d.,]*\s*[千百万亿]*元")
"""An amount in yuan (「9万元」, not 「100万美元」): money as Chinese news counts it."""


_CONVERTED = re.compile(
    _CURRENCY + r"\s*[（(]\s*(?:约合|折合|约|合)?\s*人民币\s*\d[\d.,]*\s*[千百万亿]*元\s*[）)]"
)
"""「750万美元（约合人民币5487万元）」: foreign money converted for the reader."""


def placed_in_china(text: str, lex: Lexicons) -> bool:
    """A mainland place, a Chinese authority or 「国内」, or an amount in yuan. A text that converts
    foreign money into yuan tells of money abroad: its yuan amounts, the headline's among them,
    are conversions, not the story's place."""
    text, converts = _CONVERTED.subn("", text)
    return (
        _mainland_place(text, lex)
        or any(_domestic_at(text, term, lex) for term in lex["domestic"] if term in text)
        or (not converts and bool(_YUAN.search(text)))
    )


def _domestic_at(text: str, term: str, lex: Lexicons) -> bool:
    """``term`` somewhere in ``text`` not qualified by a place abroad right before it:
    「美国最高法院」 holds 最高法 but is no Chinese court."""
    qualified, reach = _foreign_qualifier(lex)
    return any(
        qualified.search(text, max(0, at.start() - reach), at.start()) is None
        for at in re.finditer(re.escape(term), text)
    )


@lru_cache(maxsize=4)
def _foreign_qualifier(lex: Lexicons) -> tuple[re.Pattern[str], int]:
    """A place abroad, then at most a few characters of one word, ending where it is tested
    (「美国联邦」 before 最高法院); and how far back such a qualifier can start."""
    longest = max(map(len, _foreign_words(lex)), default=0)
    pattern = f"(?:{_foreign_terms(lex).pattern})[\u4e00-\u9fa5]{{0,{FOREIGN_QUALIFIER_CHARS}}}$"
    return re.compile(pattern), longest + FOREIGN_QUALIFIER_CHARS


def _mainland_place(text: str, lex: Lexicons) -> bool:
    """A mainland place in ``text``, not read inside a place abroad (「佛罗里达州」 holds 达州)."""
    return _mainland(load_gazetteer().find(_foreign_terms(lex).sub("　", text)))


def _mainland(regions: list) -> bool:  # type: ignore[type-arg]
    return any(r.province not in ("香港特别行政区", "澳门特别行政区", "台湾省") for r in regions)
