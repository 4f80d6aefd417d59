"""Business names in candidate sentences: where a sentence mentions one, and how it is written.

Names come from four places: organisation suffixes (有限公司, 中介, 物业, 网点 …) extended to the
left over name-like jieba tokens, the brand lists, jieba's organisation tag ``nt``, and app names
in book-title marks or quotes. The role each mention plays (subject, victim, channel, regulator
…) is decided in ``roles.py``, which also holds ``Mention`` and ``clean_name``.
"""

from __future__ import annotations

import re

from piwatch.pipelines.leads.cues import cue_pattern, cue_words
from piwatch.pipelines.leads.lexicons import Hit, Lexicons
from piwatch.pipelines.leads.regions import load_gazetteer
from piwatch.pipelines.leads.roles import (
    ANSWERS,
    COLUMN,
    IMPERSONATING,
    Mention,
    authority,
    told_of_another,
    with_role,
)
from piwatch.pipelines.text.clauses import clause_before

STRONG_SUFFIXES = frozenset(cue_words("strong_suffixes"))
_NAME_FLAGS = ("n", "j", "eng")
_DESCRIPTORS = frozenset(cue_words("descriptors"))
_MASKED_PLACES = frozenset(cue_words("masked_places"))
"""Places court documents mask (「某市某某商贸有限公司」): name-like, like the place itself."""
_STOP = frozenset(cue_words("not_name_words"))
_QUOTED_APP = re.compile(
    r"[《“\"「]([^《》“”\"「」\s]{2,20})[》”\"」]\s?(App|APP|app|应用|软件|小程序|平台|游戏|客户端)?"
)
_LAW_TITLE = re.compile(f"(?:{cue_pattern('statute_endings')}|{cue_pattern('cited_documents')})$")
_BOOK_TITLE = re.compile(r"《([^《》]{2,60}?)(?:[（(][^（）()]{1,12}[）)])?》")


def _law_titles(sentence: str) -> list[tuple[int, int]]:
    """The spans of the statutes, rules and reports a sentence cites by title
    (「《银行保险机构数据安全管理办法（征求意见稿）》」): the businesses in them are its subject
    matter, not the accused."""
    return [m.span() for m in _BOOK_TITLE.finditer(sentence) if _LAW_TITLE.search(m.group(1))]


_DESCRIBED = re.compile(
    r"(?:国内|境内)?(?:某[^\s，,。；;：:！!？?、“”\"《》()（）]{0,8}?"
    r"|(?:一家|(?<![进统唯同第万之单专逐])一)[^\s，,。；;：:！!？?、“”\"《》()（）]{1,8}?)"
    rf"(?:{cue_pattern('strong_suffixes')}|{cue_pattern('described_kinds')})"
)
"""Described businesses: 「国内某安全厂商」「一省级银行」「某购物平台」「某知名连锁健身房」
(labelling guide): a business's kind (a strong suffix, or a kind of its own) after 某 (right
after it too: 「某运营商」) or 一家 (not after the 一 that ends a word: 「进一步攻击企业」「统一查询
平台」)."""
_DESCRIBED_SHOP = re.compile(
    r"(?:某{1,2}|一家)[^\s，,。；;：:！!？?、“”\"《》()（）某]{1,8}?(?:店|厂|商行)"
)
"""「某某通讯器材店」「某空调厂」: shops and factories described by their trade."""
_DESCRIBED_NOT = re.compile(
    r"[的了被向对把将和与等]|在(?!线)|通过|利用|男|女|人(?!力|寿)|员|师|警|黑客|团伙|个|"
    r"(?:^|[\d一二两三四五六七八九十几多数])[条款]|^一[次起种批场波轮张部台件笔辆只名位套本封处项]|^一度(?!假)|某[^某]+某|^某(?:系|任)(?!统|务)"
)
"""Not a described business: people, counts (「一款App」, not 「某贷款App」; 「一张」「一部」
count things, 「一家」 a business, and 「一份…数据」 is a lot of data, read apart), two persons,
一度 (「at one time」, but 「一度假酒店」 is a resort)."""


_PERSON_BEFORE = re.compile(
    r"(?:^|[，,。；;、：:\s“”\"（(]|被告人|嫌疑人|伙同|雇佣|安排|指使|和|与|及)[\u4e00-\u9fa5](?<![被在向对把将给从由让为跟经])某某?$"
)
"""「张某」 at a clause's start is a person; 「被某」「在某」 open a description (a preposition
is no surname)."""
_PRONOUNS = cue_words("business_pronouns")


_POINTERS = ("该", "这家", "涉事")
"""Words that point back at a business named before (「该」「这家」「涉事」)."""
_POINTING = re.compile(
    f"(?:{'|'.join(_POINTERS)})(?:"
    + "|".join(
        sorted(
            (s for s in STRONG_SUFFIXES if len(s) >= 2 and "公司" not in s), key=len, reverse=True
        )
    )
    + ")"
)
"""「该健身房」「这家旅行社」: a business named earlier, pointed at by its kind."""
_POINTING_APP = re.compile(r"(?:该|这款|该款|此款)\s?(?:App|APP|app|应用|软件)")
"""「该 APP」「这款应用」: an app named earlier, however its kind is spelled."""


_RELATION_ONLY = re.compile(
    r"^其?(?:关联|合作|第三方|下属|子|母|外包|相关|上述|其他)(?:公司|企业|机构|平台)$"
)
_VERBISH = re.compile(r"是|入职|委托|成立|位于|解密|可以|能够|可能|访问|联系")
_TRADES = ("领域", "行业", "产业", "板块")
"""Words for a whole trade: a name ending in one, or right before one, is no business."""
_COUNTED = re.compile(r"^[\d,，.]+\s*(?:万|亿)?(?:款|条|个|名|份)")
_FILE_NAME = re.compile(
    r"\.(?:sql|txt|csv|json|xlsx?|zip|rar|7z|gz|tar|db|bak|log)$", re.IGNORECASE
)
_COUNT_OF_KIND = re.compile(r"[两二三四五六七八九十几数多\d]+家(?:公司|企业|平台|机构)$")
"""「神州优车、首约科技两家公司」: a count of the businesses just listed, not a name (but see
:func:`_counted_list`)."""
_CLASS_OF = re.compile(r"^(?:一些|有些|某些|部分|不少|很多|许多|众多|诸多|各类|各种|各大|大批)")


