"""Lead extraction on genres the development set lacks: court fact descriptions, complaint posts,
forum and blog posts, gala transcripts. Every text here was written for these tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from piwatch.pipelines.leads import Extraction, ExtractOptions, TextInput
from piwatch.pipelines.leads.extract import extract
from piwatch.pipelines.leads.lexicons import load_lexicons
from piwatch.pipelines.leads.parties import tied_to_defendant

OPTIONS = ExtractOptions()


@dataclass(frozen=True)
class Case:
    """One invented text and what the labelling guide says about it."""

    id: str
    text: str
    title: str | None = None
    source_type: str | None = None
    lead: bool = True
    business: str | None = None  # exactly one of the subjects
    conduct: tuple[str, ...] | None = None  # the conduct list exactly, in the contract's order
    sector: str | None = None  # one of the sectors


DIGEST_LINES = (
    "中央气象台：东部多地迎来强降雨，江南华南局地有大暴雨\n"
    "国家统计局：7 月份社会消费品零售总额同比增长 3.7%\n"
    "教育部：严禁中小学假期违规补课\n"
    "多地调整公积金贷款政策，首套房最低首付比例降至 15%"
)
"""The other stories of a day's digest, one a line."""

CASES = [
    # --- court facts: an employee of a business sells or provides customers' data ---
    Case(
        "court-agency-employee",
        "公诉机关指控：2019年3月至2020年6月，被告人王某某在担任某房产中介公司业务员期间，"
        "利用工作便利，将公司系统中的业主姓名、电话号码、房产地址等信息共计1.2万余条，"
        "以每条0.3元的价格出售给他人，非法获利3600元。公诉机关认为，被告人王某某的行为"
        "构成侵犯公民个人信息罪，提请依法判处。",
        business="某房产中介公司",
        conduct=("disclose_or_sell",),
        sector="real_estate",
    ),
    Case(
        "court-courier-outlet-employee",
        "经审理查明：被告人李某系某快递网点员工。2020年5月至8月间，李某利用在网点负责派件的便利，"
        "拍摄快递面单上的收件人姓名、电话、住址等信息5000余条，通过微信出售给被告人张某，"
        "非法获利2000元。",
        business="某快递网点",
        conduct=("disclose_or_sell",),
        sector="express_delivery",
    ),
    Case(
        "court-bank-account-manager",
        "公诉机关指控：被告人赵某在担任江苏某农村商业银行股份有限公司客户经理期间，违反国家规定，"
        "将其在工作中掌握的客户姓名、身份证号码、存款余额等个人信息2000余条提供给贷款中介孙某，"
        "收取好处费1万元。",
        business="江苏某农村商业银行股份有限公司",
        conduct=("disclose_or_sell",),
        sector="other",
    ),
    Case(
        "court-insurance-salesman",
        "经审理查明：2018年至2019年，被告人陈某在某人寿保险公司任业务员期间，将通过工作获取的"
        "投保人姓名、手机号、身份证号等信息3万余条出售给他人，获利8000余元。",
        business="某人寿保险公司",
        conduct=("disclose_or_sell",),
        sector="insurance",
    ),
    Case(
        "court-training-school-employee",
        "公诉机关指控：被告人刘某系上海某教育培训机构员工。2021年，刘某将该机构学员及家长的"
        "姓名、联系电话、就读学校等信息8000余条以1.5万元的价格出售给他人。",
        business="上海某教育培训机构",
        conduct=("disclose_or_sell",),
        sector="education_training",
    ),
    Case(
        "court-property-company-employee",
        "经审理查明：被告人周某在杭州某物业管理有限公司担任客服期间，利用职务便利，将小区业主的"
        "姓名、房号、手机号码等信息1500余条提供给他人用于推销，获利3000元。",
        business="杭州某物业管理有限公司",
        conduct=("disclose_or_sell",),
        sector="other",
    ),
    Case(
        "court-named-agency-employee",
        "公诉机关指控：被告人孙某系深圳市安居宝房地产经纪有限公司置业顾问。2020年间，孙某将公司"
        "客户的姓名、电话号码、购房意向等信息4000余条发送给他人，非法获利5000元。",
        business="深圳市安居宝房地产经纪有限公司",
        conduct=("disclose_or_sell",),
        sector="real_estate",
    ),
    Case(
        "court-opener-on-its-own-line",
        "公诉机关指控\n2019年3月至2020年6月，被告人王某某在担任某房产中介公司业务员期间，利用工作"
        "便利，将业主姓名、电话号码等信息1.2万余条出售给他人。",
        business="某房产中介公司",
        conduct=("disclose_or_sell",),
        sector="real_estate",
    ),
    # --- court facts: a business buys personal data for its telemarketing ---
    Case(
        "court-defendant-runs-decoration-company",
        "经审理查明：2018年以来，被告人王某某经营某装修公司。2019年，王某某通过QQ向他人购买业主"
        "信息3万余条，安排员工拨打电话推销装修业务。",
        business="某装修公司",
        conduct=("disclose_or_sell", "unsolicited_marketing"),
        sector="home_decoration",
    ),
    Case(
        "court-smart-home-shop-buys",
        "公诉机关指控：2018年，被告人吴某经营某智能家居店，为推销店内产品，通过QQ向他人购买"
        "本市新交房小区业主的姓名、电话号码等公民个人信息6000余条，随后安排店员按名单拨打电话"
        "推销产品。",
        business="某智能家居店",
        conduct=("disclose_or_sell", "unsolicited_marketing"),
        sector="home_decoration",
    ),
    Case(
        "court-decoration-company-buys",
        "经审理查明：被告人郑某系某装饰工程有限公司负责人。2019年，郑某以每条0.1元的价格从网上"
        "购买业主信息2万余条，交给公司电话销售人员拨打电话推销装修业务。",
        business="某装饰工程有限公司",
        conduct=("disclose_or_sell", "unsolicited_marketing"),
        sector="home_decoration",
    ),
    Case(
        "court-loan-company-buys",
        "公诉机关指控：被告人钱某为招揽贷款客户，以其经营的某贷款公司名义，从他人处购买含有姓名、"
        "手机号码、贷款意向的公民个人信息4万余条，并组织员工逐一拨打电话推销贷款业务。",
        business="某贷款公司",
        conduct=("disclose_or_sell", "unsolicited_marketing"),
        sector="small_loans",
    ),
    # --- court facts: a business tried as a unit (被告单位), its managers acting for it ---
    Case(
        "court-unit-manager-buys-data",
        "经审理查明：被告单位成都某企业管理咨询有限公司成立于2019年，被告人黄某系该公司法定代表人。"
        "2020年至2021年间，被告人黄某为开展贷款居间业务，通过网络购买公民个人信息3万余条，"
        "安排公司话务员逐一拨打电话推销贷款。",
        business="成都某企业管理咨询有限公司",
        conduct=("disclose_or_sell", "unsolicited_marketing"),
    ),
    Case(
        "court-unit-app-collects",
        "公诉机关指控：被告单位南京某软件开发有限公司，住所地南京市江宁区。被告人吴某，该公司总经理。"
        "2021年起，被告人吴某授意技术人员在公司开发的记账App中嵌入代码，在用户不知情的情况下"
        "读取手机通讯录并上传至公司服务器，共计收集通讯录信息40万条。",
        business="南京某软件开发有限公司",
        conduct=("collect_without_consent",),
    ),
    Case(
        "court-unit-sells-to-a-business",
        "经审理查明：被告单位郑州某数据服务有限公司，被告人马某系该公司实际控制人。2022年，"
        "被告人马某指使员工从多个渠道收集公民个人信息，再以每条0.5元的价格出售给某装修公司，"
        "获利8万元。",
        business="郑州某数据服务有限公司",
        # collected from channels to sell on: both, as the labelled court texts give it
        conduct=("collect_without_consent", "disclose_or_sell"),
    ),
    # --- court facts: waybills ---
    Case(
        "court-trading-company-steals-waybills",
        "公诉机关指控：被告人黄某系某商贸有限公司员工。2017年间，黄某在圆通速递某分拨中心窃取"
        "快递面单1万余张，将面单上的收件人姓名、电话、地址等信息交给公司用于电话推销保健品。",
        business="某商贸有限公司",
        conduct=("collect_without_consent", "unsolicited_marketing"),
        sector="other",
    ),
    # --- court facts: pseudo base stations sending advertising ---
    Case(
        "court-pseudo-base-station-shop",
        "经审理查明：被告人冯某系某家电商行经营者。2016年7月，冯某购买伪基站设备一套，放置于其"
        "驾驶的轿车内，在市区繁华路段向不特定用户发送其商行促销空调的广告短信2万余条，造成周边"
        "用户手机通信中断。",
        business="某家电商行",
        conduct=("unsolicited_marketing",),
        sector="other",
    ),
    Case(
        "court-pseudo-base-station-factory",
        "公诉机关指控：被告人许某为推销其所在的某空调厂生产的空调，于2015年8月租用伪基站设备，"
        "在县城人流密集处群发该厂的产品广告短信1万余条，致使上千名用户的手机通信中断。",
        business="某空调厂",
        conduct=("unsolicited_marketing",),
    ),
    # --- court facts: hard negatives ---
    Case(
        "court-fraud-pseudo-base-station",
        "经审理查明：被告人林某、谢某受他人雇佣，驾驶装有伪基站设备的汽车，在城区冒充某银行客服"
        "号码发送含有钓鱼网站链接的诈骗短信3万余条，骗取被害人银行卡信息，造成被害人损失5万元。",
        lead=False,
    ),
    Case(
        "court-hacker",
        "公诉机关指控：被告人何某利用自行编写的程序，非法侵入某网站服务器，窃取用户账号、密码等"
        "公民个人信息10万余条，并在网上出售，非法获利1.2万元。",
        lead=False,
    ),
    Case(
        "court-scraper-platform-is-source",
        "经审理查明，被告人吴某编写爬虫程序，抓取某招聘平台数据50万余条，包括求职者姓名、电话，"
        "并以每条0.1元的价格出售给他人。",
        lead=False,
    ),
    Case(
        "court-individual-reseller",
        "经审理查明：2019年，被告人徐某在网上结识他人后，通过QQ群购买公民个人信息2万余条，"
        "后转卖给他人，非法获利3000元。",
        lead=False,
    ),
    Case(
        "court-embezzlement",
        "公诉机关指控：被告人邓某在担任某物流有限公司出纳期间，利用职务便利，多次将公司货款共计"
        "12万元转入个人账户，用于偿还个人债务。公诉机关认为其行为构成职务侵占罪。",
        lead=False,
    ),
    Case(
        "court-traffic",
        "经审理查明：被告人宋某系某运输有限公司驾驶员，2020年3月驾驶重型货车行至国道路口时，"
        "未按规定让行，与一辆电动自行车相撞，造成一人死亡，宋某负事故主要责任。",
        lead=False,
    ),
    Case(
        "court-masked-company-legal-rep-waybills",
        "公诉机关指控，被告人张某系某市某某商贸有限公司法定代表人。2016年间，张某安排公司员工李某、"
        "赵某到圆通速递公司某网点，窃取快递单1.5万余张，并将快递单上的收件人信息用于公司推销业务。",
        business="某市某某商贸有限公司",
        sector="other",
    ),
    Case(
        "court-named-courier-outlet",
        "经审理查明：被告人吴某系韵达快递某某网点的快递员。2019年4月，吴某利用派送快递的便利，"
        "将其掌握的收件人姓名、电话、地址等信息3000余条出售给他人，获利1500元。",
        business="韵达快递某某网点",
        conduct=("disclose_or_sell",),
        sector="express_delivery",
    ),
    Case(
        "court-car-dealer-manager",
        "经审理查明，被告人马某在某汽车销售服务有限公司担任销售经理期间，将公司购车客户的姓名、"
        "电话、车架号等信息2000余条出售给保险代理人，获利4000元。",
        business="某汽车销售服务有限公司",
        conduct=("disclose_or_sell",),
        sector="other",
    ),
    Case(
        "court-store-pseudo-base-station-one-sentence",
        "某县人民检察院指控：2015年10月，被告人刘某为宣传其经营的格力空调专卖店，在网上购买伪基站"
        "设备，在县城车站附近向周边手机用户发送空调促销广告短信5000余条。",
        business="格力空调专卖店",
        conduct=("unsolicited_marketing",),
        sector="other",
    ),
    Case(
        "court-fraud-gang-in-hotel",
        "经审理查明，被告人陈某伙同他人在某宾馆内利用伪基站设备，冒充中国移动10086发送积分兑换"
        "诈骗短信，诱骗被害人登录钓鱼网站，骗取被害人钱款共计3万元。",
        lead=False,
    ),
    Case(
        "court-fraud-shell-company",
        "公诉机关指控，被告人周某等人以某网络科技有限公司名义租用办公场所，招募话务员冒充银行工作"
        "人员拨打电话，以办理低息贷款为由骗取被害人手续费，共计诈骗20余万元。",
        lead=False,
    ),
    Case(
        "court-carrier-store-clerk",
        "经审理查明：被告人郑某系中国移动某营业厅营业员，利用为客户办理业务的便利，将客户的手机号码"
        "及验证码提供给他人用于注册网络账号，非法获利8000元。",
        business="中国移动某营业厅",
        conduct=("disclose_or_sell",),
        sector="other",
    ),
    Case(
        "court-hotel-receptionist",
        "经审理查明，被告人孙某系某某酒店前台接待员，2018年至2019年间，孙某利用工作便利，将酒店"
        "住客的姓名、身份证号码、入住记录等信息2万余条出售给他人。",
        business="某某酒店",
        conduct=("disclose_or_sell",),
        sector="travel_accommodation",
    ),
    Case(
        "court-two-employees-of-agency",
        "经审理查明：被告人王某、李某均系某某房地产经纪有限公司员工。2018年间，二人将公司房源系统中的"
        "业主姓名、电话等信息2万余条出售给他人，共获利1万元。",
        business="某某房地产经纪有限公司",
        conduct=("disclose_or_sell",),
        sector="real_estate",
    ),
    Case(
        "court-shop-owner-sells-ids",
        "经审理查明，被告人陈某某系某某通讯器材店店主，其在为顾客办理手机号码业务时，私自留存顾客"
        "身份证复印件，并将顾客身份信息300余条出售给他人用于注册网络账号。",
        business="某某通讯器材店",
        conduct=("collect_without_consent", "disclose_or_sell"),  # 私自留存: kept unasked
        sector="other",
    ),
    Case(
        "court-owner-with-double-masked-name-runs-a-shop",
        "经审理查明：被告人郑某某经营一家母婴店，2019年起从他人处购买新生儿及产妇信息3000余条，"
        "用于电话推销奶粉。",
        business="一家母婴店",
        conduct=("disclose_or_sell", "unsolicited_marketing"),
        sector="other",
    ),
    Case(
        "court-unit-collects-without-its-users-authorisation",
        "公诉机关指控：被告单位某网络科技有限公司在未取得用户授权的情况下，通过爬虫技术获取用户在"
        "第三方平台的个人信息，用于贷款风控业务。",
        business="某网络科技有限公司",
        conduct=("collect_without_consent",),
        sector="small_loans",
    ),
    Case(
        "court-auxiliary-police-officer",
        "经审理查明，被告人刘某在担任某市公安局某派出所辅警期间，利用查询公安信息系统的便利，查询"
        "他人户籍、住宿等信息500余条出售给他人。",
        lead=False,
    ),
    # --- headlines: a name set off as the topic, a name answering for a leak ---
    Case("headline-topic-label", "", title="云帆论坛 500万用户账号密码泄露", business="云帆论坛"),
    Case("headline-answers-for-a-leak", "", title="快游通回应疑似用户数据泄露", business="快游通"),
    Case("headline-topic-is-people", "", title="研究人员 发现大量用户数据泄露", lead=False),
    # --- a kind of business glued to a conduct with no object names a topic, not an actor ---
    Case(
        "headline-filming-at-hotels-is-a-topic",
        "",
        title="酒店偷拍团伙出售大量住客隐私视频",
        lead=False,
    ),
    Case("headline-hotel-films-its-guests", "", title="酒店偷拍女住客", business="酒店"),
    # --- a kind of business as the agent of a passive headline ---
    Case("headline-passive-agent", "", title="学员报名信息遭驾校倒卖", business="驾校"),
    Case(
        "headline-described-e-commerce",
        "",
        title="某跨境电商暴露数十万用户订单数据",
        business="某跨境电商",
    ),
    Case("headline-passive-debt-is-no-data", "", title="欠款被银行转卖给催收方", lead=False),
    Case(
        "headline-photos-passed-on-by-a-salon",
        "",
        title="顾客照片被美容院发朋友圈",
        business="美容院",
        conduct=("disclose_or_sell",),
    ),
    Case(
        "headline-transit-company-reports-its-guard",
        "",
        title="长沙地铁通报安检员泄露乘客隐私",
        business="长沙地铁",
        conduct=("disclose_or_sell",),
    ),
    Case("headline-a-person-answers", "", title="张晓梅回应私人照片疑遭泄露", lead=False),
    Case("headline-answers-again", "", title="快游通再回应用户数据疑遭泄露", business="快游通"),
    Case("headline-a-tax-bureau-answers", "", title="杭州税务回应纳税人信息疑遭泄露", lead=False),
    Case(
        "headline-platform-combats-exposure",
        "",
        title="某平台公布整治非法泄露他人隐私专项进展",
        lead=False,
    ),
    Case(
        "court-trademark-personal-data-far-off",
        "某科技公司违规使用他人商标，法院认定构成侵权，判令赔偿损失，并在原告提供的身份证复印件上签收。",
        lead=False,
    ),
    # --- a class of businesses (「一些」「部分」) says what some do, not who did it ---
    Case(
        "qa-some-lenders-buy-numbers",
        "问：最近总接到贷款推销电话，我的号码是怎么泄露的？答：可能的渠道包括注册各种App、"
        "网购填写信息等。一些小贷公司会从数据贩子手中购买号码进行电话营销。",
        title="为什么我总接到贷款推销电话？",
        source_type="forum",
        lead=False,
    ),
    Case(
        "complaint-gym-calls-after-refusal",
        "我在某健身房办了年卡，今年3月已经办完退卡手续，但之后两个月里该店的销售几乎每天"
        "给我打电话、发短信推销私教课，我明确表示拒绝并要求删除我的信息，他们仍然继续。",
        title="投诉：退卡后仍不断被推销",
        source_type="complaint",
        business="某健身房",
        conduct=("unsolicited_marketing",),
        sector="beauty_fitness",
    ),
    Case(
        "headline-a-rule-broken-is-no-policy",
        "某保险代理公司因未经同意向客户发送营销短信，被市场监管部门罚款8万元。",
        title="某保险代理公司违反消费者权益保护规定被罚",
        business="某保险代理公司",
        conduct=("unsolicited_marketing",),
        sector="insurance",
    ),
    # --- kinds of text the independent check found hard ---
    Case(
        "roundup-one-item-domestic-others-abroad",
        "1. 某连锁酒店集团超500万条住客信息在暗网出售\n11月3日，有人在暗网论坛出售某连锁酒店集团的"
        "住客数据，包括姓名、手机号、身份证号，经核实数据真实。\n2. 美国某医疗机构遭勒索攻击\n"
        "美国一家医院遭勒索软件攻击，约10万患者信息泄露。\n3. 欧盟对某社交平台罚款\n"
        "爱尔兰数据保护委员会对某社交平台处以罚款。",
        title="2024年11月数据泄露事件汇总",
        business="某连锁酒店集团",
    ),
    Case(
        "court-individual-at-a-bank",
        "被告人陈某在某银行办理业务时，趁柜员不注意，偷拍了柜台上其他客户的身份证复印件，"
        "后将照片出售给他人。",
        lead=False,
    ),
    Case(
        "court-intruder-and-a-platform",
        "被告人黄某利用漏洞入侵某电商平台服务器，窃取用户数据10万条并在网上出售。"
        "法院以侵犯公民个人信息罪判处黄某有期徒刑三年。",
        title="黑客入侵某电商平台窃取用户数据被判刑",
        lead=False,
    ),
    Case(
        "explainer-platforms-as-advice",
        "近年来，个人信息泄露事件频发。专家提醒，在淘宝、京东等平台购物时，不要随意在评论区留下"
        "手机号；收到快递后，应及时撕毁快递面单，防止信息泄露。",
        title="如何保护个人信息？专家支招",
        lead=False,
    ),
    Case(
        "complaint-unquoted-app-name",
        "我在速贷宝App借了1500元，逾期一天后，我的同事、亲戚都收到了催收短信。"
        "我从来没有授权这个App读取通讯录。",
        title="投诉：速贷宝App未经同意读取通讯录并给联系人发催收短信",
        source_type="complaint",
        business="速贷宝App",
        sector="small_loans",
    ),
    Case(
        "qa-advice-under-a-site-label",
        "回答：首先要保存好证据，比如骚扰电话的录音、短信截图；其次可以向12321举报中心或者公安机关"
        "报案；如果能确定泄露方，可以依据《个人信息保护法》提起民事诉讼。",
        title="知乎问答：个人信息泄露后如何维权？",
        source_type="forum",
        lead=False,
    ),
    Case(
        "court-accounts-on-platforms",
        "经审理查明：被告人李某利用其在网上购买的公民个人信息，注册了大量淘宝、拼多多账号，"
        "用于刷单牟利，涉案信息1万余条。",
        lead=False,
    ),
    Case(
        "security-news-exposed-database",
        "安全研究人员发现，国内某知名在线教育平台的一个Elasticsearch数据库未设置访问密码，"
        "暴露在公网上，其中包含学员姓名、手机号、家庭住址等信息约120万条。",
        title="国内某知名在线教育平台数据库暴露在公网，百万学员信息可被任意下载",
        business="国内某知名在线教育平台",
        conduct=("breach",),
    ),
    Case(
        "tech-news-privacy-feature",
        "某手机厂商在最新系统更新中推出隐私保护功能，当App试图读取剪贴板、获取位置信息时，"
        "系统会弹窗提示用户。",
        title="手机厂商推出隐私保护新功能，阻止App读取剪贴板",
        lead=False,
    ),
    Case(
        "question-title-covert-recording",
        "",
        title="某打车软件被曝后台偷偷录音，你怎么看？",
        business="某打车软件",
        conduct=("collect_without_consent",),
    ),
    Case(
        "court-loan-fraud-on-a-bank-app",
        "经审理查明：被告人周某通过网络购买他人身份证照片，冒用他人身份在某银行APP上申请贷款"
        "共计5万元，后未归还。",
        lead=False,
    ),
    Case(
        "product-information-leak",
        "",
        title="某汽车公司车型信息泄露，员工被开除",
        lead=False,
    ),
    Case(
        "trade-news-risk-lowered",
        "随着个人信息保护法的实施，各大快递公司纷纷推出隐私面单，用虚拟号码替代真实手机号，"
        "消费者个人信息泄露的风险大大降低。",
        title="个人信息保护：快递面单隐私化成行业标配",
        lead=False,
    ),
    Case("headline-told-by-someone", "", title="网友曝酒店前台泄露住客房间号", business="酒店"),
    Case(
        "headline-messaging-app-as-the-means",
        "",
        title="一家中介微信购买上千条业主信息",
        business="一家中介",
        sector="real_estate",
    ),
    Case(
        "year-in-review-two-items-report",
        "1. 某大型连锁超市会员数据泄露\n3月，某大型连锁超市被曝约800万条会员信息在网上出售，包括"
        "姓名、手机号和消费记录。\n2. 某航空公司乘客信息泄露\n5月，某航空公司系统遭入侵，部分乘客的"
        "身份证号和航班信息外泄。\n3. 全国个人信息保护宣传周举行\n9月，全国范围内举办了个人信息"
        "保护宣传活动。",
        title="年度盘点：2024年十大数据泄露事件",
        business="某大型连锁超市",
        conduct=("breach",),
    ),
    Case(
        "headline-described-gym-sells-members",
        "近日有会员反映，在某知名连锁健身房办卡后频繁接到保险推销电话。",
        title="某知名连锁健身房被曝私自将会员信息卖给保险公司",
        business="某知名连锁健身房",
        sector="beauty_fitness",
    ),
    Case(
        "blog-kinds-of-business-in-general",
        "很多人都有这样的经历：刚买了房，就有装修公司打电话来推销。其实这些信息的来源五花八门，"
        "可能是售楼处、也可能是物业，甚至是你自己在网上填写的问卷。我们能做的，是在手机上开启"
        "骚扰拦截。",
        title="我的博客：为什么你总接到骚扰电话",
        source_type="forum",
        lead=False,
    ),
    Case(
        "court-scraped-from-a-job-site",
        "经审理查明：被告人刘某利用自行编写的爬虫程序，从某招聘网站批量抓取求职者简历信息5万余份，"
        "并通过网络出售给他人，非法获利3万元。",
        lead=False,
    ),
    Case(
        "court-sim-cards-at-a-carrier-shop",
        "经审理查明：被告人赵某为实施诈骗，使用他人身份证在某通信公司营业厅办理手机卡20张，"
        "后将手机卡出售给诈骗团伙。",
        lead=False,
    ),
    Case(
        "court-bought-from-a-courier-employee",
        "经审理查明：2022年5月至8月，被告人张某从某快递公司分拣中心员工李某处购买快递面单信息"
        "2万余条，后转卖给他人用于电话推销，非法获利1万元。",
        business="某快递公司",
        sector="express_delivery",
    ),
    Case(
        "qa-answer-reports-forced-face-capture",
        "答：不可以。近期某小区物业公司要求业主必须录入人脸才能进门，多名业主投诉。根据相关司法"
        "解释，物业服务企业不得将人脸识别作为业主出入的唯一验证方式，该物业公司的做法违法。",
        title="问：物业公司可以强制业主刷脸进小区吗？",
        source_type="forum",
        business="某小区物业公司",
        conduct=("collect_without_consent",),
    ),
    Case(
        "platform-rider-texts-a-customer",
        "有顾客反映，某知名外卖平台的骑手在送餐后多次给她发骚扰短信。平台客服回应称，已对该骑手"
        "作出处理。",
        title="某知名外卖平台骑手泄露顾客电话，平台：已处理",
        business="某知名外卖平台",
    ),
    Case(
        "hospital-live-stream-shows-patients",
        "有网友发现，某医院在短视频平台直播手术过程，画面中患者面部和病历信息清晰可见。",
        title="某医院直播手术暴露患者隐私",
        business="某医院",
        conduct=("disclose_or_sell",),
    ),
    # --- complaints ---
    Case(
        "headline-sues-a-bank",
        "市民陈先生说，他多次拒绝后仍每天接到同一家银行的信用卡推销电话，"
        "最终向法院起诉，法院判决银行停止拨打并赔偿其损失2000元。",
        title="市民起诉银行推销电话不断获赔2000元",
        business="银行",
        conduct=("unsolicited_marketing",),
        sector="other",
    ),
    Case(
        "headline-takes-a-hotel-to-court",
        "张先生入住后，有陌生人打来电话准确说出他的房号和姓名，他认为是酒店前台泄露了入住信息。",
        title="男子将酒店告上法庭：前台泄露其入住信息",
        business="酒店",
        conduct=("disclose_or_sell",),
        sector="travel_accommodation",
    ),
    Case(
        "headline-sues-a-neighbour",
        "李某称邻居在业主群里公开了她的手机号码和住址，她已向法院提起诉讼。",
        title="女子起诉邻居在业主群泄露其个人信息",
        lead=False,
    ),
    Case(
        "complaint-lender-contacts",
        "投诉对象：快享金融\n投诉问题：暴力催收，骚扰通讯录联系人\n投诉要求：停止骚扰，赔礼道歉\n"
        "涉诉金额：3000元\n本人在快享金融借款3000元，逾期三天后，对方催收人员每天打电话骚扰我的"
        "家人和通讯录里的同事朋友，还发短信威胁要上门，严重影响我的生活。",
        title="快享金融暴力催收，骚扰我的通讯录联系人",
        source_type="complaint",
        business="快享金融",
        # the contact list used without consent; the calls and texts are told too
        conduct=("collect_without_consent", "unsolicited_marketing"),
        sector="small_loans",
    ),
    Case(
        "complaint-no-title",
        "投诉对象：易达分期\n投诉问题：泄露个人信息，骚扰通讯录\n投诉要求：停止骚扰\n"
        "我在易达分期借了两千元，还款晚了一天，易达分期的催收员就给我通讯录里的好几个朋友打电话，"
        "说我欠钱不还，我从来没有授权他们使用我的通讯录。",
        business="易达分期",
        sector="small_loans",
    ),
    Case(
        "complaint-footer-collection-calls",
        "2025-10-08 于黑猫投诉平台发起\n速借花\n\n"
        "我在速借花借款逾期两天，对方催收每天换不同的虚拟号码打电话进行骚扰，还给我的亲戚朋友打电话说我是老赖。我从没同意过他们联系我的家人。\n\n"
        "[投诉对象]速借花App\n[投诉要求]停止骚扰,道歉赔偿",
        source_type="complaint",
        business="速借花App",
        conduct=("unsolicited_marketing",),
        sector="small_loans",
    ),
    Case(
        "complaint-footer-only-terse",
        "[投诉对象]速借花App\n催收每天打电话进行骚扰，还骚扰通讯录。",
        source_type="complaint",
        business="速借花App",
        conduct=("collect_without_consent", "unsolicited_marketing"),
        sector="small_loans",
    ),
    Case(
        "complaint-fees-only",
        "2025-10-09 于黑猫投诉平台发起\n速借花\n\n"
        "本人通过速借花借款6000元分12期，每期收取担保费和会员费，综合年化利率远超国家标准，要求退还多收的担保费和会员费。\n\n[投诉对象]速借花App\n"
        "[投诉要求]退还会员费",
        source_type="complaint",
        lead=False,
    ),
    Case(
        "complaint-colon-fields-marketing-texts",
        "投诉编号：17390000001\n投诉对象：小象优品\n投诉问题：骚扰电话、泄露隐私\n投诉要求：停止骚扰\n"
        "我已经注销了小象优品的账户，但还是每天收到他们的营销短信和推销电话，退订无效。",
        title="小象优品注销后仍频繁发送营销短信",
        business="小象优品",
        conduct=("unsolicited_marketing",),
        sector="other",  # texts are its conduct, not its trade
    ),
    # --- a gala transcript and an event organiser ---
    Case(
        "gala-robot-calls",
        "主持人：很多观众都接到过分不清真人还是机器的推销电话。记者调查发现，南京智声网络科技"
        "有限公司向各类商家出售AI外呼机器人服务，一台机器人每天可自动拨打上万个电话，"
        "所用的号码大多来源不明，接听者一旦挂断还会被反复呼叫。",
        title="3·15晚会曝光机器人骚扰电话：一天拨打上万个",
        business="南京智声网络科技有限公司",
        conduct=("unsolicited_marketing",),
        sector="telemarketing",
    ),
    Case(
        "gala-transcript-story-in-the-middle",
        "主持人：各位观众，晚上好，欢迎收看今年的3·15晚会。第一个曝光的是一些商家销售的劣质羽绒服，"
        "充绒量严重不足。第二个话题关于卫生巾，有企业将回收的残次品重新包装后低价销售。接下来请看"
        "记者调查。很多观众都有这样的经历，一接电话对方就开始推销贷款，声音听起来像真人，其实是"
        "机器人。记者调查发现，江苏智讯擎天网络科技有限公司开发的智能外呼系统，每天可以拨打上百万个"
        "骚扰电话，并能根据用户的回答自动应答。该公司销售人员表示，号码由公司提供。第四个话题是"
        "关于汽车维修的乱象。",
        title="2025年3·15晚会全文实录",
        business="江苏智讯擎天网络科技有限公司",
        conduct=("unsolicited_marketing",),
        sector="telemarketing",
    ),
    Case(
        "commentary-brand-is-where-people-wrote",
        "城市更新不是简单的拆和建，而是要算长远账。很多老旧小区的改造，资金来源一直是难题。"
        "说到数据治理，很多网友到知乎写了回答，讨论个人信息泄露的问题，有人不放心也有道理。"
        "回到城市更新，我们还是要看人口流动的长期趋势。",
        title="【夜谈第12期】城市更新要算长远账",
        lead=False,
    ),
    Case(
        "hackathon-organiser-sells-data",
        "近日有参赛者在朋友圈发文称，由杭州星火创客科技有限公司主办的黑客松活动，将报名者的姓名、"
        "手机号、学校和简历打包卖给了多家招聘公司，售价9万元。主办方随后发表声明致歉。",
        title="黑客松主办方被曝出售参赛者个人信息",
        business="杭州星火创客科技有限公司",
        conduct=("disclose_or_sell",),
    ),
    Case(
        "latin-named-event-in-headline",
        "多名参赛者反映，报名时填写的姓名、电话、学校、简历等资料被打包卖给了赞助企业。"
        "组委会回应称系合作方数据共享。",
        title="黑客松活动HackFest被曝以9万元出售参赛者数据",
        business="HackFest",
        conduct=("disclose_or_sell",),
    ),
    Case(
        "organiser-named-in-the-story",
        "【摘要】某黑客松活动被曝将报名者资料出售给合作企业。\n近日，多位参赛者发现，主办方在赛后把"
        "报名者的姓名、电话、学校等资料整理成表格，以9万元价格出售给一家招聘公司。主办方杭州某某科技"
        "有限公司回应称正在核实。",
        title="黑客松主办方把参赛者资料卖了9万元",
        business="杭州某某科技有限公司",
        conduct=("disclose_or_sell",),
    ),
    Case(
        "digest-item-unknown-brand-acts",
        "周报：某地发布数据安全标准；青柚茶坊随意调取用户个人信息",
        title="周报：某地发布数据安全标准；青柚茶坊随意调取用户个人信息",
        business="青柚茶坊",
        conduct=("collect_without_consent",),
    ),
    Case(
        "headline-trade-only-acts",
        "医疗厂商泄露患者数据",
        title="医疗厂商泄露患者数据",
        lead=False,
    ),
    # --- forum and blog posts ---
    Case(
        "post-passive-described-lender",
        "上个月借了八百块，晚还两天，通讯录里的同事和亲戚全都接到了催收电话。",
        title="被某贷款App泄露了通讯录，天天被催收",
        source_type="forum",
        business="某贷款App",
        sector="small_loans",
    ),
    Case(
        "question-whether-a-platform-could",
        "看到新闻说很多软件后台偷偷读取相册，想问问大家，用微信传文件的话，微信会泄露聊天记录吗？",
        title="微信会泄露聊天记录吗？",
        source_type="news",
        lead=False,
    ),
    Case(
        "forum-decoration-calls",
        "上个月刚在售楼处签完购房合同，第二天就接到一家装修公司的电话，问我新房要不要装修，"
        "一开口就报出了我的名字和楼号。我说不需要以后每天还打，拉黑一个号码又换一个号码。",
        title="刚买房就被装修公司电话轰炸，信息是谁泄露的？",
        source_type="forum",
        business="装修公司",
        conduct=("unsolicited_marketing",),
        sector="home_decoration",
    ),
    Case(
        "forum-shops-calling-new-owners",
        "我家去年交房，刚拿到钥匙没两天，就有装修公司打电话过来，一口叫出我的名字和小区楼号。"
        "后来陆续又有七八家建材店、家具城打电话推销。我怀疑是开发商把业主信息卖了。",
        title="交房后接到的推销电话，到底是谁卖了我们的信息",
        source_type="forum",
        business="建材店",
        sector="home_decoration",
    ),
    Case(
        "advice-stop-calls",
        "很多人每天都会接到推销电话、贷款电话。其实可以通过运营商开通防骚扰服务，在手机里打开"
        "来电拦截功能；遇到骚扰电话还可以向12321举报中心举报。平时也不要随意在网上填写手机号。",
        title="如何防止骚扰电话？教你几招",
        source_type="forum",
        lead=False,
    ),
    Case(
        "blog-how-data-leaks",
        "很多人好奇自己的信息是怎么泄露的。常见的渠道有：快递面单、网购平台、小区物业、各种App过度"
        "收集。保护个人信息，要从撕掉快递单开始。",
        title="你的个人信息是怎么泄露的？",
        lead=False,
    ),
    Case(
        "blog-vulnerability-writeup",
        "本文记录了一次渗透测试过程。目标站点存在SQL注入漏洞，攻击者可借此拖库获取全部用户数据。"
        "以下为复现步骤。",
        title="某站SQL注入漏洞分析",
        lead=False,
    ),
    Case(
        "blog-named-vendor-vulnerability-writeup",
        "本文记录对该厂商某管理系统的一次测试：未授权访问接口可返回全部用户的手机号和住址。"
        "以下为复现过程与修复建议。",
        title="星河软件有限公司某系统信息泄露漏洞复现",
        lead=False,
    ),
    # --- daily digests and consumer reviews: a line or a sentence that reports nothing ---
    Case(
        "digest-maker-publishes-its-own-information",
        f"{DIGEST_LINES}\n一辆蔚来 ES6 在沪昆高速发生碰撞后起火，车上两人受伤，"
        "蔚来公布事故信息摘要：事发前车辆处于辅助驾驶状态，检测到障碍物后开始减速\n"
        "外媒：欧盟拟对进口钢材加征关税",
        lead=False,  # a business publishing what it knows of its own product, no one's data
    ),
    Case(
        "digest-official-warning",
        f"{DIGEST_LINES}\n“灵犀助手” App 走红，官方提示：需警惕信息泄露等一系列安全风险\n"
        "外媒：欧盟拟对进口钢材加征关税",
        lead=False,  # what readers are warned of has not happened
    ),
    Case(
        "review-hotel-spares-guests-the-calls",
        "华庭酒店位置不错，离地铁站很近。华庭酒店晚上11点到早7点设置免骚扰电话功能，很贴心。",
        lead=False,  # a feature sparing guests the calls, not calls made
    ),
    Case(
        "review-half-width-stops",
        "华庭酒店在城东还算不错的酒店,起码比火车站附近的宾馆强.房间还算干净.前台态度一般."
        "宾馆晚上11点到早7点可以设置免骚扰电话功能,很人性化.早餐品种少.",
        lead=False,  # typed with half-width stops: each sentence is read on its own
    ),
    Case(
        "headline-leak-called-a-rumour",
        "",
        title="拼多多 疑似泄露500万用户数据,官方回应:谣传",
        lead=False,  # a suspicion the business denies as a rumour reports nothing
    ),
    Case(
        "headline-owner-films-on-the-premises",
        "",
        title="一家烧烤店老板在卫生间偷拍长达5年",
        business="一家烧烤店",
        conduct=("collect_without_consent",),
        sector="other",
    ),
    Case(
        "headline-owner-exposes-a-trade",
        "",
        title="前酒店老板揭露偷拍产业链",
        lead=False,  # telling of covert filming is not filming
    ),
    Case(
        "headline-the-business-people-suffer",
        "",
        title="华为高管疑似集体遭遇短信轰炸",
        lead=False,  # its executives are the ones bombarded, the business sends nothing
    ),
    Case(
        "list-closed-by-the-cue",
        "攻击者可能利用系统漏洞窃取数据，造成业务中断、后门植入和网络攻击风险。",
        lead=False,  # the cue is the list's last item, joined by 和: acts listed, no actors
    ),
    Case(
        "trade-word-across-two-words",
        "某公司泄露客户个人信息，当地网信办对其作出行政处罚。",
        business="某公司",
        conduct=("breach",),
        sector="other",  # 「作出/行政」 holds 出行, which names no travel business
    ),
    Case(
        "gang-steals-from-a-business",
        "黑产团伙盗取了A公司某员工的邮箱账号，冒充该员工向客户发送诈骗邮件。",
        lead=False,  # the company is the gang's target, not the one who took the data
    ),
    Case(
        "headline-malware-impersonates-an-app",
        "",
        title="警惕！ZLOAD伪装成QQ窃取手机用户数据",
        lead=False,  # the app impersonated is the malware's cover, not the one taking data
    ),
    Case(
        "malware-impersonated-an-app",
        "研究人员发现，一款恶意软件冒充了 Keep 健身应用，窃取用户的账号密码。",
        lead=False,  # 「冒充了 Keep」: the impersonated app, after 了 and a space, is a victim
    ),
    Case(
        "malicious-leak-of-one-customer",
        "小王投诉某快递公司后，个人信息被恶意泄露至征婚群。",
        business="某快递公司",
        conduct=("disclose_or_sell",),  # a leak done on purpose (恶意) discloses, no breach
        sector="express_delivery",
    ),
    # --- traditional script and full-width digits ---
    Case(
        "traditional-script",
        "據報道，深圳一家房屋中介公司員工涉嫌將五萬多條業主個人資料，包括姓名和電話號碼，"
        "出售給裝修公司，當地警方已立案調查。",
        title="深圳房屋中介員工涉嫌出售業主個人資料",
        business="深圳房屋中介",
        conduct=("disclose_or_sell",),
        sector="real_estate",
    ),
    Case(
        "traditional-script-no-title",
        "深圳市某房地產經紀有限公司員工私下將客戶資料出售給他人，被當地公安機關查獲，"
        "涉案資料達三萬餘條。",
        business="深圳市某房地產經紀有限公司",  # as the text writes it
        conduct=("disclose_or_sell",),
        sector="real_estate",
    ),
    Case(
        "full-width-digits",
        "警方通报，某快递公司员工利用职务便利，倒卖客户信息３０００余条，已被刑事拘留。",
        business="某快递公司",
        conduct=("disclose_or_sell",),
        sector="express_delivery",
    ),
]


