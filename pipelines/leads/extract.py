"""The extraction sequence: prepare, scan, understand the candidate sentences, decide, score.

Only sentences where the Aho-Corasick scan finds a conduct cue next to personal information (or a
marketing cue, which is about personal data by itself) are candidates, and only candidates that
hint at a business go through jieba: most of a long article never reaches the tagger.

The questions the sequence asks live beside it: whether a sentence reports a conduct as happening
(:mod:`.violation`), whether a story is told abroad (:mod:`.abroad`), a regulator's app notice
(:mod:`.notices`), the parties a document names by its form (:mod:`.parties`), the business a
headline describes by its kind (:mod:`.subjects`), the form a business's name takes
(:mod:`.naming`), and the candidate sentence they share (:mod:`.candidates`).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from piwatch.pipelines.codes import CONDUCTS
from piwatch.pipelines.leads.abroad import (
    RANSOM,
    at_home,
    names_abroad,
    told_abroad,
    unanchored_foreign,
)
from piwatch.pipelines.leads.businesses import (
    find_mentions,
    listed_actors,
    listed_names,
    straddles_words,
)
from piwatch.pipelines.leads.calibration import load_calibration, score_features
from piwatch.pipelines.leads.candidates import (
    Candidate,
    bucket_hits,
    candidate_mentions,
    candidate_names,
    relative_hits,
)
from piwatch.pipelines.leads.cases import case_keys
from piwatch.pipelines.leads.conduct import choose_conduct, pi_types_of, sentence_conduct
from piwatch.pipelines.leads.cues import cue_pattern, cue_words
from piwatch.pipelines.leads.decision import LeadModel, load_model
from piwatch.pipelines.leads.features import features
from piwatch.pipelines.leads.legal import legal_basis
from piwatch.pipelines.leads.lexicons import DATA_WORDS, Hit, Lexicons, load_lexicons
from piwatch.pipelines.leads.model import Business, Extraction, TextInput
from piwatch.pipelines.leads.naming import (
    apposed_name,
    described_name,
    named_over_described,
    shortest_form,
    tidy_subjects,
    unabbreviated,
    unmistakable_mention,
)
from piwatch.pipelines.leads.notices import (
    NOTICE_MARKETING,
    NOTICE_PROVIDED,
    is_notice,
    notice_list,
    notice_text,
)
from piwatch.pipelines.leads.parties import (
    ACTOR,
    complaint_target,
    court_facts,
    defendant_employer,
    defendant_unit,
    penalised_party,
    tied_to_defendant,
    unit_acts,
)
from piwatch.pipelines.leads.regions import load_gazetteer
from piwatch.pipelines.leads.roles import attacker_follows
from piwatch.pipelines.leads.scoring import Signals, score
from piwatch.pipelines.leads.sectors import choose_sectors
from piwatch.pipelines.leads.simhash import simhash
from piwatch.pipelines.leads.subjects import (
    answering_kind,
    headline_subjects,
    kind_name,
    listed_alongside,
    relative_kind,
    sued_parties,
)
from piwatch.pipelines.leads.violation import is_violation, maybe_violation
from piwatch.pipelines.leads.volume import volume_of
from piwatch.pipelines.options import ExtractOptions
from piwatch.pipelines.text.clauses import clause_before
from piwatch.pipelines.text.mask import mask_pii
from piwatch.pipelines.text.normalize import (
    is_traditional,
    masked_spelling,
    normalize,
    original_spelling,
    unmask,
)
from piwatch.pipelines.text.sentences import Sentence, first_sentence, split_sentences
from piwatch.pipelines.text.structure import TextItem, item_at, split_items, titled_by_first_item

log = logging.getLogger(__name__)

_BUSINESS_HINTS = ("org_suffixes", "described_business", "employees")
_STATUTE_TITLE = re.compile(f"{cue_pattern('statute_endings')}稿?(?:（[^）]*）)?$")
_HEADLINE_HINTS = ("conduct_", "brands_", *_BUSINESS_HINTS)
OPENER_CHARS = 12
"""A first line shorter than this with no lexicon term is an opener, not a headline."""
STORY_SENTENCES = 8
"""Body sentences of 15+ characters (after the title) that tell a news story; later ones are
background, other cases and boilerplate (calibrated on the development set)."""
_REGISTERED = re.compile(r"(?:有限公司|有限责任公司|股份有限公司|集团)$")
_REGISTERED_IN = re.compile(r"[\u4e00-\u9fa5]{4,}(?:股份有限公司|有限责任公司|有限公司)")
_POSSESSED_ONLY = re.compile(
    r"的(?!.{0,4}?(?:App|APP|应用|软件|系统|平台|小程序|员工|工作人员|客服|销售))"
)


def _acting_company(sentence: str) -> bool:
    """A registered company that can be the one acting: not one named only as the owner of a
    thing (「登记人为…有限公司的汽车」「…有限责任公司的疫苗」); its app, system or staff act for
    it."""
    return any(
        _POSSESSED_ONLY.match(sentence, m.end()) is None for m in _REGISTERED_IN.finditer(sentence)
    )


_WRITEUP = re.compile(
    r"(?:泄[露漏]|越权|注入)漏洞|漏洞(?:挖掘|复现|分析)|带工具|\bPoC\b|\bPOC\b|CVE-\d{4}-\d+|致谢"
    r"|(?:存在[^，,；;。|｜]{0,30}|的)漏洞\s*$"
)
"""A vulnerability write-up's title: 「信息泄露漏洞」 names a class of bug, not a leak; a title
that ends on the flaw a product has (「某VPN存在任意文件读取漏洞」「可窃取账号密码的漏洞」)
tells of nothing done yet."""
_RECTIFIED = re.compile(r"(?<![未没尚])完成[^，,；;|｜]{0,16}整改|整改(?:完成|到位|完毕)")
"""「62款App完成个人信息收集使用合规整改」: the problems are fixed; a rectification ordered
(「被责令整改」) or not done (「未完成整改」) still reports them."""
_INTRODUCED = re.compile(r"(?:叫|名为|叫做|名叫|自称)[“\"「]([^“”\"「」]{2,20})[”\"」]")
_BARE_REFERENCES = frozenset(cue_words("bare_references"))
_CASEBOOK = re.compile(r"典型案例|案例")
_POINTER = re.compile(
    r"(?:这家|该|涉事|某家|一家)(?:[\u4e00-\u9fa5]{0,4})(?:公司|企业|银行|机构|平台|酒店|网点|门店|中介|App|APP)"
)
_APPS = re.compile(r"App|APP|app|应用|SDK|小程序|软件")
_TREND_REPORT = re.compile(r"报告|趋势|态势|统计|白皮书|分析|启示")
"""Reports that aggregate many notices are not leads (labelling guide); digests of news are."""
_TITLE_PARTS = re.compile(r"\s*[；;|｜]\s*|\s{2,}")
_DIGEST_PARTS = re.compile(r"\s*[；;|｜/]\s*|\s{2,}")
"""Digests also separate items with slashes (「周报】A/B」); elsewhere 「3毛/条」 is one phrase."""
_BRACKETED_TITLE = re.compile(r"(?:【[^【】]+】\s*){2,}")
_BRACKETED_ITEM = re.compile(r"【([^【】]+)】")
"""A title made of bracketed stories (「【A公布…】【B…】【C…】」, an account's daily round-up):
each story is one part of the headline."""
_ORIGIN = re.compile(
    f"(?:{DATA_WORDS})[^，,。；;]{{0,6}}(?:来自|源自|源于|出自)"
    r"(?:[^，,。；;]{0,12}[、和及与以])?[^，,。；;、]{0,4}$"
)
"""The business data came from: 「数据主要来自淘宝、京东等」, named right after 来自."""


_BROKEN_RULE = re.compile(r"违反|违背|不符合|未遵守|未落实|触犯")


@dataclass(slots=True)
class Reading:
    """What the rules read in one text: its decisive sentences, the businesses they accuse, the
    conduct and sector they report, and the flags that shaped the rules' own decision
    (``rule_lead``). The learned decision (:mod:`piwatch.pipelines.leads.decision`) weighs these
    as features; :func:`extract` assembles the output from them."""

    title: str
    body: str
    items: list[TextItem]
    has_title: bool
    candidates: list[Candidate]
    story: list[Candidate]
    lead_sentences: list[Candidate]
    subjects: list[str]
    written: list[str]
    conduct: list[str]
    sectors: list[str]
    hits: list[Hit]
    volume: int | None
    published: datetime | None
    excluded: bool
    digest: bool
    app_notice: bool
    report_kind: bool
    casebook: bool
    title_violation: bool
    about_business: bool
    named_in_title: bool
    pointed: bool
    rule_lead: bool
    fired: list[str] = field(default_factory=list)
    """Ids of the named rules (:mod:`piwatch.pipelines.leads.rules`) that shaped the decision."""

    @property
    def texts(self) -> list[str]:
        return [c.sentence.text for c in self.lead_sentences]


def extract(item: TextInput, options: ExtractOptions) -> Extraction:
    """Read one text and say whether (and how) it reports a personal-information violation.

    Three stages: the rules read the text (:func:`read_text`); a decision is taken (:func:`_decide`:
    the rules', or a trained model's calibrated probability when ``options.model_path`` holds one,
    see ``piwatch train``); the output is assembled from the reading (:func:`assemble`).
    """
    model = load_model(options.model_path) if options.model_path else None
    reading = read_text(item, options)
    is_lead, probability = _decide(reading, item, options, model)
    return assemble(item, reading, is_lead, probability, options)


def load_all(options: ExtractOptions) -> None:
    """Load what extraction loads on first use (the lexicons, jieba's dictionary and tagger, the
    lead score), so no text pays for it: the crawl's fork server loads it once for all its
    workers, a benchmark before its clock starts."""
    load_lexicons(options.lexicon_dir).tagger.cut("某某公司")
    extract(TextInput(id="load", text="某某科技有限公司未经同意收集用户个人信息。"), options)


def _decide(
    reading: Reading, item: TextInput, options: ExtractOptions, model: LeadModel | None
) -> tuple[bool, float]:
    """Lead or not, and the score: the learned decision's probability when one is configured;
    else the rules' decision, scored by the shipped calibration (see ``piwatch train``) or, with
    none, by the hand-weighted score."""
    if model is None:
        is_lead = reading.rule_lead
        calibration = load_calibration(options.score_path) if options.score_path else None
        if calibration is None:
            probability = rule_score(reading, item, options)
        elif is_lead:
            probability = calibration.probability(score_features(reading, item))
        else:
            probability = calibration.miss_rate
    else:
        probability = model.probability(features(reading, item))
        is_lead = probability >= model.threshold
    return is_lead and bool(reading.conduct) and probability >= options.min_score, probability


def rule_score(reading: Reading, item: TextInput, options: ExtractOptions) -> float:
    """The hand-weighted score of the rules alone (no model configured)."""
    subjects = reading.subjects
    signals = Signals(
        is_lead=reading.rule_lead,
        conduct=tuple(reading.conduct),
        volume=reading.volume,
        source_type=item.source_type,
        named_subjects=sum(1 for s in subjects if "某" not in s and not s.startswith("一家")),
        described_only=bool(subjects) and all("某" in s or s.startswith("一家") for s in subjects),
        enforcement=any(h.category == "enforcement" for h in reading.hits),
        has_region=False,
        published=reading.published,
        as_of=options.as_of,
    )
    return score(signals)


def assemble(
    item: TextInput, reading: Reading, is_lead: bool, probability: float, options: ExtractOptions
) -> Extraction:
    """The output for a decision: lead fields only for a lead, evidence and regions always."""
    texts = reading.texts
    gazetteer = load_gazetteer()
    regions = gazetteer.find(" ".join([reading.title, *texts[:10]])) or (
        gazetteer.find(reading.body[:400]) if is_lead else []
    )
    conduct = reading.conduct if is_lead else []
    sectors = reading.sectors if is_lead else []
    shown = [_snippet(t, options.evidence_max_chars) for t in texts[: options.max_evidence]]
    return Extraction(
        id=item.id,
        is_lead=is_lead,
        score=round(probability, 3),
        conduct=conduct,
        sectors=sectors,
        businesses=[Business(name, "subject") for name in reading.written] if is_lead else [],
        pi_types=pi_types_of(reading.hits) if texts else [],
        regions=regions,
        evidence=shown,
        volume=reading.volume,
        legal_basis=legal_basis(conduct, sectors, reading.published) if is_lead else [],
        simhash=simhash(reading.body or reading.title) if is_lead else 0,
        case_keys=case_keys(reading.subjects, conduct) if is_lead else [],
        item=_source_item(reading) if is_lead else None,
        rules=tuple(reading.fired),
    )


def _source_item(reading: Reading) -> TextItem | None:
    """The item of a multi-item body that the first evidence sentence from the body lies in."""
    first = next((c for c in reading.lead_sentences if c.sentence.start >= 0), None)
    if first is None:
        return None
    return item_at(reading.items, first.sentence.start)


@dataclass(slots=True)
class _Text:
    """A text as the rules read it: its headline (a title, or the first sentence that can play
    one) and the body's sentences with the lexicon hits of each."""

    title: str
    body: str
    has_title: bool
    title_hits: list[Hit]
    sentences: list[Sentence]
    body_hits: list[list[Hit]]
    items: list[TextItem]
    """The body's items when it is a multi-item text (:func:`split_items`), else empty."""
    court_findings: bool
    """The text has no title and opens with a court's findings or charges (「经审理查明」): no
    sentence of it plays a headline."""


_WIDE_GAP = re.compile(r"\s*\u3000\s*|\s{2,}")
"""A headline's main and second story, set apart by an ideographic or double space (「华住酒店信息
遭泄露　2018年星级酒店房价排行」)."""
_TOPIC = re.compile(r"#([^#\n]{4,60})#")
"""A Weibo topic (hashtag) a post is written under: the post's headline."""


def _headline_and_body(item: TextInput, options: ExtractOptions, lex: Lexicons) -> _Text:
    """Normalise, drop a title the body repeats, split and scan; a text without a title gets
    the Weibo topic it is posted under as headline, else its first sentence (after a bare
    opener line such as 「公诉机关指控」)."""
    title = unmask(normalize(item.title or ""))
    body = unmask(normalize(item.text or ""))
    if title and body.lstrip("# ").startswith(title):
        body = body.lstrip("# ")[len(title) :].lstrip()
    parts = _WIDE_GAP.split((item.title or "").strip())
    if len(parts) > 1:  # normalising makes one space of the gap between a headline's stories
        title = " | ".join(unmask(normalize(part)) for part in parts)
    sentences = split_sentences(body, options.max_sentence_chars)
    body_hits = bucket_hits(lex.scan(body), sentences)
    topic = None if title else _TOPIC.search(body)
    if topic:  # a Weibo post: its topic (「#卫生院员工倒卖38万条儿童家长信息#」) is its headline
        title = topic.group(1).strip()
    has_title = bool(title)
    title_hits: list[Hit] = []
    court_findings = not title and bool(_COURT_FINDINGS.match(body))
    if title:
        title_hits = lex.scan(title)
    elif sentences and not court_findings:
        first = next(
            (
                i
                for i, s in enumerate(sentences)
                if len(s.text) >= OPENER_CHARS
                or any(h.category.startswith(_HEADLINE_HINTS) for h in body_hits[i])
            ),
            0,
        )
        title, title_hits = sentences[first].text, relative_hits(body_hits[first], sentences[first])
        sentences, body_hits = sentences[first + 1 :], body_hits[first + 1 :]
    return _Text(
        title, body, has_title, title_hits, sentences, body_hits, split_items(body), court_findings
    )


_COURT_FINDINGS = re.compile(
    r"\s*(?:经(?:二审|一审|再审)?审理查明|(?:公诉机关|[^，,。\n]{2,20}检察院)(?:起诉)?指控|原审法院认定)"
)
"""A court's findings or the charges (「经审理查明」「某某县人民检察院指控」) open a text that has
no headline: its first sentence is the first fact, not a line written to sum the text up."""


DIGEST_STORY_CHARS = 6
"""The shortest story of a digest headline's enumeration (「A正式发布、B被曝窃取隐私等」); shorter
pieces are names listed in one story (「A、B泄露…」)."""


def _digest_stories(part: str) -> list[str]:
    """A digest headline's stories, where 、 separates clauses long enough to be stories."""
    head, colon, rest = part.rpartition("：")
    pieces = rest.split("、")
    if len(pieces) < 2 or min(len(p) for p in pieces) < DIGEST_STORY_CHARS:
        return [part]
    return [head + colon + pieces[0], *pieces[1:]]


_EVIDENCE = re.compile(
    r"^(?:上述|以上|前述)(?:犯罪)?事实|^(?:并|且)?有书证|等(?:书证|证据)(?:证实|证明|予以证实|在案|为证)"
    r"|足以认定[。；;]?$"
)
"""A judgment's citation of its evidence (「上述事实，…有证人证言、银行卡交易明细、户籍资料等证据
证实，足以认定」): the documents it lists (records of data, of sales) are proof, not conduct."""
_CONCLUSION = re.compile(r"^(?:公诉机关|[^，,。]{0,20}检察院|本院|法院)认为")
"""「公诉机关认为，被告人的行为构成侵犯公民个人信息罪」: the charge a court's findings lead to
names the crime, not another act."""
MASTHEAD_CHARS = 120
"""The longest preamble before a list's first item that can be a masthead (「【黑马高调早报】
第1382期 今日头条」): longer, it is an article's introduction."""


def _digest_masthead(preamble: str, lex: Lexicons) -> bool:
    """Whether the text before a list's first item names the text a digest (早报, 周报…): its
    items are stories, whatever the title says. A preamble of several lines is a page's menu
    (「* 安全资讯」「* 360网络安全周报」), not a masthead."""
    preamble = preamble.strip()
    return (
        len(preamble) <= MASTHEAD_CHARS
        and "\n" not in preamble
        and any(h.category == "digest" for h in lex.scan(preamble))
    )


def _candidate_sentences(
    text: _Text, title_kinds: set[str], options: ExtractOptions, lex: Lexicons
) -> tuple[list[Candidate], bool, list[str]]:
    """The sentences that report a conduct: the headline's parts (rule L01), each item's
    opening when the body is a list (L02), then the body's, in order; whether the body is a
    list; the rules that fired."""
    title, body = text.title, text.body
    candidates: list[Candidate] = []
    splitter = _DIGEST_PARTS if "digest" in title_kinds else _TITLE_PARTS
    bracketed = _BRACKETED_TITLE.fullmatch(title)
    parts = _BRACKETED_ITEM.findall(title) if bracketed else splitter.split(title)
    if "digest" in title_kinds:
        parts = [piece for part in parts for piece in _digest_stories(part)]
    for part in parts:  # digest titles: 「周报：A被罚；B泄露」
        if len(parts) > 1 and told_abroad(part, lex):
            continue  # one story of several, abroad (「…；《纽约时报》数据从GitHub泄露」)
        part_hits = lex.scan(part)
        if part and (is_violation(part, part_hits) or is_notice(part)):
            candidates.append(Candidate(-1, Sentence(part, -1, -1), part_hits, is_title=True))
    fired: list[str] = ["L01"] if candidates else []
    # 「1. …  2. 杭州某中介公司员工出售业主信息…」, a digest of one story a line: a list of items
    # is judged item by item, each item's opening read as the headline it is
    items = text.items
    listed = bool(items) and (
        "digest" in title_kinds
        or not items[0].marked
        or titled_by_first_item(items, body, title)
        or _digest_masthead(body[: items[0].start], lex)
    )
    if listed:
        for it in items:
            opening = (
                Sentence(it.heading, 0, it.heading_end - it.start)
                if it.heading_end > 0  # a bold heading of one or more lines
                else first_sentence(body[it.start : it.end], options.max_sentence_chars)
            )
            if opening is None or told_abroad(opening.text, lex):
                continue  # an item about events abroad
            hits = lex.scan(opening.text)
            if is_violation(opening.text, hits) or is_notice(opening.text):
                head = Sentence(opening.text, it.start + opening.start, it.start + opening.end)
                candidates.append(Candidate(-1, head, hits, is_title=True))
                fired.append("L02")
    rank = 0
    for index, hits in enumerate(text.body_hits):
        sentence = text.sentences[index]
        rank += len(sentence.text) >= 15
        if len(candidates) >= options.max_candidate_sentences:
            break
        if (
            hits
            and maybe_violation(hits)
            and sentence.text != title
            and not _EVIDENCE.search(sentence.text)
            and not _CONCLUSION.search(sentence.text)
        ):
            relative = relative_hits(hits, sentence)
            if is_violation(sentence.text, relative):
                candidates.append(Candidate(rank, sentence, relative, position=index))
    return candidates, listed, fired


def read_text(item: TextInput, options: ExtractOptions) -> Reading:
    """The rules' reading of one text (pure; see :class:`Reading`), in stages: the headline
    and body, the candidate sentences, the kind of text (:func:`_genre`), the story it tells
    (:func:`_story`), the businesses it accuses (:func:`_accused`, :func:`_settled`), the
    conduct (:func:`_conduct`)."""
    lex = load_lexicons(options.lexicon_dir)
    text = _headline_and_body(item, options, lex)
    title, body = text.title, text.body
    # 「某银行违反数据安全管理规定被罚」: a rule broken is no policy text
    title_kinds = {
        h.category
        for h in text.title_hits
        if not (h.category == "policy" and _BROKEN_RULE.search(clause_before(title, h.start)))
    }
    candidates, listed, fired = _candidate_sentences(text, title_kinds, options, lex)
    genre = _genre(text, title_kinds, candidates, listed, "L01" in fired, lex)
    if genre.exclusion is not None:
        fired.append(genre.exclusion)
    story = _story(candidates, genre, text.court_findings, item.source_type, fired)
    # Under a headline about no business, only an unmistakable company in the opening counts
    # (「某人力资源公司」, 「…有限公司」), not brands or platforms mentioned along the way.
    # A forum post or complaint tells the poster's own case: the businesses it describes
    # (「一家装修公司」「建材店」) are the ones it is about.
    strict_body = (
        text.has_title
        and not genre.about_business
        and item.source_type not in ("forum", "complaint")
    )
    excluded = genre.exclusion is not None
    subjects: list[str] = []
    evidence: list[Candidate] = []
    unit = None
    if not excluded:
        subjects, evidence, unit = _accused(
            text, genre, candidates, story, strict_body, item.source_type, lex, fired
        )
    subjects = _settled(subjects, text, genre, candidates, story, unit, options, lex, fired)
    # 「这家公司主动通知客户」: the headline points at one business without naming it (a list
    # item's opening points back at the business its item names: 「…该公司表示」)
    pointed = any(
        c.is_title and c.sentence.start < 0 and _POINTER.search(c.sentence.text) for c in story
    )
    if (
        (subjects or pointed)
        and not genre.app_notice
        and unanchored_foreign(subjects, _story_scope(title, body, text.items, evidence), lex)
    ):
        excluded, subjects, evidence = True, [], []
        fired.append("X07")
    original = f"{item.title or ''}\n{item.text or ''}"
    written = (  # names as a Hong Kong or Taiwan text writes them; codes use the simplified form
        [original_spelling(name, original) for name in subjects]
        if subjects and is_traditional(original)
        else [masked_spelling(name, original) for name in subjects]
    )
    is_lead = not excluded and bool(subjects or genre.app_notice or pointed)
    if pointed and not evidence:
        evidence = [c for c in story if c.is_title]
    # the headline says what the story is about even when the name is in the body
    # (but of a digest's headline only the part that names the business)
    headline = [] if any(c.is_title for c in evidence) else [c for c in story if c.is_title]
    lead_sentences = headline + evidence if is_lead else story
    conduct = _conduct(lead_sentences, story, candidates, text, genre, item.source_type)
    # a business named, but no conduct reported as happening: no lead
    rule_lead = is_lead and bool(conduct)
    if genre.app_notice and not excluded:
        fired.append("L05")
    if pointed and not excluded:
        fired.append("L06")
    if genre.casebook and any(c.index >= 0 for c in story):
        fired.append("L03")
    if not excluded and not is_lead:
        fired.append("X08")
    if is_lead and not conduct:
        fired.append("X09")
    return Reading(
        title=title,
        body=body,
        items=text.items,
        has_title=text.has_title,
        candidates=candidates,
        story=story,
        lead_sentences=lead_sentences,
        subjects=subjects,
        written=written,
        conduct=conduct,
        # sectors matter only for a lead (and cost a lexicon pass): the rules' leads get them
        sectors=choose_sectors(subjects, _trade_hits(lead_sentences, lex), lex, genre.app_notice)
        if rule_lead
        else [],
        hits=[h for c in lead_sentences for h in c.hits],
        volume=volume_of([c.sentence.text for c in lead_sentences]),
        published=_parse_date(item.published),
        excluded=excluded,
        digest=genre.digest,
        app_notice=genre.app_notice,
        report_kind=genre.report_kind,
        casebook=genre.casebook,
        title_violation=genre.title_violation,
        about_business=genre.about_business,
        named_in_title=genre.named_in_title,
        pointed=pointed,
        rule_lead=rule_lead,
        fired=list(dict.fromkeys(fired)),
    )


@dataclass(frozen=True, slots=True)
class _Genre:
    """What kind of text it is, as far as the rules care: what decides which of its sentences
    tell the story and whether it can be a lead at all."""

    title_violation: bool
    """The headline (or a part of it) reports a conduct (rule L01)."""
    digest: bool
    app_notice: bool
    named_in_title: bool
    exclusion: str | None
    """The id of the rule that says the text is no lead whatever it mentions, or None."""
    report_kind: bool
    """A list, digest, report, policy or advice piece: only what its title reports counts."""
    casebook: bool
    about_business: bool


def _genre(
    text: _Text,
    title_kinds: set[str],
    candidates: list[Candidate],
    listed: bool,
    title_violation: bool,
    lex: Lexicons,
) -> _Genre:
    """The kind of text: digest, app notice, casebook, report; excluded or not; whether its
    headline is about a business."""
    title = text.title
    text_for_flags = (
        title + " " + " ".join(c.sentence.text for c in candidates if c.index <= STORY_SENTENCES)
    )
    # 「安全头条 | A；B」: the digest marker sits before the first bar; trend words after it
    # name one of the items, not the piece itself
    digest = "digest" in title_kinds and not _TREND_REPORT.search(_TITLE_PARTS.split(title)[0])
    about_apps = bool(_APPS.search(title))
    app_notice = not _TREND_REPORT.search(title) and (
        is_notice(title)
        or any(
            is_notice(c.sentence.text)
            for c in candidates
            if (digest and c.index >= 0)
            or (about_apps and 0 <= c.index <= 3)
            or (c.is_title and c.sentence.start >= 0)  # an item's heading in a list
        )
    )
    named_in_title = any(
        h.category.startswith("brands_") and h.category != "brands_foreign" for h in text.title_hits
    )
    exclusion = _excluded(
        title_kinds, title, text.body[:600], candidates, lex, text_for_flags, named_in_title, listed
    )
    # A news story's opening may name the business its headline only describes (「这家银行被罚」
    # → 「盘锦银行」); a headline about no business at all is about individuals, gangs or policy,
    # except a complaint's, which is always about the consumer's own case against a business.
    about_business = any(
        h.category.startswith(_BUSINESS_HINTS) or h.category.startswith("brands_")
        for h in text.title_hits
    ) or _title_names_subject(title, candidates, lex)
    return _Genre(
        title_violation=title_violation,
        digest=digest,
        app_notice=app_notice,
        named_in_title=named_in_title,
        exclusion=exclusion,
        # Digests, reports, policy and advice pieces mention many cases in passing: only what
        # their title reports counts. Other texts: the title and the opening sentences tell it.
        report_kind=listed or bool(title_kinds & {"policy", "advice", "digest"}),
        # 「最高检发布8起典型案例」: every case in the body is a report of its own
        casebook=bool(_CASEBOOK.search(title)),
        about_business=about_business,
    )


def _story(
    candidates: list[Candidate],
    genre: _Genre,
    court_findings: bool,
    source_type: str | None,
    fired: list[str],
) -> list[Candidate]:
    """The candidate sentences that tell the text's story: the headline's, a casebook's cases,
    and the opening's where the headline reports a conduct or a business (or the text is a
    complaint or a court's findings, whose facts are the story)."""
    story = [
        c
        for c in candidates
        if c.is_title
        or (genre.casebook and c.index >= 0)
        or (
            not genre.report_kind
            and (
                genre.title_violation
                or genre.about_business
                or source_type == "complaint"
                or court_findings
            )
            and c.index <= STORY_SENTENCES
        )
    ]
    if not story and not genre.report_kind and not genre.digest:
        # a transcript or long post under a headline that says nothing (「3·15晚会全文实录」):
        # a registered company doing one of the conducts, wherever it is told
        story = [c for c in candidates if _acting_company(c.sentence.text)][:1]
        fired.extend("L04" for _ in story)
    return story


def _accused(
    text: _Text,
    genre: _Genre,
    candidates: list[Candidate],
    story: list[Candidate],
    strict_body: bool,
    source_type: str | None,
    lex: Lexicons,
    fired: list[str],
) -> tuple[list[str], list[Candidate], str | None]:
    """The businesses a text that is not excluded accuses, the sentences that accuse them, and
    the business unit a court tries (if any): the story's subjects, then what a post's opening,
    a complaint's target line, a penalty's party or a court's defendant unit add."""
    title, body = text.title, text.body
    subjects, evidence, found = _story_subjects(story, text, strict_body, genre.app_notice, lex)
    fired.extend(found)
    if (
        all(described_name(n) or kind_name(n, lex) for n in subjects)
        and genre.title_violation
        and not genre.report_kind
        and not genre.app_notice
    ):
        # a post or complaint: the headline says what happened, the opening says who
        named = _opening_business(
            text.sentences, text.body_hits, lex, posted=source_type in ("forum", "complaint")
        )
        if named:
            subjects.append(named[0])
            fired.append("S02")
            evidence.extend(c for c in story if c.is_title)
            sentence, position = named[1], named[2]
            # its cues count: 「一家名为“探客查”的平台正在售卖个人信息」 tells what happened
            hits = relative_hits(text.body_hits[position], sentence)
            evidence.append(Candidate(0, sentence, hits, position=position))
    if genre.app_notice and not evidence:
        evidence = candidates[:3]
    target = complaint_target(title + "\n" + body, lex)
    if target and target not in subjects:
        # 「投诉对象：某某金融」: a complaint names whom it is about; its violation sentences
        # are the consumer's own case against that business
        subjects.insert(0, target)
        fired.append("S03")
        evidence.extend(c for c in candidates if c not in evidence)
    party = penalised_party(body, lex)
    if party and party not in subjects:
        # 「当事人：某某教育咨询有限公司 … 经查，当事人购买个人信息」: a penalty decision
        # calls the business it penalises 「当事人」 in every finding
        findings = [c for c in candidates if not c.is_title and "当事人" in c.sentence.text]
        if findings:
            subjects.insert(0, party)
            fired.append("S04")
            evidence.extend(c for c in findings if c not in evidence)
    unit = defendant_unit(title + "\n" + body, lex)
    acts = [c for c in story if unit and unit_acts(c.sentence.text, unit)]
    if unit and acts:
        # the business the court tries acts through its defendants, whom the findings name
        # instead of it (「被告人黄某系该公司法定代表人…购买公民个人信息」)
        subjects = [unit, *(s for s in subjects if s != unit)]
        evidence.extend(c for c in acts if c not in evidence)
        fired.append("S08")
    return subjects, evidence, unit


def _settled(
    subjects: list[str],
    text: _Text,
    genre: _Genre,
    candidates: list[Candidate],
    story: list[Candidate],
    unit: str | None,
    options: ExtractOptions,
    lex: Lexicons,
    fired: list[str],
) -> list[str]:
    """The accused as the output names them: a notice's listed apps; only businesses tied to a
    defendant in court facts where individuals act; named over described, each in its
    shortest form with the name set beside it; none described by a place abroad."""
    title, body = text.title, text.body
    if genre.app_notice and genre.exclusion is None:
        apps = listed_names(title, lex) + notice_list(
            body, text.items, candidates, lex, is_notice(title)
        )
        title_named = [n for c in story if c.is_title for n in candidate_names(c)]
        subjects = list(dict.fromkeys(title_named + apps))
    subjects = tidy_subjects(unabbreviated(subjects, body, lex), lex)
    if ((text.court_findings and "被告人" in body) or court_facts(body)) and not unit:
        # 「被告人…」 findings where only individuals act: a bank, a platform, a brand or a
        # client is only what they used or wronged; a business tied to a defendant acts, and
        # so does one a headline reports acting (a breach catalogue's record)
        kept = [
            s
            for s in subjects
            if (text.has_title and s in title) or tied_to_defendant(s, body, lex)
        ]
        if len(kept) < len(subjects):
            fired.append("X10")
        subjects = kept
    if len(subjects) > 1:  # 「某公司」 adds nothing next to 「某信息技术公司」
        subjects = [s for s in subjects if s not in _BARE_REFERENCES] or subjects
    subjects = named_over_described(subjects, lex)
    subjects = [shortest_form(name, lex) for name in subjects]
    apposed = [apposed_name(s, title + "\n" + body, lex) for s in subjects]
    fired.extend("S05" for a, s in zip(apposed, subjects, strict=True) if a != s)
    # 「一家美国小公司」: a business described by a place abroad is abroad
    subjects = [s for s in apposed if not any(term in s for term in lex["foreign"])]
    return subjects[: options.max_businesses]


def _conduct(
    lead_sentences: list[Candidate],
    story: list[Candidate],
    candidates: list[Candidate],
    text: _Text,
    genre: _Genre,
    source_type: str | None,
) -> list[str]:
    """The conduct codes the lead sentences report; an app notice's are what notices are
    about, with marketing and provision to third parties where its findings name them."""
    if not genre.app_notice:
        return _reported_conduct(lead_sentences, story, source_type == "forum")
    conduct = ["collect_without_consent"]  # what app notices are about
    notice = notice_text(text.title, text.body, candidates)
    if NOTICE_MARKETING.search(notice):
        conduct.append("unsolicited_marketing")  # 「弹窗信息骚扰用户」 is one of the findings
    if NOTICE_PROVIDED.search(notice):
        conduct.append("disclose_or_sell")  # 「App客户端向第三方提供个人信息，未经过用户同意」
    return [c for c in CONDUCTS if c in conduct]


def _story_subjects(
    story: list[Candidate], text: _Text, strict_body: bool, app_notice: bool, lex: Lexicons
) -> tuple[list[str], list[Candidate], list[str]]:
    """The businesses the story's sentences accuse, the sentences that accuse them, and the
    rules that fired: each sentence's subject mentions (a pronoun resolved to the business
    before it; where data came from counts, a big platform in the body is where it happened;
    under a strict body only an unmistakable company), a headline's own subject, the party a
    consumer sues, a defendant's employer, and names listed with them."""
    subjects: list[str] = []
    evidence: list[Candidate] = []
    fired: list[str] = []
    last_subject: str | None = None
    # 「被告人李某系某快递网点员工。……李某将面单信息出售给他人」: the defendant's business
    employer = defendant_employer(text.title, text.title_hits, text.sentences, text.body_hits, lex)
    for cand in story:
        staff_act = (
            employer is not None
            and employer[0] <= cand.position
            and bool(ACTOR.search(cand.sentence.text))
        )
        if (
            not cand.is_title
            and not any(h.category.startswith(_BUSINESS_HINTS) for h in cand.hits)
            and not (re.search(r"[《“\"]", cand.sentence.text))
            and not any(h.category.startswith("brands_") for h in cand.hits)
            and not staff_act
            and not listed_actors(cand.sentence.text, cand.hits, lex)
        ):
            continue
        names = []
        mentions = candidate_mentions(cand, lex)
        for m in mentions:
            if m.role != "subject":
                continue
            # 「数据主要来自各快递平台以及淘宝、京东等购物网站」: where leaked data came from
            origin = _ORIGIN.search(clause_before(cand.sentence.text, m.start))
            if origin:
                names.append(m.name)
                continue
            if not cand.is_title and m.name in lex["channel_brands"]:
                continue  # big platforms in a story's body are mostly where things happened
            if m.source == "pronoun":
                antecedent = last_subject or _antecedent(
                    text.sentences, text.body_hits, cand.position, lex, strict_body
                )
                if antecedent:
                    names.append(antecedent)
                elif (
                    cand.sentence.start < 0
                    and m.name.startswith("涉事")
                    and not any(o.start < m.start for o in mentions)
                ):
                    names.append(m.name)  # 「涉事公司曾因…被罚」: a headline's only description
                continue
            if strict_body and not cand.is_title and not unmistakable_mention(m):
                continue
            names.append(m.name)
            if m.source == "listed":
                fired.append("S09")
        if cand.is_title and not names and not app_notice:
            names = (
                headline_subjects(cand.sentence.text, lex)
                or answering_kind(text.title, lex)
                or relative_kind(cand.sentence.text, cand.hits, lex)
            )
            if not names:
                names = sued_parties(cand.sentence.text, lex)
                fired.extend("S06" for _ in names[:1])
        if not names and staff_act and employer is not None:
            names = [employer[1]]
            fired.append("S01")
        if names:
            listed_with = listed_alongside(cand.sentence.text, names, lex)
            fired.extend("S07" for _ in listed_with[:1])
            names += listed_with
            last_subject = names[-1]
            evidence.append(cand)
            subjects.extend(n for n in names if n not in subjects)
    return subjects, evidence, fired


def _reported_conduct(
    lead_sentences: list[Candidate], story: list[Candidate], forum: bool
) -> list[str]:
    """The conduct codes the decisive sentences report, the headline's settling it. A forum
    thread's title asks: each post tells its own case, and without one the title counts
    minus what it only asks about."""
    title_counts: Counter[str] = Counter()
    body_counts: Counter[str] = Counter()
    for cand in lead_sentences:
        counts = sentence_conduct(cand.sentence.text, cand.hits)
        (title_counts if cand.is_title else body_counts).update(counts)
    if forum:
        post_counts: Counter[str] = Counter()
        for cand in story:
            if not cand.is_title:
                post_counts.update(sentence_conduct(cand.sentence.text, cand.hits))
        if sum(post_counts.values()):
            title_counts, body_counts = Counter(), post_counts
        else:
            title_counts = Counter()
            for cand in story:
                if cand.is_title:
                    title_counts.update(
                        sentence_conduct(cand.sentence.text, cand.hits, skip_questions=True)
                    )
    return choose_conduct(title_counts, body_counts)


def _trade_hits(sentences: list[Candidate], lex: Lexicons) -> list[Hit]:
    """The hits of the decisive sentences, without trade words that straddle two of jieba's
    words (「作出/行政处罚」 holds 出行): those name no trade."""
    return [
        h
        for c in sentences
        for h in c.hits
        if not (h.category.startswith("sector_") and straddles_words(c.sentence.text, h, lex))
    ]


def _excluded(
    title_kinds: set[str],
    title: str,
    opening: str,
    candidates: list[Candidate],
    lex: Lexicons,
    flag_text: str,
    named_in_title: bool,
    listed: bool,
) -> str | None:
    """Texts that are not leads whatever they mention: policies, statutes, denials, foreign news;
    the id of the rule that says so, or None. A text whose title names a known brand
    (``named_in_title``), or a list whose items are judged one by one (``listed``: an item
    abroad is skipped on its own), is not placed abroad by foreign words among its sentences;
    a list is not placed abroad by its title either, which may be its first item's headline."""
    judged_apart = named_in_title or listed
    if not candidates:
        return "X01"
    if "privacy_policy" in title_kinds:
        return "X02"
    if _STATUTE_TITLE.search(title.strip()):
        return "X03"
    if not any(c.is_title for c in candidates) and any(
        term in opening for term in lex["privacy_policy"]
    ):
        return "X02"  # a policy whose title names only the company and a date
    if "negation" in title_kinds or _WRITEUP.search(title) or _RECTIFIED.search(title):
        # denials; vulnerability write-ups (「…信息泄露漏洞【带工具】」); rectifications done
        return "X04"
    # a compound headline (「A；B | 牛览」) is placed by the parts that report, not by the others
    parts = [c.sentence.text for c in candidates if c.is_title and c.sentence.start < 0]
    headline = RANSOM.sub("", " ".join(parts) if parts else title)
    if names_abroad(headline, lex) and not listed:  # a list's title may be its first item's
        return None if at_home(title, lex) else "X05"
    if names_abroad(RANSOM.sub("", flag_text), lex) and not judged_apart:
        return None if at_home(flag_text, lex) else "X06"
    return None


def _story_scope(title: str, body: str, items: list[TextItem], evidence: list[Candidate]) -> str:
    """Where a lead's story is told: the items of a multi-item body that hold its evidence
    (the other items tell other stories), else the whole text."""
    held = {it.start: it for c in evidence if (it := item_at(items, c.sentence.start))}
    if not held:
        return title + "\n" + body
    return "\n".join(body[it.start : it.end] for it in held.values())


ANTECEDENT_SENTENCES = 3
"""How far back 「该公司」「店里」 look for the business they refer to."""


def _antecedent(
    sentences: list[Sentence],
    body_hits: list[list[Hit]],
    position: int,
    lex: Lexicons,
    strict: bool,
) -> str | None:
    """The business a pronoun refers to: the last one named in the preceding sentences."""
    for back in range(position - 1, max(-1, position - 1 - ANTECEDENT_SENTENCES), -1):
        hits = body_hits[back]
        if not any(h.category.startswith(("org_suffixes", "brands_")) for h in hits):
            continue
        relative = relative_hits(hits, sentences[back])
        named = [
            m
            for m in find_mentions(sentences[back].text, relative, lex)
            if m.role in ("subject", "victim")
            and m.source != "pronoun"
            and (not strict or unmistakable_mention(m))
        ]
        if named:
            return named[-1].name
    return None


def _opening_business(
    sentences: list[Sentence], body_hits: list[list[Hit]], lex: Lexicons, posted: bool = False
) -> tuple[str, Sentence, int] | None:
    """The first business the opening names unmistakably: a registered name (…有限公司) or a
    name introduced as one (「一家叫“力形健身”的健身房」). A consumer's post or complaint is
    about the businesses it tells of (``posted``): its first one counts however it is named."""
    rank = 0
    for position, sentence in enumerate(sentences):
        rank += len(sentence.text) >= 15
        if rank > STORY_SENTENCES:
            break
        introduced = _INTRODUCED.search(sentence.text)
        if introduced and not attacker_follows(sentence.text, introduced.end()):
            return introduced.group(1), sentence, position
        if any(h.category == "org_suffixes" for h in body_hits[position]):
            relative = relative_hits(body_hits[position], sentence)
            for mention in find_mentions(sentence.text, relative, lex):
                if (
                    mention.role == "subject"
                    and mention.source != "pronoun"  # 「该集团」 points back, it names no one
                    and (
                        _REGISTERED.search(mention.name)
                        # a post's own business, named or pointed at (「某4S店」「一家叫…」)
                        or (posted and (mention.source != "suffix" or described_name(mention.name)))
                    )
                ):
                    return mention.name, sentence, position
    return None


def _title_names_subject(title: str, candidates: list[Candidate], lex: Lexicons) -> bool:
    """「神州专车、首汽约车…被工信部督促整改」: the headline names a business that an opening
    sentence reports acting, though no lexicon knows the name."""
    return any(
        m.role == "subject"
        and m.source not in ("pronoun", "quoted")
        and len(m.name) >= 3
        and m.name in title
        for c in candidates
        if not c.is_title and c.index <= STORY_SENTENCES
        for m in candidate_mentions(c, lex)
    )


def _snippet(text: str, limit: int) -> str:
    masked = mask_pii(text)
    return masked if len(masked) <= limit else masked[: limit - 1] + "…"


def _parse_date(value: datetime | str | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
