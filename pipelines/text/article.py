"""Title, main text, date and author of a page: source selectors first, then trafilatura."""

from __future__ import annotations

import json
import logging
import re
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

import lxml.html
import trafilatura
from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.etree import ParserError, XPathError

from piwatch.pipelines.options import ArticleSelectors
from piwatch.pipelines.text.blocks import (
    SKIP_TAGS,
    DenseBlock,
    dense_block,
    element_text,
    squash,
    tidy,
)
from piwatch.pipelines.text.dates import iter_dates, parse_date, to_aware

logger = logging.getLogger(__name__)

TITLE_SITE_MAX_CHARS = 16
"""A trailing title segment longer than this is never taken for a site or channel name."""

TITLE_CHANNEL_MAX_CHARS = 6
"""A short trailing segment (探索者, 两岸三地, 商贸) is a channel even without a site word."""

MAX_HEADLINE_CHARS = 80
"""Longer text in a heading or title-classed element is not a headline."""

MIN_HEADLINE_CHARS = 6
"""A line shorter than this above the main text is a label or a channel, not the headline."""

HEADLINE_LOOKBACK_LINES = 6
"""How many lines above the main text a headline is looked for when the title names only
the site."""

MIN_HEADLINE_LIKENESS = 0.8
"""Character F1 from which a shown heading is taken for a reworded ``<title>``."""

MIN_MAIN_TEXT_CHARS = 100
"""Main text shorter than this from the precise pass is taken as a miss: retry favouring
recall, then the densest text block (bench/extraction.py: +0.012 mean F1 over precise only)."""

MIN_PROSE_DENSITY = 0.04
"""Chinese sentence punctuation per Han character below which text is a list of links, not
prose (hand-cleaned article bodies of the corpus sit above 0.037 save two; menus near 0)."""

MIN_PROSE_HAN = 100
"""Prose density is only judged on text with at least this many Han characters."""

MIN_ONE_TEXT_DENSITY = 0.06
"""Prose density from which the densest block is taken as the page's text without asking
trafilatura; between MIN_PROSE_DENSITY and this, lists and captions still mix with prose."""

MAX_PROSE_OUTSIDE = 0.5
"""Prose outside the densest block, as a share of the prose inside, up to which the block is
the page's one text (related-story teasers, a caption, a short reply or two). Both measured on
the saved pages (bench/extraction.py): from 0.5 to 1.0 for this and 0.04 to 0.07 for the
density, mean F1 is 0.902-0.908 against 0.900 when trafilatura is asked about every page; at
these values it is asked about 63 of the 294 pages."""

MIN_CORE_INSIDE = 0.8
"""Share of the densest block's characters that must also be in the extracted text for the
block to be taken as its core (bag of characters, so reflowed lines still match)."""

MIN_CORE_SHARE = 0.3
"""The densest block must hold at least this share of the extracted text to replace it; a
smaller one is a single post or caption (A/B halves of the corpus: +0.026 / +0.020 mean F1)."""

MIN_PROSE_LINE_HAN = 20
"""A line outside the core is kept when it is a sentence of at least this many Han characters."""

MAX_EMPTY_CELL_CHARS = 2
"""A table row whose cells all hold no more than this is layout (a calendar, a spacer)."""

AUTHOR_MAX_CHARS = 30
"""Longer "authors" are copyright or source lines."""

DATE_WINDOW_CHARS = 400
"""How far after the headline the byline (date, source, author) is looked for."""