def run(case: Case) -> Extraction:
    return extract(
        TextInput(id=case.id, text=case.text, title=case.title, source_type=case.source_type),
        OPTIONS,
    )


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_genre(case: Case) -> None:
    result = run(case)
    names = [b.name for b in result.businesses]
    assert result.is_lead is case.lead, (names, result.conduct, result.evidence)
    if not case.lead:
        assert names == [] and result.conduct == []
        return
    if case.business is not None:
        assert case.business in names, names
    if case.conduct is not None:
        assert result.conduct == list(case.conduct), result.conduct
    if case.sector is not None:
        assert case.sector in result.sectors, result.sectors
    assert all(b.role == "subject" for b in result.businesses)


def test_full_width_volume() -> None:
    result = run(next(c for c in CASES if c.id == "full-width-digits"))
    assert result.volume == 3000


def test_traditional_matches_simplified() -> None:
    """A Taiwan or Hong Kong copy of a story reads like the mainland copy."""
    trad = next(c for c in CASES if c.id == "traditional-script")
    simp = Case(
        "simplified",
        "据报道，深圳一家房屋中介公司员工涉嫌将五万多条业主个人资料，包括姓名和电话号码，"
        "出售给装修公司，当地警方已立案调查。",
        title="深圳房屋中介员工涉嫌出售业主个人资料",
    )
    a, b = run(trad), run(simp)
    assert (a.is_lead, a.conduct, a.sectors) == (b.is_lead, b.conduct, b.sectors)
    assert a.volume == b.volume == 50_000
    # the seller, not the business that bought the data
    assert [x.name for x in a.businesses] == [x.name for x in b.businesses] == ["深圳房屋中介"]


