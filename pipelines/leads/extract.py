"""The extraction sequence: prepare, scan, understand the candidate sentences, decide, score.

Only sentences where the Aho-Corasick scan finds a conduct cue next to personal information (or a
marketing cue, which is about personal data by itself) are candidates, and only candidates that
hint at a business go through jieba: most of a long article never reaches the tagger.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from piwatch.pipelines.codes import CONDUCTS
from piwatch.pipelines.leads.businesses import (
    Mention,
    attacker_follows,
    authority,
    clean_name,
    find_mentions,
    headline_subject,
    lexicon_word,
    listed_actors,
    listed_names,
    plausible,
    straddles_words,
)
from piwatch.pipelines.leads.calibration import load_calibration, score_features
from piwatch.pipelines.leads.cases import LEGAL_SUFFIX as _LEGAL_SUFFIX
from piwatch.pipelines.leads.cases import case_keys, case_name
from piwatch.pipelines.leads.conduct import (
    DECISIVE,
    choose_conduct,
    fraud_messages,
    pi_types_of,
    sentence_conduct,
)
from piwatch.pipelines.leads.cues import cue_pattern, cue_words
from piwatch.pipelines.leads.decision import LeadModel, load_model
from piwatch.pipelines.leads.features import features
from piwatch.pipelines.leads.legal import legal_basis
from piwatch.pipelines.leads.lexicons import (
    BARE_DATA,
    DATA_WORDS,
    NOT_PERSONAL,
    Hit,
    Lexicons,
    load_lexicons,
)
from piwatch.pipelines.leads.model import Business, Extraction, TextInput
from piwatch.pipelines.leads.regions import load_gazetteer
from piwatch.pipelines.leads.scoring import Signals, score
from piwatch.pipelines.leads.sectors import choose_sectors, sector_of_name
from piwatch.pipelines.leads.simhash import simhash
from piwatch.pipelines.leads.volume import volume_of
from piwatch.pipelines.options import ExtractOptions
from piwatch.pipelines.text.clauses import (
    clause_before,
    clause_span,
    clause_start,
    split_clauses,
)
from piwatch.pipelines.text.mask import mask_pii
from piwatch.pipelines.text.normalize import (
    is_traditional,
    masked_spelling,
    normalize,
    original_spelling,
    unmask,
)
from piwatch.pipelines.text.sentences import Sentence, first_sentence, split_sentences
from piwatch.pipelines.text.structure import (
    TextItem,
    item_at,
    split_items,
    titled_by_first_item,
    without_mark,
)

log = logging.getLogger(__name__)

_BUSINESS_HINTS = ("org_suffixes", "described_business", "employees")
_APP_NOTICE = re.compile(
    r"(?:(?<![第\d])(?:\d+|[一二两三四五六七八九十百]+)|这|该|一)\s?款[^，。；]{0,24}?"
    r"(?:App|APP|app|应用|SDK|小程序|软件|产品|设备|终端|输入法|浏览器)"
    r"|问题(?:App|APP|app|应用|SDK|小程序)的?通报"  # 「关于问题App的通报」: the regulators' term
)
_NOTICE_VERB = re.compile(
    rf"{cue_pattern('regulator_acts')}|侵害用户权益|违法违规收集|违规收集|整改|检测发现|监测发现|检查"
)
_STATUTE_TITLE = re.compile(f"{cue_pattern('statute_endings')}稿?(?:（[^）]*）)?$")
_NOTICE_CHARS = 6_000
_HEADLINE_HINTS = ("conduct_", "brands_", *_BUSINESS_HINTS)
OPENER_CHARS = 12
"""A first line shorter than this with no lexicon term is an opener, not a headline."""
STORY_SENTENCES = 8
"""Body sentences of 15+ characters (after the title) that tell a news story; later ones are
background, other cases and boilerplate (calibrated on the development set)."""
_APP_GROUP = re.compile(
    r"(?:这些|多家|多款|一批|批)[^，。；]{0,12}?(?:App|APP|app|应用|SDK|小程序|输入法|浏览器)|"
    r"侵害用户权益行为的(?:App|APP|app)|(?<!被)(?:通报|下架)[^，。；]{0,10}?(?:App|APP|app|应用|SDK|小程序)|"
    # 「闲鱼、高德地图等应用被工信部通报」: apps named, then notified
    r"等(?:App|APP|app|应用|SDK|小程序)被[^，。；]{0,8}?(?:通报|下架|约谈)"
)
_APP_VIOLATION = re.compile(
    r"侵害用户权益|侵犯个人信息|违法违规收集|违规收集|超范围|过度索取|违规调用|违法违规|违规|不合规|乱跳转"
)
_REMOVAL_GROUNDS = re.compile(r"收集|个人信息|隐私|权限|用户权益|工信部|网信办|通信管理局|通管局")
"""What makes apps removed a notice about data: the data named, or the regulator that acts on it
(「工信部下架106款APP」); 「7款APP全网下架」 and 「6款产品已下架」 say neither."""
_NOTICE_MARKETING = re.compile(
    r"骚扰用户|信息骚扰|弹窗骚扰|窗口骚扰|推送骚扰|频繁推送|营销短信|骚扰电话|弹窗信息推送|"
    r"弹窗违规推送|违规推送弹窗|推送弹窗"
)
_GENERIC_KIND = re.compile(r"(?:平台|App|APP|app|软件|客户端)$")
"""「闲鱼平台」: a kind any app or platform is, after a brand that identifies it alone."""
_NOTICE_PROVIDED = re.compile(f"向(?:{cue_pattern('other_parties')})(?:提供|共享)")
"""A notice's finding that apps hand personal information to others (「App客户端向第三方提供个人
信息，未经过用户同意」): providing it illegally, disclosure by the guide (decision 19)."""
_DESCRIBED = re.compile(r"某|^(?:[\u4e00-\u9fa5]{2,3}?)?一(?!\d)")
_GENERIC_ONLY = re.compile(
    r"^(?:房产|房屋|快递|物流|装修|培训|教育|保险|小贷|贷款|物业|网络)?"
    r"(?:中介|公司|机构|网点|平台)+$"
)
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


_NAMES_TRADE = re.compile(
    r"[^\s，,。；;：:、的了被向对把将和与及在等]{0,4}?(?:股份|有限责任|有限)公司|\s?[（(]\d{6}[)）]"
)
"""「深圳市某某金融信息服务有限公司」: a data word that runs into a registered name is its trade;
「天喻信息(300205)」: one right before a stock code ends a listed company's name."""
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
_DISARM = cue_words("disarm")
DISARM_CHARS = max(map(len, _DISARM))
"""How far before a cue a disarming word is read (the longest of them, 「可能会」)."""


def _disarmed(text: str, cue_start: int) -> bool:
    """Whether a negation, prohibition or investigating party stands right before the cue
    (「不监听」「严禁出售」「无骚扰电话」「公安机关调取」)."""
    return text[max(0, cue_start - DISARM_CHARS) : cue_start].endswith(_DISARM)