def plausible(name: str, lex: Lexicons) -> bool:
    """Not a fragment: balanced brackets, not data or information (「…信息」, or a kind of
    personal data: 「明文密码」「苹果密码」), not a count of apps."""
    if name.count("(") != name.count(")") or name.count("（") != name.count("）"):
        return False
    if name.endswith(("信息", "数据", "资料")) or _COUNTED.match(name):
        return False  # 「6146条公司记录」: a count glued to the word after it
    if _names_data(name, lex):
        return False
    if _VERBISH.search(name):
        return False  # 「某是某安全科技有限公司」「委托H公司」: a clause, not a name
    if name.endswith(_TRADES):
        return False  # 「医疗行业泄露事件最多」: a whole trade, not a business
    if _RELATION_ONLY.match(name):
        return False  # 「其关联公司」「第三方公司」: a relation to a business, not one
    if _counted_list(name) or _FILE_NAME.search(name):
        return False  # 「A、B两家公司」 counts businesses; 「ia_users.sql」 is a leaked file
    if _CLASS_OF.match(name):
        return False  # 「一些小贷公司会…」: a class of businesses, what some of them do
    return len(name) >= 2


_FILE_KIND = re.compile(r"\s*(?:PDF|pdf|Excel|excel|Word|word|表格|截图|文档|文件|压缩包|合集)$")
"""A file's format after the data it holds (「聊天记录PDF」「会员手机号Excel」)."""


def _names_data(name: str, lex: Lexicons) -> bool:
    """The phrase's last lexicon word is a kind of personal data, or a file of it
    (「聊天记录PDF」)."""
    return any(
        h.category.startswith("pi_")
        and (h.end == len(name) or _FILE_KIND.fullmatch(name, h.end) is not None)
        for h in lex.scan(name)
    )


def _counted_list(name: str) -> bool:
    """A count closing a list of names (「首约科技两家公司」), not businesses described by their
    place and number (「郑州两家公司泄露数据被罚」), who are the accused as the text tells them."""
    count = _COUNT_OF_KIND.search(name)
    return count is not None and not load_gazetteer().is_place(name[: count.start()])


_ASKED = re.compile(r"(?:哪|什么)[家个些款位]?$")
"""「哪家快递公司…」 asks which business: the kind after it names no one."""
_MERCHANT = re.compile(r"(?:上的?|的)?(?:卖家|商家|店家|店铺|网店|商户)")
"""「被淘宝卖家泄露」: a merchant selling on the platform, who is the business meant."""


def _kind_at(start: int, hits: list[Hit]) -> int:
    """Where a kind of business starting at ``start`` ends (0: none starts there), unless a
    staff word overlaps it (「营业厅店长」: 店 opens 店长)."""
    ends = [h.end for h in hits if h.category == "org_suffixes" and h.start == start]
    end = max(ends, default=0)
    if any(h.start < end and h.end > start for h in hits if h.category == "employees"):
        return 0
    return end


def find_mentions(sentence: str, hits: list[Hit], lex: Lexicons) -> list[Mention]:
    """All business mentions in one candidate sentence, with roles, longest span first."""
    tokens = _tokens(sentence, hits, lex)
    found: list[Mention] = []
    found.extend(_by_suffix(sentence, hits, tokens, lex))
    for hit in hits:
        if hit.category.startswith("brands_") or hit.category in (
            "described_business",
            "foreign_brands",
        ):
            if straddles_words(sentence, hit, lex) or _time_span(sentence, hit):
                continue  # 「联合国航空」 holds 国航 across two words: no airline is meant
            merchant = _MERCHANT.match(sentence, hit.end)
            end = merchant.end() if merchant else hit.end  # 「淘宝卖家」: a shop on the platform
            found.append(Mention(sentence[hit.start : end], hit.start, end, "", "brand"))
    for word, flag, start, end in tokens:
        if (
            flag == "nt"
            and len(word) >= 2
            and not word.isascii()
            and word not in lex["described_business"]
        ):
            found.append(Mention(word, start, end, "", "nt"))
    for match in _QUOTED_APP.finditer(sentence):
        name = match.group(1)
        if _LAW_TITLE.search(name):
            continue
        if match.group(2) or re.search(r"(?:App|APP|app)$", name):
            found.append(Mention(name, match.start(1), match.end(1), "", "quoted"))
    for pattern in (_DESCRIBED, _DESCRIBED_SHOP):
        pos = 0
        while (match := pattern.search(sentence, pos)) is not None:
            pos = match.start() + 1  # overlapping: 「王某某经营某装修公司」 holds 「某装修公司」
            if _PERSON_BEFORE.search(sentence, 0, match.start() + 1):
                continue  # 「张某安排公司员工」: 某 of a person's name opens no description
            if any(h.start < match.end() < h.end for h in hits if h.category == "employees"):
                continue  # 「某通信公司营业厅店长」: 店 opens the staff word 店长
            end = match.end()
            while kind := _kind_at(end, hits):
                end = kind  # 「某软件供应商」: the last of the kinds that follow each other
            described = sentence[match.start() : end]
            if not _DESCRIBED_NOT.search(described):
                found.append(Mention(described, match.start(), end, "", "suffix"))
    found.extend(listed_actors(sentence, hits, lex))
    for pronoun in _PRONOUNS:
        at = sentence.find(pronoun)
        if at >= 0:
            found.append(Mention(pronoun, at, at + len(pronoun), "", "pronoun"))
    for pattern in (_POINTING, _POINTING_APP):  # 「该健身房」「这家旅行社」「涉事银行」「该 APP」
        for match in pattern.finditer(sentence):
            found.append(Mention(match.group(0), match.start(), match.end(), "", "pronoun"))
    found = [_pointed(m, sentence) for m in found]
    titles = _law_titles(sentence)
    found = [
        _placed(m, sentence)
        for m in found
        if not any(start <= m.start and m.end <= end for start, end in titles)
    ]
    mentions = [m if m.role else with_role(m, sentence, hits, lex) for m in _longest(found)]
    addressed = [match.span(1) for match in _ADDRESSEES.finditer(sentence)]
    # 「高科技领域」「金融行业」: a trade, not a business in it; 「保险公司经常成为攻击目标」: a
    # kind of business, with no pointer or name, doing what such businesses usually do;
    # 「【安全头条】日产汽车再曝数据泄露」: the column's name (头条) is no brand
    column = COLUMN.match(sentence)
    mentions = [
        m
        for m in mentions
        if not sentence.startswith(_TRADES, m.end)
        and not (_BARE_KIND.match(m.name) and sentence.startswith(_HABITUAL, m.end))
        and (column is None or m.start >= column.end())
        and not _ASKED.search(sentence, 0, m.start)
    ]
    mentions = [
        Mention(m.name, m.start, m.end, "addressee", m.source)
        if any(start <= m.start and m.end <= end for start, end in addressed)
        else m
        for m in mentions
    ]
    # 「阿里巴巴旗下“饿了么”」: the parent steps back only for a business named right after it
    return [
        m
        if m.role != "parent"
        or any(
            o.role == "subject" and o.source != "pronoun" and m.end < o.start <= m.end + 4
            for o in mentions
        )
        else Mention(m.name, m.start, m.end, "subject", m.source)
        for m in mentions
    ]


