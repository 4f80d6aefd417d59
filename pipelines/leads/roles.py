"""The role a business mention plays in its sentence: who is this business there — the one
acting (the subject), or someone wronged (a victim), used (a channel, a place) or reporting (a
regulator, a publisher)?

One question, asked of each mention that ``businesses.py`` finds (``find_mentions``,
``listed_actors``), kept apart from finding the names. Regulators, courts, police and media are
never subjects; a business someone impersonated (冒充) is a victim; a platform used to reach
people (通过微信) is a channel. ``Mention`` and ``clean_name`` live here because a role is given
to the cleaned name; this module imports nothing from ``businesses.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from piwatch.pipelines.leads.cues import cue_pattern, cue_words
from piwatch.pipelines.leads.lexicons import DATA_WORDS, Hit, Lexicons
from piwatch.pipelines.text.clauses import clause_before, split_clauses

_GOVERNMENT = re.compile(
    r"(?:局|分局|院|法院|检察院|所|派出所|厅|部|委|委员会|办|办公室|政府|大队|支队|中队|总队|有关|"
    r"协会|消协|学会|研究院|实验室|报|日报|晚报|新闻|电视台|通讯社|网信办)$"
)


_CHANNEL_BEFORE = cue_words("channel_before")
_CHANNEL_AFTER = cue_words("channel_after")
_ONE_PERSON = cue_words("one_person")
"""「一女子微信勾搭…」: a platform right after a person is what that person used."""
IMPERSONATING = cue_words("impersonating")
_VICTIM_BEFORE = IMPERSONATING + cue_words("victim_before")
_VICTIM_AFTER = cue_words("victim_after")
_ATTACKER_AFTER = cue_words("attacker_after")
_STAFF_AFTER = cue_words("staff_after")
"""「某银行客户经理」: the business's own staff, not its customers."""
_CHINESE_VICTIMS = re.compile(
    rf"(?:中国|国内|我国|内地|大陆)的?[\u4e00-\u9fa5]{{0,2}}{cue_pattern('chinese_victims')}"
)
"""「疑涉及大量中国用户」: customers in China, whose place makes a foreign brand's story ours."""
_LISTED_THEN_VICTIM = re.compile(
    rf"(?:[、和及与][0-9A-Za-z\u4e00-\u9fa5]{{1,8}}?)+?{cue_pattern('victim_after')}"
)
"""「注册了大量淘宝、拼多多账号」: brands listed before the 「账号」 they share."""
_SPEAKS = re.compile(rf"\s*{cue_pattern('speaker_labels')}?\s*[：:]")
_ITS_CUSTOMERS_DATA = re.compile(
    rf"的?{cue_pattern('customers')}[\u4e00-\u9fa5]{{0,3}}?(?:信息|数据|资料|隐私)"
    r"[^，,。；;]{0,6}(?:泄露|泄漏|外泄|被盗|遭窃|被卖|被售|被倒卖|遭贩卖)"
)
"""「某银行客户信息泄露」: the business whose customers' data leaked, not a victim of fraud."""
_ITS_DATA = re.compile(
    r"(?:上的|的)?[\u4e00-\u9fa5]{0,4}?(?:数据|信息|资料|简历|账号|账户|用户|客户|会员|订单|面单|记录)"
)
"""What follows a business that data was taken from: its data, however the data is called."""
_ITS_FLAW = re.compile(r"的?[^，,。；;]{0,10}?(?:漏洞|缺陷)")
"""What follows a business whose flaw someone used (「利用某软件供应商的一个未知漏洞」)."""
_STOLEN_AT = re.compile(r"(?:内|里|中)?[，,]?(?:窃取|盗取|偷取|偷拍|盗窃|偷盗|偷走)")
"""「在圆通某分拨中心窃取面单」: where the data was stolen, not who used it."""