@pytest.mark.parametrize(
    ("title", "text", "names"),
    [
        pytest.param(
            "某连锁酒店集团遭黑客攻击，500万条住客信息在暗网出售",
            "近日，有黑客在暗网论坛兜售某连锁酒店集团的住客数据，包括姓名、身份证号、手机号和"
            "入住记录，共计500万条。该集团回应称已报警并启动调查。",
            ["某连锁酒店集团"],
            id="a-pronoun-is-not-a-second-business",  # 「该集团」 points back at the headline's
        ),
        pytest.param(
            "一家大数据公司倒卖简历200万份被查",
            "警方查明，2019年以来，该公司通过爬虫技术非法获取某招聘网站简历数据200余万条，"
            "并加价出售牟利。",
            ["一家大数据公司"],
            id="the-site-data-was-taken-from-is-a-victim",  # whatever its data is called
        ),
        pytest.param(
            "",
            "经查，2021年以来，某房产中介公司将掌握的业主姓名、电话等信息以每条1元的价格卖给了"
            "一家装修公司，共计2万余条。",
            ["某房产中介公司"],
            id="the-business-data-was-sold-to-received-it",  # the seller is the accused
        ),
        pytest.param(
            "",
            "经审理查明：慈溪市某威不动产经纪有限公司员工将业主信息出售给他人。",
            ["慈溪市某威不动产经纪有限公司"],
            id="a-masked-name-opens-at-its-county",  # jieba reads 「威」 as a place of its own
        ),
        pytest.param(
            "新吴区某健身房强制会员刷脸被起诉",
            "检察院调查发现，新吴区某健身房未经同意收集会员人脸信息。",
            ["新吴区某健身房"],
            id="a-masked-name-opens-at-a-place-jieba-cuts",  # jieba cuts 「新/吴区」
        ),
    ],
)
def test_only_the_accused_are_named(title: str, text: str, names: list[str]) -> None:
    result = extract(TextInput(id="accused", title=title, text=text), OPTIONS)
    assert [b.name for b in result.businesses] == names