_UNABLE = re.compile(r"(?:无法|不能|未能|不会|无权|不可)[\u4e00-\u9fa5]{0,2}$")
"""「员工无法正常读取数据」「承诺不会泄露」: what cannot or will not happen is no conduct."""
SO_CALLED_CHARS = 10
"""How many characters may stand between 所谓 and the conduct it qualifies."""
_SO_CALLED = re.compile(f'所谓的?[“"「]?[^，,。；;！!？?“”"「」]{{0,{SO_CALLED_CHARS}}}$')
"""「所谓的数据泄露」「所谓“某某数据泄露事件”」: a conduct called so-called is one the text
disputes or only names, not one it reports."""
_BYTES_BEFORE = re.compile(
    r"\d\s?(?:TB|GB|MB|T|G|M)\s?(?:的)?(?:内部|敏感|机密|核心){0,2}$", re.IGNORECASE
)
"""「1.17TB数据被泄露」「1.29TB内部敏感数据」: data told by its size says nothing of whose it
is (「2.3TB用户数据」 does)."""
_ORIGIN = re.compile(
    f"(?:{DATA_WORDS})[^，,。；;]{{0,6}}(?:来自|源自|源于|出自)"
    r"(?:[^，,。；;]{0,12}[、和及与以])?[^，,。；;、]{0,4}$"
)
"""The business data came from: 「数据主要来自淘宝、京东等」, named right after 来自."""
_PREVENTED = re.compile(
    r"(?:(?:防止|避免|杜绝|严禁|禁止|防范|谨防|警惕|提防|当心|打击|狙击|治理|整治|不得|阻止|拦截|屏蔽|制伏|制服)"
    r"[^，,。；;！!？?]{0,6}|[防免])$"
)
"""「防止App过度收集个人信息」「治理非法暴露他人隐私」: what is to be prevented or combated a few
words on is not reported as done; nor what a product guards against (「数据防泄露方案」), nor
what a reader is warned of (「需警惕信息泄露」) or spared (「免骚扰电话功能」)."""
_COUNTERED = re.compile(r"(?:拦截|屏蔽|过滤|识别|防护|治理|整治)")
"""「骚扰电话拦截服务」「垃圾短信过滤」: a conduct named as what a service counters."""
PREVENTED_REACH = 10
"""How far back from a cue (or its data) a preventing or combating verb is looked for."""


def _prevented(sentence: str, hit: Hit) -> bool:
    """A preventing or combating verb a few words before ``hit`` (:data:`_PREVENTED`), or a
    countering noun right after it (:data:`_COUNTERED`)."""
    return (
        _PREVENTED.search(sentence, max(0, hit.start - PREVENTED_REACH), hit.start) is not None
        or _COUNTERED.match(sentence, hit.end) is not None
    )


_HYPOTHETICAL = re.compile(rf"\s*{cue_pattern('suppose')}")
"""「当App试图读取剪贴板时，系统会提示」: a clause that supposes something reports nothing."""
_LOWERED_RISK = re.compile(
    r"的?(?:风险|可能性?)[^，,。；;！!？?]{0,4}(?:降低|减少|下降|减小|防范|规避)"
)
"""「个人信息泄露的风险大大降低」: a risk said to fall is no event."""
_FACING = re.compile(r"(?:面临|面对)[^，,。；;！!？?]{0,12}$")
_RISK_AFTER = re.compile(r"的?(?:风险|隐患|威胁|挑战)")


_RISK_ENDS_CLAUSE = re.compile(r"[^，,。；;！!？?\s]{0,12}?(?:风险|隐患)(?:[，,。；;！!？?\s]|$)")
"""「个人信息有泄露风险」「…也是网贷平台容易涉及的法律风险」: a clause that ends by calling the
conduct a risk names a danger, not an event."""


def _faced_risk(sentence: str, hit: Hit) -> bool:
    """「面临着数据泄密的风险」: a risk faced is no event; nor a conduct its clause ends by
    calling a risk."""
    return (
        _RISK_AFTER.match(sentence, hit.end) is not None
        and _FACING.search(sentence, 0, hit.start) is not None
    ) or _RISK_ENDS_CLAUSE.match(sentence, hit.end) is not None


_BROKEN_RULE = re.compile(r"违反|违背|不符合|未遵守|未落实|触犯")
_DOCUMENT_TITLE = re.compile(r"《([^《》]{1,30}(?:书|表|单|函|决定|通知|笔录))》")
"""「《调取证据通知书》」: a case file's title in a list of evidence, not a conduct."""


@dataclass(slots=True)
class _Candidate:
    """A sentence reporting a conduct on personal information, and what is in it."""

    index: int
    sentence: Sentence
    hits: list[Hit]
    is_title: bool = False
    position: int = -1  # place in the body's sentence list (-1: headline)
    mentions: list[Mention] | None = None
    """Its business mentions, found once (:func:`_mentions`)."""


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
    candidates: list[_Candidate]
    story: list[_Candidate]
    lead_sentences: list[_Candidate]
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
    body_hits = _bucket(lex.scan(body), sentences)
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
        title, title_hits = sentences[first].text, _relative(body_hits[first], sentences[first])
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
) -> tuple[list[_Candidate], bool, list[str]]:
    """The sentences that report a conduct: the headline's parts (rule L01), each item's
    opening when the body is a list (L02), then the body's, in order; whether the body is a
    list; the rules that fired."""
    title, body = text.title, text.body
    candidates: list[_Candidate] = []
    splitter = _DIGEST_PARTS if "digest" in title_kinds else _TITLE_PARTS
    bracketed = _BRACKETED_TITLE.fullmatch(title)
    parts = _BRACKETED_ITEM.findall(title) if bracketed else splitter.split(title)
    if "digest" in title_kinds:
        parts = [piece for part in parts for piece in _digest_stories(part)]
    for part in parts:  # digest titles: 「周报：A被罚；B泄露」
        if len(parts) > 1 and _told_abroad(part, lex):
            continue  # one story of several, abroad (「…；《纽约时报》数据从GitHub泄露」)
        part_hits = lex.scan(part)
        if part and (_is_violation(part, part_hits) or _is_notice(part)):
            candidates.append(_Candidate(-1, Sentence(part, -1, -1), part_hits, is_title=True))
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
            if opening is None or _told_abroad(opening.text, lex):
                continue  # an item about events abroad
            hits = lex.scan(opening.text)
            if _is_violation(opening.text, hits) or _is_notice(opening.text):
                head = Sentence(opening.text, it.start + opening.start, it.start + opening.end)
                candidates.append(_Candidate(-1, head, hits, is_title=True))
                fired.append("L02")
    rank = 0
    for index, hits in enumerate(text.body_hits):
        sentence = text.sentences[index]
        rank += len(sentence.text) >= 15
        if len(candidates) >= options.max_candidate_sentences:
            break
        if (
            hits
            and _maybe_violation(hits)
            and sentence.text != title
            and not _EVIDENCE.search(sentence.text)
            and not _CONCLUSION.search(sentence.text)
        ):
            relative = _relative(hits, sentence)
            if _is_violation(sentence.text, relative):
                candidates.append(_Candidate(rank, sentence, relative, position=index))
    return candidates, listed, fired