_TAKEN_FROM = cue_words("taken_from")
_PUBLISHES = re.compile(
    r"(?:近日|日前|今日|今天|独家)?(?:发布|公布|推出|发表|披露了?)[^，,。；;！？]{0,20}"
    r"(?:报告|白皮书|研究|指南|榜单|调查|统计|态势|趋势)"
)
_REPORTED_IT = cue_words("reported_it")
"""A business that reports the crime to the police, or without whose leave or knowledge it was
done (「在快递公司未授权的情况下」), is the one it was done to."""
_ATTACKER = re.compile(cue_pattern("attackers"))
"""Hackers and gangs acting earlier in the clause: the business after them is their target."""
_CRIMINAL_MARKETS = cue_words("criminal_markets")
_ABROAD_KIND = re.compile(
    cue_pattern("country_abbreviations")
    + r"[\u4e00-\u9fa5]{0,4}(?:公司|企业|银行|酒店|集团|运营商|零售商|巨头)$"
)
_OFFERED_FOR_SALE = re.compile(
    rf"(?:有人|卖家|黑客|{cue_pattern('criminal_markets')})[^，,。；;]*?"
    r"(?:售卖|出售|兜售|贩卖|叫卖)(?:[^，,。；;]{0,4}?(?:一份|一批|的))?$"
)
"""「暗网有人宣称正在售卖一份某贷款平台用户数据」: data offered by an unnamed seller is data that
leaked from the business it belongs to (labelling guide, multi-item texts), unlike a named
defendant's sale of data taken from a platform."""
_TAKEN_FROM_PLACE = re.compile(
    "(?:" + "|".join(_TAKEN_FROM) + r")(?:[\u4e00-\u9fa5]{2,3}?(?:省|市|县|区)?)?$"
)
"""「破解浙江某网络公司的数据」: the taking verb may stand before the name's place."""
_PLACE_AFTER = cue_words("place_after")
_WHILE = re.compile(r"[^，,。；;：:]{0,12}?(?:时|期间|的时候)")
_WORKING = re.compile(cue_pattern("job_words"))
_CUSTOMER_ACT = re.compile(rf"(?:上|内|里)?{cue_pattern('customer_acts')}")


_LIST_REST = re.compile(
    rf"(?:[、和及与][^，,。；;：:、\s]{{1,12}}?)+?(?={cue_pattern('place_after')})"
)


def _list_end(sentence: str, end: int) -> int:
    """Where a list that a mention opens ends (「在多家宾馆、酒店房间内」: the place words after the
    last item say where, for every item); ``end`` when the mention stands alone."""
    rest = _LIST_REST.match(sentence, end)
    return rest.end() if rest else end


def _visiting(sentence: str, end: int) -> bool:
    """「在某银行办理业务时」「在某营业厅办理手机卡」: a time frame set at a business, or what a
    customer did there, not the business acting; but 「在某公司担任客服期间」 is a job there,
    and the business is the employer."""
    if _CUSTOMER_ACT.match(sentence, end):
        return True
    frame = _WHILE.match(sentence, end)
    return frame is not None and not _WORKING.search(frame.group(0))


_TAKEN_THERE = re.compile(
    rf"(?:上|中|内|里)?(?:批量|大量|非法|违规|私自)?{cue_pattern('taken_from')}"
)
"""「从某招聘网站批量抓取简历」: the business the data was taken from."""


_BUSINESS_UNITS = cue_words("business_units")
_PASSIVE_AGENT = re.compile(r"被(?:[0-9A-Za-z\u4e00-\u9fa5]{1,8}、)*$")
_BY = ("被", "遭", "遭到")
"""Passive markers right before a name: the name is who acted (「遭京东泄露」)."""


@dataclass(frozen=True, slots=True)
class Mention:
    """A business name as written, where it is in the sentence, and the role it plays there."""

    name: str
    start: int
    end: int
    role: str
    source: str  # suffix | brand | nt | quoted | pronoun


_HEDGE = re.compile(r"^(?:疑似|涉嫌|网曝|疑(?![难问惑点虑心团云]))(?=.{3})")
"""A headline's hedge glued to the name it qualifies: 「疑山西一医院…」 is about 「山西一医院」
(but 「疑难」「疑问」… are words of their own)."""


def attacker_follows(text: str, end: int) -> bool:
    """「安卓银行木马」「名为“暗影猎手”的黑客组织」: what follows ``end`` makes the name before
    it one for malware or attackers, not for a business."""
    return text[end : end + 8].lstrip(' ”"」》的').startswith(_ATTACKER_AFTER)


def clean_name(name: str) -> str:
    """The name as an investigator writes it: no book-title marks, quotes, spaces, hedge
    (「疑」「涉嫌」) or 「等」."""
    name = _HEDGE.sub("", re.sub(r"[《》“”\"'「」『』【】\s]", "", name))
    name = _COUNTER.sub("", _FOUND.sub("", _CALLED.sub("", name)))
    return name[:-1] if name.endswith("等") and len(name) > 3 else name


