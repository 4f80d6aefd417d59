"""The business a headline accuses when no lexicon names it.

A kind of business opening a headline clause (「陕西一医院」), one answering for the story
(「医院：暂停其工作」), one a clause ending in 的 describes, the party a consumer sues, a counted
group of businesses, and the names listed with one found: rules on a headline's wording around
the kinds of business (:func:`business_kinds`), apart from the sentence filter that finds the
conduct.
"""

from __future__ import annotations

import re
from functools import lru_cache

from piwatch.pipelines.leads.businesses import headline_subject, lexicon_word, plausible
from piwatch.pipelines.leads.cues import cue_pattern, cue_words
from piwatch.pipelines.leads.lexicons import Hit, Lexicons
from piwatch.pipelines.leads.regions import load_gazetteer
from piwatch.pipelines.leads.roles import authority, clean_name
from piwatch.pipelines.leads.violation import CUSTOMERS, CUSTOMERS_AFTER, disarmed
from piwatch.pipelines.text.clauses import clause_span, split_clauses
from piwatch.pipelines.text.structure import without_mark


def headline_subjects(part: str, lex: Lexicons) -> list[str]:
    """The business a headline clause opens with (「培训机构被处罚」), first clause that has one;
    else a kind of business the headline opens with as the actor (「银行…」「陕西一医院…」)."""
    clauses = [c for c in split_clauses(part) if len(c) >= 4]
    for clause in clauses:
        name = headline_subject(clause, lex.scan(clause), lex)
        if name:
            return [name]
    # an item's heading opens with its mark (「6. 青岛胶州中心医院…外泄」), not with the kind
    for clause in [c for c in split_clauses(without_mark(part)) if len(c) >= 4]:
        name = _business_kind_subject(clause, lex.scan(clause), lex) or _counted_group(clause)
        if name:
            return [name]
    return []


_COUNTED_GROUP = re.compile(
    r"(?:^|[|｜]\s*)(?:本周|近日|日前|此前)?((?:[0-9０-９]{1,3}|[两二三四五六七八九十几多])\s*[家个款]\s?"
    r"[^，,。；;：:！!？?\s]{0,6}?\s?[^，,。；;：:！!？?\s]{0,4}?"
    r"(?:企业|公司|平台|商家|商户|门店|机构|App|APP))"
)


def _counted_group(clause: str) -> str | None:
    """「多个商家售卖…」「本周两家电商平台发生…泄漏」「12家文娱演出企业被约谈」: a counted group of
    businesses opening a headline clause that reports a conduct is the guide's described
    business (a report about those businesses, not a statistic about a trade)."""
    match = _COUNTED_GROUP.search(clause.strip())
    return match.group(1) if match else None


_HEADLINE_PARTS = re.compile(r"[\s，,。？?！!；;]+")
NAMED_KIND_CHARS = 12
"""The longest name before a kind of business that answers in a headline (「山西医科大学第一」)."""


@lru_cache(maxsize=4)
def _answering(lex: Lexicons) -> re.Pattern[str]:
    """A kind of business (or its side, 「院方」) right before an answer (回应, 通报, 「：」)."""
    kinds = sorted((*business_kinds(lex), *cue_words("answering_sides")), key=len, reverse=True)
    return re.compile(f"({'|'.join(map(re.escape, kinds))})(?=回应|通报|致歉|道歉|[：:])")


def answering_kind(title: str, lex: Lexicons) -> list[str]:
    """「医生泄露患者隐私？医院：暂停其工作」「实习护士晒患者隐私照 院方回应」: a kind of business
    opening a part of the headline to answer for what the headline reports is the business (its
    staff acted for it, decision 1)."""
    for part in _HEADLINE_PARTS.split(title):
        for match in _answering(lex).finditer(part):
            prefix = part[: match.start()]
            if _opens_a_kind(prefix) or _names_the_kind(prefix, lex):
                return [part[: match.end()]]
    return []