_SITE_WORDS = re.compile(
    r"(网|網|频道|頻道|新闻|新聞|资讯|資訊|中心|论坛|論壇|社区|社區|日报|日報|晚报|晚報|时报|時報|"
    r"报|報|在线|在線|门户|官网|首页|博客|百科|电视台|電視台|电台|卫视|衛視|杂志|雜誌|周刊|客户端|"
    r"平台|\.com|\.cn|\.net|"
    r"www\.|PIXNET)",
    re.IGNORECASE,
)
# Separators between headline, channel and site. Not dashes (——, ――) or fullwidth hyphens:
# Chinese headlines use those as punctuation. A bare "-" counts only next to non-ASCII text,
# so "COVID-19" and "iPhone-15" stay whole.
_TITLE_SEPARATOR = re.compile(
    r"\s*(?:_+|\|+|｜+|-{2,}|::|»|\s-\s|(?<=[^\x00-\x7f])-(?=[^\x00-\x7f]))\s*"
)
_ENGLISH_SITE = re.compile(r"\b(news|online|times|daily|post|tv|radio|press)\b", re.IGNORECASE)
_SITE_END = re.compile(_SITE_WORDS.pattern + r"[)）]?$", re.IGNORECASE)
_STRONG_SITE = re.compile(
    r"(网|網|报|報|新闻|新聞|电视台|電視台|时报|時報|\.com|\.net|\.cn|\.org)$", re.IGNORECASE
)
_SPACED_MARK = re.compile(r"\s+[-_|｜:：·•]")
"""A space then a separator mark: the headline ends there (标题 -关键词|关键词-站名)."""
_NOT_HEADLINE = re.compile(
    r"来源|來源|作者|记者|記者|编辑|編輯|时间|時間|日期|首页|首頁|位置|分享|字号|字號|打印|列印|"
    r"[>»＞/|｜│┃:：]|\d{1,2}:\d{2}"
)
_SECTION_NUMBER = re.compile(r"\d{1,2}\s*[.、．)）]")
_TITLE_HINT = re.compile(r"title|headline|biaoti", re.IGNORECASE)
_WEAK_SEPARATOR = re.compile(r"\s+|[,，]\s*|[―—]{1,2}|-")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_PROSE_MARKS = re.compile(r"[。，、；！？：“”]")
_SENTENCE_END = re.compile(r"[。！？!?…”」』]")
_NO_SPACE = re.compile(r"\s+")
_NOT_TEXT = re.compile(r"[\s|]+")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_NOT_CELL_TEXT = re.compile(r"[\s\-:]+")
_FRAME_LINE = re.compile(
    r"\||版权|版權|copyright|all rights reserved|ICP|备案|備案|举报|舉報|"
    r"联系我们|聯繫我們|关于我们|關於我們",
    re.IGNORECASE,
)
"""A line of a page's frame: a table row or bar-separated links, a copyright or filing line."""
_FUTURE_SLACK = timedelta(days=1)
"""Dates later than the fetch time by more than this are not publication dates."""
_META_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "og:release_date",
    "publishdate",
    "publish_date",
    "pubdate",
    "pubtime",
    "publishtime",
    "publish-time",
    "publication_date",
    "release_date",
    "datepublished",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
    "weibo:article:create_at",
    "bytedance:published_time",
    "article:modified_time",
)
_META_AUTHOR_KEYS = ("author", "article:author", "dc.creator", "byl", "sailthru.author")
_NOT_AUTHOR = re.compile(
    r"(@|https?:|www\.|[:：;；|]|版权|授权|未知|全部|unknown|admin|powered|team\b|网易|新浪|腾讯|"
    r"搜狐|凤凰网|来源|转载|回复|匿名|作者|文章|网络|科技|公司|集团|工作室|[■□●◆★☆▲►<>]|"
    r"来自|關注|关注|粉丝|粉絲|下载|下載|\bapp\b|跟贴|跟帖|热门|熱門|手机版|手機版|首页|首頁|"
    r"^(?:星期|礼拜|周)[一二三四五六日天]$|\.(?:com|net|cn|org)\b)",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"<[^>]{0,80}>")
