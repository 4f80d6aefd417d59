"""Whether a sentence reports a conduct on personal information as really happening.

A cue word alone is no report: a conduct negated, prevented, feared, supposed, asked about or only
risked does not count, nor one done to data that is no one's (a system's secrets, a product's
feature, an account sold as goods). The filter reads one sentence and nothing around it, so the
headline, list-item and body stages all ask it the same question.
"""

from __future__ import annotations

import re

from piwatch.pipelines.leads.conduct import DECISIVE, FRONTED, fraud_messages, traded_from
from piwatch.pipelines.leads.cues import cue_pattern, cue_words
from piwatch.pipelines.leads.lexicons import BARE_DATA, NOT_PERSONAL, Hit
from piwatch.pipelines.text.clauses import clause_before, clause_span, clause_start

_NAMES_TRADE = re.compile(
    r"[^\s，,。；;：:、的了被向对把将和与及在等]{0,4}?(?:股份|有限责任|有限)公司|\s?[（(]\d{6}[)）]"
)
"""「深圳市某某金融信息服务有限公司」: a data word that runs into a registered name is its trade;
「天喻信息(300205)」: one right before a stock code ends a listed company's name."""
_DISARM = cue_words("disarm")
DISARM_CHARS = max(map(len, _DISARM))
"""How far before a cue a disarming word is read (the longest of them, 「可能会」)."""


def disarmed(text: str, cue_start: int) -> bool:
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


_DOCUMENT_TITLE = re.compile(r"《([^《》]{1,30}(?:书|表|单|函|决定|通知|笔录))》")
"""「《调取证据通知书》」: a case file's title in a list of evidence, not a conduct."""


def maybe_violation(hits: list[Hit]) -> bool:
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
CUSTOMERS = cue_pattern("customers")
"""The people a business serves (用户, 客户, 乘客 …), as one alternation."""
CUSTOMERS_AFTER = re.compile(
    f'[”」"]?[^，,。；;：:！!？?、\\s]{{0,{DESCRIBED_CUSTOMER_CHARS}}}?{CUSTOMERS}'
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
_SHOWN_PEOPLE = re.compile(f"[出了]?{CUSTOMERS}")
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


def is_violation(sentence: str, hits: list[Hit]) -> bool:
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
            disarmed(sentence, h.start)
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
            or _investigated(sentence, h)
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
            CUSTOMERS_AFTER.match(sentence, h.end)
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


_GATHERING = frozenset(cue_words("gathering"))
_INVESTIGATORS = re.compile(cue_pattern("investigators"))
_ASKED_FOR = re.compile(r"(?:要求|申请|请求)$")


def _investigated(sentence: str, hit: Hit) -> bool:
    """A gathering verb whose sentence names investigators before it, or that a party asks a
    court for: evidence gathered, not data collected (「警方…对交易流水进行了调取」)."""
    return hit.term in _GATHERING and (
        _INVESTIGATORS.search(sentence, 0, hit.start) is not None
        or _ASKED_FOR.search(sentence, 0, hit.start) is not None
    )


def _cue_about_personal(sentence: str, cue: Hit, named: list[Hit], personal: list[Hit]) -> bool:
    """Whether a conduct cue is about someone's personal information, as its kind of cue needs:
    data named after it in its clause (something done unasked), or the people a business serves
    right after it (publishing), or data in its own clause (named data for the cues that
    ``_NEED_NAMED_DATA`` lists)."""
    if cue.term in _UNASKED:
        return _names_data_after(sentence, cue, named)
    if cue.term in _PUBLISHING:
        # 「公布寒假未成年人限玩时间」: children named as people are no data published
        data = [h for h in named if h.category != "pi_minor" or h.term.endswith(_DATA_NOUNS)]
        return _names_data_after(sentence, cue, data) or (
            (people := CUSTOMERS_AFTER.match(sentence, cue.end)) is not None
            and _SOME_PEOPLE.search(people.group()) is not None
        )
    return _about_personal(sentence, cue, named if cue.term in _NEED_NAMED_DATA else personal)


_PRODUCT_FEATURE = re.compile(r"[」”\"]?(?:相关|识别)?(?:专利|技术|算法|芯片|传感器|模组|解锁)")
"""「公布「超声波指纹」相关专利」: a data word naming what a product does, no one's data."""
_LIKENESS = frozenset({"姓名", "名字", "照片"})
_PUBLICITY = re.compile(cue_pattern("publicity"))
_SERVED = re.compile(CUSTOMERS)


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
_HOLDER = re.compile(CUSTOMERS + "的?$")
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


_SALE = re.compile("[卖售购买]")
"""A cue that buys or sells (出售, 倒卖, 购买, 买卖 …)."""


def _about_personal(sentence: str, cue: Hit, personal: list[Hit]) -> bool:
    """Personal information in the cue's own clause; in the clause before where the cue's clause
    goes on with its object (「收集公民个人信息，再以每条0.5元的价格出售」) or the cue opens its
    clause after an earlier 将; in the clause after a consent never given. 「个人数据与安全审查：
    禁止中国公司对某软件的收购」 buys a company, not the data of the clause before; a sale's
    data stands after the verb or just before it (:func:`traded_from`)."""
    start, end = clause_span(sentence, cue.start, cue.end)
    if start > 0 and _CONTINUED.match(sentence, start):
        start = clause_start(sentence, start - 1)
    elif start > 0 and cue.start - start <= OPENING_VERB_CHARS:
        # 「将五万多条业主个人资料，包括姓名和电话号码，出售给装修公司」: 将 fronts the object
        fronted = FRONTED.search(sentence, clause_span(sentence, start - 1, start - 1, 1)[0], start)
        start = fronted.start() if fronted else start
    elif _SALE.search(cue.term):
        # 「摆放着数十盒口罩出售」: data sold is named after the verb or just before it
        start = traded_from(sentence, start, cue.start)
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
