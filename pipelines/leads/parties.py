"""The parties a document names by its form rather than in its conduct sentences.

A complaint's 「投诉对象」 line, a penalty decision's 「当事人」, a judgment's 「被告单位」, the
business a defendant works for or runs, and whether a business is tied to a defendant at all:
each genre states who is accused in its own fixed words, which these rules read.
"""

from __future__ import annotations

import re
from functools import lru_cache

from piwatch.pipelines.leads.businesses import find_mentions, plausible
from piwatch.pipelines.leads.candidates import relative_hits
from piwatch.pipelines.leads.cases import LEGAL_SUFFIX as _LEGAL_SUFFIX
from piwatch.pipelines.leads.cues import cue_pattern, cue_words
from piwatch.pipelines.leads.lexicons import Hit, Lexicons
from piwatch.pipelines.leads.roles import clean_name
from piwatch.pipelines.text.clauses import clause_before
from piwatch.pipelines.text.sentences import Sentence

_EMPLOYED_BEFORE = cue_words("employed_before")
_RUNS_IT = cue_words("runs_it")
_STAFF_AFTER = re.compile(
    r"(?:[（(][^（）()]{1,24}[）)])?(?:的)?(?:任|担任|从事|工作|经营者|店主|老板|股东)"
)
ACTOR = re.compile(
    r"被告人|犯罪嫌疑人|嫌疑人|(?:(?<![\u4e00-\u9fa5])|(?<=[人同佣排使由及和与]))"
    r"[\u4e00-\u9fa5]某(?!些|种|个|家|公司)|^其|"
    r"(?:^|[，,])(?:[二两三四五六七八九十]人|上述人员)"
)
"""A person acts in the sentence: a defendant, 「李某」 (not a place: 「深圳某公司」), 「其」
opening the clause, or 「二人」."""
EMPLOYER_SENTENCES = 8
"""Court facts and news stories say who the defendant works for or runs in their opening."""


def defendant_employer(
    title: str,
    title_hits: list[Hit],
    sentences: list[Sentence],
    body_hits: list[list[Hit]],
    lex: Lexicons,
) -> tuple[int, str] | None:
    """The business a defendant works for or runs (「被告人李某系某快递网点员工」「其经营的
    某装修公司」), and the position of the sentence that says so (-1: the headline).

    The labelling guide counts staff acting in the course of the business as the business, so
    a later sentence where the defendant sells or buys data without naming anyone is about it.
    """
    parts = [(-1, title, title_hits)] + [
        (i, sentences[i].text, relative_hits(body_hits[i], sentences[i]))
        for i in range(min(len(sentences), EMPLOYER_SENTENCES))
    ]
    for position, text, hits in parts:
        if not ACTOR.search(text) or not any(
            h.category.startswith(("org_suffixes", "brands_", "described_business")) for h in hits
        ):
            continue
        for mention in find_mentions(text, hits, lex):
            if mention.role not in ("subject", "victim") or mention.source == "pronoun":
                continue
            before = clause_before(text, mention.start)
            after = text[mention.end : mention.end + 6]
            if not ACTOR.search(before) or not before.endswith(_EMPLOYED_BEFORE):
                continue
            staff = any(
                h.category == "employees" and mention.end <= h.start <= mention.end + 3
                for h in hits
            )
            if staff or before.endswith(_RUNS_IT) or _STAFF_AFTER.match(after):
                return position, mention.name
    return None


_COMPLAINT_TARGET = re.compile(
    r"(?:^|\n|[【\[])\s*(?:投诉对象|投诉企业|投诉商家|被投诉方|被投诉企业)\s*[】\]]?\s*[:：]?[ \t]*"
    r"([^\s，。；,;:：【】\[\]]{2,30})"
)
"""The header (or footer) line complaint sites print beside the consumer's account:
「投诉对象：某某金融」, 「[投诉对象]某某App」."""