_ROLES = (
    r"(?:本报|本報|见习|見習|实习|實習|特约|特約)?"
    r"(?:记者|記者|编辑|編輯|编制|編製|通讯员|通訊員|摄影|攝影)"
)
_ROLE_WORD = re.compile(_ROLES)
_ROLE_AROUND = re.compile(rf"^{_ROLES}[\s:：]*(?=\S)|(?<=\S)[\s]+{_ROLES}$")
_NOT_NAMES = frozenset(("报道", "報導", "摄影", "攝影", "通讯员", "實習生", "实习生", "发自"))
_BYLINE_WORD = re.compile(r"(?:报道|報導|摄影|攝影)$|^(?:发自|發自)")
_NOT_BYLINE_NAMES = re.compile(
    r"^(?:完|待续|未完待续|全文完|原标题|图|组图|图片|资料图|视频|网友|本报|综合|编译|整理|供图|"
    r"摄|摄影|记者|通讯员|上|中|下|续|注|附|转载|原创|节选|有删节|下同|同上)$"
)
_DATE_HINT = re.compile(r"(date|time|pub|post|info|source|byline|meta|attr|tip)", re.IGNORECASE)
_NAMES = r"(?P<name>[\u4e00-\u9fff·]{2,4}(?:[ 、，,][\u4e00-\u9fff·]{2,4}){0,4})"
_NAMES_END = r"(?=$|[\s)）\]】|/,，。;；])"
_WRITER_TEXT = re.compile(
    r"(?:(?:作者|作\s者|记者|記者|撰文|执笔人?|執筆人?)\s*[:：]\s*|(?:作者|记者|記者)\s+"
    r"|(?<![\u4e00-\u9fff])文\s*[/／:：]\s*)" + _NAMES + _NAMES_END
)
"""The writer's own byline: 作者：甲 乙, 本报记者 甲, 执笔人：甲、乙, 文/甲, 文：甲."""
_REPORTER_SENT = re.compile(
    r"(?:记者|記者)(?P<name>[\u4e00-\u9fff·]{2,4})(?=\s*(?:发自|發自|报道|報導|摄影|攝影))"
)
"""A reporter named without a separator before 发自/报道: 本报记者甲乙发自北京."""
_FORUM_POSTER = re.compile(r"本[贴帖]由\s*(?P<name>[^\s于]{2,16}?)\s*于\s*\d")
"""An old forum's sign-off: 本贴由某网友于2005年8月12日…发表."""
_POSTED_BY = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AP]M\s+)?by\s+(?P<name>[\w.\-]{2,20})", re.IGNORECASE
)
"""A post's time then its poster: 2005/03/15 22:36:13 by someone."""
_EDITOR_TEXT = re.compile(
    r"(?:责任编辑|責任編輯|责编|責編|编辑|編輯)\s*[:：]\s*" + _NAMES + _NAMES_END
)
"""The editor, named when no writer is: the sets' ground truth takes 编辑 for the author then."""
_ISSUER_TEXT = re.compile(
    r"(?:发文机关|發文機關|发布机构|發布機構)\s*[:：]\s*(?P<name>[\u4e00-\u9fff]{4,24})"
)
"""The issuing body of a government notice, its author when no person is named."""
_CLOSING_BYLINE = re.compile(
    r"[(（]\s*(?:[^()（）\s]{0,8}(?:记者|記者)\s*)?(?P<name>[\u4e00-\u9fff·]{2,3}"
    r"(?:[ 、，,][\u4e00-\u9fff·]{2,3}){0,3})(?:\s*[\u4e00-\u9fff]{2,4}(?:报道|報導))?\s*[)）]\s*$"
)
"""A byline closing the article: （甲）, （记者 甲）, （甲 上海报道）."""


@dataclass(frozen=True, slots=True)
class ArticleText:
    """What a page says: headline, main text (paragraphs on their own lines), aware date."""

    title: str
    content: str
    published: datetime | None
    author: str | None


def extract_article(
    html: str,
    url: str | None = None,
    selectors: ArticleSelectors | None = None,
    tz: str = "Asia/Shanghai",
    now: datetime | None = None,
) -> ArticleText:
    """Extract one article. Pure: ``now`` (the fetch time) resolves relative and year-less
    dates such as 3小时前 or 03月05日; without it only dates that carry a year are used."""
    selectors = selectors or ArticleSelectors()
    tree = _parse(html)
    if tree is None:
        return ArticleText(title="", content="", published=None, author=None)

    chosen_title = _select_text(tree, selectors.title)
    chosen_body = _select_text(tree, selectors.body, paragraphs=True)
    chosen_date = _select_text(tree, selectors.date)
    chosen_author = _select_text(tree, selectors.author)

    content = chosen_body or ""
    if not chosen_body:
        dense = dense_block(tree)
        if one_text(dense):
            content = dense.text
        else:
            document = _trafilatura(tree, url, now, precise=True)
            content = without_empty_rows(
                _main_text(tree, dense.text, url, now, _doc_field(document, "text") or "")
            )
    # trafilatura's metadata pass (a fifth of its time) only where piwatch's own rules find no
    # title or date; its authors are not used: on the saved pages they added no right author
    # (news agencies piwatch finds anyway, account slogans it should not) (bench/extraction.py)
    metadata = _LazyMetadata(tree, url, now)
    page_text = body_text(tree)
    title = (
        chosen_title
        or choose_title(tree, content=content, text=page_text)
        or _usable_title(metadata.field("title"))
        or ""
    )
    published = None
    if chosen_date:
        published = (
            parse_date(chosen_date, now, tz) if now is not None else _first_date(chosen_date, tz)
        )
    if published is None:
        published = find_published(tree, title, tz, now, page_text) or _fallback_date(
            metadata.field("date"), tz
        )
    author = chosen_author or find_author(tree, page_text, tidy(content))
    if author and title and len(title) >= 4 and title in author:
        author = None  # a headline given as the author (some sites fill meta author so)
    return ArticleText(
        title=squash(title),
        content=tidy(content),
        published=published,
        author=squash(author) if author else None,
    )


# --- parsing and selectors -------------------------------------------------------------------