def test_a_messaging_app_used_to_buy_is_no_business() -> None:
    result = extract(
        TextInput(id="means", text="", title="一家中介微信购买上千条业主信息"), OPTIONS
    )
    assert [b.name for b in result.businesses] == ["一家中介"]


def test_names_listed_with_a_business_are_accused_with_it() -> None:
    """「云帆咖啡、瑞幸咖啡等6家企业」: the list shares its verb, so all its names are accused."""
    result = extract(
        TextInput(
            id="listed",
            text="",
            title="云帆咖啡、瑞幸咖啡等6家企业被约谈，涉违规采集消费者个人信息",
        ),
        OPTIONS,
    )
    assert [b.name for b in result.businesses] == ["瑞幸", "云帆咖啡"]
    assert "S07" in result.rules
    # the list right before the conduct: its items are the actors themselves
    for title in (
        "云帆咖啡、瑞幸咖啡等6家企业违规采集消费者个人信息被约谈",
        "云帆咖啡、瑞幸咖啡等6家企业因违规采集消费者个人信息被约谈",
    ):
        result = extract(TextInput(id="listed", text="", title=title), OPTIONS)
        assert [b.name for b in result.businesses] == ["云帆咖啡", "瑞幸"], title


def test_a_digest_notice_lists_apps_not_the_places_of_another_line() -> None:
    """「杭州、成都等多地」 lists places; the notice two lines on lists the apps."""
    text = (
        "杭州、成都等多地未来一周持续高温，局地气温超40℃\n"
        "官方通报：速借宝、快易贷等 23 款 App 违法违规收集使用个人信息\n"
        "多地出台措施促进消费"
    )
    result = extract(TextInput(id="digest", text=text), OPTIONS)
    names = [b.name for b in result.businesses]
    assert result.is_lead and "速借宝" in names and "快易贷" in names
    assert "杭州" not in names and "成都" not in names


