"""The items of a multi-item text: roundups, digests, case lists, numbered Q&A answers (pure).

A daily roundup that reports one violation among fifteen other stories is still a lead, but an
investigator needs to know *which* item it came from. Items are found from the document's own
structure, not from its words: lines that open with an enumeration mark (「1.」「一、」「（二）」
「【标题】」「# 标题」「■」) and recur at least twice, and headings set in bold on lines of
their own where three or more recur, or two among recurring marks
(「**一物业公司被业主起诉索赔**」, two bold lines in a row being one heading), and a catalogue's
records: a heading line followed by field lines (「发布时间：」「泄露数量：」) whose labels
recur from record to record, and in a text whose line breaks were lost, a run of inline marks
numbered 1, 2, 3… in order. A statute's articles (「第十条」) are not items: they state rules,
not events. Offsets are in the text as it is given (for extraction: the normalised body).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

MIN_ITEMS = 2
"""Fewer heading lines than this and the text is one piece, not a list of items."""
MIN_LINE_ITEMS = 6
LINE_ITEM_CHARS = (8, 100)
LINE_ITEM_SHARE = 0.8
"""Without marks, a text is a list of one-line items (a daily digest: one story a line) when it
has at least MIN_LINE_ITEMS lines and that share of them reads as headlines: headline-sized and
not closed by a full stop (paragraphs of prose are)."""
HEADING_CHARS = 60
"""A heading is its line up to the first sentence end, at most this many characters."""

_MARK = re.compile(
    r"(?:\d{1,2}\s*[.、．)）]"
    r"|[（(]\s*\d{1,2}\s*[)）]"
    r"|[一二三四五六七八九十]{1,3}\s*[、.．]"
    r"|[（(][一二三四五六七八九十]{1,3}[)）]"
    r"|第[一二三四五六七八九十\d]{1,3}[则起个]"
    r"|【[^】\n]{2,40}】"
    r"|#{1,6}\s"
    r"|[■●▶◆★▌►]"
    r")"
)
MIN_BOLD_ITEMS = 3
"""Bold heading lines are items only where at least this many runs of them recur: one or two
bold lines are emphasis, a roundup has many."""
MIN_BOLD_AMONG_MARKS = 2
"""Where recurring marks already make the text a list (「【编辑点评】」 after each story), two
bold headings are two of its items."""
_BOLD_LINE = re.compile(rf"\*\*(?P<inner>.{{2,{HEADING_CHARS + 8}}}?)\*\*")
"""A line set in bold as a whole (markdown's ``**``, as saved WeChat and media pages carry it)."""
_NUMBERING = re.compile(r"[-—－\s\d.、第]*")
"""A bold line that only numbers its heading (「**-01-**」)."""
_NUMBER = re.compile(r"(?:#{1,6}\s*)?(?:第|[（(]\s*)?(?:1|一)\s*[.、．)）则起个]\s*")
"""The mark of a list's first item (「## 1.」「一、」「（1）」「第一则」)."""
TITLED_HEADING_CHARS = 8
"""A first item's heading shorter than this (「1. 概述」) is too generic to title a page."""
_CLOSING = frozenset("。！？!?；;….")
_SENTENCE_END = re.compile(r"[。！？!?；;]")


@dataclass(frozen=True, slots=True)
class TextItem:
    """One item of a multi-item text: its heading and where it lies in the text."""

    heading: str
    start: int
    end: int
    marked: bool = True
    """False for items no enumeration mark sets apart (a digest's one-line items, a catalogue's
    records): their text is a list of stories whatever its title says."""
    heading_end: int = -1
    """Where a bold heading's lines, or a record's heading line, end (-1: the heading is the
    item's first sentence)."""


def split_items(text: str) -> list[TextItem]:
    """The items of ``text`` in order, or ``[]`` when it is not a list of items."""
    records = _record_items(text)
    if records:
        return records
    starts = []
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip()
        if _MARK.match(stripped):
            starts.append(offset + len(line) - len(stripped))
        offset += len(line)
    if len(starts) < MIN_ITEMS:
        return _bold_items(text) or _line_items(text) or _inline_items(text)
    bold = {
        item.start: item
        for item in _bold_items(text, MIN_BOLD_AMONG_MARKS)
        if item.start not in starts
    }
    bounds = sorted([*starts, *bold])
    items = []
    for i, start in enumerate(bounds):
        end = bounds[i + 1] if i + 1 < len(bounds) else len(text)
        if start in bold:
            items.append(replace(bold[start], end=end))
        else:
            items.append(TextItem(_heading(text[start:end]), start, end))
    return items


def titled_by_first_item(items: list[TextItem], text: str, title: str) -> bool:
    """A roundup page titled by its first story: the title is the heading of item 「1.」
    (a security site's daily news, 「## 1. 哥伦比亚能源供应商遭勒索攻击」 under that title)."""
    for item in items:
        first = _NUMBER.match(text, item.start)
        if first is not None:
            heading = text[first.end() : item.end].split("\n", 1)[0].strip()
            return len(heading) >= TITLED_HEADING_CHARS and heading == title.strip()
    return False


def _bold_items(text: str, minimum: int = MIN_BOLD_ITEMS) -> list[TextItem]:
    """Items headed by whole lines in bold; consecutive bold lines are one heading."""
    if "**" not in text:
        return []
    runs: list[tuple[int, int, list[str]]] = []  # heading start, heading end, its lines
    offset = 0
    previous_bold = False
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        bold = _BOLD_LINE.fullmatch(stripped)
        inner = bold.group("inner").replace("**", "").strip() if bold else ""
        if bold and inner and inner[-1] not in _CLOSING:
            end = offset + len(line.rstrip())
            if previous_bold:
                runs[-1][2].append(inner)
                runs[-1] = (runs[-1][0], end, runs[-1][2])
            else:
                runs.append((offset + len(line) - len(line.lstrip()), end, [inner]))
            previous_bold = True
        elif stripped:
            previous_bold = False
        offset += len(line)
    if len(runs) < minimum:
        return []
    items = []
    for i, (start, heading_end, lines) in enumerate(runs):
        end = runs[i + 1][0] if i + 1 < len(runs) else len(text)
        heading = " ".join(line for line in lines if not _NUMBERING.fullmatch(line))
        items.append(TextItem(heading[:HEADING_CHARS].strip(), start, end, heading_end=heading_end))
    return items


MIN_RECORDS = 3
"""A catalogue needs at least this many records; one or two headed field lists are a form."""
SHARED_FIELDS = 2
"""How many field labels a record shares with the catalogue's most common labels."""
_FIELD = re.compile(r"\s*(?:\*\*)?(?P<label>[\u4e00-\u9fa5A-Za-z/]{2,8})(?:\*\*)?\s*[：:]")
"""A record's field line: 「发布时间：2025年1月17日」「**泄露数量：**40,000」 (or left empty)."""


def _record_items(text: str) -> list[TextItem]:
    """A catalogue of events (a monthly breach report): records, each a heading line followed by
    field lines 「发布时间：…」「泄露数量：…」 whose labels recur from record to record. Each record
    is an item, its heading line the heading; it ends with its last recurring field."""
    if "：" not in text and ":" not in text:
        return []  # no field line without a colon
    lines = _content_lines(text)
    records: list[tuple[int, str, list[tuple[str, int]]]] = []  # start, heading, (label, end)
    i = 0
    while i < len(lines) - 2:
        start, heading = lines[i]
        fields = []
        j = i + 1
        while j < len(lines) and (field := _FIELD.match(lines[j][1])) is not None:
            fields.append((field.group("label"), lines[j][0] + len(lines[j][1])))
            j += 1
        if (
            len(fields) >= SHARED_FIELDS
            and not _FIELD.match(heading)
            and heading[-1] not in _CLOSING
        ):
            records.append((start, heading, fields))
            i = j
        else:
            i += 1
    counts = Counter(label for *_, fields in records for label in {f[0] for f in fields})
    common = {label for label, n in counts.items() if n >= MIN_RECORDS}
    items = []
    for start, heading, fields in records:
        shared = [end for label, end in fields if label in common]
        if len(shared) >= SHARED_FIELDS:
            items.append(
                TextItem(
                    _heading(heading.replace("**", "").lstrip("# ")),
                    start,
                    shared[-1],
                    marked=False,
                    heading_end=start + len(heading),
                )
            )
    return items if len(items) >= MIN_RECORDS else []


def _content_lines(text: str) -> list[tuple[int, str]]:
    """Each line that holds text, stripped, with where its text starts in ``text``."""
    lines = []
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            lines.append((offset + line.index(stripped[0]), stripped))
        offset += len(line)
    return lines


def _line_items(text: str) -> list[TextItem]:
    lines = [
        TextItem(_heading(line), start, start + len(line), marked=False)
        for start, line in _content_lines(text)
    ]
    low, high = LINE_ITEM_CHARS
    sized = sum(
        low <= it.end - it.start <= high and text[it.end - 1] not in _CLOSING for it in lines
    )
    if len(lines) < MIN_LINE_ITEMS or sized < LINE_ITEM_SHARE * len(lines):
        return []
    return lines


MIN_INLINE_ITEMS = 3
_INLINE_MARK = re.compile(r"(?:^|(?<=[\s。！？!?；;]))(\d{1,2})[.、．](?!\d)")
"""「… 3.某装修公司出售客户信息被查 记者获悉，…」: an item mark inside a text whose line breaks
were lost (a dataset's or a feed's flattened copy), after a space or a sentence end and not
opening a decimal (「8.7 亿元」)."""
_SPACE = re.compile(r"(?<=\S)\s")


def _inline_items(text: str) -> list[TextItem]:
    """Items of a flattened list: the longest run of inline marks numbered 1, 2, 3… in order,
    at least MIN_INLINE_ITEMS long (a count of points is rarely numbered so far by chance); a
    heading ends at its first space, where the line break was."""
    best: list[re.Match[str]] = []
    run: list[re.Match[str]] = []
    for mark in _INLINE_MARK.finditer(text):
        number = int(mark.group(1))
        if number == 1:
            run = [mark]
        elif run and number == int(run[-1].group(1)) + 1:
            run.append(mark)
        else:
            continue
        if len(run) > len(best):
            best = list(run)
    if len(best) < MIN_INLINE_ITEMS:
        return []
    items = []
    for i, mark in enumerate(best):
        end = best[i + 1].start() if i + 1 < len(best) else len(text)
        gap = _SPACE.search(text, mark.end(), end)
        items.append(
            TextItem(_heading(text[mark.start() : gap.start() if gap else end]), mark.start(), end)
        )
    return items


def without_mark(heading: str) -> str:
    """An item's heading without its enumeration mark (「6. 某医院…」 → 「某医院…」): the mark is
    no part of what the heading says."""
    mark = _MARK.match(heading)
    return heading[mark.end() :].lstrip() if mark else heading


def item_at(items: list[TextItem], position: int) -> TextItem | None:
    """The item holding character ``position``, if any."""
    return next((item for item in items if item.start <= position < item.end), None)


def _heading(block: str) -> str:
    line = block.split("\n", 1)[0].strip()
    end = _SENTENCE_END.search(line)
    if end is not None:
        line = line[: end.start()]
    return line[:HEADING_CHARS].strip()