def _html_parser() -> lxml.html.HTMLParser:
    """lxml.html's parser with a lookup in C: ``HtmlElementClassLookup`` calls back into Python
    for every element proxy (some 3,000 per page of the saved pages, walking a tree per pass),
    only to give form fields their own classes, which piwatch never uses. Comments and
    processing instructions are dropped as trafilatura's own parser drops them, so trafilatura
    can take this tree instead of parsing the page again. One per thread, as lxml asks of
    parsers."""
    parser = getattr(_THREAD, "parser", None)
    if parser is not None:
        return parser
    parser = _THREAD.parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
    parser.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement,
            comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity,
        )
    )
    return parser


_THREAD = threading.local()


def _parse(html: str) -> lxml.html.HtmlElement | None:
    if not html or not html.strip():
        return None
    # lxml refuses str input with an encoding declaration; the text is decoded already.
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    try:
        return lxml.html.document_fromstring(html, parser=_html_parser())
    except (ParserError, ValueError, etree.ParserError) as exc:
        logger.debug("unparseable page: %s", exc)
        return None


def _select_text(
    tree: lxml.html.HtmlElement, selector: str | None, paragraphs: bool = False
) -> str | None:
    if not selector:
        return None
    try:
        found = CSSSelector(selector)(tree)
    except (SyntaxError, XPathError, ValueError) as exc:
        logger.warning("bad CSS selector %r: %s; using the generic rules", selector, exc)
        return None
    texts = [element_text(node) if paragraphs else squash(node.text_content()) for node in found]
    text = "\n".join(t for t in texts if t.strip())
    return text.strip() or None


# --- trafilatura -------------------------------------------------------------------------------


def one_text(dense: DenseBlock) -> bool:
    """The densest block is prose and the page has little prose besides it: the page's one
    text, taken as it is. trafilatura (three quarters of the time of a page) is asked only
    about the other pages: several texts (posts, replies, an article split into parts), none,
    or one that reads like a list."""
    han = len(_HAN.findall(dense.text))
    return (
        han >= MIN_PROSE_HAN
        and _prose_marks(dense.text) >= MIN_ONE_TEXT_DENSITY * han
        and dense.prose_outside <= MAX_PROSE_OUTSIDE * dense.prose_inside
    )


def _main_text(
    tree: lxml.html.HtmlElement, dense: str, url: str | None, now: datetime | None, precise: str
) -> str:
    """The precise pass, cut to its core (``core_of``), unless it under-delivers: too short,
    Chinese text without the punctuation of prose (a navigation table picked from an old
    layout), or a thin page frame (``thin_layout``). Then the recall pass and the densest
    text block compete, longest first, prose first."""
    short = len(precise) < MIN_MAIN_TEXT_CHARS
    if not short and not _not_prose(precise) and not thin_layout(precise):
        return core_of(precise, dense)
    retry = _doc_field(_trafilatura(tree, url, now, precise=False), "text") or ""
    if short:
        if len(retry) >= MIN_MAIN_TEXT_CHARS:
            return max((precise, retry), key=len)
        return max((precise, retry, dense), key=len)
    prose = [text for text in (retry, dense) if _is_prose(text)]
    return max(prose, key=_prose_marks) if prose else precise


def without_empty_rows(text: str) -> str:
    """``text`` without the table rows (trafilatura's ``| a | b |`` lines) whose every cell is
    empty or one or two characters: calendars, spacer rows, header rules (|---|---|)."""
    kept = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|"):
            cells = _CELL_SPLIT.split(stripped.strip("|"))
            if all(len(_NOT_CELL_TEXT.sub("", cell)) <= MAX_EMPTY_CELL_CHARS for cell in cells):
                continue
        kept.append(line)
    return "\n".join(kept)


def core_of(text: str, dense: str) -> str:
    """``text`` cut down to the densest block when that block is prose lying inside it and holds
    a good part of it: what trafilatura adds around it is mostly layout-table rows, link lists
    and bylines. Prose lines of ``text`` outside the block (other answers and replies of a
    thread) are kept, so a page of several posts keeps them all."""
    inner, outer = _char_bag(dense), _char_bag(text)
    size = sum(inner.values())
    if (
        not _is_prose(dense)
        or sum((inner & outer).values()) < MIN_CORE_INSIDE * size
        or not MIN_CORE_SHARE * sum(outer.values()) <= size < sum(outer.values())
    ):
        return text
    flat = _NO_SPACE.sub("", dense)
    kept: list[str] = []
    placed = False
    for line in text.split("\n"):
        table_row = line.lstrip().startswith("|")
        if table_row or _NO_SPACE.sub("", line) in flat:
            if not placed:
                kept.append(dense)
                placed = True
        elif _is_prose_line(line):
            kept.append(line)
    if not placed:
        kept.insert(0, dense)
    return "\n".join(kept)