def test_an_attack_breaches_personal_information_only_where_its_data_is_named() -> None:
    """Ransomware that locks a factory's 数据 breaches its own records; an intrusion that takes
    guests' ID numbers breaches personal information."""
    own = ("一家机械制造企业遭勒索攻击，生产数据被加密", "一家机械制造企业遭网络攻击，数据被加密")
    for title in own:
        assert not extract(TextInput(id="own", text="", title=title), OPTIONS).is_lead
    title = "一家酒店遭黑客入侵，住客身份证号被窃取"
    result = extract(TextInput(id="guests", text="", title=title), OPTIONS)
    assert result.is_lead and [b.name for b in result.businesses] == ["一家酒店"]


def test_a_hot_list_question_asking_which_news_matters_names_no_data() -> None:
    """「…，哪些信息值得关注？」 asks for the story's news: its 信息 is nobody's data."""
    for title in (
        "货拉拉宣布开源全部代码，可能会公开哪些信息？",
        "货拉拉新品发布会画面首度公开，这透露了哪些信息？",
    ):
        assert not extract(TextInput(id="news", text="", title=title), OPTIONS).is_lead
    title = "货拉拉被曝公开用户个人信息，哪些信息值得关注？"
    assert extract(TextInput(id="data", text="", title=title), OPTIONS).is_lead


def test_showing_off_discloses_only_the_people_a_business_serves() -> None:
    """「晒」 one's own chats or photos discloses nothing; 「晒患者隐私照」 discloses patients'."""
    for title in ("货拉拉老板晒和合作方的聊天记录", "货拉拉司机晒出新车照片"):
        assert not extract(TextInput(id="own", text="", title=title), OPTIONS).is_lead
    title = "一家医院实习护士晒患者隐私照"
    assert extract(TextInput(id="patients", text="", title=title), OPTIONS).is_lead


def test_collection_pop_ups_and_call_products_are_no_marketing_messages() -> None:
    """Debt collection (「暴力催收」), an app's pop-ups and an outbound-call product are not
    commercial calls or messages sent without consent; a sales call is."""
    for title in ("货拉拉暴力催收投诉多", "货拉拉弹窗广告怎么关", "货拉拉外呼系统接入大模型"):
        assert not extract(TextInput(id="not", text="", title=title), OPTIONS).is_lead
    title = "货拉拉频繁电话推销骚扰用户"
    assert extract(TextInput(id="sales", text="", title=title), OPTIONS).is_lead


def test_children_are_people_not_data() -> None:
    """学生 and 孩子 name people: selling to children or naming student winners discloses no one's
    data; selling 学生信息 still does, and is typed as children's data."""
    for title in ("货拉拉公布年度奖项，两名学生获奖", "一家玩具店向孩子出售过期零食"):
        assert not extract(TextInput(id="people", text="", title=title), OPTIONS).is_lead
    result = extract(TextInput(id="data", text="", title="一家培训机构出售学生信息"), OPTIONS)
    assert result.is_lead and "minor" in [str(t) for t in result.pi_types]


def test_something_done_unasked_is_no_data_taken() -> None:
    """擅自 (unasked) alone tells no data act: a cancelled order is a complaint about service."""
    for title in ("一家酒店擅自取消客户订单资料", "一家民办学校擅自发布终止办学信息"):
        assert not extract(TextInput(id="unasked", text="", title=title), OPTIONS).is_lead
    title = "一家酒店擅自收集住客人脸信息"
    assert extract(TextInput(id="taken", text="", title=title), OPTIONS).is_lead


def test_a_cue_naming_a_kind_of_malware_reports_no_act() -> None:
    """「密码窃取恶意软件」 is a kind of malware; 「窃取用户通讯录」 is an act."""
    for title in ("货拉拉平台上发现密码窃取恶意软件", "货拉拉应用商店出现信息窃取程序"):
        assert not extract(TextInput(id="malware", text="", title=title), OPTIONS).is_lead
    assert extract(TextInput(id="act", text="", title="货拉拉窃取用户通讯录"), OPTIONS).is_lead


def test_public_information_is_no_disclosure() -> None:
    """「根据公开信息」 cites what is public; 「公开用户身份证号」 discloses someone's data."""
    for title in ("根据公开信息，货拉拉已投资5家公司", "货拉拉公开赔礼道歉并公开发行新股"):
        assert not extract(TextInput(id="public", text="", title=title), OPTIONS).is_lead
    title = "货拉拉在网上公开用户身份证号码"
    assert extract(TextInput(id="disclosed", text="", title=title), OPTIONS).is_lead


def test_a_recording_alone_is_a_statement_not_data() -> None:
    """「车主录音曝光」 makes a statement public; 「泄露用户通话录音」 discloses users' calls."""
    for title in ("货拉拉维权车主录音曝光", "货拉拉上线订单行程录音功能"):
        assert not extract(TextInput(id="statement", text="", title=title), OPTIONS).is_lead
    title = "货拉拉泄露用户通话录音"
    assert extract(TextInput(id="calls", text="", title=title), OPTIONS).is_lead


def test_data_handed_over_with_jiang_or_ba_is_disclosed() -> None:
    """「将住客身份证照片发给陌生人」: someone's data between 将/把 and a verb of sending is
    disclosed; a file sent to a client is not."""
    for title in ("一家酒店将住客身份证照片发给陌生人", "某快递公司员工把客户电话号码转给他人"):
        result = extract(TextInput(id="handed", text="", title=title), OPTIONS)
        assert result.is_lead and "disclose_or_sell" in result.conduct
    assert not extract(TextInput(id="file", text="", title="某公司把文件发给客户"), OPTIONS).is_lead


@pytest.mark.parametrize(
    ("title", "employer"),
    [
        ("护士被指泄露病人隐私 院方回应", "院方"),
        ("医生泄露患者隐私？医院：已停职调查", "医院"),
        ("江南第三人民医院通报「实习护士晒患者隐私照」，终止其实习", "江南第三人民医院"),
    ],
)
def test_the_kind_of_business_answering_for_its_staff_is_the_business(
    title: str, employer: str
) -> None:
    """Decision 1: staff acting, and their employer named, even by its kind, answering for it."""
    result = extract(TextInput(id="staff", text="", title=title), OPTIONS)
    assert result.is_lead and [b.name for b in result.businesses] == [employer]


@pytest.mark.parametrize(
    ("title", "employer"),
    [
        ("游乐园员工泄露游客照片", "游乐园"),
        ("滑雪场员工偷拍女顾客", "滑雪场"),
        ("房产销售非法泄露户主信息", None),  # the trade they work in, no employer
        ("水族馆员工被黑致会员信息外泄", None),  # the staff suffered it
        ("上海员工泄露客户信息", None),  # a place
    ],
)
def test_a_name_before_its_staff_acting_in_a_headline_is_the_employer(
    title: str, employer: str | None
) -> None:
    """Decision 1: 「机场员工泄露…」 accuses the airport, though no list knows it as a business."""
    result = extract(TextInput(id="staff", text="", title=title), OPTIONS)
    assert [b.name for b in result.businesses] == ([employer] if employer else [])
    assert result.is_lead == bool(employer)


def test_a_school_answering_is_no_business() -> None:
    """Schools are public unless said otherwise: 「校方回应」 names no business."""
    title = "校方回应学生疑因隐私泄露坠亡"
    assert not extract(TextInput(id="school", text="", title=title), OPTIONS).is_lead