_POINTER_BEFORE = (*_POINTERS, "此家")


def _pointed(m: Mention, sentence: str) -> Mention:
    """「该DevOps平台」「这家电商平台」: a kind pointed at, with whatever describes it, refers to a
    business named before (a pronoun), however its kind was found."""
    if m.source in ("pronoun", "brand"):
        return m
    for pointer in _POINTER_BEFORE:
        if sentence.startswith(pointer, m.start - len(pointer)):
            return Mention(pointer + m.name, m.start - len(pointer), m.end, m.role, "pronoun")
    return m


_ACTOR_LIST = re.compile(
    r"((?:[0-9A-Za-z\u4e00-\u9fa5·+\-]{2,16}、)+[0-9A-Za-z\u4e00-\u9fa5·+\-]{2,16}?)"
    r"(?:等|[两二三四五六七八九十\d]+家(?:公司|企业|平台|机构)?(?:的(?:产品|应用|App|APP))?)*"
    r"(?:均|都|也|还|分别)?(?:因|存在|涉嫌|有)?$"
)
_LIST_OPENER = re.compile(rf"^.*?(?:{cue_pattern('list_openers')})")
_JOINED = ("和", "与", "及", "或")
"""Conjunctions that join a list's last two items."""


def listed_actors(sentence: str, hits: list[Hit], lex: Lexicons) -> list[Mention]:
    """「易车、三七互娱、唯品会等未提供注销服务」: the names an enumeration puts right before a
    conduct cue act together. The list must name businesses, not data or acts: no item is a
    lexicon word, and one is a known brand or ends in an organisation's suffix, or every item
    is a word jieba does not know (coined names such as 「首汽约车」)."""
    out: list[Mention] = []
    named = [h for h in hits if h.category.startswith("brands_") or h.category == "org_suffixes"]
    for hit in hits:
        if not hit.category.startswith("conduct_"):
            continue
        clause = clause_before(sentence, hit.start)
        match = _ACTOR_LIST.search(clause)
        if match is None:
            continue
        offset = hit.start - len(clause) + match.start(1)
        items: list[tuple[str, int]] = []
        for raw in match.group(1).split("、"):
            item, skipped = raw, 0
            if not items and (opener := _LIST_OPENER.match(raw)) and opener.end() < len(raw):
                item, skipped = raw[opener.end() :], opener.end()  # 「抽查发现神州专车」
            items.append((item, offset + skipped))
            offset += len(raw) + 1
        names = [item for item, _ in items]
        if any(
            not plausible(name, lex)
            or _NOT_AN_ITEM.search(name)
            or "遭" in name
            # 「断供、后门漏洞和网络攻击」: the cue itself is the list's last item
            or name.endswith(_JOINED)
            or lexicon_word(name, lex)
            or _person_name(name, lex)
            for name in names
        ) or any(  # 「用户保单、合同遭公开」: data or victims, not businesses
            h not in named and start <= h.start < start + len(name)
            for name, start in items
            for h in hits
        ):
            continue
        evidence = any(
            any(h.end == start + len(name) and h.start >= start for h in named)
            for name, start in items
        ) or (
            all(not lex.tagger.known(name) and not name.isascii() for name in names)
            and not all(lex.tagger.cut(name)[0].flag == "v" for name in names)
        )  # 「浏览网页、安装垃圾捆绑软件等」: words jieba does not know, but acts, not names
        if evidence:  # the item next to the cue says the list's role (「…等未公示」: the actors)
            name, start = items[-1]
            listed = Mention(name, start, start + len(name), "", "listed")
            role = with_role(listed, sentence, hits, lex)
            out.extend(  # an item holding a brand is the brand's own mention (「瑞幸咖啡」)
                Mention(name, start, start + len(name), role.role, "listed")
                for name, start in items
                if not any(
                    h.category.startswith("brands_") and start <= h.start < start + len(name)
                    for h in hits
                )
            )
    return out


def _person_name(word: str, lex: Lexicons) -> bool:
    """「陈锦图」「吴天宇」: jieba reads the word, or a short word's first character, as a
    person's name (a surname)."""
    tagged = lex.tagger.cut(word)
    return tagged[0].flag.startswith("nr") and (len(tagged) == 1 or len(word) <= 3)


_HABITUAL = ("经常", "往往", "通常", "常常", "普遍", "大多", "总是", "一般都", "多会")
_BARE_KIND = re.compile(r"^[^某该这一\d]{0,4}(?:公司|企业|机构|平台|银行|医院|中介)$")
_ADDRESSEES = re.compile(r"[〔\[]\d{4}[〕\]]\s*\d+\s*号\s*([^。：:]{2,400})[：:]")
"""「工信厅信管函〔2018〕337号各省通信管理局，中国电信集团有限公司…，各相关企业：」: whom
an official document is addressed to, after its number and before the colon; told to act, they
are not reported as having acted."""

BRAND_CONTEXT = 3
"""Characters each side of a two-character brand that jieba reads to see whether it is a word."""


def straddles_words(sentence: str, hit: Hit, lex: Lexicons) -> bool:
    """A two-character term whose both ends fall inside jieba's words in its context straddles
    two other words (「联合国/航空」 for 国航, 「不同/程度」 for 同程, 「作出/行政」 for 出行),
    and one that runs from a word into part of the next (「人/保单」 for 人保): the term is not
    meant. One opening or closing a longer word (「泰康人寿」「新浪微博」) still is."""
    if len(hit.term) != 2 or hit.term.isascii():
        return False
    start = max(0, hit.start - BRAND_CONTEXT)
    spans = []
    pos = start
    for word in lex.tagger.words(sentence[start : hit.end + BRAND_CONTEXT], hmm=False):
        spans.append((pos, pos + len(word)))
        pos += len(word)
    bounds = {start} | {end for _, end in spans}
    if hit.start not in bounds and hit.end not in bounds:
        return True
    # 「240万/人/保单」: one end on a boundary, the other inside a word the term does not open
    # or close (人保 is not meant)
    whole = hit.start in bounds and hit.end in bounds
    return not whole and not any(a <= hit.start and hit.end <= b for a, b in spans)


_SPAN_BRAND = re.compile(r"\d+[天日]")
_SPAN_BRAND_KIND = ("酒店", "连锁", "快捷", "集团", "品牌", "旗下")


def _time_span(sentence: str, hit: Hit) -> bool:
    """A brand spelled as a span of days (「7天」) without its kind after it: 「为期7天」 is a
    duration, 「7天酒店」 the hotel chain."""
    return bool(_SPAN_BRAND.fullmatch(hit.term)) and not sentence.startswith(
        _SPAN_BRAND_KIND, hit.end
    )