def _char_bag(text: str) -> Counter[str]:
    """Characters of ``text`` but spaces and table-cell bars (trafilatura's table markup)."""
    return Counter(_NOT_TEXT.sub("", text))


def _is_prose_line(line: str) -> bool:
    return len(_HAN.findall(line)) >= MIN_PROSE_LINE_HAN and bool(_SENTENCE_END.search(line))


def thin_layout(text: str) -> bool:
    """Too little Han text to judge as prose, and that little is unpunctuated or mostly
    table rows and footer lines: a page's frame (menus, a metadata table, the copyright)
    rather than its article."""
    han = len(_HAN.findall(text))
    if han >= MIN_PROSE_HAN:
        return False
    lines = [line for line in text.split("\n") if line.strip()]
    frame = sum(bool(_FRAME_LINE.search(line)) for line in lines)
    return _prose_marks(text) < MIN_PROSE_DENSITY * han or 2 * frame >= len(lines)


def _not_prose(text: str) -> bool:
    han = len(_HAN.findall(text))
    return han >= MIN_PROSE_HAN and _prose_marks(text) < MIN_PROSE_DENSITY * han


def _is_prose(text: str) -> bool:
    han = len(_HAN.findall(text))
    return han >= MIN_PROSE_HAN and _prose_marks(text) >= MIN_PROSE_DENSITY * han


def _prose_marks(text: str) -> int:
    return len(_PROSE_MARKS.findall(text))


def _trafilatura(
    tree: lxml.html.HtmlElement, url: str | None, now: datetime | None, precise: bool
) -> trafilatura.settings.Document | None:
    """Main text (metadata apart, on demand: ``_LazyMetadata``) from piwatch's own tree, which
    trafilatura copies before it prunes: no second parse. Precision first
    measured best on the Chinese ground truth (bench/extraction.py); comments are kept because
    forum replies live there. Fast mode: trafilatura's comparison with readability and jusText
    took two fifths of the page work; without it the saved pages' mean F1 moves from 0.907 to
    0.905 (three pages lose, two gain) and extraction runs a quarter faster."""
    try:
        return trafilatura.bare_extraction(
            tree,
            url=url,
            favor_precision=precise,
            fast=True,
            favor_recall=not precise,
            include_comments=True,
            include_tables=True,
            with_metadata=False,
            date_extraction_params=_date_params(now),
        )
    # AssertionError: lxml's drop_tree on a parentless <script> (htmldate, found by fuzzing)
    except (ValueError, TypeError, AssertionError, etree.LxmlError, RecursionError) as exc:
        logger.warning("trafilatura failed on %s: %s", url or "a page", exc)
        return None


class _LazyMetadata:
    """trafilatura's metadata of a page, extracted the first time a field is asked for, from
    piwatch's tree (the author search and htmldate prune copies of it, not the tree)."""

    def __init__(self, tree: lxml.html.HtmlElement, url: str | None, now: datetime | None) -> None:
        self._args = (tree, url, now)
        self._document: trafilatura.settings.Document | None = None
        self._done = False

    def field(self, name: str) -> str | None:
        if not self._done:
            self._document, self._done = _trafilatura_metadata(*self._args), True
        return _doc_field(self._document, name)


def _trafilatura_metadata(
    tree: lxml.html.HtmlElement, url: str | None, now: datetime | None
) -> trafilatura.settings.Document | None:
    try:
        return trafilatura.extract_metadata(tree, default_url=url, date_config=_date_params(now))
    except (ValueError, TypeError, AssertionError, etree.LxmlError, RecursionError) as exc:
        logger.warning("trafilatura metadata failed on %s: %s", url or "a page", exc)
        return None


def _date_params(now: datetime | None) -> dict[str, object]:
    """htmldate's settings. No extensive search: it turns a bare year (a copyright line) into
    1 January."""
    params: dict[str, object] = {"original_date": True, "extensive_search": False}
    if now is not None:
        params["max_date"] = now.strftime("%Y-%m-%d")
    return params


def _doc_field(document: trafilatura.settings.Document | None, name: str) -> str | None:
    value = getattr(document, name, None) if document is not None else None
    return value.strip() if isinstance(value, str) and value.strip() else None


# --- title -------------------------------------------------------------------------------------