def test_a_comment_opening_a_headline_leaves_the_business_after_it() -> None:
    """「媒体评医院…」: the outlet comments; the hospital right after it did it."""
    title = "媒体评医院直播手术暴露患者隐私"
    result = extract(TextInput(id="comment", text="", title=title), OPTIONS)
    assert result.is_lead and [b.name for b in result.businesses] == ["医院"]


def test_a_brand_from_abroad_selling_here_is_a_business_unless_the_story_is_abroad() -> None:
    """宜家 and 无印良品 sell in China: their stores' conduct is a lead; the same brand's leak told
    in Sweden or Japan, and nowhere in China, is a story abroad (decision 6)."""
    here = (("宜家被指擅自收集顾客人脸信息", "宜家"), ("无印良品泄露会员手机号", "无印良品"))
    for title, name in here:
        result = extract(TextInput(id="here", text="", title=title), OPTIONS)
        assert result.is_lead and [b.name for b in result.businesses] == [name]
    abroad = TextInput(
        id="abroad",
        title="宜家会员数据泄露",
        text="瑞典家居零售商宜家表示，其在瑞典和挪威的会员数据库遭到入侵，约8万名会员的姓名、"
        "电子邮件地址和电话号码泄露。",
    )
    assert not extract(abroad, OPTIONS).is_lead


def test_apps_named_before_being_notified_are_a_notice() -> None:
    """「甲、乙等应用被工信部通报」: apps listed by name, then notified, are a regulator's notice
    about them, as 「通报甲、乙等应用」 is."""
    title = "违规收集个人信息，快看天气、乐享音乐等应用被工信部通报"
    result = extract(TextInput(id="notice", text="", title=title), OPTIONS)
    assert result.is_lead and [b.name for b in result.businesses] == ["快看天气", "乐享音乐"]


def test_a_brand_spaced_where_its_script_changes_is_the_brand() -> None:
    """Zhihu and V2EX set a space between Chinese characters and Latin letters or digits
    (「58 同城」「B 站」): the brand is the same."""
    for title, name in (("58 同城泄露用户简历", "58同城"), ("B 站用户信息泄露", "B站")):
        result = extract(TextInput(id="spaced", text="", title=title), OPTIONS)
        assert result.is_lead and [b.name for b in result.businesses] == [name]


def test_the_customers_filmed_may_be_described() -> None:
    """「偷拍6岁女顾客」「偷拍大量女乘客」: a business's staff filming the people it serves, however
    they are described; a man filming passengers is no business."""
    staff = (
        ("海底捞就员工偷拍两名女顾客致歉", "海底捞"),
        ("货拉拉回应司机偷拍多名女乘客", "货拉拉"),
    )
    for title, name in staff:
        result = extract(TextInput(id="filmed", text="", title=title), OPTIONS)
        assert result.is_lead and [b.name for b in result.businesses] == [name]
    man = TextInput(id="man", text="", title="男子地铁偷拍女乘客被拘")
    assert not extract(man, OPTIONS).is_lead


def test_a_platform_after_a_passive_marker_is_who_acted() -> None:
    """「用户隐私遭拼多多泄露」: the platform is the agent of the leak, not the channel it went
    through (「一中介微信购买个人信息」)."""
    result = extract(TextInput(id="agent", text="", title="用户隐私遭拼多多泄露"), OPTIONS)
    assert result.is_lead and [b.name for b in result.businesses] == ["拼多多"]


def test_a_platform_right_after_a_person_is_what_the_person_used() -> None:
    """「网红主播抖音曝光粉丝聊天记录」: the streamer acts through the platform, which is no
    business accused."""
    result = extract(TextInput(id="used", text="", title="网红主播抖音曝光粉丝聊天记录"), OPTIONS)
    assert not result.is_lead and result.businesses == []


def test_a_rectification_not_done_still_reports_the_problems() -> None:
    """「未完成整改」 negates the completion: the apps are still at fault, unlike 「已完成整改」."""
    title = "30款App未完成个人信息收集整改被通信管理局点名"
    assert extract(TextInput(id="undone", text="", title=title), OPTIONS).is_lead
    title = "30款App已完成个人信息收集合规整改"
    assert not extract(TextInput(id="done", text="", title=title), OPTIONS).is_lead


def test_a_question_asking_which_business_names_none() -> None:
    """「哪家快递…」 asks which business does it: no business is told of, so no lead."""
    for title in ("请问哪家快递公司泄露信息最少？", "哪个中介骚扰电话最多？"):
        result = extract(TextInput(id="which", text="", title=title), OPTIONS)
        assert not result.is_lead and result.businesses == []


def test_a_notice_subject_line_is_no_app_name() -> None:
    """「关于X等20款App…的通报」: 关于 opens the notice's subject line; it is no part of an app's
    name, and the notice is still a lead."""
    title = "关于记账本等20款App违规收集个人信息情况的通报"
    result = extract(TextInput(id="about", text="", title=title), OPTIONS)
    assert result.is_lead
    assert not any(b.name.startswith("关于") for b in result.businesses)


def test_weibo_link_placeholder_is_no_business() -> None:
    """Weibo writes 「网页链接」 where a post had a link: the placeholder is no one's name."""
    text = (
        "【A bank's customer data leaked】网页链接 泄露的客户资料显示，数万名客户的手机号被公开。"
    )
    result = extract(TextInput(id="link", text=text, title=""), OPTIONS)
    assert "网页链接" not in [b.name for b in result.businesses]


def test_bracketed_stories_of_a_title_are_judged_one_by_one() -> None:
    """「【A…】【B…】【C…】」, an account's round-up in one title: a business of one story is not
    the actor of a leak another story tells without one; a story with its own business is a
    lead."""
    title = (
        "【京东发布季度财报】【上亿条个人信息被明码标价 黑市交易屡禁不止】【“淘宝”新功能开始内测】"
    )
    assert not extract(TextInput(id="bracketed", text="", title=title), OPTIONS).is_lead
    title = "【新车上市】【某快递网点员工倒卖客户面单信息被拘】【天气转凉】"
    result = extract(TextInput(id="bracketed2", text="", title=title), OPTIONS)
    assert result.is_lead and [b.name for b in result.businesses] == ["某快递网点"]


def test_zai_before_a_date_says_when_not_through_what() -> None:
    """「在618…的京东」: 在 before a date or a shopping festival tells when; the platform after
    it is the sender, not a channel someone used (as 「在微信上…」 would make it)."""
    title = "在618给用户狂发营销短信的京东被约谈"
    result = extract(TextInput(id="when", text="", title=title), OPTIONS)
    assert result.is_lead and [b.name for b in result.businesses] == ["京东"]


def test_a_headline_may_describe_its_business_as_the_one_involved() -> None:
    """「涉事公司…被罚」 with nothing named before it: the headline's description is the business
    (as 「某公司」 would be); after a name (「A公司…涉事公司…」) it points back to that name."""
    title = "会员信息遭泄露！涉事健身房曾因未经同意收集人脸信息被处罚"
    result = extract(TextInput(id="involved", text="", title=title), OPTIONS)
    assert result.is_lead and [b.name for b in result.businesses] == ["涉事健身房"]


def test_input_methods_and_browsers_counted_in_a_notice_are_apps() -> None:
    """「多款浏览器因违规收集个人信息被下架」: input methods and browsers are kinds of app, and
    多款 of them removed for a violation is a notice; removed with no violation told
    (「多款浏览器突然被下架！」) it is news of a removal, not of a conduct."""
    title = "多款浏览器因违规收集个人信息被下架"
    result = extract(TextInput(id="browsers", text="", title=title), OPTIONS)
    assert result.is_lead and "L05" in result.rules
    title = "多款浏览器突然被下架！有没有你常用的？"
    assert not extract(TextInput(id="removed", text="", title=title), OPTIONS).is_lead


def test_an_insider_leaking_discloses() -> None:
    """「内鬼泄露…」: an insider's leak is that person's act, a disclosure, not a breach."""
    title = "某物流公司内鬼泄露客户收货地址"
    result = extract(TextInput(id="insider", text="", title=title), OPTIONS)
    assert result.is_lead and result.conduct == ["disclose_or_sell"]


def test_a_digest_headline_enumerates_stories_with_dun_hao() -> None:
    """「早报：A正式发布、B被曝窃取用户隐私等」: a digest's headline lists its stories with 、;
    the business of the launch is not the one accused."""
    title = "科技早报：小米新款手机正式发布、某打车App被曝违规收集用户位置等"
    result = extract(TextInput(id="digest", text="", title=title), OPTIONS)
    assert result.is_lead and "小米" not in [b.name for b in result.businesses]


def test_securities_disclosure_and_fingerprint_sensors_are_no_personal_data() -> None:
    """A listed company's 信息披露 is about itself, a stock exchange (交易所) trades no data, and
    a phone's 屏下指纹 is a sensor: none of these titles reports a conduct."""
    for title in (
        "某某电子股份有限公司关于股东参加融券交易的自愿性信息披露公告",
        "《上海证券交易所上市公司信息披露指引第3号》修订说明",
        "华为新机屏下指纹专利曝光",
    ):
        assert not extract(TextInput(id="lawful", text="", title=title), OPTIONS).is_lead


def test_masking_protects_and_only_its_absence_is_a_failure() -> None:
    """脱敏 and 去标识化 protect data: a bank masking its customers' data reports nothing, data
    shown 未脱敏 (unmasked) is the security failure."""
    for title in ("某银行上线客户数据脱敏系统", "银行客户数据去标识化怎么做？"):
        assert not extract(TextInput(id="masked", text="", title=title), OPTIONS).is_lead
    title = "某医院系统未脱敏显示患者身份证号"
    result = extract(TextInput(id="unmasked", text="", title=title), OPTIONS)
    assert result.is_lead and result.conduct == ["breach"]


@pytest.mark.parametrize(
    ("bare", "named", "conduct"),
    [
        (
            "美团发布多源数据采集平台实践",
            "蔚来汽车半年采集数十万张人脸照片",
            "collect_without_consent",
        ),
        (
            "字节跳动抓取了上千家公司的招聘信息做分析",
            "某科技公司爬取用户手机号和身份证号出售",
            "collect_without_consent",
        ),
        ("支付宝调取数据出错导致账单延迟", "某App后台读取用户通讯录", "collect_without_consent"),
        (
            "东方航空股份有限公司通过数据出境安全评估",
            "某公司将用户手机号共享给第三方",
            "disclose_or_sell",
        ),
        ("阿里云发布信息共享平台新版本", "某公司将用户手机号共享给第三方", "disclose_or_sell"),
    ],
)
def test_neutral_verbs_need_the_personal_data_named(bare: str, named: str, conduct: str) -> None:
    """Gathering, reading, sharing and export (采集, 抓取, 爬取, 读取, 调取, 共享, 出境) of a bare
    数据 or 信息 is data engineering, software at work or a transfer under rules; of faces, phone
    and ID numbers or an address book it is a conduct."""
    assert not extract(TextInput(id="bare", text="", title=bare), OPTIONS).is_lead
    result = extract(TextInput(id="named", text="", title=named), OPTIONS)
    assert result.is_lead and conduct in result.conduct