_CALLED = re.compile(r"^[^，,。；;]{0,6}?(?:名为|名叫|叫做|称为)(?=[\u4e00-\u9fa5A-Za-z]{2})")
"""「一家名为星河海川科技有限公司」: what introduces a name, not part of it."""
_COUNTER = re.compile(r"^[一两几数](?:份|批|组|套)")
"""「售卖一份中国某贷款平台用户数据」: a counted lot of data, not part of the name."""
_FOUND = re.compile(
    r"^(?:(?:抽查|检查|调查|检测|排查|核查|监测|经查)?发现|被?曝光?)(?=[\u4e00-\u9fa5A-Za-z]{2})"
)
"""「抽查发现神州专车」「曝泛鑫保险」: what found or exposed the business opens the phrase, not
the name."""


_WHEN = re.compile(r"在(?=[0-9０-９])")
"""「在618…」「在2021年…」: 在 before a date or a shopping festival says when, not through what."""


COLUMN = re.compile(r"\s*【[^】]{1,12}】")


_PERSON_AFTER = re.compile(
    r"[^\W\d_将向对在从为给被与和及把等由是经于某]某{1,2}"
    r"(?![些种个家地市省县区类款项]|[\u4e00-\u9fa5]{0,6}(?:公司|店|厂|机构|中心|平台|网点))"
)
"""「贷款中介孙某」: a person's trade then the person, as court documents write them."""


ANSWERS = re.compile(cue_pattern("answers_for"))


_ANOTHER_ACTOR = re.compile(cue_pattern("attackers"))


def told_of_another(part: str, answer: re.Match[str], hits: list[Hit]) -> bool:
    """「海柔创新回应中信建投实习生泄露信息」「某公司回应黑客窃取数据事件」: what the answer is
    about names its own actor (another's staff, a business, attackers) before the conduct: the
    one answering is not the one it is laid at. Staff right after the verb are its own
    (「某银行回应员工泄露客户信息」)."""
    act = min(
        (h.start for h in hits if h.category.startswith("conduct_") and h.start >= answer.end()),
        default=None,
    )
    if act is None:
        return False
    return _ANOTHER_ACTOR.search(part, answer.end(), act) is not None or any(
        answer.end() <= h.start < act
        and (
            h.category == "org_suffixes"
            or h.category.startswith("brands_")
            or (h.category == "employees" and h.start > answer.end())  # 「回应员工泄露」: its own
        )
        for h in hits
    )


def _verb_next(sentence: str, end: int, lex: Lexicons) -> bool:
    """A conduct cue right after ``end`` (「微信购买」「QQ群出售」)."""
    return any(
        h.category.startswith("conduct_") and h.start <= 1
        for h in lex.scan(sentence[end : end + 6].removeprefix("群"))
    )


def _conduct_follows(sentence: str, end: int, lex: Lexicons) -> bool:
    """「被装修公司电话轰炸」: the agent of a passive conduct is who did it."""
    clause = split_clauses(sentence[end : end + 12])[0]
    return any(h.category.startswith("conduct_") for h in lex.scan(clause))


def authority(name: str, lex: Lexicons) -> bool:
    """A regulator, court, police or other government body (never the accused)."""
    return not name.endswith(_BUSINESS_UNITS) and (
        name in lex["regulators"]
        or _GOVERNMENT.search(name) is not None
        or any(
            r in name
            for r in (
                "公安",
                "法院",
                "检察",
                "网信",
                "监管",
                "通信管理",
                "政府",
                "税务",
                "海关",
                "事业单位",  # a public institution
                "疾控",  # a centre for disease control
            )
        )
    )


ATTACKED_GAP = 16
"""How long a description may stand between an attack and the business it hits."""
_DESCRIBING_FLAGS = ("n", "m", "q", "r", "b", "a", "j", "s", "c", "uj", "f")


def _attacked(clause: str, lex: Lexicons) -> bool:
    """「入侵某公司」「攻击我国某智慧能源和数字信息大型高科技企业」: the business an attack or
    intrusion hits, right after it or after a description, is its object (a victim)."""
    cue = max((clause.rfind(word), word) for word in _VICTIM_BEFORE)
    if cue[0] < 0:
        return False
    gap = clause[cue[0] + len(cue[1]) :].removeprefix("了").strip()  # 「冒充了 DeepSeek」
    return len(gap) <= ATTACKED_GAP and all(
        p.flag.startswith(_DESCRIBING_FLAGS) for p in lex.tagger.cut(gap)
    )