NAME_WINDOW = 20
"""Characters before an organisation suffix that can belong to the name: only this window (cut
at the clause's punctuation) goes through jieba, not the sentence."""
_WINDOW_STOP = re.compile(r"[，,。；;：:、！？!?\s]")


def _tokens(sentence: str, hits: list[Hit], lex: Lexicons) -> list[tuple[str, str, int, int]]:
    """jieba tokens (word, flag, start, end) of the windows that end at organisation suffixes."""
    windows: list[tuple[int, int]] = []
    for hit in sorted((h for h in hits if h.category == "org_suffixes"), key=lambda h: h.start):
        start = max(0, hit.start - NAME_WINDOW)
        stops = list(_WINDOW_STOP.finditer(sentence, start, hit.start))
        if stops:
            start = stops[-1].end()
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], hit.end))
        else:
            windows.append((start, hit.end))
    out: list[tuple[str, str, int, int]] = []
    for start, end in windows:
        pos = start
        for pair in lex.tagger.cut(sentence[start:end]):
            out.append((pair.word, pair.flag, pos, pos + len(pair.word)))
            pos += len(pair.word)
    return out


_TRADE_WORDS = cue_words("trade_words")
_GENERIC_IN_NAMES = frozenset(cue_words("generic_in_names"))
_NOT_IN_NAMES = frozenset(
    "是在于和与及或被把将对向从给为的了着过也都就还又而且但并等其这那该此各每我你他她它系"
    "去来到让叫找问说看买卖用打接拿办交"
)
_CHAR_FLAGS = frozenset(["vg", "ng", "ag", "v", "a", "n", "nr", "nz", "b", "j", "g", "tg", "ns"])


def _name_like(
    word: str, flag: str, lex: Lexicons, right: str = "", neighbour_char: bool = False
) -> bool:
    """Can this token be part of a business name, given the name's next word ``right``?"""
    if word in _GENERIC_IN_NAMES and right.endswith(_TRADE_WORDS):
        return True  # 「讯联信息服务有限公司」「振华数据信息技术有限公司」
    if len(word) == 1 and flag in _CHAR_FLAGS and word not in _NOT_IN_NAMES and neighbour_char:
        return True  # runs of single characters: a name jieba does not know, 「悦途」「讯联」
    if word in _STOP or word in lex["regulators"] or word in lex["victims"]:
        return False
    if word in _DESCRIPTORS or word in _MASKED_PLACES or word.isdigit():
        return True
    if word in ("(", ")", "（", "）"):
        return True
    if flag.startswith(_NAME_FLAGS):
        return not (word in lex["pi_generic"] or any(word in lex[c] for c in _CONDUCT_FILES))
    if flag == "vn" or (flag in ("v", "nz", "b", "a") and _in_sector_vocabulary(word, lex)):
        return True  # trade words: 「调查公司」「装修公司」
    return flag == "x" and word.isascii() and word.isalnum() and not word.isdigit()


_CONDUCT_FILES = (
    "conduct_disclose_or_sell",
    "conduct_collect_without_consent",
    "conduct_unsolicited_marketing",
    "conduct_breach",
)


def _in_sector_vocabulary(word: str, lex: Lexicons) -> bool:
    return any(word in words for stem, words in lex.terms.items() if stem.startswith("sector_"))


def _by_suffix(
    sentence: str, hits: list[Hit], tokens: list[tuple[str, str, int, int]], lex: Lexicons
) -> list[Mention]:
    ends: dict[int, Hit] = {}
    staff = [(h.start, h.end) for h in hits if h.category == "employees"]
    for hit in hits:
        if hit.category != "org_suffixes":
            continue
        if any(start <= hit.start and hit.end < end for start, end in staff):
            continue  # 「店长」「快递员」: the suffix opens a staff word, the name ends before it
        best = ends.get(hit.end)
        if best is None or hit.end - hit.start > best.end - best.start:
            ends[hit.end] = hit
    out: list[Mention] = []
    for end, hit in ends.items():
        if end + 2 <= len(sentence) and any(
            h.category == "org_suffixes" and h.start < end < h.end for h in hits
        ):
            continue  # part of a longer suffix (公司 in 分公司 is handled by the longer one)
        strong = hit.term in STRONG_SUFFIXES
        # the token holding the suffix's first character starts the name at the latest
        index = next((i for i, t in enumerate(tokens) if t[2] <= hit.start < t[3]), None)
        if index is None:
            continue
        start = tokens[index][2]
        taken = 1 if start < hit.start else 0
        distinctive = start < hit.start and _distinctive(*tokens[index][:2])
        i = index - 1
        while i >= 0 and taken < 6:
            word, flag, t_start, t_end = tokens[i]
            right = tokens[i + 1][0] if i + 1 < len(tokens) else ""
            joined = i > 0 and tokens[i - 1][3] == t_start
            left, left_flag = tokens[i - 1][:2] if joined else ("", "")
            single = (
                (len(right) == 1 and right not in _NOT_IN_NAMES)
                or (len(left) == 1 and left not in _NOT_IN_NAMES)
                or left_flag in ("nz", "nr", "nt", "nrt")  # 「捷运/达」
            )
            if t_end != start or not _name_like(word, flag, lex, right, single):
                break
            if _PERSON.match(word) or (
                right.startswith("某")
                and not flag.startswith(("ns", "nt", "nz"))
                and word not in _MASKED_PLACES
                and word not in lex["org_suffixes"]  # 「圆通速递公司某网点」
            ):
                break  # 「被告人郑某系某装饰公司」: a name opens at 某, or at the place before it
            # 「速贷宝App」: a word jieba does not know, right before an app's suffix, names it
            coined_app = (
                hit.term in _APP_SUFFIXES
                and index - i == 1
                and not word.isascii()
                and not lex.tagger.known(word)
            )
            if (
                not strong
                and not flag.startswith(_PROPER_FLAGS)
                and word not in ("某", "某某")
                and not coined_app
                and not (
                    hit.term in _SHOP_SUFFIXES
                    and index - i == 1
                    and _in_sector_vocabulary(word, lex)
                )
            ):
                break  # 「建材店」「美容店」: a trade word right before a shop's suffix
            start = t_start
            taken += 1
            distinctive = distinctive or coined_app or _distinctive(word, flag)
            i -= 1
        # 「…股份有限公司上海分公司」: a branch's name holds its company's legal form
        registered = hit.term in _LEGAL_FORMS or any(
            t[0] in _LEGAL_FORMS for t in tokens[i + 1 : index]
        )
        if registered and i >= 0:
            placed = _registered_start(tokens, i, index, lex)
            if placed is not None:
                start, distinctive = placed, True
        if start == hit.start and len(hit.term) >= 4 and hit.term not in _LEGAL_FORMS:
            out.append(Mention(hit.term, hit.start, hit.end, "", "suffix"))  # 「培训机构被处罚」
            continue
        if (
            not distinctive
            and not (
                (strong or hit.term in _SHOP_SUFFIXES)
                and _sector_named(sentence[start : hit.start], lex)
            )
            and not sentence[:start].endswith(_RUN_BY)
        ):
            continue  # 「服务平台」「有限公司」: generic words only, no one in particular
        start = _masked_place_start(tokens, start, hit.start)
        name = sentence[start:end].strip("()（） ")
        for bracket in ("（", "("):
            if name.count(bracket) > name.count(")" if bracket == "(" else "）"):
                cut = name.rindex(bracket) + 1  # 「…有限公司（中通快递某某网点」: the inner name
                start, name = start + cut, name[cut:]
        if start == hit.start or len(name) <= len(hit.term) or name in _DESCRIPTORS:
            continue
        # a name must not open with a bracket or descriptor-only fragment such as 「家公司」
        if name.startswith(("家", "(", "（")) or _counted_list(name):
            continue  # 「A、B两家公司」: the count closes a list, the names are its items
        out.append(Mention(name, start, end, "", "suffix"))
    return [_with_kind_after(m, sentence, hits) for m in out]