def test_a_public_line_and_a_public_offering_disclose_nothing() -> None:
    """A company's 公开电话 is the line it publishes to be called, 首次公开发行 a share
    offering; an agency publishing owners' phone numbers (「公开业主电话号码」) discloses them."""
    for title in (
        "记者拨打华润置地有限公司公开电话，工作人员称不清楚情况",
        "小米科技发布首次公开发行股票网上中签号码公告",
    ):
        assert not extract(TextInput(id="public", text="", title=title), OPTIONS).is_lead
    assert extract(TextInput(id="owners", text="", title="某中介公开业主电话号码"), OPTIONS).is_lead


def test_a_password_listed_with_keys_and_tokens_is_a_systems_secret() -> None:
    """「API密钥和密码」: a password beside a system's keys and tokens is that system's secret; a
    hotel leaking its guests' accounts and passwords leaks their credentials."""
    title = "研究人员在公开代码中发现了上千组某云服务商的有效API密钥和密码"
    assert not extract(TextInput(id="secrets", text="", title=title), OPTIONS).is_lead
    assert extract(
        TextInput(id="guests", text="", title="某酒店泄露住客账号和密码"), OPTIONS
    ).is_lead


def test_data_told_as_stolen_is_its_holders_breach() -> None:
    """「会员数据遭窃取」: the data suffered the theft, a breach of the business that held it;
    staff stealing data (「员工窃取会员数据」) collect it."""
    title = "某连锁酒店会员数据遭窃取"
    result = extract(TextInput(id="stolen", text="", title=title), OPTIONS)
    assert result.is_lead and result.conduct == ["breach"]
    title = "某连锁酒店员工窃取会员数据"
    result = extract(TextInput(id="staff", text="", title=title), OPTIONS)
    assert result.is_lead and "collect_without_consent" in result.conduct


def test_a_judgments_evidence_citation_reports_no_conduct() -> None:
    """「上述事实，…等证据证实，足以认定」 lists the proof of the facts: a company's licence and a
    receipt for what was bought, beside the defendant's identity record, are documents, not a
    company selling data."""
    text = (
        "经审理查明，2019年5月，被告人李某在某小区盗窃电动车一辆。"
        "上述事实，被告人李某在开庭审理过程中亦无异议，并有被告人李某的身份信息及前科材料，扣押清单，"
        "杭州某商贸有限公司营业执照，被害人提供的被盗车辆的购买凭证，价格认定结论书等证据证实，足以认定。"
    )
    assert not extract(TextInput(id="evidence", text=text, title=""), OPTIONS).is_lead


def test_a_leak_made_up_by_a_fraudster_is_no_event() -> None:
    """「虚构…信息泄露」: the leak is the fraudster's pretext, not something a bank did."""
    text = (
        "经审理查明，被告人张某冒充公安民警致电被害人，虚构被害人在某商业银行的账户信息泄露、"
        "需将存款转入安全账户的事实，骗得被害人转账二十万元。"
    )
    assert not extract(TextInput(id="pretext", text=text, title=""), OPTIONS).is_lead


@pytest.mark.parametrize(
    "text",
    [
        # a phone counted among what was taken is goods, not its maker acting
        "经审理查明，被告人陈某在分拣线上扫描包裹时，趁人不备偷走包裹内的一部华为手机及客户的身份证。",
        # 「一张」 counts a card; it opens no described business (「一家银行」 would)
        "经审理查明，被告人王某趁被害人熟睡之机，偷走其放在床头的华为手机一部、身份证一张及银行卡两张。",
    ],
)
def test_goods_and_counted_things_in_a_theft_name_no_business(text: str) -> None:
    assert not extract(TextInput(id="theft", text=text, title=""), OPTIONS).is_lead


def test_selling_is_marketing_to_people_only_by_call_message_or_their_data() -> None:
    """「推销理财」 names what is sold: without a call or message in its clause, or personal data
    in its sentence, a platform selling its products online markets to no one's phone."""
    online = "某理财公司在芜湖无营业执照，通过线上平台推销理财产品，涉嫌非法集资"
    assert not extract(TextInput(id="online", text=online, title=online), OPTIONS).is_lead
    bought = "某贷款中介向内部人员购买客户个人信息，组织员工推销贷款"
    result = extract(TextInput(id="bought", text=bought, title=bought), OPTIONS)
    assert result.is_lead and "unsolicited_marketing" in result.conduct


@pytest.mark.parametrize(
    "text",
    [
        # a threat: what would be done if a condition failed, not what was done
        "经审理查明，被告人王某给某培训学校负责人发短信，称已掌握学员家长信息，如不支付五万元，"
        "则要给家长群发骚扰短信。",
        # the bank a card was obtained from by deception is the one deceived
        "2015年5月，被告人李某在张某等人不知情的情况下，违背张某等人意愿使用其身份证复印件，"
        "伪造单位工作证明，从某农村商业银行城东支行骗领并持有信用卡五张。",
        # a company name made up to act under is no business acting
        "被告人陈某以虚构的“某某信息咨询公司”名义发布广告，从他人处购买公民个人信息后加价出售。",
    ],
)
def test_a_threat_a_deceived_bank_and_a_borrowed_name_are_no_business_acting(text: str) -> None:
    assert not extract(TextInput(id="court", text=text, title=""), OPTIONS).is_lead


def test_police_exposing_apps_is_a_notice_and_its_problems_are_no_names() -> None:
    """「某省公安厅曝光12款App」: an authority exposing apps issues a notice (a lead, the list
    in a picture); the problems it enumerates (「窃取用户信息、恶意推送广告」) are no app names."""
    text = (
        "某省公安厅日前曝光12款安全问题突出的App，这些App存在窃取用户信息、占用手机内存、"
        "恶意推送广告等突出安全问题，请尽快卸载。"
    )
    result = extract(TextInput(id="police", text=text, title=""), OPTIONS)
    assert result.is_lead and [b.name for b in result.businesses] == []


def test_a_card_or_account_bought_names_no_issuer_acting() -> None:
    """「购买他人的招商银行卡」: a bank card (or a platform's account, 「某云盘账号」) bought or
    stolen is an object; the bank that issued it did nothing."""
    text = "经审理查明，被告人赵某从网上购买他人的招商银行卡及身份信息，用于转移诈骗所得。"
    assert not extract(TextInput(id="card", text=text, title=""), OPTIONS).is_lead


def test_a_carrier_whose_frequencies_a_fake_base_station_took_is_its_victim() -> None:
    """「非法占用某运营商基站频率」: the carrier is what the sender's device seized, not the
    sender; with only an individual sending, no business is the subject."""
    text = (
        "经审理查明，被告人张某驾车利用伪基站设备非法占用中国联通某市分公司基站频率，"
        "向途经地区的手机用户群发推销发票的短信三万余条。"
    )
    assert not extract(TextInput(id="carrier", text=text, title=""), OPTIONS).is_lead


def test_a_phone_call_is_no_phone_number_for_a_trade_verb() -> None:
    """「打电话称已将钢材出卖」: the 电话 of a call made is no one's number, so the sale in the
    same clause trades goods, not data."""
    text = (
        "2019年3月，被告人李某回到某县鸿达机械厂后，给被害人王某打电话称已将钢材出卖，"
        "骗得货款两万元。"
    )
    assert not extract(TextInput(id="call", text=text, title=""), OPTIONS).is_lead


def test_court_facts_keep_only_a_business_a_defendant_runs_or_works_for() -> None:
    """Findings about 被告人 where only individuals act name a bank, a platform or a client only
    as what they used; a shop a defendant runs acts through him."""
    used = (
        "经审理查明，被告人周某从网上购买他人身份信息，在某网络科技有限公司的平台上注册账号，"
        "并向被告人吴某出售公民个人信息三千余条。被告人吴某用于推销。"
    )
    assert not extract(TextInput(id="used", text=used, title=""), OPTIONS).is_lead
    runs = (
        "经审理查明，被告人周某经营某装修公司期间，从他人处购买业主个人信息三千余条，"
        "安排被告人吴某逐一拨打电话推销装修业务。"
    )
    result = extract(TextInput(id="runs", text=runs, title=""), OPTIONS)
    assert result.is_lead and [b.name for b in result.businesses] == ["某装修公司"]


def test_a_kind_of_business_before_its_conduct_acts_unless_a_topic_noun_follows() -> None:
    """「洗衣店泄露三千余条家庭住址」: the object may come after a count, the shop still acts;
    「洗衣店泄露案件」 names a kind of case, no business doing anything."""
    acts = extract(TextInput(id="acts", text="", title="洗衣店泄露三千余条家庭住址"), OPTIONS)
    assert acts.is_lead and [b.name for b in acts.businesses] == ["洗衣店"]
    topic = extract(TextInput(id="topic", text="", title="洗衣店泄露案件中的住址保护"), OPTIONS)
    assert not topic.is_lead


def test_confidential_business_data_is_not_personal_information() -> None:
    """「窃取大量机密数据」「年报信息泄露」: a company's secrets or a report before its release
    are nobody's personal information."""
    for title in ("某汽车公司状告前员工窃取大量机密数据", "某证券公司被指年报信息泄露"):
        assert not extract(TextInput(id="secret", text="", title=title), OPTIONS).is_lead, title


def test_a_kind_of_business_after_a_countrys_one_character_name_is_abroad() -> None:
    """「美电信公司」 is an American carrier (abroad, no lead); 「美容公司」 is a beauty salon."""
    abroad = extract(TextInput(id="us", text="", title="美电信公司群发骚扰短信被罚"), OPTIONS)
    assert not abroad.is_lead
    salon = extract(TextInput(id="salon", text="", title="美容公司泄露顾客信息"), OPTIONS)
    assert salon.is_lead and [b.name for b in salon.businesses] == ["美容公司"]


def test_a_counted_group_of_businesses_opening_a_headline_is_the_business() -> None:
    """「本周三家外卖平台…」: businesses counted in a headline that reports what they did are
    the described business, whatever generic word (平台, 商家, 企业) names their kind."""
    title = "本周三家外卖平台违规收集骑手人脸信息被约谈"
    result = extract(TextInput(id="group", text="", title=title), OPTIONS)
    assert result.is_lead and [b.name for b in result.businesses] == ["三家外卖平台"]


@pytest.mark.parametrize(
    "text",
    [
        # the first sentence of findings is a fact, not a headline that may say less
        "经审理查明，2015年起，被告人张某为牟利，以其经营的某某通讯店铺为据点，"
        "通过数据传输的方式向他人贩卖淫秽视频。",
        # a company where a theft happened is a place
        "北京市某区人民检察院指控，被告人郭某在位于某菜市场的北京某某科技有限公司内，"
        "秘密窃取被害人李某放置在办公室椅子上的钱包1个，内有李某的信用卡1张等物品。",
    ],
)
def test_untitled_court_findings_accuse_only_a_business_a_defendant_runs(text: str) -> None:
    """Court findings (「经审理查明」「检察院指控」) have no headline: their first sentence is
    read as a fact, and a business counts only where a defendant runs it or serves it."""
    assert not extract(TextInput(id="facts", text=text, title=""), OPTIONS).is_lead