_RECIPIENT_BEFORE = cue_words("recipient_before")
_ADDRESSED = re.compile(f"(?:记者)?{cue_pattern('told_verbs')}")
"""What one says to whoever stands between 向 and the verb (「客服向新浪科技回应称」)."""
_CAME_FROM = re.compile(r"来自(?:[^，,。；;]{0,12}[、和及与])?$")
_DATA_WORD = re.compile(DATA_WORDS)
"""「数据主要来自淘宝、京东等」 names where leaked data came from (here and in
``extract._ORIGIN``); without a bare data word, 「来自」 tells where people came from."""


_EXECUTIVES = cue_words("executives")
_SUFFERS = re.compile(r"[^，,。；;：:]{0,4}?(?:遭遇|遭受)")
"""「…高管疑似集体遭遇短信轰炸」: what the business's people suffer, a few words on."""


def _staff_suffer(sentence: str, end: int, lex: Lexicons) -> bool:
    """The business's own people (「小米高管」「某公司员工」) suffer what the sentence tells."""
    rest = sentence[end : end + 6]
    staff = next((w for w in (*lex["employees"], *_EXECUTIVES) if rest.startswith(w)), None)
    return staff is not None and _SUFFERS.match(sentence, end + len(staff)) is not None


_THINGS_COUNTED = r"[一两二三四五六七八九十\d]+[部台辆块]"
_GOODS = re.compile(
    r"[^，,。；;（(]{1,16}?(?:手机|电脑|笔记本|平板|相机|手表|电视机?|轿车|汽车|电动车)"
    rf"[^，,。；;]{{0,2}}?{_THINGS_COUNTED}(?!分)"
)
_COUNTED_BEFORE = re.compile(f"{_THINGS_COUNTED}$")
"""「小米手机一部」「一部苹果手机」: a brand's product counted as an object (stolen, bought,
pawned), not the business acting."""
_ACCOUNT_AFTER = re.compile(
    r"[\u4e00-\u9fa5]{1,2}?(?:账号|账户)|(?:号码|卡号|银行卡|信用卡|储蓄卡|借记卡|卡)(?!中心|部|业务|公司)"
)
"""「360云盘账号」「某信用社银行卡」「QQ号码」: an account or card a business issued, bought or
stolen as an object (beside the bare 账号 of ``victim_after.txt``); the issuer is not the one
acting."""


_IN_NAME_OF = re.compile(r"[”\"」』]?的?名义")
_BORROWED = re.compile(
    "|".join(re.escape(word) for word in IMPERSONATING + cue_words("borrowed_name"))
)
"""「以虚构的“某调查公司”名义发布信息」「假借某银行名义发送短信」: a business whose name someone
made up or borrowed is not the one acting (but 「以其经营的某贷款公司名义」 is his business
acting)."""


def _abroad(name: str, sentence: str, lex: Lexicons) -> bool:
    """A business described by a place abroad (「美国某公司」, or 「美保险公司」: a kind after a
    country's one-character name, which jieba cuts off), or a foreign brand unless the sentence
    puts its affected customers in China (decision 6: 「戴尔泄露…疑涉及大量中国用户」)."""
    if any(name.startswith(f) for f in lex["foreign"]):
        return True
    if _ABROAD_KIND.match(name) and lex.tagger.cut(name)[0].word == name[0]:
        return True
    brand = any(name.startswith(f) for f in lex["foreign_brands"])
    return brand and _CHINESE_VICTIMS.search(sentence) is None