_NAME_FLAGS_BEFORE_KIND = ("n", "m", "j", "eng")


_KIND_ENDS = re.compile(r"被|遭|道歉|致歉|回应|承认|称|已|涉|$|[，,。；;：:！!？?\s]")
"""What may follow the kind a relative clause describes: its own verb or the headline's end, not
another noun (「窃取用户的银行凭证」: the bank names whose credentials)."""
RELATIVE_CLAUSE_CHARS = 16
"""How long a clause describing a business by what it did (「涉嫌曝光…隐私的医院」) may run."""


def relative_kind(headline: str, hits: list[Hit], lex: Lexicons) -> list[str]:
    """「涉嫌曝光王楚钦隐私的医院道歉」「泄露患者隐私的医院被处罚」: a kind of business that a
    clause ending in 的 describes by the conduct it did is its actor."""
    for cue in (h for h in hits if h.category.startswith("conduct_")):
        end = clause_span(headline, cue.start, cue.end)[1]
        at = headline.find("的", cue.end, min(end, cue.end + RELATIVE_CLAUSE_CHARS))
        if at < 0:
            continue
        if disarmed(headline, cue.start):
            continue  # 「无骚扰电话的酒店」: a business praised for what it did not do
        for kind in _longest_kinds_first(lex):
            if headline.startswith(kind, at + 1) and _KIND_ENDS.match(headline, at + 1 + len(kind)):
                return [kind]
    return []


def _names_the_kind(prefix: str, lex: Lexicons) -> bool:
    """「山西医科大学第一医院通报…」: nouns, places and ordinals before the kind name one business
    of that kind; a verb or a person among them (「网友称医院回应」) says who speaks instead."""
    if not 2 <= len(prefix) <= NAMED_KIND_CHARS:
        return False
    pairs = [(p.word, p.flag) for p in lex.tagger.cut(prefix)]
    return all(
        flag.startswith(_NAME_FLAGS_BEFORE_KIND)
        and not flag.startswith("nr")
        and word not in lex["victims"]
        and word not in lex["employees"]
        for word, flag in pairs
    )


_ITEM = r"[^、，,。；;：:！？!?\s“”《》等]{2,12}"
_ENUMERATED = re.compile(rf"(?:{_ITEM}、)+{_ITEM}等")
"""「太平洋咖啡、瑞幸咖啡等6家企业」: names listed together, closed by 等."""
_NOT_A_LISTED_NAME = re.compile(r"[的了在被向对把将和与及或其这那该此我你他她]|会同")
"""Not a name but a phrase: 「非法向物业公司」「会同当地管委会」."""


def listed_alongside(sentence: str, names: list[str], lex: Lexicons) -> list[str]:
    """The other items of a list (「A、B等」) that holds a business found: listed together,
    they are accused together (「太平洋咖啡、瑞幸咖啡等6家企业…被约谈」)."""
    out: list[str] = []
    for match in _ENUMERATED.finditer(sentence):
        items = match.group(0).removesuffix("等").split("、")
        if not any(name in item or item in name for item in items for name in names):
            continue
        for item in items:
            item = clean_name(item)
            if (
                any(name in item or item in name for name in names)
                or not plausible(item, lex)
                or _NOT_A_LISTED_NAME.search(item)
                or lexicon_word(item, lex)
                or authority(item, lex)
                or item in out
            ):
                continue
            out.append(item)
    return out


_SUE_VERBS = cue_words("sue_verbs")
_SUED_AFTER = cue_words("sued_after")