@pytest.mark.parametrize(
    ("name", "text", "tied"),
    [
        ("某装修公司", "被告人周某经营某装修公司期间", True),
        ("某快递公司", "被告人系某快递公司员工。", True),
        ("某科技有限公司", "被告人王某冒充“某科技有限公司”的工作人员，谎称", False),
        ("某云盘", "被告人余某将视频存储在其注册的某云盘中", False),
        ("某银行支行", "该卡逾期后，某银行支行工作人员多次催收", False),
    ],
)
def test_what_ties_a_business_to_a_defendant(name: str, text: str, tied: bool) -> None:
    """Running, holding a post, serving: ties; passing oneself off as its staff, an account one
    registered, the business's own staff at work: none."""
    assert tied_to_defendant(name, text, load_lexicons(OPTIONS.lexicon_dir)) is tied


def test_untitled_court_findings_name_the_business_a_defendant_runs() -> None:
    text = (
        "某某市人民检察院起诉指控：被告人闫某在经营装修公司的过程中，未经信息所有者同意，"
        "从他人处非法获取业主姓名、联系电话等公民个人信息三千余条，并用于电话推销。"
        "被告人闫某到案后如实供述。"
    )
    result = extract(TextInput(id="runs", text=text, title=""), OPTIONS)
    assert result.is_lead and [b.name for b in result.businesses] == ["装修公司"]


def test_equipment_sold_is_no_data_sold() -> None:
    """「出售测序设备给…，建立…基因资料库」: the business sold equipment; whoever builds the
    database with it is another matter."""
    title = "某生物科技公司出售测序设备给某机构，建立居民基因资料库"
    assert not extract(TextInput(id="goods", text="", title=title), OPTIONS).is_lead


def test_a_report_said_to_circulate_online_is_an_allegation_not_a_denial() -> None:
    """「网传…」 says a report circulates, an allegation the guide counts; a denial needs its
    own words (辟谣, 不实), and 「互联网传输」 holds the same two characters."""
    title = "网传某某外卖平台三千万条用户订单信息泄露"
    result = extract(TextInput(id="rumour", text="", title=title), OPTIONS)
    assert result.is_lead and [b.name for b in result.businesses] == ["某某外卖平台"]
    denied = "某某外卖平台辟谣：网传三千万条用户订单信息泄露不实"
    assert not extract(TextInput(id="denied", text="", title=denied), OPTIONS).is_lead


def test_staff_spreading_a_customers_private_photos_disclose_them() -> None:
    """「传播」「散布」 a customer's 裸照 is disclosure by the business whose staff did it;
    an individual spreading them names no business."""
    staff = extract(TextInput(id="staff", text="", title="某美容院员工传播顾客裸照被辞退"), OPTIONS)
    assert staff.is_lead and [b.name for b in staff.businesses] == ["某美容院"]
    assert staff.conduct == ["disclose_or_sell"]
    person = extract(TextInput(id="person", text="", title="网友传播明星裸照被拘"), OPTIONS)
    assert not person.is_lead


@pytest.mark.parametrize(
    ("title", "business", "conduct"),
    [
        # decision 6: a foreign brand's leak is a lead when the text puts its affected
        # customers in mainland China
        ("索尼被曝泄露会员资料，疑涉及大量国内玩家", "索尼", "breach"),
        # a guest room's 监控录像 (or a guest's 私密视频) shows the person: selling it discloses
        ("某连锁酒店员工倒卖客房监控录像被查", "某连锁酒店", "disclose_or_sell"),
        # 「私拍」「私自拍摄」 a person's face is collection without consent
        ("某车企门店私拍数十万到店顾客人脸", "某车企门店", "collect_without_consent"),
    ],
)
def test_foreign_brands_here_footage_and_covert_filming(
    title: str, business: str, conduct: str
) -> None:
    result = extract(TextInput(id="headline", text="", title=title), OPTIONS)
    assert result.is_lead and [b.name for b in result.businesses] == [business]
    assert result.conduct == [conduct]


@pytest.mark.parametrize(
    "title",
    [
        "索尼被曝泄露会员资料，数百万玩家受影响",  # nothing places the story in China
        "某小区监控录像显示嫌疑人于凌晨离开",  # footage that shows, no conduct
    ],
)
def test_a_foreign_brand_abroad_and_footage_shown_are_no_leads(title: str) -> None:
    assert not extract(TextInput(id="headline", text="", title=title), OPTIONS).is_lead


@pytest.mark.parametrize(
    ("title", "business"),
    [
        # the short names banks go by in complaints and headlines are the banks
        ("建行客服未经本人同意多次打电话推销信用卡分期", "建行"),
        ("网友称农行工作人员私自查询并泄露其账户信息", "农行"),
        # a name opening with a digit is a brand the list knows, not a count
        ("1号店员工内外勾结泄露客户信息", "1号店"),
        # histories and logs of the people a business serves are personal data
        ("某智能音箱厂商泄露20亿条用户日志", "某智能音箱厂商"),
        # a kind of business a clause describes by the conduct it did (「…的医院」) did it
        ("泄露患者隐私的医院被处罚", "医院"),
        ("偷拍顾客的酒店被查处", "酒店"),
        # a place and a count before the kind describe the businesses (「两家」 without 家)
        ("广东三公司违规收集用户个人信息被罚", "广东三公司"),
    ],
)
def test_short_bank_names_digit_brands_and_user_logs(title: str, business: str) -> None:
    result = extract(TextInput(id="headline", text="", title=title), OPTIONS)
    assert result.is_lead and [b.name for b in result.businesses] == [business]


@pytest.mark.parametrize(
    "title",
    [
        # a leak a business fears has not happened
        "某餐厅担心顾客资料外泄，暂停线上订座",
        # what a business publishes is its own scheme; the ID number is what it asks for
        "某连锁超市今日在网上公布详情，每人限以身份证号码登记一次",
        # photos the press exposed (no one named making them public) are no disclosure
        "某科技公司年会照片曝光",
        # a sale whose clause names a house, not data: the ID number is a party's, beside it
        "业主王某（身份证号码已隐去）与某房产经纪有限公司签订合同，约定将房屋出售给买家",
        # a cue is about the data of its own clause: the acquisition buys a company, and what
        # the tablet exposed is a flaw, not the faces of the clause before
        "个人数据与安全审查：禁止某科技公司对某酒店软件的收购",
        "某科技公司发布新款平板，支持人脸解锁，不小心暴露了续航问题",
        # the one answering is not the one it is laid at when the story names another actor
        "某外卖平台回应黑客窃取用户数据",
        "某外卖平台回应某券商实习生泄露用户信息",
        # apps removed, by no one named and over nothing said about data
        "某地7款APP全网下架",
        # praise for what a business did not do; a bank naming whose credentials
        "住得很满意，是唯一无骚扰电话的酒店",
        "黑客通过恶意应用窃取用户的银行凭证",
        # a group on a messaging service is where the seller met buyers, not who sold
        "被告人赵某加入多个以作弊为交流内容的QQ群，并出售他人身份证号码牟利",
    ],
)
def test_what_a_cue_is_not_about_makes_no_lead(title: str) -> None:
    assert not extract(TextInput(id="headline", text="", title=title), OPTIONS).is_lead


@pytest.mark.parametrize(
    "title",
    [
        "某物业公司在业主群公布欠费业主姓名和电话",  # the data named after the verb
        "某快捷酒店前台在网上公开多名客人的开房记录",  # the guests right after it
        "顾客照片被某餐馆曝光在店门口",  # who made the photos public, after 被
        "某银行回应员工泄露客户信息",  # staff right after the answer are its own (decision 1)
    ],
)
def test_disclosures_by_whoever_the_headline_says(title: str) -> None:
    result = extract(TextInput(id="headline", text="", title=title), OPTIONS)
    assert result.is_lead and result.conduct == ["disclose_or_sell"]


def test_collecting_data_named_after_the_verb_is_reported() -> None:
    result = extract(TextInput(id="h", text="", title="某连锁门店回应收集顾客人脸信息"), OPTIONS)
    assert result.is_lead and result.conduct == ["collect_without_consent"]
    report = TextInput(id="h", text="", title="“网上购物类”App个人信息收集情况测试报告")
    assert not extract(report, OPTIONS).is_lead


def test_a_leak_verb_after_a_coined_name_makes_it_the_one_that_leaked() -> None:
    for verb in ("泄露", "外泄"):
        title = f"星联航空{verb}900万乘客资料"
        result = extract(TextInput(id="h", text="", title=title), OPTIONS)
        assert [b.name for b in result.businesses] == ["星联航空"], verb


@pytest.mark.parametrize(
    ("no_lead", "lead"),
    [
        # a data word naming what a product does is no one's data
        ("某手机厂商公布「超声波指纹」相关专利", "某手机厂商泄露用户指纹信息"),
        # what may be happening is not reported as happening; what likely happened is
        (
            "提醒！你的手机号可能正在被装修公司“悄悄”倒卖",
            "因配置错误，某装修公司可能已泄露大量客户手机号",
        ),
    ],
    ids=["product-feature", "may-be-happening"],
)
def test_a_headline_and_its_reporting_twin(no_lead: str, lead: str) -> None:
    assert not extract(TextInput(id="h", text="", title=no_lead), OPTIONS).is_lead
    assert extract(TextInput(id="h", text="", title=lead), OPTIONS).is_lead


def test_a_company_named_as_an_owner_does_not_act_under_a_silent_headline() -> None:
    owner = (
        "主持人：欢迎收看本期节目。爆料人提供了一辆登记人为星河海川科技有限公司的汽车的"
        "行驶证件信息，并表示这辆车已经被他人变卖。第三个话题是关于汽车维修。"
    )
    title = "2025年晚间节目全文实录"
    assert not extract(TextInput(id="t", text=owner, title=title), OPTIONS).is_lead
    system = (
        "主持人：欢迎收看本期节目。记者调查发现，星河海川科技有限公司的智能外呼系统每天拨打上百万个"
        "骚扰电话推销贷款。第三个话题是关于汽车维修。"
    )
    result = extract(TextInput(id="t", text=system, title=title), OPTIONS)
    assert result.is_lead and [b.name for b in result.businesses] == ["星河海川科技有限公司"]


def test_names_listed_before_the_grounds_of_a_notice_are_accused() -> None:
    sentence = "其中，借贷类app星贷宝、速借通因读取用户联系人被点名。"
    result = extract(TextInput(id="h", text=sentence), OPTIONS)
    assert result.is_lead and [b.name for b in result.businesses] == ["星贷宝", "速借通"]