def choose_title(
    tree: lxml.html.HtmlElement,
    content: str | None = None,
    text: str | None = None,
) -> str | None:
    """The headline: an ``<h1>`` the ``<title>`` confirms, else og:title or ``<title>`` with
    channel and site names cut off (标题_国内新闻_新浪网, 标题-搜狐, 标题--大河网, 站 - 标题).
    When the title names only the site, the first ``<h1>``, then the headline-like line
    standing just above the main text ``content`` in the page ``text``."""
    page_title = squash(" ".join(tree.xpath("//title[1]//text()")))
    og_title = _meta(tree, ("og:title", "twitter:title"))
    headings = [squash(h.text_content()) for h in tree.iter("h1")]
    headings = [h for h in headings if len(h) >= 2]
    references = [t for t in (page_title, og_title) if t]
    for heading in headings:
        if any(_confirms(ref, heading) for ref in references):
            return heading
    displayed = headings + _other_headings(tree)
    for heading in displayed[len(headings) :]:
        if any(_confirms(ref, heading) for ref in references):
            return heading
    cut = [(ref, _cut_site(ref)) for ref in references]
    cut = [(ref, c) for ref, c in cut if not _is_site_title(c)]
    if cut:
        if og_title and page_title and len(cut) == 2 and page_title.startswith(cut[1][1]):
            return cut[1][1]
        return _displayed_version(cut[0][1], displayed) or cut[0][1]
    for heading in headings:
        if len(heading) >= 4 and not _is_site_title(heading):
            return heading
    if content and (above := _headline_above(content, body_text(tree) if text is None else text)):
        return above
    return page_title or og_title or (headings[0] if headings else None)


def _usable_title(title: str | None) -> str | None:
    """A title from elsewhere (trafilatura's metadata) with the site name cut off, unless it
    names only the site."""
    if title and not _is_site_title(cut := _cut_site(title)):
        return cut
    return None


def _headline_above(content: str, text: str) -> str | None:
    """The nearest headline-like line over the first sentence of the main text: short, no
    sentence end, no date, no byline or breadcrumb words."""
    first = next((line for line in content.split("\n") if len(_HAN.findall(line)) >= 8), None)
    if first is None:
        return None
    lines = text.split("\n")
    probe = first[:12]
    at = next((i for i, line in enumerate(lines) if probe in line), None)
    if at is None:
        return None
    for line in reversed(lines[max(0, at - HEADLINE_LOOKBACK_LINES) : at]):
        if _headline_like(line):
            return line
    return None


def _headline_like(line: str) -> bool:
    return (
        MIN_HEADLINE_CHARS <= len(line) <= MAX_HEADLINE_CHARS
        and len(_HAN.findall(line)) >= 4
        and not _SENTENCE_END.search(line[-1])
        and not _NOT_HEADLINE.search(line)
        and not any(True for _ in iter_dates(line, None))
        and not _is_site_title(line)
    )


def _other_headings(tree: lxml.html.HtmlElement) -> list[str]:
    """Headlines shown without ``<h1>``: ``<h2>``/``<h3>`` and elements whose class or id says
    title or headline (old layouts put the headline in a styled cell)."""
    found: list[str] = []
    for node in tree.iter("h2", "h3", "div", "td", "span", "p", "strong", "b", "font"):
        if node.tag not in ("h2", "h3"):
            hint = f"{node.get('class', '')} {node.get('id', '')}"
            if not _TITLE_HINT.search(hint):
                continue
        text = squash(node.text_content())
        if 4 <= len(text) <= MAX_HEADLINE_CHARS:
            found.append(text)
    return found


def _displayed_version(title: str, headings: list[str]) -> str | None:
    """The heading the page shows for ``title`` when the two differ a little (an editor
    shortened one of them): the closest heading with most characters in common."""
    best, score = None, MIN_HEADLINE_LIKENESS
    for heading in headings:
        if _SECTION_NUMBER.match(heading) or (
            title in heading and not _HAN.search(heading.replace(title, ""))
        ):
            continue  # a numbered section, or the title with a count or mark added
        likeness = _likeness(title, heading)
        if likeness >= score:
            best, score = heading, likeness
    return best


def _likeness(a: str, b: str) -> float:
    """Bag-of-characters F1 of two short strings, spaces left out."""
    bag_a, bag_b = _char_bag(a), _char_bag(b)
    common = sum((bag_a & bag_b).values())
    return 2 * common / (sum(bag_a.values()) + sum(bag_b.values())) if common else 0.0


def _confirms(reference: str, heading: str) -> bool:
    """True when ``heading`` is the whole title or a run of whole segments of it."""
    if heading == reference or heading == _cut_site(reference):
        return True
    if len(heading) < 4:
        return False
    at = reference.find(heading)
    if at < 0:
        return False
    before, after = reference[:at], reference[at + len(heading) :]
    separator = _trailing_separator(before)
    starts = not before.strip() or (
        separator is not None and _is_site_title(before[: len(before) - len(separator)])
    )
    ends = (
        not after.strip()
        or _TITLE_SEPARATOR.match(after) is not None
        or _SPACED_MARK.match(after) is not None
    )
    return starts and ends


