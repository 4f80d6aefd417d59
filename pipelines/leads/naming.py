"""One business, one name: the form a business found in the text is given in the output.

The labelling guide asks for the shortest form that identifies a business: a description gives
way to a proper name of its trade, a short name stands for the full name it abbreviates, a kind of
business for the Latin-script name after it, a brand drops the generic kind after it, and two
forms of one name become one. Whether a name is a known brand is also asked when a story is
placed abroad.
"""

from __future__ import annotations

import re

from piwatch.pipelines.leads.businesses import find_mentions, plausible
from piwatch.pipelines.leads.cases import LEGAL_SUFFIX as _LEGAL_SUFFIX
from piwatch.pipelines.leads.cases import case_name
from piwatch.pipelines.leads.lexicons import Lexicons
from piwatch.pipelines.leads.roles import Mention, clean_name
from piwatch.pipelines.leads.sectors import sector_of_name
from piwatch.pipelines.leads.subjects import kind_name
from piwatch.pipelines.text.clauses import clause_before

_GENERIC_KIND = re.compile(r"(?:平台|App|APP|app|软件|客户端)$")
"""「闲鱼平台」: a kind any app or platform is, after a brand that identifies it alone."""
_DESCRIBED = re.compile(r"某|^(?:[\u4e00-\u9fa5]{2,3}?)?一(?!\d)")
_GENERIC_ONLY = re.compile(
    r"^(?:房产|房屋|快递|物流|装修|培训|教育|保险|小贷|贷款|物业|网络)?"
    r"(?:中介|公司|机构|网点|平台)+$"
)


LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9 .&'+-]*[A-Za-z0-9]")
_SPACED_LATIN_NAME = re.compile(r"\s*(" + LATIN_NAME.pattern + ")")


def apposed_name(name: str, text: str, lex: Lexicons) -> str:
    """「保险公司 Genworth 披露数据泄露」: a kind of business followed by a Latin-script name is
    described by its kind and named by the name; the name is the business."""
    if name.endswith("有限公司") or known_brand(name, lex):
        return name
    found = None
    at = text.find(name)
    while at >= 0 and found is None:  # the first mention followed by a Latin name
        found = _SPACED_LATIN_NAME.match(text, at + len(name))
        at = text.find(name, at + 1)
    if found is None:
        return name
    latin = found.group(1)
    if _vocabulary_word(latin, lex) or (latin.isupper() and len(latin) <= 3):
        return name  # 「某厂商SDK」「集团CEO」: a word of the trade, not a name
    return latin


def known_brand(name: str, lex: Lexicons) -> bool:
    return name in lex["channel_brands"] or any(
        name in terms for category, terms in lex.terms.items() if category.startswith("brands_")
    )


def _vocabulary_word(term: str, lex: Lexicons) -> bool:
    return any(
        term in terms for category, terms in lex.terms.items() if not category.startswith("brands")
    )


def shortest_form(name: str, lex: Lexicons) -> str:
    """The shortest form that identifies the business, as the labelling guide asks: a known
    brand without the generic kind after it (「闲鱼平台」 is 「闲鱼」)."""
    brand = _GENERIC_KIND.sub("", name)
    return brand if brand in lex.brand_sector else name


def named_over_described(names: list[str], lex: Lexicons) -> list[str]:
    """「深圳一房产中介公司」 is how the headline describes 「深圳市鹏城安家房地产经纪有限公司」:
    a description gives way to a proper name of the same trade."""

    def described(name: str) -> bool:
        return described_name(name) or kind_name(name, lex)

    registered = {sector_of_name(n, lex) for n in names if not described(n)}
    kept = [n for n in names if not described(n) or sector_of_name(n, lex) not in registered]
    # 「广西一物业公司」 in the headline, 「东兰县某物业服务公司」 in the body: one business told
    # twice; the fullest description of a trade stays
    best: dict[str | None, str] = {}
    for name in kept:
        if described(name):
            trade = sector_of_name(name, lex)
            if trade is not None and len(name) > len(best.get(trade, "")):
                best[trade] = name
    return [
        n
        for n in kept
        if not (described(n) and sector_of_name(n, lex) in best)
        or best[sector_of_name(n, lex)] == n
    ]


def described_name(name: str) -> bool:
    return bool(_DESCRIBED.search(name)) or (
        not _LEGAL_SUFFIX.search(name) and bool(_GENERIC_ONLY.match(name))
    )


def unmistakable_mention(mention: Mention) -> bool:
    """A company named with its legal form or described with 某: 「临沂某调查公司」."""
    return ("某" in mention.name and mention.source in ("suffix", "brand")) or (
        mention.source == "suffix" and bool(_LEGAL_SUFFIX.search(mention.name))
    )


_SHORT_FOR_WINDOW = 40
"""How far before 「（以下简称…）」 the full name is looked for."""
_SHORT_FOR = re.compile(
    r"[（(](?:以下)?简称[:：]?[“\"「]?([^”\"」）)，,。；]{1,16})[”\"」]?[）)，,；]"
)
"""「浙江G旅游发展有限公司（以下简称G公司，…）」: the short name a text uses from then on."""


def unabbreviated(names: list[str], body: str, lex: Lexicons) -> list[str]:
    """A short name the text introduced with 「以下简称」 stands for the full name it follows."""
    if not names or "简称" not in body:
        return names
    wanted = {clean_name(n) for n in names}
    full: dict[str, str] = {}
    for match in _SHORT_FOR.finditer(body):
        if clean_name(match.group(1)) not in wanted:
            continue
        window = body[max(0, match.start() - _SHORT_FOR_WINDOW) : match.start()]
        before = clause_before(window, len(window))
        named = [
            m
            for m in find_mentions(before, lex.scan(before), lex)
            if m.end == len(before) and m.source in ("suffix", "brand", "nt")
        ]
        if named:
            full.setdefault(clean_name(match.group(1)), named[-1].name)
    return [full.get(clean_name(n), n) for n in names]


def tidy_subjects(names: list[str], lex: Lexicons) -> list[str]:
    """Unique names in first-seen order; of two forms of one name the shorter stays
    (「本溪银行」 over 「本溪银行股份有限公司」), as the labelling guide asks."""
    out: list[str] = []
    keys: list[str] = []  # case_name of each of out's names
    for name in names:
        name = clean_name(name)
        if not plausible(name, lex):
            continue
        key = case_name(name)
        same = next((i for i, o in enumerate(keys) if key in o or o in key), None)
        if same is None:
            out.append(name)
            keys.append(key)
        elif (len(name) < len(out[same]) and name in out[same]) or (
            len(out[same]) < len(name) and out[same] not in name
        ):
            # the shorter form of one name stays, but 「G公司」 abbreviates
            # 「浙江G旅游发展有限公司」: the full name stays
            out[same], keys[same] = name, key
    return out