def read_text(item: TextInput, options: ExtractOptions) -> Reading:
    """The rules' reading of one text (pure; see :class:`Reading`)."""
    lex = load_lexicons(options.lexicon_dir)
    text = _headline_and_body(item, options, lex)
    title, body, sentences, body_hits = text.title, text.body, text.sentences, text.body_hits
    has_title, title_hits = text.has_title, text.title_hits
    published = _parse_date(item.published)
    # 「某银行违反数据安全管理规定被罚」: a rule broken is no policy text
    title_kinds = {
        h.category
        for h in title_hits
        if not (h.category == "policy" and _BROKEN_RULE.search(clause_before(title, h.start)))
    }
    candidates, listed, fired = _candidate_sentences(text, title_kinds, options, lex)
    title_violation = "L01" in fired

    opening = body[:600]
    text_for_flags = (
        title + " " + " ".join(c.sentence.text for c in candidates if c.index <= STORY_SENTENCES)
    )
    # 「安全头条 | A；B」: the digest marker sits before the first bar; trend words after it
    # name one of the items, not the piece itself
    digest = "digest" in title_kinds and not _TREND_REPORT.search(_TITLE_PARTS.split(title)[0])
    about_apps = bool(_APPS.search(title))
    app_notice = not _TREND_REPORT.search(title) and (
        _is_notice(title)
        or any(
            _is_notice(c.sentence.text)
            for c in candidates
            if (digest and c.index >= 0)
            or (about_apps and 0 <= c.index <= 3)
            or (c.is_title and c.sentence.start >= 0)  # an item's heading in a list
        )
    )
    named_in_title = any(
        h.category.startswith("brands_") and h.category != "brands_foreign" for h in title_hits
    )
    exclusion = _excluded(
        title_kinds, title, opening, candidates, lex, text_for_flags, named_in_title, listed
    )
    excluded = exclusion is not None
    if exclusion is not None:
        fired.append(exclusion)
    # Digests, reports, policy and advice pieces mention many cases in passing: only what their
    # title reports counts. Other texts: the title and the opening sentences tell the story.
    report_kind = listed or bool(title_kinds & {"policy", "advice", "digest"})
    # 「最高检发布8起典型案例」: every case in the body is a report of its own
    casebook = bool(_CASEBOOK.search(title))
    # A news story's opening may name the business its headline only describes (「这家银行被罚」
    # → 「盘锦银行」); a headline about no business at all is about individuals, gangs or policy,
    # except a complaint's, which is always about the consumer's own case against a business.
    about_business = any(
        h.category.startswith(_BUSINESS_HINTS) or h.category.startswith("brands_")
        for h in title_hits
    ) or _title_names_subject(title, candidates, lex)
    # a court's findings without a headline: the facts they open with are the story
    court_findings = text.court_findings
    story = [
        c
        for c in candidates
        if c.is_title
        or (casebook and c.index >= 0)
        or (
            not report_kind
            and (
                title_violation
                or about_business
                or item.source_type == "complaint"
                or court_findings
            )
            and c.index <= STORY_SENTENCES
        )
    ]
    if not story and not report_kind and not digest:
        # a transcript or long post under a headline that says nothing (「3·15晚会全文实录」):
        # a registered company doing one of the conducts, wherever it is told
        story = [c for c in candidates if _acting_company(c.sentence.text)][:1]
        fired.extend("L04" for _ in story)
    # Under a headline about no business, only an unmistakable company in the opening counts
    # (「某人力资源公司」, 「…有限公司」), not brands or platforms mentioned along the way.
    # A forum post or complaint tells the poster's own case: the businesses it describes
    # (「一家装修公司」「建材店」) are the ones it is about.
    strict_body = (
        has_title and not about_business and item.source_type not in ("forum", "complaint")
    )

    subjects: list[str] = []
    evidence: list[_Candidate] = []
    unit = None
    if not excluded:
        subjects, evidence, found = _story_subjects(story, text, strict_body, app_notice, lex)
        fired.extend(found)
        if (
            all(_described(n) or _kind_name(n, lex) for n in subjects)
            and title_violation
            and not report_kind
            and not app_notice
        ):
            # a post or complaint: the headline says what happened, the opening says who
            named = _opening_business(
                sentences, body_hits, lex, posted=item.source_type in ("forum", "complaint")
            )
            if named:
                subjects.append(named[0])
                fired.append("S02")
                evidence.extend(c for c in story if c.is_title)
                sentence, position = named[1], named[2]
                # its cues count: 「一家名为“探客查”的平台正在售卖个人信息」 tells what happened
                hits = _relative(body_hits[position], sentence)
                evidence.append(_Candidate(0, sentence, hits, position=position))
        if app_notice and not evidence:
            evidence = candidates[:3]
        target = _complaint_target(title + "\n" + body, lex)
        if target and target not in subjects:
            # 「投诉对象：某某金融」: a complaint names whom it is about; its violation sentences
            # are the consumer's own case against that business
            subjects.insert(0, target)
            fired.append("S03")
            evidence.extend(c for c in candidates if c not in evidence)
        party = _penalised_party(body, lex)
        if party and party not in subjects:
            # 「当事人：某某教育咨询有限公司 … 经查，当事人购买个人信息」: a penalty decision
            # calls the business it penalises 「当事人」 in every finding
            findings = [c for c in candidates if not c.is_title and "当事人" in c.sentence.text]
            if findings:
                subjects.insert(0, party)
                fired.append("S04")
                evidence.extend(c for c in findings if c not in evidence)
        unit = _defendant_unit(title + "\n" + body, lex)
        acts = [c for c in story if unit and _unit_acts(c.sentence.text, unit)]
        if unit and acts:
            # the business the court tries acts through its defendants, whom the findings name
            # instead of it (「被告人黄某系该公司法定代表人…购买公民个人信息」)
            subjects = [unit, *(s for s in subjects if s != unit)]
            evidence.extend(c for c in acts if c not in evidence)
            fired.append("S08")

    if app_notice and not excluded:
        apps = listed_names(title, lex) + _notice_list(
            body, text.items, candidates, lex, _is_notice(title)
        )
        title_named = [n for c in story if c.is_title for n in _names(c)]
        subjects = list(dict.fromkeys(title_named + apps))
    subjects = _tidy_subjects(_unabbreviated(subjects, body, lex), lex)
    if ((court_findings and "被告人" in body) or _court_facts(body)) and not unit:
        # 「被告人…」 findings where only individuals act: a bank, a platform, a brand or a
        # client is only what they used or wronged; a business tied to a defendant acts, and
        # so does one a headline reports acting (a breach catalogue's record)
        kept = [
            s for s in subjects if (has_title and s in title) or _tied_to_defendant(s, body, lex)
        ]
        if len(kept) < len(subjects):
            fired.append("X10")
        subjects = kept
    if len(subjects) > 1:  # 「某公司」 adds nothing next to 「某信息技术公司」
        subjects = [s for s in subjects if s not in _BARE_REFERENCES] or subjects
    subjects = _named_over_described(subjects, lex)
    subjects = [_shortest_form(name, lex) for name in subjects]
    apposed = [_apposed_name(s, title + "\n" + body, lex) for s in subjects]
    fired.extend("S05" for a, s in zip(apposed, subjects, strict=True) if a != s)
    subjects = apposed
    # 「一家美国小公司」: a business described by a place abroad is abroad
    subjects = [s for s in subjects if not any(term in s for term in lex["foreign"])]
    subjects = subjects[: options.max_businesses]
    # 「这家公司主动通知客户」: the headline points at one business without naming it (a list
    # item's opening points back at the business its item names: 「…该公司表示」)
    pointed = any(
        c.is_title and c.sentence.start < 0 and _POINTER.search(c.sentence.text) for c in story
    )
    if (
        (subjects or pointed)
        and not app_notice
        and _unanchored_foreign(subjects, _story_scope(title, body, text.items, evidence), lex)
    ):
        excluded, subjects, evidence = True, [], []
        fired.append("X07")
    original = f"{item.title or ''}\n{item.text or ''}"
    written = (  # names as a Hong Kong or Taiwan text writes them; codes use the simplified form
        [original_spelling(name, original) for name in subjects]
        if subjects and is_traditional(original)
        else [masked_spelling(name, original) for name in subjects]
    )
    is_lead = not excluded and bool(subjects or app_notice or pointed)
    if pointed and not evidence:
        evidence = [c for c in story if c.is_title]
    # the headline says what the story is about even when the name is in the body
    # (but of a digest's headline only the part that names the business)
    headline = [] if any(c.is_title for c in evidence) else [c for c in story if c.is_title]
    lead_sentences = headline + evidence if is_lead else story
    hits_in_evidence = [h for c in lead_sentences for h in c.hits]
    conduct = _reported_conduct(lead_sentences, story, item.source_type == "forum")
    if app_notice:
        conduct = ["collect_without_consent"]  # what app notices are about
        notice = _notice_text(title, body, candidates)
        if _NOTICE_MARKETING.search(notice):
            conduct.append("unsolicited_marketing")  # 「弹窗信息骚扰用户」 is one of the findings
        if _NOTICE_PROVIDED.search(notice):
            conduct.append("disclose_or_sell")  # 「App客户端向第三方提供个人信息，未经过用户同意」
        conduct = [c for c in CONDUCTS if c in conduct]
    # a business named, but no conduct reported as happening: no lead
    rule_lead = is_lead and bool(conduct)
    if app_notice and not excluded:
        fired.append("L05")
    if pointed and not excluded:
        fired.append("L06")
    if casebook and any(c.index >= 0 for c in story):
        fired.append("L03")
    if not excluded and not is_lead:
        fired.append("X08")
    if is_lead and not conduct:
        fired.append("X09")
    return Reading(
        title=title,
        body=body,
        items=text.items,
        has_title=has_title,
        candidates=candidates,
        story=story,
        lead_sentences=lead_sentences,
        subjects=subjects,
        written=written,
        conduct=conduct,
        # sectors matter only for a lead (and cost a lexicon pass): the rules' leads get them
        sectors=choose_sectors(subjects, _trade_hits(lead_sentences, lex), lex, app_notice)
        if rule_lead
        else [],
        hits=hits_in_evidence,
        volume=volume_of([c.sentence.text for c in lead_sentences]),
        published=published,
        excluded=excluded,
        digest=digest,
        app_notice=app_notice,
        report_kind=report_kind,
        casebook=casebook,
        title_violation=title_violation,
        about_business=about_business,
        named_in_title=named_in_title,
        pointed=pointed,
        rule_lead=rule_lead,
        fired=list(dict.fromkeys(fired)),
    )