def sued_parties(part: str, lex: Lexicons) -> list[str]:
    """The business a headline's consumer sues or complains against (「男子起诉银行骚扰电话获赔」,
    「将银行告上法庭」): the defendant of a suit or the target of a complaint is the one the
    consumer accuses of the conduct the headline reports."""
    for clause in split_clauses(part):
        hits = lex.scan(clause)
        for verb in _SUE_VERBS:
            at = clause.find(verb)
            if at >= 0:
                party = _party_at(clause, at + len(verb), hits, lex)
                if party:
                    return [party]
        for marker in ("将", "把"):
            at = clause.find(marker)
            if at < 0:
                continue
            party = _party_at(clause, at + 1, hits, lex)
            if party and any(word in clause[at + 1 + len(party) :] for word in _SUED_AFTER):
                return [party]
    return []


def _party_at(clause: str, start: int, hits: list[Hit], lex: Lexicons) -> str | None:
    """A kind of business or a brand beginning at ``start`` (after at most a place or a
    pointer: 「一家酒店」「杭州某银行」), as the clause writes it."""
    kinds = business_kinds(lex)
    for hit in hits:
        named = hit.category.startswith("brands_") and hit.category != "brands_foreign"
        if hit.start < start or not (
            named or (hit.category == "org_suffixes" and hit.term in kinds)
        ):
            continue
        if _opens_a_kind(clause[start : hit.start]):
            return clause[start : hit.end]
    return None


_POINTERS = "一某这该家个"
"""What points at one business of a kind (「一家」「某」「这家」)."""
_KIND_PREFIX = re.compile(
    r"^(?![在从向对给被把将于到])(?!.*哪)(?:[\u4e00-\u9fa5]{2,4}?(?:省|市|区|县)?)?[一某这该]?(?:家|个)?$"
)
"""What may stand before a kind of business in a headline: a place, 「一」「某」「这家」; not
a preposition (「在多家宾馆…」 says where) and not a question (「哪个银行…」 asks which)."""


def _business_kind_subject(clause: str, hits: list[Hit], lex: Lexicons) -> str | None:
    """A kind of business (a term that both names an organisation and a sector: 医院, 银行,
    酒店, 旅行社 …, or a trade before 店 or 机构: 「月嫂机构」) opening a headline clause before
    its conduct cue: the guide's described business, written as the headline writes it
    (「陕西一医院」)."""
    cues = [h.start for h in hits if h.category.startswith("conduct_")]
    if not cues:
        return None
    kinds = business_kinds(lex)
    first = next(
        (
            h
            for h in hits
            if h.category == "org_suffixes"
            and (h.term in kinds or h.term in _TRADE_HEADS)
            and h.end <= min(cues)
        ),
        None,
    )
    if first is None:
        return None
    opens = _TOLD_BY.match(clause, 0, first.start)  # 「律师解读酒店泄露密码」
    begin = opens.end() if opens else 0
    agent = _passive_agent(clause, begin, first, hits)
    begin = agent if agent is not None else begin
    prefix = clause[begin : first.start]
    if first.term not in kinds:  # 「摄影店」「月嫂机构」: the trade makes the kind
        trade = _trade_kind(prefix)
        if trade is None:
            return None
        prefix = prefix[:trade]
    if not (_opens_a_kind(prefix) or _names_the_kind(prefix, lex)):
        return None
    if agent is None and _topic_compound(clause, first, hits):
        return None
    return clause[begin : first.end]


_PASSIVE_MARK = re.compile("被|遭到?")
"""The passive markers that take an agent after them (「被美容院泄露」「遭驾校倒卖」)."""


def _passive_agent(clause: str, begin: int, kind: Hit, hits: list[Hit]) -> int | None:
    """「顾客隐私被美容院泄露」: a kind of business right after the clause's last passive marker
    and right before the conduct is its agent, where personal data or the people it serves
    suffer it (not 「债务被银行卖给第三方」); where the agent's words start."""
    if not any(h.category.startswith("conduct_") and h.start == kind.end for h in hits):
        return None
    marks = list(_PASSIVE_MARK.finditer(clause, begin, kind.start))
    if not marks:
        return None
    mark = marks[-1]
    patient = any(h.category.startswith("pi_") and h.end == mark.start() for h in hits)
    if not (patient or _CUSTOMERS_BEFORE.search(clause, begin, mark.start())):
        return None
    return mark.end()