def _trailing_separator(text: str) -> str | None:
    match = re.search(r"(?:" + _TITLE_SEPARATOR.pattern + r")$", text)
    return match.group(0) if match else None


def _cut_site(title: str) -> str:
    """Drop leading and trailing segments that name a channel or the site (a leading one only
    with a site word: 专访|... stays), keep the headline whole."""
    title = squash(title)
    pieces = _TITLE_SEPARATOR.split(title)
    separators = _TITLE_SEPARATOR.findall(title)
    first, last = 0, len(pieces)
    while last - first > 1 and (not pieces[last - 1].strip() or _is_site_name(pieces[last - 1])):
        last -= 1
    while last - first > 1 and (
        not pieces[first].strip() or _is_site_name(pieces[first], strict=first == 0)
    ):
        first += 1
    kept = pieces[first]
    for index in range(first + 1, last):
        kept += separators[index - 1] + pieces[index]
    kept = _cut_spaced_site(kept.strip())
    return kept or title


def _cut_spaced_site(title: str) -> str:
    """标题 中国快讯 南方网, 标题,股城网, 标题――中新网, 标题-CSDN.NET: a site name after a weak
    separator (space, comma, dash, bare hyphen), with the short words spaced before it."""
    cuts = list(_WEAK_SEPARATOR.finditer(title))
    if not cuts:
        return title
    last = title[cuts[-1].end() :]
    if not _STRONG_SITE.search(last) or len(last) > 8:
        return title
    end = cuts[-1].start()
    for previous, current in zip(reversed(cuts[:-1]), reversed(cuts), strict=False):
        word = title[previous.end() : current.start()]
        if not previous.group().isspace() or len(word) > 4:
            break
        end = previous.start()
    return title[:end].strip() or title


def _is_site_name(segment: str, strict: bool = False) -> bool:
    segment = segment.strip()
    if segment.lower().startswith("powered by"):
        return True
    if segment.count(",") >= 2 and " " not in segment:  # a keyword list, not a headline
        return True
    if not strict and len(segment) <= TITLE_CHANNEL_MAX_CHARS:
        return True
    if not strict and segment.isascii() and _ENGLISH_SITE.search(segment):
        return len(segment) <= 2 * TITLE_SITE_MAX_CHARS  # "Taiwan News Online"
    words = _SITE_END if strict else _SITE_WORDS
    return len(segment) <= TITLE_SITE_MAX_CHARS and bool(words.search(segment))


def _is_site_title(title: str) -> bool:
    """A title that is only a site or channel name (公共電視台 新聞網, 经济参考网)."""
    parts = [p for p in _TITLE_SEPARATOR.split(title) for p in p.split(" ") if p.strip()]
    return bool(parts) and all(_is_site_name(p, strict=True) for p in parts)


def _meta(tree: lxml.html.HtmlElement, keys: tuple[str, ...]) -> str | None:
    wanted = {k.lower() for k in keys}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in wanted:
            content = squash(meta.get("content") or "")
            if content:
                return content
    return None


def page_text(html: str) -> str:
    """The whole visible text of a page (empty for an unparseable one)."""
    tree = _parse(html)
    return body_text(tree) if tree is not None else ""


def body_text(tree: lxml.html.HtmlElement) -> str:
    """The whole visible text of the page body, one block per line."""
    body = tree.find("body")
    return element_text(body) if body is not None else ""


# --- date --------------------------------------------------------------------------------------


def find_published(
    tree: lxml.html.HtmlElement,
    title: str,
    tz: str,
    now: datetime | None,
    text: str | None = None,
) -> datetime | None:
    """The publication date: page metadata, then the byline near the headline, then an element
    whose class or id says date/time, then the first date
    with a time of day anywhere in the page (forum posts sign off 于2005年8月12日16:12:21)."""
    for value in _meta_dates(tree):
        found = _first_date(value, tz, now)
        if found is not None:
            return found
    for node in tree.iter("time"):
        found = _first_date(node.get("datetime") or node.text_content(), tz, now)
        if found is not None:
            return found
    body = tree.find("body")
    if body is None:
        return None
    text = body_text(tree) if text is None else text
    if title:
        at = text.find(title[: min(len(title), 12)])
        if at >= 0:
            after = text[at + min(len(title), 12) : at + len(title) + DATE_WINDOW_CHARS]
            found = _first_date(after, tz, now, with_time_first=True)
            if found is not None:
                return found
    for node in body.iter():
        if not isinstance(node.tag, str) or node.tag in SKIP_TAGS:
            continue
        hint = f"{node.get('class', '')} {node.get('id', '')}"
        if _DATE_HINT.search(hint):
            snippet = squash(node.text_content())[:200]
            found = _first_date(snippet, tz, now)
            if found is not None:
                return found
    timed = [h for h in iter_dates(text, now, tz, bare_words=False) if h.has_time]
    if now is not None:
        timed = [h for h in timed if h.value <= to_aware(now, tz) + _FUTURE_SLACK]
    return timed[0].value if timed else None