def _with_kind_after(m: Mention, sentence: str, hits: list[Hit]) -> Mention:
    """「深圳某科技企业」: a name closed by one suffix (科技) and then another (企业) runs to the
    second; the second alone would lose the name's place (「某科技企业」)."""
    kind = next(
        (h for h in hits if h.category == "org_suffixes" and h.start == m.end and h.end > m.end),
        None,
    )
    staff = any(h.category == "employees" and h.start == m.end for h in hits)
    if kind is None or staff:  # 「营业厅店长」: the staff word is no second suffix
        return m
    return Mention(sentence[m.start : kind.end], m.start, kind.end, m.role, m.source)


PLACE_CHARS = 8
"""How far before a masked name's 某 its place may start (「浙江宁波慈溪市」)."""


def _placed(m: Mention, sentence: str) -> Mention:
    """「慈溪市某威不动产经纪有限公司」「新吴区某健身房」: a masked or described name opens at
    the place right before its 某, as the gazetteer knows the place, however jieba cut it."""
    mask = m.name.find("某")
    if mask < 0:
        return m
    gazetteer = load_gazetteer()
    if mask and not gazetteer.is_place(m.name[:mask]):
        return m
    at = m.start + mask
    for start in range(max(0, at - PLACE_CHARS), m.start):  # the longest place first
        if gazetteer.is_place(sentence[start:at]):
            return Mention(sentence[start : m.end], start, m.end, m.role, m.source)
    return m


_PROPER_FLAGS = ("nr", "ns", "nt", "nz", "eng", "x")


def _masked_place_start(tokens: list[tuple[str, str, int, int]], start: int, end: int) -> int:
    """A masked name opens at its place (「深圳市某某科技有限公司」): ordinary words before the
    place are the sentence's, not the name's (「被告单位」「约谈」「经查明」)."""
    inside = [t for t in tokens if start <= t[2] and t[3] <= end]
    for k in range(1, len(inside) - 1):
        _, flag, t_start, _ = inside[k]
        if flag == "ns" and inside[k + 1][0].startswith("某"):
            if any(t[1].startswith(_PROPER_FLAGS) or t[0].startswith("某") for t in inside[:k]):
                return start  # 「平安银行深圳某支行」: the bank is part of the name
            return t_start
    return start


_SHOP_SUFFIXES = frozenset(cue_words("shop_suffixes"))
_APP_SUFFIXES = frozenset(("App", "APP", "app", "小程序"))
_RUN_BY = cue_words("run_by")
"""「其经营的格力空调专卖店」: the business someone runs, however ordinary its words."""
_NOT_INSIDE_FLAGS = ("p", "u", "c", "d", "r", "m", "q", "f", "t")
REGISTERED_TOKENS = 6
"""How many tokens a registered name's trade name may hold between its place and the legal form."""


TRADE_NAME_CHARS = 4
"""How long a trade name cut into single characters may be (「广州/嘉/给/网络科技有限公司」)."""


def _placed_trade_name(tokens: list[tuple[str, str, int, int]], k: int) -> int | None:
    """「广州/嘉/给/网络科技有限公司」: jieba cut the trade name into single characters, one of
    them a function word; right after a place, single characters are the name, not a clause."""
    chars = ""
    while k >= 0 and len(tokens[k][0]) == 1 and len(chars) < TRADE_NAME_CHARS:
        if tokens[k][3] != tokens[k + 1][2]:
            return None
        chars += tokens[k][0]
        k -= 1
    if (
        len(chars) >= 2
        and any(ch not in _NOT_IN_NAMES for ch in chars)  # 「杭州又被…」 is a clause
        and k >= 0
        and tokens[k][1] == "ns"
        and tokens[k][3] == tokens[k + 1][2]
    ):
        return tokens[k][2]
    return None


def _registered_start(
    tokens: list[tuple[str, str, int, int]], stop: int, index: int, lex: Lexicons
) -> int | None:
    """Registered names open with their place (「深圳市安居宝房地产经纪有限公司」): when the
    name-like tokens stopped at a word jieba calls a verb (安居), a place a few content words
    further left starts the name. Without a place, a trade name jieba does not know at all
    (「自称沪安人寿保险股份有限公司」, 「颜究/所」 as the HMM cut it) starts it."""
    k = stop
    coined: int | None = None  # where the leftmost word jieba does not know starts
    while k >= 0 and index - k <= REGISTERED_TOKENS:
        word, flag, t_start, t_end = tokens[k]
        if t_end != tokens[k + 1][2]:
            return coined
        if flag == "ns":
            return t_start
        # 「颜究/所」: one character the HMM cut off a word it does not know
        cut_off = len(word) == 1 and k > 0 and not lex.tagger.known(tokens[k - 1][0])
        # 「北京/机到/网络科技有限公司」: a word the HMM coined is a trade name, whatever it holds
        coined_here = len(word) > 1 and not word.isascii() and not lex.tagger.known(word)
        if (
            word in _STOP
            or _PERSON.match(word)
            or (any(ch in _NOT_IN_NAMES for ch in word) and not (cut_off or coined_here))
            or (flag.startswith(_NOT_INSIDE_FLAGS) and not (cut_off or coined_here))
            or word in lex["pi_generic"]
            or any(word in lex[c] for c in _CONDUCT_FILES)
        ):
            placed = _placed_trade_name(tokens, k)
            return coined if placed is None else placed
        if not word.isascii() and not lex.tagger.known(word):
            coined = t_start
        k -= 1
    return coined