_CUSTOMERS_BEFORE = re.compile(f"{CUSTOMERS}$")


_TRADE_HEADS = frozenset((*cue_words("shop_suffixes"), *cue_words("trade_heads")))
_TRADE = re.compile(rf"(?:^|(?<=[{_POINTERS}]))[\u4e00-\u9fa5]{{2,3}}$")
"""A trade before one of those heads: two or three characters opening the clause or after a
pointer (「摄影店」「一家月嫂机构」)."""
_PUBLIC_TRADES = frozenset(cue_words("public_trades"))


def _trade_kind(prefix: str) -> int | None:
    """Where a trade that makes a kind of business of the head after ``prefix`` starts, if
    ``prefix`` ends with one: not a place (「杭州店」) and not a public body (「监管机构」)."""
    trade = _TRADE.search(prefix)
    if trade is None or trade.group() in _PUBLIC_TRADES or load_gazetteer().find(trade.group()):
        return None
    return trade.start()


def _topic_compound(clause: str, kind: Hit, hits: list[Hit]) -> bool:
    """「酒店偷拍事件」「酒店偷拍团伙」: a kind of business glued to a conduct, with a topic noun
    right after it or no object anywhere after it, names a topic (crimes at hotels), not a
    business doing something; 「酒店泄露住客信息」 and 「摄影店泄露孕产妇2万条隐私」 have their
    object (data, or the people the business serves) in the clause: the business acts."""
    cue = next((h for h in hits if h.category.startswith("conduct_") and h.start == kind.end), None)
    if cue is None or CUSTOMERS_AFTER.match(clause, cue.end):
        return False
    if _TOPIC_NOUN.match(clause, cue.end):
        return True
    return not any(
        (h.category.startswith("pi_") or h.category == "victims") and cue.end <= h.start
        for h in hits
    )


_TOPIC_NOUN = re.compile(f"[^，,。；;：:\\s]{{0,2}}?{cue_pattern('topic_nouns')}")


_TOLD_BY = re.compile(rf"[\u4e00-\u9fa5]{{1,4}}?{cue_pattern('speech_verbs')}")
"""Who tells a headline's story, opening it: 「律师解读」「网友曝」."""


def kind_name(name: str, lex: Lexicons) -> bool:
    """A kind of business with at most a place or pointer before it (「陕西一医院」, 「银行」)."""
    return any(
        name.endswith(kind) and _KIND_PREFIX.match(name[: -len(kind)]) is not None
        for kind in business_kinds(lex)
    )


def _opens_a_kind(prefix: str) -> bool:
    """Nothing, or only a place or a pointer, before a kind of business (「」「一家」「杭州某」)."""
    return not prefix or (_KIND_PREFIX.match(prefix) is not None and _place_or_pointer(prefix))


def _place_or_pointer(prefix: str) -> bool:
    return prefix[-1] in _POINTERS or bool(load_gazetteer().find(prefix))


@lru_cache(maxsize=4)
def _longest_kinds_first(lex: Lexicons) -> tuple[str, ...]:
    """The kinds of business, longest first: 「商业银行」 before 「银行」."""
    return tuple(sorted(business_kinds(lex), key=len, reverse=True))


@lru_cache(maxsize=4)
def business_kinds(lex: Lexicons) -> frozenset[str]:
    """Organisation words that are also sector words: kinds of business, not generic places of
    business (App, 平台) and not schools (public unless said otherwise)."""
    sector_terms = {
        t for stem, terms in lex.terms.items() if stem.startswith("sector_") for t in terms
    }
    generic = {"App", "APP", "小程序", "平台", "保险", "快递", "学校", "幼儿园"}
    return frozenset(t for t in lex["org_suffixes"] & sector_terms if t not in generic)