def _story_subjects(
    story: list[_Candidate], text: _Text, strict_body: bool, app_notice: bool, lex: Lexicons
) -> tuple[list[str], list[_Candidate], list[str]]:
    """The businesses the story's sentences accuse, the sentences that accuse them, and the
    rules that fired: each sentence's subject mentions (a pronoun resolved to the business
    before it; where data came from counts, a big platform in the body is where it happened;
    under a strict body only an unmistakable company), a headline's own subject, the party a
    consumer sues, a defendant's employer, and names listed with them."""
    subjects: list[str] = []
    evidence: list[_Candidate] = []
    fired: list[str] = []
    last_subject: str | None = None
    # 「被告人李某系某快递网点员工。……李某将面单信息出售给他人」: the defendant's business
    employer = _employer(text.title, text.title_hits, text.sentences, text.body_hits, lex)
    for cand in story:
        staff_act = (
            employer is not None
            and employer[0] <= cand.position
            and bool(_ACTOR.search(cand.sentence.text))
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
        mentions = _mentions(cand, lex)
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
            if strict_body and not cand.is_title and not _unmistakable(m):
                continue
            names.append(m.name)
            if m.source == "listed":
                fired.append("S09")
        if cand.is_title and not names and not app_notice:
            names = (
                _headline_subjects(cand.sentence.text, lex)
                or _answering_kind(text.title, lex)
                or _relative_kind(cand.sentence.text, cand.hits, lex)
            )
            if not names:
                names = _sued_parties(cand.sentence.text, lex)
                fired.extend("S06" for _ in names[:1])
        if not names and staff_act and employer is not None:
            names = [employer[1]]
            fired.append("S01")
        if names:
            listed_with = _listed_with(cand.sentence.text, names, lex)
            fired.extend("S07" for _ in listed_with[:1])
            names += listed_with
            last_subject = names[-1]
            evidence.append(cand)
            subjects.extend(n for n in names if n not in subjects)
    return subjects, evidence, fired


def _reported_conduct(
    lead_sentences: list[_Candidate], story: list[_Candidate], forum: bool
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


def _maybe_violation(hits: list[Hit]) -> bool:
    """Cheap first test on absolute hits: any conduct cue at all."""
    return any(h.category.startswith("conduct_") for h in hits)


_IS_IT_LAWFUL = re.compile(
    r"(?:是否|是不是|算不算|有没有)(?:违法|合法|侵权|犯罪|违规|合规)[？?]$|(?:违法|合法|侵权|违规)(?:吗|么)[？?]$"
)
"""「未经同意从数据库调出个人信息上交法院，是否违法？」: a legal question about a case, told to
explain the law, not to report a business."""


_STATUTE_SAYS = re.compile(
    r"(?:^|[，,：:])\W*(?:此外|另外|同时|而且|并且|其中)?[，,]?\s*《[^《》]{2,40}》"
    r"(?:第[^，,。]{1,10}条)?中?(?:规定|明确|要求|指出|提出|禁止)"
)
"""「《旅馆业治安管理办法》规定旅客入住时…，但强制人脸识别并非法定要求」: what follows a
clause that opens by quoting a statute tells the law, not an event."""


DESCRIBED_CUSTOMER_CHARS = 4
"""How many characters may describe the customers a cue captures (「偷拍6岁女顾客」)."""
_CAPTURES_PEOPLE = frozenset({"偷拍", "偷录", "窃听"})
"""Cues whose object is a person's image or voice: personal information of whom they capture."""
_CUSTOMERS = cue_pattern("customers")
"""The people a business serves (用户, 客户, 乘客 …), as one alternation."""
_CUSTOMERS_AFTER = re.compile(
    f'[”」"]?[^，,。；;：:！!？?、\\s]{{0,{DESCRIBED_CUSTOMER_CHARS}}}?{_CUSTOMERS}'
)
_SOME_PEOPLE = re.compile(r"[女男某多数几两一]|部分|个别|大量|该")
"""Customers published as persons (「女顾客」「多名客人」), not as a class (「公布车主画像」)."""
_MALWARE_KINDS = cue_words("attacker_after") + cue_words("malware_kinds")
"""「信息窃取恶意软件」「密码窃取程序」: a cue right before a kind of malware names what the malware
does, it reports no one's act."""
_VULNERABILITY_AFTER = re.compile(r"(?:[（(][^（）()]{0,20}[）)])?\s?漏洞")
"""「信息泄露漏洞」「任意文件读取（内网账户密码）漏洞」: a cue right before 漏洞 names a kind of
flaw a product has, not something done to anyone's data."""
_SHOWING = frozenset(cue_words("showing"))
_SHOWN_PEOPLE = re.compile(f"[出了]?{_CUSTOMERS}")
"""Who a showing verb discloses: the people a business serves, right after it."""
_OWNER_ON_PREMISES = re.compile(
    r"(?:老板|店主|店长|老板娘)在?(?:店内|店里|厕所|卫生间|洗手间|更衣室|试衣间|包间|房间)?$"
)
"""「台球厅老板厕所偷拍」: the one who runs a place filming covertly there films its customers."""


_PRETEXT = re.compile(r"谎称|虚构|编造|假称|捏造|冒称")
"""「冒充警察，虚构其银行账户信息泄露」: what a fraudster made up to deceive, no event."""
_MAY = re.compile(r"可能(?!已|曾|性)")
"""「个人信息可能正在被银行保险机构“悄悄”泄露」: what may be happening is not reported as
happening (「可能已泄露」 is: it says it likely happened)."""
_FEARED = re.compile(r"担心|担忧|忧虑|顾虑|害怕|(?<!无)忧|恐(?![怖吓慌])")
"""「黄店忧客人资料外泄」: a leak someone fears has not happened."""


def _not_happening(before: str) -> bool:
    """Whether the cue's clause, up to the cue, tells of something made up, feared, possible
    or supposed rather than of an event."""
    return (
        _PRETEXT.search(before) is not None
        or _FEARED.search(before) is not None
        or _MAY.search(before) is not None
        or _HYPOTHETICAL.match(before) is not None
    )


def _is_violation(sentence: str, hits: list[Hit]) -> bool:
    """A conduct cue about personal information (marketing and decisive cues stand alone).

    Cues right after a negation or prohibition (「不监听」「严禁出售」) do not count.
    """
    kinds = {h.category for h in hits}
    if "negation" in kinds or _IS_IT_LAWFUL.search(sentence):
        return False  # 「…，是否违法？」 asks about the law; it reports nothing
    documents = [m.span(1) for m in _DOCUMENT_TITLE.finditer(sentence)]
    live = [
        h
        for h in hits
        if not h.category.startswith("conduct_")
        or not (
            _disarmed(sentence, h.start)
            or _UNABLE.search(sentence, max(0, h.start - 6), h.start)
            or _SO_CALLED.search(sentence, max(0, h.start - SO_CALLED_CHARS - 4), h.start)
            or _not_happening(clause_before(sentence, h.start))
            or _prevented(sentence, h)
            or _STATUTE_SAYS.search(sentence, 0, h.start) is not None
            or _LOWERED_RISK.match(sentence, h.end) is not None
            or _faced_risk(sentence, h)
            or _asks_whether(sentence, h)
            or any(start <= h.start and h.end <= end for start, end in documents)
            or (h.term in _SHOWING and not _SHOWN_PEOPLE.match(sentence, h.end))
            or sentence.startswith(_MALWARE_KINDS, h.end)
            or _VULNERABILITY_AFTER.match(sentence, h.end) is not None
        )
    ]
    live = [
        h for h in live if not (h.term == "数据" and _BYTES_BEFORE.search(sentence, 0, h.start))
    ]
    live_kinds = {h.category for h in live}
    if fraud_messages(sentence):
        live = [h for h in live if h.category != "conduct_unsolicited_marketing"]
        live_kinds = {h.category for h in live}
    cues = [h for h in live if h.category.startswith("conduct_")]  # not their sector twins
    if any(h.term in DECISIVE for h in cues) or "conduct_unsolicited_marketing" in live_kinds:
        return True
    if any(
        h.term in _CAPTURES_PEOPLE
        and (
            _CUSTOMERS_AFTER.match(sentence, h.end)
            or _OWNER_ON_PREMISES.search(sentence, 0, h.start)
        )
        for h in live
    ):
        return True  # 「店长下达偷拍顾客指标」: a business filming the people it serves
    # 「公布整治非法泄露他人隐私进展」: data in what is combated belongs to no other cue
    personal = [
        h
        for h in live
        if h.category.startswith("pi_")
        and not _NAMES_TRADE.match(sentence, h.end)
        and not _prevented(sentence, h)
        and not _publicity_likeness(sentence, h)
        and not _system_secret(sentence, h)
        and _PRODUCT_FEATURE.match(sentence, h.end) is None
    ]
    if any(h.category == NOT_PERSONAL and h.term.endswith(_DATA_NOUNS) for h in hits):
        # 「处理政务类数据时违规操作，导致数据存在泄露风险」: the bare word is that data again
        personal = [h for h in personal if h.term not in _BARE_DATA]
    if all(h.term == _ACCOUNT or h.term in _BARE_DATA for h in personal) and any(
        _traded_account(sentence, h) for h in personal
    ):
        personal = [h for h in personal if h.term != _ACCOUNT]
    named = [h for h in personal if h.term not in _BARE_DATA]
    return any(
        h.category.startswith("conduct_") and _cue_about_personal(sentence, h, named, personal)
        for h in live
    )


def _cue_about_personal(sentence: str, cue: Hit, named: list[Hit], personal: list[Hit]) -> bool:
    """Whether a conduct cue is about someone's personal information, as its kind of cue needs:
    data named after it in its clause (something done unasked), or the people a business serves
    right after it (publishing), or data in its own clause (named data for the cues that
    ``_NEED_NAMED_DATA`` lists)."""
    if cue.term in _UNASKED:
        return _names_data_after(sentence, cue, named)
    if cue.term in _PUBLISHING:
        return _names_data_after(sentence, cue, named) or (
            (people := _CUSTOMERS_AFTER.match(sentence, cue.end)) is not None
            and _SOME_PEOPLE.search(people.group()) is not None
        )
    return _about_personal(sentence, cue, named if cue.term in _NEED_NAMED_DATA else personal)


_PRODUCT_FEATURE = re.compile(r"[」”\"]?(?:相关|识别)?(?:专利|技术|算法|芯片|传感器|模组|解锁)")
"""「公布「超声波指纹」相关专利」: a data word naming what a product does, no one's data."""
_LIKENESS = frozenset({"姓名", "名字", "照片"})
_PUBLICITY = re.compile(cue_pattern("publicity"))
_SERVED = re.compile(_CUSTOMERS)


SECRET_CHARS = 6
"""How far from a password its system's other secrets (密钥, 令牌, AccessKey) may stand."""
_SECRETS = re.compile(r"密钥|令牌|凭据|[Aa]ccess ?[Kk]ey|[Aa][Kk]/[Ss][Kk]|API|[Tt]oken|硬编码")


def _system_secret(sentence: str, hit: Hit) -> bool:
    """「硬编码的API密钥和密码遭曝光」: a password listed with keys and tokens is a system's
    secret, not a person's credential."""
    if hit.category != "pi_account_credentials":
        return False
    near = sentence[max(0, hit.start - SECRET_CHARS) : hit.end + SECRET_CHARS]
    return _SECRETS.search(near) is not None


def _publicity_likeness(sentence: str, hit: Hit) -> bool:
    """「擅自使用演员靳东的照片进行旅游服务宣传」: a name or a picture a business publicises itself
    with is that person's name or portrait right, not data of the people it serves (a clinic
    posting its customers' photos still is: 「顾客」 in the sentence)."""
    return (
        hit.term in _LIKENESS
        and _PUBLICITY.search(sentence) is not None
        and _SERVED.search(sentence) is None
    )


def _names_data_after(sentence: str, cue: Hit, named: list[Hit]) -> bool:
    """Someone's data, named as such, after the cue in its clause: what was done unasked."""
    end = clause_span(sentence, cue.start, cue.end)[1]
    return any(cue.end <= h.start and h.end <= end for h in named)


_ACCOUNT = "账号"
ACCOUNT_TRADE_WINDOW = 3
"""How far from 「账号」 renting, selling or sharing it may be written (「倒卖游戏账号」)."""
_ACCOUNT_TRADE = re.compile(cue_pattern("account_trades"))
_HOLDER = re.compile(_CUSTOMERS + "的?$")
"""Whose account it is when not the seller's: 「倒卖用户账号」."""
_MEMBERSHIP = "会员"
"""A 「会员账号」 is the membership itself, sold as goods, though members are customers."""


def _traded_account(sentence: str, hit: Hit) -> bool:
    """「租号打游戏」「会员账号共享」「倒卖游戏账号」: an account rented, shared or sold as goods
    is the seller's own, no one's data, unless other data goes with it or it is the customers'
    (「倒卖用户账号」)."""
    if hit.term != _ACCOUNT:
        return False
    holder = _HOLDER.search(sentence, 0, hit.start)
    if holder and not holder.group(0).startswith(_MEMBERSHIP):
        return False
    near = sentence[max(0, hit.start - ACCOUNT_TRADE_WINDOW) : hit.end + ACCOUNT_TRADE_WINDOW]
    return _ACCOUNT_TRADE.search(near) is not None


_UNASKED = frozenset(cue_words("unasked"))
_CONSENT_NEGATORS = cue_words("consent_negators")
"""「未经用户同意，收集、使用用户个人信息」: a consent never given qualifies the clause after it."""
OPENING_VERB_CHARS = 2
"""How far into its clause a verb may stand and still take an object that 将 fronted before."""
_FRONTED = re.compile(r"[将把](?!近)")
_CONTINUED = re.compile(
    r"\s*(?:再|并|后|然后|随后|继而|进而|从而|又|以|通过|利用|用于|均|分别|全部|私自|擅自|非法)"
)
"""「…收集公民个人信息，再以每条0.5元的价格出售」: a clause that goes on with the same object."""

_PUBLISHING = frozenset(cue_words("publishing"))
_NEED_NAMED_DATA = frozenset(
    (
        *cue_words("attacks"),
        *cue_words("gathering"),
        *cue_words("sharing"),
        *cue_words("leaking_secrets"),
    )
)
"""Cues about personal information only where its data is named (not a bare 数据 or 信息)."""
_DATA_NOUNS = ("数据", "信息", "资料", "代码", "秘密")
_BARE_DATA = BARE_DATA | {"信息数据"}
"""Data words that name no kind of data by themselves: they take the kind the sentence names."""


def _about_personal(sentence: str, cue: Hit, personal: list[Hit]) -> bool:
    """Personal information in the cue's own clause; in the clause before where the cue's clause
    goes on with its object (「收集公民个人信息，再以每条0.5元的价格出售」) or the cue opens its
    clause after an earlier 将; in the clause after a consent never given. 「个人数据与安全审查：
    禁止中国公司对某软件的收购」 buys a company, not the data of the clause before."""
    start, end = clause_span(sentence, cue.start, cue.end)
    if start > 0 and _CONTINUED.match(sentence, start):
        start = clause_start(sentence, start - 1)
    elif start > 0 and cue.start - start <= OPENING_VERB_CHARS:
        # 「将五万多条业主个人资料，包括姓名和电话号码，出售给装修公司」: 将 fronts the object
        fronted = _FRONTED.search(
            sentence, clause_span(sentence, start - 1, start - 1, 1)[0], start
        )
        start = fronted.start() if fronted else start
    if cue.term.startswith(_CONSENT_NEGATORS):
        end = clause_span(sentence, end + 1, end + 1)[1]  # 「未经同意，收集…个人信息」
    return any(start <= h.start and h.end <= end for h in personal)


_WHETHER = re.compile(r"是否|有没有|会不会|是不是|能否|可否")
_WHETHER_RIGHT_BEFORE = re.compile(f"(?:{_WHETHER.pattern})$")
_MODAL = re.compile(rf"(?<![社机协学工大])会(?![员议计所])|{cue_pattern('modal')}")
_YES_NO = "吗么嘛"
_ASKING_ABOUT = re.compile(r"询问|问询|求证|核实|质询|咨询|问及")


def _asks_whether(sentence: str, hit: Hit) -> bool:
    """「你的个人信息是否遭到过中介泄露？」: a clause asking whether it happened reports nothing."""
    start, end = clause_span(sentence, hit.start, hit.end)
    # 「致电某公司询问信息泄露是否与其有关」: a question put to someone, no report
    if "是否" in sentence[hit.end : end] and _ASKING_ABOUT.search(sentence, start, hit.start):
        return True
    if end == len(sentence) and _WHETHER.search(sentence, start, hit.start):
        return True  # a headline asks without its question mark: 「…是否侵犯了乘客的隐私权」
    if _WHETHER_RIGHT_BEFORE.search(sentence, start, hit.start):
        return True  # 「回应是否公布旅客名单」: whether it will be done, wherever the question ends
    if end == len(sentence) or sentence[end] not in "？?":
        return False
    # 「微信会泄露聊天记录吗？」: whether something could happen, not that it did
    could = sentence[end - 1] in _YES_NO and _MODAL.search(sentence, start, hit.start)
    return bool(could or _WHETHER.search(sentence, start, hit.start))


_CURRENCY = "(?:美元|欧元|英镑|日元|韩元|卢布|澳元|加元)"
"""Foreign currencies as Chinese news writes amounts in them."""
_RANSOM = re.compile(
    r"(?:勒索|赎金|索要|售价|标价|出售|售卖|叫价|价格为?)[^，,。；;]{0,6}?\d[\d.,]*\s*[千百万亿]*"
    + _CURRENCY
)
"""「蔚来用户数据遭窃取被勒索225万美元」「此份数据的价格为2000美元」: ransoms and dark-web prices
are quoted in dollars wherever the victim is; a fine in a foreign currency still places its story
abroad."""


def _trade_hits(sentences: list[_Candidate], lex: Lexicons) -> list[Hit]:
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
    candidates: list[_Candidate],
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
    headline = _RANSOM.sub("", " ".join(parts) if parts else title)
    if _foreign(headline, lex) and not listed:  # a list's title may be its first item's
        return None if _at_home(title, lex) else "X05"
    if _foreign(_RANSOM.sub("", flag_text), lex) and not judged_apart:
        return None if _at_home(flag_text, lex) else "X06"
    return None


def _at_home(text: str, lex: Lexicons) -> bool:
    """A mainland place or a word of home (国内, a Chinese authority) in a story placed abroad."""
    return _mainland_place(text, lex) or any(t in text for t in lex["domestic"])


def _told_abroad(text: str, lex: Lexicons) -> bool:
    """A headline part or an item's opening about events abroad: a foreign place or brand and
    nothing that places it in China."""
    return _foreign(text, lex) and not _placed_in_china(text, lex)


def _foreign(text: str, lex: Lexicons) -> bool:
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


_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9 .&'+-]*[A-Za-z0-9]")
_SPACED_LATIN_NAME = re.compile(r"\s*(" + _LATIN_NAME.pattern + ")")


def _apposed_name(name: str, text: str, lex: Lexicons) -> str:
    """「保险公司 Genworth 披露数据泄露」: a kind of business followed by a Latin-script name is
    described by its kind and named by the name; the name is the business."""
    if name.endswith("有限公司") or _known_brand(name, lex):
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


def _known_brand(name: str, lex: Lexicons) -> bool:
    return name in lex["channel_brands"] or any(
        name in terms for category, terms in lex.terms.items() if category.startswith("brands_")
    )


def _vocabulary_word(term: str, lex: Lexicons) -> bool:
    return any(
        term in terms for category, terms in lex.terms.items() if not category.startswith("brands")
    )


_INTERNATIONAL = frozenset(cue_words("international_brands"))
"""Known brands from abroad that also sell in China: theirs is a story here unless told abroad."""


def _unanchored_foreign(subjects: list[str], text: str, lex: Lexicons) -> bool:
    """Security news about a company abroad, not a lead for a bureau: nothing in the text places
    the story in China (no mainland place, no 「国内」, no Chinese authority, no yuan), and
    either every accused business has a Latin-script name no brand list knows (「ProctorU 确认
    数据泄露」) or none is a known brand sold only in China and the text places the story abroad
    (a place in the world gazetteer, an amount in a foreign currency)."""
    if all(_LATIN_NAME.fullmatch(name) and not _known_brand(name, lex) for name in subjects):
        return not _placed_in_china(text, lex)
    if any(_known_brand(name, lex) and name not in _INTERNATIONAL for name in subjects):
        return False
    return _placed_abroad(text, lex) and not _placed_in_china(text, lex)


def _story_scope(title: str, body: str, items: list[TextItem], evidence: list[_Candidate]) -> str:
    """Where a lead's story is told: the items of a multi-item body that hold its evidence
    (the other items tell other stories), else the whole text."""
    held = {it.start: it for c in evidence if (it := item_at(items, c.sentence.start))}
    if not held:
        return title + "\n" + body
    return "\n".join(body[it.start : it.end] for it in held.values())


_FOREIGN_MONEY = re.compile(r"\d[\d.,]*\s*[千百万亿]*" + _CURRENCY)


def _placed_abroad(text: str, lex: Lexicons) -> bool:
    """A place abroad (the world gazetteer) or an amount in a foreign currency (not a ransom or
    a dark-web price, quoted in dollars wherever the data comes from)."""
    text = _RANSOM.sub("", text)
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


def _placed_in_china(text: str, lex: Lexicons) -> bool:
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


def _notice_text(title: str, body: str, candidates: list[_Candidate]) -> str:
    """The title and the notice itself: from its first notice sentence on, an item's heading
    or a body sentence; all of the body when the headline is the notice."""
    for cand in candidates:
        if _is_notice(cand.sentence.text):
            start = max(cand.sentence.start, 0)
            return title + body[start : start + _NOTICE_CHARS]
    return title


def _notice_list(
    body: str,
    items: list[TextItem],
    candidates: list[_Candidate],
    lex: Lexicons,
    titled: bool = False,
) -> list[str]:
    """The apps a notice lists: from its first notice sentence on, a few thousand characters;
    under a notice's own headline (「某省通信管理局通报15款APP」) from the body's start; for a
    notice that is one item of a list, from that item alone."""
    for cand in candidates:
        if cand.is_title and cand.sentence.start >= 0 and _is_notice(cand.sentence.text):
            item = item_at(items, cand.sentence.start)
            if item is not None:
                return listed_names(body[item.start : _item_reach(item, items)], lex)
        if cand.index >= 0 and _is_notice(cand.sentence.text):
            start = cand.sentence.start
            return listed_names(body[start : start + _NOTICE_CHARS], lex)
    return listed_names(body[:_NOTICE_CHARS], lex) if titled else []


def _item_reach(item: TextItem, items: list[TextItem]) -> int:
    """Where an item's text ends: at the next item, but a bold heading's numbered points
    (「**…通报15款违规移动应用**」 then 「1、…涉及7款App：」) are its own, up to the next bold
    heading."""
    if item.heading_end < 0:
        return item.end
    bound = item.start + _NOTICE_CHARS
    return min([bound, *(it.start for it in items if it.start >= item.end and it.heading_end >= 0)])


_EMPLOYED_BEFORE = cue_words("employed_before")
_RUNS_IT = cue_words("runs_it")
_STAFF_AFTER = re.compile(
    r"(?:[（(][^（）()]{1,24}[）)])?(?:的)?(?:任|担任|从事|工作|经营者|店主|老板|股东)"
)
_ACTOR = re.compile(
    r"被告人|犯罪嫌疑人|嫌疑人|(?:(?<![\u4e00-\u9fa5])|(?<=[人同佣排使由及和与]))"
    r"[\u4e00-\u9fa5]某(?!些|种|个|家|公司)|^其|"
    r"(?:^|[，,])(?:[二两三四五六七八九十]人|上述人员)"
)
"""A person acts in the sentence: a defendant, 「李某」 (not a place: 「深圳某公司」), 「其」
opening the clause, or 「二人」."""
EMPLOYER_SENTENCES = 8
"""Court facts and news stories say who the defendant works for or runs in their opening."""


def _employer(
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
        (i, sentences[i].text, _relative(body_hits[i], sentences[i]))
        for i in range(min(len(sentences), EMPLOYER_SENTENCES))
    ]
    for position, text, hits in parts:
        if not _ACTOR.search(text) or not any(
            h.category.startswith(("org_suffixes", "brands_", "described_business")) for h in hits
        ):
            continue
        for mention in find_mentions(text, hits, lex):
            if mention.role not in ("subject", "victim") or mention.source == "pronoun":
                continue
            before = clause_before(text, mention.start)
            after = text[mention.end : mention.end + 6]
            if not _ACTOR.search(before) or not before.endswith(_EMPLOYED_BEFORE):
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


def _complaint_target(text: str, lex: Lexicons) -> str | None:
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


def _penalised_party(body: str, lex: Lexicons) -> str | None:
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


def _court_facts(body: str) -> bool:
    return body.count("被告人") >= COURT_DEFENDANTS


def _tied_to_defendant(name: str, text: str, lex: Lexicons) -> bool:
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


def _defendant_unit(text: str, lex: Lexicons) -> str | None:
    """The business a criminal judgment tries, when it tries one. Its managers and staff act
    for it (unit crime), so the defendants' conduct in the findings is its conduct."""
    match = _DEFENDANT_UNIT.search(text)
    if not match:
        return None
    name = clean_name(match.group(1))
    return name if plausible(name, lex) else None


def _unit_acts(sentence: str, unit: str) -> bool:
    """The sentence tells what a defendant, the unit or 「被告单位」 did."""
    return bool(_ACTOR.search(sentence)) or "被告单位" in sentence or unit in sentence


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
        relative = _relative(hits, sentences[back])
        named = [
            m
            for m in find_mentions(sentences[back].text, relative, lex)
            if m.role in ("subject", "victim")
            and m.source != "pronoun"
            and (not strict or _unmistakable(m))
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
            relative = _relative(body_hits[position], sentence)
            for mention in find_mentions(sentence.text, relative, lex):
                if (
                    mention.role == "subject"
                    and mention.source != "pronoun"  # 「该集团」 points back, it names no one
                    and (
                        _REGISTERED.search(mention.name)
                        # a post's own business, named or pointed at (「某4S店」「一家叫…」)
                        or (posted and (mention.source != "suffix" or _described(mention.name)))
                    )
                ):
                    return mention.name, sentence, position
    return None


def _shortest_form(name: str, lex: Lexicons) -> str:
    """The shortest form that identifies the business, as the labelling guide asks: a known
    brand without the generic kind after it (「闲鱼平台」 is 「闲鱼」)."""
    brand = _GENERIC_KIND.sub("", name)
    return brand if brand in lex.brand_sector else name


def _named_over_described(names: list[str], lex: Lexicons) -> list[str]:
    """「深圳一房产中介公司」 is how the headline describes 「深圳市鹏城安家房地产经纪有限公司」:
    a description gives way to a proper name of the same trade."""

    def described(name: str) -> bool:
        return _described(name) or _kind_name(name, lex)

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


def _described(name: str) -> bool:
    return bool(_DESCRIBED.search(name)) or (
        not _LEGAL_SUFFIX.search(name) and bool(_GENERIC_ONLY.match(name))
    )


def _unmistakable(mention: Mention) -> bool:
    """A company named with its legal form or described with 某: 「临沂某调查公司」."""
    return ("某" in mention.name and mention.source in ("suffix", "brand")) or (
        mention.source == "suffix" and bool(_LEGAL_SUFFIX.search(mention.name))
    )


def _headline_subjects(part: str, lex: Lexicons) -> list[str]:
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


def _answering_kind(title: str, lex: Lexicons) -> list[str]:
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


def _relative_kind(headline: str, hits: list[Hit], lex: Lexicons) -> list[str]:
    """「涉嫌曝光王楚钦隐私的医院道歉」「泄露患者隐私的医院被处罚」: a kind of business that a
    clause ending in 的 describes by the conduct it did is its actor."""
    for cue in (h for h in hits if h.category.startswith("conduct_")):
        end = clause_span(headline, cue.start, cue.end)[1]
        at = headline.find("的", cue.end, min(end, cue.end + RELATIVE_CLAUSE_CHARS))
        if at < 0:
            continue
        if _disarmed(headline, cue.start):
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


def _listed_with(sentence: str, names: list[str], lex: Lexicons) -> list[str]:
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


def _sued_parties(part: str, lex: Lexicons) -> list[str]:
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


_CUSTOMERS_BEFORE = re.compile(f"{_CUSTOMERS}$")


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
    if cue is None or _CUSTOMERS_AFTER.match(clause, cue.end):
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


def _kind_name(name: str, lex: Lexicons) -> bool:
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


def _is_notice(sentence: str) -> bool:
    """A regulator's notice about apps, SDKs or devices: 「工信部通报38款侵害用户权益App」,
    「多家App负责人被约谈」, 「《关于侵害用户权益行为的APP（SDK）通报》」,
    「工信部通报涉乱跳转APP」, 「工信部下架侵害用户权益 APP」 (a regulator notifying or removing
    apps, not apps that 「被通报」 in a statistic)."""
    if _APP_NOTICE.search(sentence):
        # 「苹果公布16款设备将停止更新」: publishing a list is a notice only of violations
        if _APP_VIOLATION.search(sentence):
            return True
        acts = {m.group() for m in _NOTICE_VERB.finditer(sentence)} - {"公布"}
        if acts == {"下架"}:
            # 「7款APP全网下架」: removed by no one named, for all it says not over data
            return _REMOVAL_GROUNDS.search(sentence) is not None
        return bool(acts)
    return bool(_APP_GROUP.search(sentence) and _APP_VIOLATION.search(sentence)) and bool(
        _NOTICE_VERB.search(sentence)
    )


_SHORT_FOR_WINDOW = 40
"""How far before 「（以下简称…）」 the full name is looked for."""
_SHORT_FOR = re.compile(
    r"[（(](?:以下)?简称[:：]?[“\"「]?([^”\"」）)，,。；]{1,16})[”\"」]?[）)，,；]"
)
"""「浙江G旅游发展有限公司（以下简称G公司，…）」: the short name a text uses from then on."""


def _unabbreviated(names: list[str], body: str, lex: Lexicons) -> list[str]:
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


def _title_names_subject(title: str, candidates: list[_Candidate], lex: Lexicons) -> bool:
    """「神州专车、首汽约车…被工信部督促整改」: the headline names a business that an opening
    sentence reports acting, though no lexicon knows the name."""
    return any(
        m.role == "subject"
        and m.source not in ("pronoun", "quoted")
        and len(m.name) >= 3
        and m.name in title
        for c in candidates
        if not c.is_title and c.index <= STORY_SENTENCES
        for m in _mentions(c, lex)
    )


def _mentions(cand: _Candidate, lex: Lexicons) -> list[Mention]:
    """A candidate's business mentions: the headline test and the story's subjects read the
    same sentences."""
    if cand.mentions is None:
        cand.mentions = find_mentions(cand.sentence.text, cand.hits, lex)
    return cand.mentions


def _names(cand: _Candidate) -> list[str]:
    return [m.name for m in cand.mentions or [] if m.role == "subject" and m.source != "pronoun"]


def _tidy_subjects(names: list[str], lex: Lexicons) -> list[str]:
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


def _bucket(hits: list[Hit], sentences: list[Sentence]) -> list[list[Hit]]:
    """Hits grouped by the sentence that holds them."""
    starts = [s.start for s in sentences]
    out: list[list[Hit]] = [[] for _ in sentences]
    for hit in hits:
        index = bisect.bisect_right(starts, hit.start) - 1
        if index >= 0 and hit.end <= sentences[index].end:
            out[index].append(hit)
    return out


def _relative(hits: list[Hit], sentence: Sentence) -> list[Hit]:
    return [Hit(h.category, h.term, h.start - sentence.start, h.end - sentence.start) for h in hits]


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