_PERSON = re.compile(r"^(?!某)[\u4e00-\u9fa5]{1,2}某{1,2}$")
"""「郑某」「王某某」: a person as court documents write one, never part of a business name."""


def _distinctive(word: str, flag: str) -> bool:
    """A token that makes a name point at someone: a proper noun, Latin letters, 某/一家, a
    count (「2公司」「多家App」) or a single character of an unknown name."""
    if word in _DESCRIPTORS or word.startswith(("某", "一")) or word.isdigit():
        return True
    if len(word) == 1 and flag in ("vg", "ng", "ag", "g", "tg"):
        return True
    if flag.startswith(_PROPER_FLAGS):
        return flag != "x" or (word.isascii() and word.isalnum())
    return False


_LEGAL_FORMS = frozenset(("股份有限公司", "有限责任公司", "有限公司", "集团公司"))


def _sector_named(prefix: str, lex: Lexicons) -> bool:
    """「房产公司」「快递公司」: a trade word before a strong suffix describes a business
    (「网络科技有限公司」 does not: every second company is one)."""
    return bool(prefix) and any(
        prefix.endswith(word)
        for stem, words in lex.terms.items()
        if stem.startswith("sector_") and stem not in ("sector_internet_apps", "sector_other")
        for word in words
    )


_NOTICE_ITEM = re.compile(
    r"《([^《》]{1,30})》\s*[（(][^（）()]{0,40}?(?:\d+\.\d|版本|应用宝|助手|应用市场|商店|平台|小程序|官网|下载|SDK)"
)
_ENUMERATION = re.compile(
    r"((?:[0-9A-Za-z\u4e00-\u9fa5·+\-]{2,16}、){1,12}[0-9A-Za-z\u4e00-\u9fa5·+\-]{2,16})"
    r"\s*(?:等|……|…|这|及其他)"
)
_INCLUDING = re.compile(
    r"(?:具体包括|包括|涉及|分别是|分别为|名单如下)[:：]?\s*"
    r"((?:[0-9A-Za-z\u4e00-\u9fa5·+\- ]{2,16}[、和及与]){1,12}[0-9A-Za-z\u4e00-\u9fa5·+\-]{2,16})"
)
_ITEM_PREFIX = re.compile(r"^(?:涉及|包括|含|涉|如|例如|其中|关注|【[^】]*】)")


_LIST_WINDOW = 400
"""Enumerations (unlike 《》 app items) are read only right after the notice sentence starts."""


_APP_ACTS = "收集|诱导|欺诈|上传|违规|违法|超范围|强制|频繁|窃取|恶意"
"""What a notice says apps did (「违规收集」「强制索取」「频繁弹窗」「窃取用户信息」
「恶意推送」): never an app's name."""
_NOT_AN_ITEM = re.compile(
    r"[的因被对将把从由未]|根据|依据|按照|等$|类$|类(?:App|APP|app|应用)$|^(?:App|APP|app|应用|SDK)$"
    rf"|{_APP_ACTS}|隐私|权限|提示|娱乐|工具|服务|生活|注销"
    r"|[部局委办院厅]$|^工业$|^关于"  # 「关于输入法等33款App…的通报」: the notice's subject line
    r"|^不(?:轻易|随意|随便|要|得|能|会|可|应)"  # 「不轻易点击可疑链接、不随意泄露」: advice
    r"|^(?:插件|扩展|组件|浏览器)$"  # a kind of software, not one
)
_ACT_ITEM = re.compile(rf"{_APP_ACTS}|索取|吸费|捆绑")
"""An item that is an act: the list it stands in names what apps did, not which apps."""
_MEASURE_WORDS = r"(?:措施|手段|方式|方法|行为|问题|情形|内容)(?:具体|主要)?"
_MEASURES = re.compile(_MEASURE_WORDS + "$")
_MEASURES_INCLUDE = re.compile(_MEASURE_WORDS + "(?:包括|涉及)")
"""What an enumeration lists when these words announce it: acts, not apps."""
_TOPICS_AFTER = re.compile(r"\s*(?:[\d一二两三四五六七八九十]+\s*个)?(?:方面|领域|环节|问题|情况)")
"""What follows an enumeration of topics (「…等4个方面」「…等问题」), not of apps."""
_PLACES_AFTER = re.compile(
    r"\s*(?:[\d一二两三四五六七八九十]+\s*个)?[多各数]?(?:地(?!产)|城市?|省份?|省市|地区|国家|国(?![内产际货外]))"
)
"""What follows an enumeration of places (「广州、重庆等多地」「美国、日本等国」), not of apps."""
_CATEGORY_ITEM = re.compile(r"类(?:App|APP|app|应用|软件|小程序)?$")
_QUOTED_FOR_COUNT = re.compile(
    r"(?:[“\"「]([^“”\"「」《》\s]{2,20})[”\"」]、?)+等\s?(?:\d+|[一二两三四五六七八九十百]+)\s?款"
)
"""「“看点头条”“易记账”等26款App」: the quoted apps standing for a count of them."""
_QUOTED_NAME = re.compile(r"[“\"「]([^“”\"「」《》\s]{2,20})[”\"」]")
_NAMED_FOR_COUNT = re.compile(
    r"(?:^|[，,：:；;\s])([0-9A-Za-z\u4e00-\u9fa5·]{2,12})等\s?(?:\d+|[一二两三四五六七八九十百]+)\s?款"
    r"\s?(?:App|APP|app|应用|软件|小程序|SDK)"
)
"""「…，懂球圈等16款App被通报」: one app, unquoted, opening its clause, for a count of them."""
_NOTICE_ACT = re.compile(rf"{cue_pattern('regulator_acts')}|发现|检测|点名")
"""「工信部通报懂球圈等16款App」: the app's name starts after the regulator's act."""
_LISTED_BELOW = re.compile(
    r"(?:以下|如下)[^：:。]{0,30}[:：]\s*"
    r"((?:[0-9A-Za-z\u4e00-\u9fa5·+\-]{2,16}、){2,}[0-9A-Za-z\u4e00-\u9fa5·+\-]{2,16})[。；;\n]"
)
"""A list announced with 以下/如下 and a colon, three items or more."""
_TABLE_ITEM = re.compile(r"(?m)^\s*\|\s*\d{1,3}\s*\|\s*([^|\n]{2,30}?)\s*\|")