def _fallback_date(value: str | None, tz: str) -> datetime | None:
    """A date from elsewhere (htmldate's guess in trafilatura's metadata), when piwatch's own
    rules found none."""
    return _first_date(value, tz) if value else None


def _meta_dates(tree: lxml.html.HtmlElement) -> list[str]:
    ranked: list[tuple[int, str]] = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _META_DATE_KEYS and meta.get("content"):
            ranked.append((_META_DATE_KEYS.index(key), meta.get("content", "")))
    ranked.sort(key=lambda pair: pair[0])
    ordered = [value for _, value in ranked]
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        ordered.extend(_json_ld_dates(script))
    return ordered


def _json_ld_dates(raw: str) -> list[str]:
    try:
        data = json.loads(raw)
    except ValueError:
        return []
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key in ("datePublished", "dateCreated", "pubDate"):
                if isinstance(node.get(key), str):
                    found.append(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return found


def _first_date(
    text: str, tz: str, now: datetime | None = None, with_time_first: bool = False
) -> datetime | None:
    hits = list(iter_dates(text, now, tz, bare_words=False))
    if now is not None:
        hits = [h for h in hits if h.value <= to_aware(now, tz) + _FUTURE_SLACK]
    if not hits:
        return None
    if with_time_first:
        timed = [h for h in hits if h.has_time]
        if timed:
            return timed[0].value
    return hits[0].value


# --- author ------------------------------------------------------------------------------------


def find_author(
    tree: lxml.html.HtmlElement, text: str | None = None, content: str | None = None
) -> str | None:
    """An author: page metadata, the writer's byline (作者/记者/文/执笔), a byline closing
    the main text ``content`` （记者 甲）, then the editor, then a notice's issuing body."""
    meta = clean_author(_meta(tree, _META_AUTHOR_KEYS) or "")
    if meta and plausible_author(meta):
        return meta
    text = (body_text(tree) if text is None else text)[:20_000]
    for pattern in (_WRITER_TEXT, _REPORTER_SENT, _FORUM_POSTER, _POSTED_BY):
        if found := _first_names(pattern, text):
            return found
    if content and (found := _closing_byline(content)):
        return found
    for pattern in (_EDITOR_TEXT, _ISSUER_TEXT):
        if found := _first_names(pattern, text):
            return found
    return None


def _first_names(pattern: re.Pattern[str], text: str) -> str | None:
    for match in pattern.finditer(text):
        names = [n for n in re.split(r"[ 、，,]", match.group("name")) if _is_name(n)]
        found = " ".join(names)
        if plausible_author(found):
            return found
    return None


def _is_name(word: str) -> bool:
    """Not a word of the byline around the names (报道, 上海报道, 发自北京)."""
    return (
        word not in _NOT_NAMES and not _BYLINE_WORD.search(word) and not _ROLE_WORD.fullmatch(word)
    )


def _closing_byline(content: str) -> str | None:
    for line in content.rstrip().split("\n")[-2:][::-1]:
        match = _CLOSING_BYLINE.search(line)
        if match:
            names = [n for n in re.split(r"[ 、，,]", match.group("name")) if _is_name(n)]
            if names and not any(_NOT_BYLINE_NAMES.match(n) for n in names):
                found = " ".join(names)
                if plausible_author(found):
                    return found
    return None


def clean_author(name: str) -> str:
    """The names in an author field, without markup or role words around them
    (<author>甲</author>, 记者 甲, 见习编辑 甲, 甲 编辑)."""
    name = squash(_MARKUP.sub(" ", name))
    previous = None
    while previous != name:
        previous = name
        name = _ROLE_AROUND.sub("", name).strip()
    return name


def plausible_author(name: str) -> bool:
    """A person's or a desk's name, not a source line, an e-mail, a number or a placeholder."""
    name = name.strip()
    return (
        2 <= len(name) <= AUTHOR_MAX_CHARS
        and not _NOT_AUTHOR.search(name)
        and not _SITE_END.search(name)
        and not name.replace(" ", "").isdigit()
    )