def with_role(m: Mention, sentence: str, hits: list[Hit], lex: Lexicons) -> Mention:
    name = clean_name(m.name)
    before = sentence[max(0, m.start - 4) : m.start]
    after = sentence[m.end : m.end + 4]
    people_after = sentence[m.end : m.end + 8].replace(" ", "")  # 「B 站 up 主」
    clause = clause_before(sentence, m.start)
    if authority(name, lex):
        role = "regulator"
    elif _PERSON_AFTER.match(sentence, m.end) and m.source != "brand":
        role = "person"  # 「贷款中介孙某」: a person's trade, not a business
    elif _GOODS.match(sentence, m.start) or _COUNTED_BEFORE.search(before):
        role = "goods"  # 「偷走OPPO手机1部」: the thing taken, not who took it
    elif any(word in name for word in _CRIMINAL_MARKETS):
        role = "channel"  # 「某暗网数据交易平台」: where criminals trade
    elif _OFFERED_FOR_SALE.search(clause) and _ITS_DATA.match(sentence, m.end):
        role = "subject"  # 「暗网有人售卖一份某贷款平台用户数据」: whose data leaked
    elif attacker_follows(sentence, m.end):
        role = "attacker"  # 「TrickMo 安卓银行木马」: a kind of malware named after its prey
    elif before.removesuffix("了").endswith(_RECIPIENT_BEFORE):
        role = "recipient"  # 「把报名信息卖给了一家招聘公司」: who received the data
    elif before.endswith("向") and _ADDRESSED.match(sentence, m.end):
        role = "addressee"  # 「客服向某科技媒体回应称」: who was told, a reporter
    elif _CAME_FROM.search(clause) and not _DATA_WORD.search(sentence, 0, m.start):
        role = "affiliation"  # 「聚集来自百度、华为的成员」: where people came from
    elif sentence.startswith("群", m.end) and m.source == "brand":
        role = "channel"  # 「QQ群」「微信群」: a group on the service, where people met
    elif (
        _attacked(clause, lex)
        or (
            people_after.startswith(_VICTIM_AFTER)
            and not after.startswith(_STAFF_AFTER)
            and not _ITS_CUSTOMERS_DATA.match(sentence, m.end)
        )
        or (before.endswith(("在", "从", "到", "进入")) and _STOLEN_AT.match(sentence, m.end))
        or _staff_suffer(sentence, m.end, lex)
        or _LISTED_THEN_VICTIM.match(sentence, m.end) is not None
        or (_IN_NAME_OF.match(sentence, m.end) is not None and _BORROWED.search(clause))
        or _ACCOUNT_AFTER.match(sentence, m.end) is not None
        or (before.endswith("从") and _TAKEN_THERE.match(sentence, m.end) is not None)
    ):
        role = "victim"  # 「注册了大量淘宝、拼多多账号」: the list shares its 账号
    elif not clause.strip(" 【[#") and _SPEAKS.match(sentence, m.end):
        role = "publisher"  # 「知乎问答：…」「某某日报：…」: who tells it, opening the headline
    elif after.startswith(("旗下", "控股的", "投资的")) and m.end + 2 < len(sentence):
        role = "parent"  # 「阿里巴巴旗下“饿了么”」: the business that did it comes next
    elif _PUBLISHES.match(sentence, m.end):
        role = "publisher"  # 「某安全公司发布数据泄露态势报告」: who reports, not who leaked
    elif before.endswith(_CHANNEL_BEFORE[:3]) and _ITS_FLAW.match(sentence, m.end):
        role = "victim"  # 「利用某软件供应商的一个未知漏洞」: whose flaw an attacker used
    elif sentence.startswith(_REPORTED_IT, m.end) or _ATTACKER.search(clause):
        role = "victim"  # 「某物流公司报案」「黑客出售某企业服务器权限」: the one wronged
    elif _TAKEN_FROM_PLACE.search(sentence, 0, m.start) and _ITS_DATA.match(sentence, m.end):
        role = "victim"  # 「抓取脉脉数据」「获取某招聘网站简历数据」: where the data was taken from
    elif before.endswith("在") and (
        sentence.startswith(_PLACE_AFTER, place_end := _list_end(sentence, m.end))
        or _visiting(sentence, place_end)
    ):
        role = "place"  # 「在某宾馆内利用伪基站」「在某银行办理业务时」: where someone acted
    elif _PASSIVE_AGENT.search(clause) and not _conduct_follows(sentence, m.end, lex):
        role = "agent"  # 「被苹果、华为等应用商店下架」: who acted on the subject
    elif m.source != "suffix" and (
        any(verb in _WHEN.sub("", clause) for verb in _CHANNEL_BEFORE[:4])
        or (before.endswith(_CHANNEL_BEFORE) and after.startswith(_CHANNEL_AFTER))
        # 「一中介微信购买数千条个人信息」: a messaging platform between the actor and the verb
        or (
            name in lex["channel_brands"]
            and COLUMN.sub("", clause, count=1).strip() != ""  # 「【完结篇】微信泄露…」 opens
            and not clause.endswith(_BY)  # 「隐私遭京东泄露」: the agent of what is done
            and (_verb_next(sentence, m.end, lex) or clause.endswith(_ONE_PERSON))
        )
    ):
        role = "channel"
    elif _abroad(name, sentence, lex):
        role = "foreign"
    elif (answer := ANSWERS.match(sentence, m.end)) and told_of_another(sentence, answer, hits):
        role = "answering"  # 「某公司回应黑客窃取数据事件」: it answers for what another did
    else:
        role = "subject"
    return Mention(name, m.start, m.end, role, m.source)