def listed_names(text: str, lex: Lexicons | None = None) -> list[str]:
    """Names in a notice's list: 「《客很多》（版本2.8.9，应用宝）」 items, 「A、B、C等」 and
    「具体包括A、B及C」 enumerations, in order of appearance."""
    out: list[str] = [m.group(1).strip() for m in _NOTICE_ITEM.finditer(text)]
    if not out:  # 「依法查处“超凡清理管家”等135款违法违规App」: one app for a count of them
        out = [
            name.strip()
            for m in _QUOTED_FOR_COUNT.finditer(text)
            for name in _QUOTED_NAME.findall(m.group(0))
        ] or [
            name
            for m in _NAMED_FOR_COUNT.finditer(text)
            if len(name := _NOTICE_ACT.split(m.group(1))[-1]) >= 2
            and not _NOT_AN_ITEM.search(name)
            and (lex is None or not lexicon_word(name, lex))
        ]
    if not out:  # a table: 「| 1 | 便利蜂 | 北京便利蜂连锁商业有限公司 | …」
        out = [m.group(1).strip() for m in _TABLE_ITEM.finditer(text)]
    if not out:  # 「以下APP存在违规收集个人信息等问题：鲸鱼阅读、小橙出行、好家装。」
        match = _LISTED_BELOW.search(text[:_LIST_WINDOW])
        if match:
            items = [i.strip() for i in match.group(1).split("、")]
            out = [
                i
                for i in items
                if 2 <= len(i) <= 16
                and not _NOT_AN_ITEM.search(i)
                and (lex is None or not lexicon_word(i, lex))
            ]
    if not out:
        for pattern in (_INCLUDING, _ENUMERATION):
            matches = list(pattern.finditer(text[:_LIST_WINDOW]))
            if not matches and pattern is _INCLUDING:
                # 「通报App名单包括A、B、C」: a roster announced as one, wherever it is told
                matches = [m for m in pattern.finditer(text) if text.endswith("名单", 0, m.start())]
            for match in matches:
                items = re.split(r"[、和及与]", match.group(1))
                if "被" in items[0] or text[max(0, match.start() - 1) : match.start()] == "被":
                    continue  # 「被苹果、华为等应用商店下架」: the actors, not the apps
                if _MEASURES.search(text, 0, match.start()) or _MEASURES_INCLUDE.search(items[0]):
                    continue  # 「处置措施包括组织App下架、停止接入服务」: what is done, not to whom
                if _TOPICS_AFTER.match(text, match.end()):
                    continue  # 「从电信服务基本情况、经营及消费提示等4个方面通报」: topics
                if _PLACES_AFTER.match(text, match.end()):
                    continue  # 「广州、重庆等多地未来一周或雨水全勤」: places
                if any(_ACT_ITEM.search(item) for item in items):
                    continue  # 「涉及违规收集个人信息、恶意吸费等问题」: acts, not apps
                if _CATEGORY_ITEM.search(items[-1]):
                    continue  # 「涉及招聘、家政类APP」: kinds of apps, not apps
                if "的" in items[-1]:
                    continue  # 「涉及营销、收费、资费争议的申诉」: what a noun is about, not apps
                for item in items:
                    item = _ITEM_PREFIX.sub("", item.strip()).split("等", 1)[0]  # 「C等多款App」
                    if (
                        2 <= len(item) <= 16
                        and not _NOT_AN_ITEM.search(item)
                        and (lex is None or not lexicon_word(item, lex))
                    ):
                        out.append(item)
            if out:
                break
    return list(dict.fromkeys(out))


_ACTS = re.compile(
    r"随意|擅自|私自|偷偷|违规|违法|非法|泄露|泄漏|外泄|出售|倒卖|贩卖|收集|窃取|调取"
)
_SUSPECTED = re.compile(
    r"(?:被曝|疑似|疑|涉嫌|被指)(?:(?:发生|出现|存在)(?:大规模|大量)?"
    r"(?:用户|客户|会员|个人)?(?:数据|信息|隐私)?)?(?:泄露|泄漏|外泄|违规收集|过度收集|出售|倒卖)"
)
"""「学习通疑似发生用户数据泄露」「某App被曝泄露」: the one that leaked, not whose data leaked
(「市民疑似信息泄露」)."""
_LATIN_NAME = re.compile(r"(?<![A-Za-z0-9])[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+$")
"""A CamelCase coined name closing a headline's subject phrase (「HackFest」「DataWise」)."""
_TOPIC_LABEL = re.compile(r"^([^\s、，,]{2,10})\s+\S")
_DATA_STORE = re.compile(rf"(?<=..)的?{cue_pattern('data_stores')}$")
_HEADLINE_LEAD = re.compile(
    r"^(?:【[^】]*】|\[[^\]]*\]|[^|｜]{0,12}[|｜]|如何看待|如何评价|怎么看待|网曝|网传|据传|曝光|曝|"
    r"独家|重磅|突发|快讯|震惊|注意|警惕|速看|[！!？?\s:：])+"
)
_HEADLINE_CUE = re.compile(
    r"被|遭|因|涉嫌|疑似|疑|发生|回应|称|承认|确认|出现|存在|违规|违法|非法|私自|擅自|偷偷|随意|"
    r"未经|强制|过度|超范围|大量|竟|向|对|将|把|给|利用|通过|用"
)
_NOT_A_BUSINESS = re.compile(
    r"男子|女子|男|女|人|黑客|团伙|嫌疑|老师|民警|警察|学生|网友|用户|消费者|员工|经营者|主播|博主|"
    r"up主|司机|家长|律师|记者|专家|官员|干部|职工|客服|医生|政府|部门|局|委|办|院|信息|数据|隐私|"
    r"高校|大学|网站|系统|漏洞|木马|病毒|"
    r"[的了在和与对将把从这该那此其我你他她]|^\d|^[近超逾约数万亿千百]|"
    r"哪|什么|请问|^关于|^对于|链接"  # a question, a preposition, Weibo's 「网页链接」
)


def _proper_noun_phrase(phrase: str, lex: Lexicons) -> bool:
    """Nouns only, and more than one ordinary dictionary word: 「中数智汇」, not 「医疗」."""
    pairs = [(p.word, p.flag) for p in lex.tagger.cut(phrase)]
    return len(pairs) > 1 and all(
        flag.startswith(("n", "eng", "j")) and flag != "ns" for _, flag in pairs
    )


_SUFFERED = re.compile(cue_pattern("passive_markers"))
STAFF_TO_CONDUCT = 8
"""How far after a staff word its conduct may start in a headline (「员工在值班时泄露」)."""