def complaint_target(text: str, lex: Lexicons) -> str | None:
    """The business a complaint is filed against, from its 「投诉对象」 line."""
    match = _COMPLAINT_TARGET.search(text)
    if not match:
        return None
    name = clean_name(match.group(1))
    return name if plausible(name, lex) else None


_PARTY = re.compile(
    r"(?:^|\n)\s*(?:当事人|被处罚单位|被处罚人)(?:名称)?\s*[:：]\s*([^\s，。；,;:：]{4,40})"
)
"""The header line of a penalty decision: 「当事人：杭州某某教育咨询有限公司」."""


def penalised_party(body: str, lex: Lexicons) -> str | None:
    """The business a penalty decision is about, when its 「当事人」 line names a company."""
    match = _PARTY.search(body)
    if not match:
        return None
    name = clean_name(match.group(1))
    return name if _LEGAL_SUFFIX.search(name) and plausible(name, lex) else None


_DEFENDANT_UNIT = re.compile(
    r"被告单位\s*[:：]?\s*([^\s，。；,;:：、（()的及和与]"
    r"[^\s，。；,;:：、（()]{1,39}?(?:公司|集团|厂|店|中心|工作室|事务所|商行))"
)
"""A judgment names the business it tries 「被告单位」: 「被告单位深圳市某信息咨询有限公司」."""


COURT_DEFENDANTS = 2
"""Findings that name 「被告人」 at least this often are a court's facts about its defendants."""
_TIED_BEFORE = re.compile(cue_pattern("defendant_ties_before") + r"[^，。；]{0,12}$")


@lru_cache(maxsize=4)
def _tied_after(lex: Lexicons) -> re.Pattern[str]:
    """A post right after a business's name (its staff words and ``defendant_ties_after``), held
    by a defendant (a person named next, or the clause ends: 「系某公司快递员。」), or a verb of
    serving there (「在某快递营业部担任分拣员」)."""
    posts = sorted({*lex["employees"], *cue_words("defendant_ties_after")}, key=len, reverse=True)
    return re.compile(
        r"[^，。；]{0,5}?(?:"
        + "|".join(map(re.escape, posts))
        + r")(?:[\u4e00-\u9fa5]{0,3}[员师长])?"
        + r"(?=被告人|[\u4e00-\u9fa5]{1,2}某|期间|时|[，。；）)]|$)|"
        + cue_pattern("defendant_serves")
        + "(?!人员)"  # 「工作人员」 is a post, not the verb
    )


def court_facts(body: str) -> bool:
    return body.count("被告人") >= COURT_DEFENDANTS


def tied_to_defendant(name: str, text: str, lex: Lexicons) -> bool:
    """The business is run by, employs or is managed by someone in the findings
    (「被告人经营的某装修公司」「某公司员工王某」); not where its own staff do their work
    (「某银行工作人员多次催收」) or a defendant passes himself off as its staff."""
    return any(
        (
            _TIED_BEFORE.search(text, max(0, m.start() - 20), m.start())
            or _tied_after(lex).match(text, m.end())
        )
        and not _PASSED_OFF.search(text, max(0, m.start() - 12), m.start())
        for m in re.finditer(re.escape(name), text)
    )


_PASSED_OFF = re.compile(cue_pattern("impersonating") + r"[“\"「]?[^，。；“\"「]{0,6}$")
"""「冒充“北京某某公司”的工作人员」: a defendant passing himself off as its staff is not its
staff."""


def defendant_unit(text: str, lex: Lexicons) -> str | None:
    """The business a criminal judgment tries, when it tries one. Its managers and staff act
    for it (unit crime), so the defendants' conduct in the findings is its conduct."""
    match = _DEFENDANT_UNIT.search(text)
    if not match:
        return None
    name = clean_name(match.group(1))
    return name if plausible(name, lex) else None


def unit_acts(sentence: str, unit: str) -> bool:
    """The sentence tells what a defendant, the unit or 「被告单位」 did."""
    return bool(ACTOR.search(sentence)) or "被告单位" in sentence or unit in sentence