def _lone_employer(phrase: str, part: str, staff: Hit, hits: list[Hit], lex: Lexicons) -> bool:
    """「机场员工泄露外籍模特照片」: one noun no list knows, before staff who do the conduct
    themselves, is their employer (decision 1); not a trade they work in (「房产销售」), a person
    or a place, and not staff who suffered it (「员工被黑致…」)."""
    pairs = [(p.word, p.flag) for p in lex.tagger.cut(phrase)]
    if len(pairs) != 1 or not pairs[0][1].startswith(("n", "eng", "j")):
        return False
    if pairs[0][1].startswith(("nr", "ns")) or any(
        h.category.startswith("sector_") and h.term == phrase for h in lex.scan(phrase)
    ):
        return False
    act = next(
        (
            h
            for h in hits
            if h.category.startswith("conduct_")
            and staff.end <= h.start <= staff.end + STAFF_TO_CONDUCT
        ),
        None,
    )
    return act is not None and _SUFFERED.search(part, staff.end, act.end) is None


def headline_subject(part: str, hits: list[Hit], lex: Lexicons) -> str | None:
    """The business a headline opens with, when no lexicon or suffix knows it:
    「AI工具“沉浸式翻译”被曝泄露隐私」→「沉浸式翻译」.

    The phrase runs from the headline's start (after tags such as 【安全圈】 and question
    openers) to the first conduct cue, staff word or reporting verb; people, authorities and
    numbers are refused. Only a name quoted next to a business word (「AI工具“沉浸式翻译”」,
    「公司“巧达科技”」) or a noun phrase right before a staff word (「中数智汇员工」, or one noun
    whose staff do the conduct: 「机场员工泄露…」) counts.
    """
    lead = _HEADLINE_LEAD.match(part)
    start = lead.end() if lead else 0
    cue_positions = [
        h.start
        for h in hits
        if h.start >= start
        and (h.category.startswith("conduct_") or h.category in ("employees", "enforcement"))
    ]
    verb = _HEADLINE_CUE.search(part, start)
    if verb:
        cue_positions.append(verb.start())
    if not cue_positions:
        return None
    phrase = part[start : min(cue_positions)]
    # 「快游通再回应…」: an adverb before the verb closes the phrase, not the name
    words = lex.tagger.cut(phrase)
    if len(words) > 1 and words[-1].flag == "d":
        phrase = phrase[: -len(words[-1].word)]
    # 「大麦网 600多万用户账号密码泄露」: a name set off by a space opens the headline as its topic
    label = _TOPIC_LABEL.match(phrase)
    labelled = (
        label is not None
        and _proper_noun_phrase(label.group(1), lex)
        and not any(
            h.category in ("employees", "victims", "regulators") and h.start < start + label.end(1)
            for h in hits
            if h.start >= start
        )
    )
    if labelled and label is not None:
        phrase = label.group(1)
    # 「学习通数据库疑发生信息泄露」: the store a headline names is the business's
    phrase = _DATA_STORE.sub("", phrase)
    # 「学习通回应疑似用户数据泄露」: who answers for a conduct is the one it is laid at
    answer = ANSWERS.match(part, min(cue_positions))
    answers = (
        answer is not None and _coined(phrase, lex) and not told_of_another(part, answer, hits)
    )
    quoted = re.findall(
        r"(?:公司|企业|平台|App|APP|应用|软件|工具|品牌|商家)[“\"「]([^“”\"「」《》]{2,12})[”\"」]"
        r"|[“\"「《]([^“”\"「」《》]{2,12})[”\"」》](?=App|APP|应用|软件|平台|小程序|公司)",
        phrase,
    )
    quoted = [a or b for a, b in quoted]
    # 「黑客松活动HackFest被曝出售…」: a coined Latin name closing the phrase is the name
    latin = None if quoted else _LATIN_NAME.search(phrase.rstrip())
    phrase = (quoted[-1] if quoted else latin.group(0) if latin else phrase).strip(
        " ，,：:“”\"'「」《》"
    )
    if not 2 <= len(phrase) <= 10 or _NOT_A_BUSINESS.search(phrase):
        return None
    if any(word in part[start : min(cue_positions)] for word in IMPERSONATING):
        return None  # 「AMOS伪装成DeepSeek窃取…」: the one impersonated, not the actor
    staff = next(
        (h for h in hits if h.category == "employees" and h.start == min(cue_positions)), None
    )
    staff_next = staff is not None
    # 「霸王茶姬随意调取用户个人信息」: a noun phrase doing the conduct itself
    acts_next = (
        _ACTS.match(part, min(cue_positions)) is not None
        and any(
            h.category.startswith("conduct_") and h.start <= min(cue_positions) + 2 for h in hits
        )
        and not phrase.endswith(tuple(lex["org_suffixes"]))  # 「医疗厂商」: a trade, no one
    )
    # 「网曝学习通疑似发生用户数据泄露」: a short name the news says is suspected of a leak
    suspected = (
        _SUSPECTED.match(part, min(cue_positions)) is not None
        and 2 <= len(phrase) <= 6
        and phrase.strip("某") != ""
        and not phrase.endswith(tuple(lex["org_suffixes"]))
        and not any(word in phrase for word in lex["victims"])
        and _coined(phrase, lex)
    )
    if (
        not quoted
        and not latin
        and not suspected
        and not labelled
        and not answers
        and not ((staff_next or acts_next) and _proper_noun_phrase(phrase, lex))
        and not (staff is not None and _lone_employer(phrase, part, staff, hits, lex))
    ):
        return None  # other unquoted noun phrases were right too rarely on the development set
    if authority(phrase, lex) or any(r in phrase for r in lex["regulators"] if len(r) > 1):
        return None
    if any(phrase.startswith(f) for f in lex["foreign_brands"] | lex["foreign"]):
        return None
    return phrase


def _coined(phrase: str, lex: Lexicons) -> bool:
    """A coined name (「学习通」「小鹿出行」), not ordinary nouns (「手机」「儿童手表」) or a
    lexicon term (「快递单」): jieba knows it as a name or not at all (its HMM found it), or
    cuts it into words that are not all plain nouns."""
    if lexicon_word(phrase, lex):
        return False
    pairs = lex.tagger.cut(phrase)
    if len(pairs) == 1:
        # 「刘暖曦回应」: a person's name (but 「小鹿出行」 only starts like one)
        return pairs[0].flag != "nr" and (
            pairs[0].flag.startswith(("nt", "nz", "nrt")) or not lex.tagger.known(phrase)
        )
    return any(pair.flag != "n" for pair in pairs)


def lexicon_word(item: str, lex: Lexicons) -> bool:
    """An enumeration item that is a category, authority or data kind, not an app or company."""
    return any(
        item in words
        for stem, words in lex.terms.items()
        if not stem.startswith(("brands_", "channel_brands"))
    )


def _longest(mentions: list[Mention]) -> list[Mention]:
    """Drop mentions inside longer ones (圆通 inside 圆通速递网点), keep text order."""
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if any(k.start <= m.start and m.end <= k.end for k in kept):
            continue
        kept.append(m)
    return kept
