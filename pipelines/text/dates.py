"""Chinese absolute and relative dates to aware datetimes, deterministic given ``now``."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from piwatch.pipelines.text.numerals import CN_DIGITS

logger = logging.getLogger(__name__)

MIN_YEAR = 1990
"""Older "dates" on Chinese news pages are copyright lines or ids, not publication dates."""

DATEPARSER_MAX_CHARS = 40
"""dateparser is only asked about short strings: on running text it finds dates in anything."""

# Whitespace runs are bounded (_W): an unbounded \s* beside optional groups backtracks for
# minutes on a date followed by thousands of spaces.
_W = r"\s{0,3}"
_NUM = r"(?:\d{1,4}|[〇○零一二两三四五六七八九十]{1,4})"
_SEP = rf"{_W}[-/.]{_W}"
_AMPM = r"(?P<ampm>上午|下午|晚上|凌晨|早上|中午)?"
_CLOCK = rf"{_AMPM}{_W}(?P<hh>\d{{1,2}}){_W}(?::|：|时|点){_W}(?P<mi>\d{{1,2}})?"
_TIME = (
    rf"(?:(?:T|日|号|,)?{_W}{_CLOCK}{_W}分?"
    rf"(?:{_W}(?::|：){_W}(?P<ss>\d{{1,2}}){_W}秒?)?"
    rf"(?:\.\d+)?(?:{_W}(?P<meridiem>[AaPp][Mm])(?![A-Za-z]))?"
    rf"{_W}(?P<tz>Z|[+-]\d{{2}}:?\d{{2}})?)?"
)
_CN_YEAR = r"[〇○零一二三四五六七八九]{4}"
_ABSOLUTE = re.compile(
    r"(?<!\d)(?:"
    rf"(?P<y1>\d{{4}}|{_CN_YEAR}){_W}年{_W}(?P<m1>{_NUM}){_W}月{_W}(?P<d1>{_NUM}){_W}[日号]?"
    rf"|(?P<y2>\d{{4}}){_SEP}(?P<m2>\d{{1,2}}){_SEP}(?P<d2>\d{{1,2}})(?!\d)"
    rf"|(?P<y3>\d{{4}})(?P<m3>[01]\d)(?P<d3>[0-3]\d)(?={_W}(?:T?\d{{2}}:\d{{2}})|[^\d]|$)"
    rf"|(?P<m4>{_NUM}){_W}月{_W}(?P<d4>{_NUM}){_W}[日号]"
    rf"|(?<![\d/.-])(?P<m5>[01]?\d)-(?P<d5>[0-3]?\d)(?=\s{{1,3}}\d{{1,2}}:\d{{2}})"
    rf"|(?<![\d/.-])(?P<a6>[0-3]?\d)/(?P<b6>[0-3]?\d)/(?P<y6>\d{{4}})(?![\d/])"
    rf"){_TIME}"
)
_RELATIVE = re.compile(
    rf"(?<!\d)(?P<n>{_NUM}|半|几){_W}(?:个)?{_W}"
    rf"(?P<unit>秒|分钟|分|小时|钟头|天|日|周|星期|礼拜|个?月|年){_W}(?:之)?前"
)
_DAY_WORD = re.compile(rf"(?P<word>刚刚|刚才|今天|今日|昨天|昨日|前天|前日)(?:{_W}{_CLOCK})?")
_DAY_OFFSET = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2, "前日": 2}
_UNIT_SECONDS = {
    "秒": 1,
    "分钟": 60,
    "分": 60,
    "小时": 3600,
    "钟头": 3600,
    "天": 86400,
    "日": 86400,
    "周": 7 * 86400,
    "星期": 7 * 86400,
    "礼拜": 7 * 86400,
}


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date found in running text: where it was and whether it had a time of day."""

    value: datetime
    start: int
    end: int
    has_time: bool


def parse_date(text: str, now: datetime, tz: str = "Asia/Shanghai") -> datetime | None:
    """The first date in ``text`` as an aware datetime in ``tz``.

    Absolute (2024年3月5日 14:20, 2024-03-05, 二〇二四年三月五日, 03月05日 with the year taken
    from ``now``) and relative (3小时前, 刚刚, 昨天 14:20, 前天); ``now`` makes it deterministic.
    Short strings nothing here understands go to dateparser (Chinese and English).
    """
    found = next(iter_dates(text, now, tz), None)
    if found is not None:
        return found.value
    if text and len(text.strip()) <= DATEPARSER_MAX_CHARS and now is not None:
        return _dateparser(text.strip(), now, tz)
    return None


def iter_dates(
    text: str, now: datetime | None, tz: str = "Asia/Shanghai", bare_words: bool = True
) -> Iterator[FoundDate]:
    """Every plausible date in ``text``, in order. Without ``now``, only dates that carry their
    own year are returned (relative ones cannot be resolved). ``bare_words=False`` drops 今日,
    昨天, 刚刚 without a time of day: in running text they are words (今日头条), not dates."""
    zone = ZoneInfo(tz)
    local_now = _localise(now, zone) if now is not None else None
    hits: list[FoundDate] = []
    for match in _ABSOLUTE.finditer(text):
        value = _absolute(match, local_now, zone)
        if value is not None:
            hits.append(FoundDate(value, match.start(), match.end(), match.group("hh") is not None))
    if local_now is not None:
        for match in _RELATIVE.finditer(text):
            value = _relative(match, local_now)
            if value is not None and value.year >= MIN_YEAR:
                hits.append(FoundDate(value, match.start(), match.end(), True))
        for match in _DAY_WORD.finditer(text):
            if any(h.start <= match.start() < h.end for h in hits):
                continue
            timed = match.group("hh") is not None
            if not timed and not bare_words:
                continue
            value = _day_word(match, local_now)
            hits.append(FoundDate(value, match.start(), match.end(), timed))
    hits.sort(key=lambda h: h.start)
    yield from hits


def to_aware(value: datetime, tz: str = "Asia/Shanghai") -> datetime:
    """A naive datetime read as local time in ``tz``; an aware one converted to ``tz``."""
    return _localise(value, ZoneInfo(tz))


def _localise(value: datetime, zone: ZoneInfo) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


def _number(raw: str | None) -> int | None:
    if raw is None:
        return None
    raw = raw.strip()
    if raw.isdigit():
        return int(raw)
    if "十" in raw:  # 十, 十二, 二十, 二十五
        tens, _, ones = raw.partition("十")
        high = CN_DIGITS.get(tens, -1) if tens else 1
        low = CN_DIGITS.get(ones, -1) if ones else 0
        if high < 0 or low < 0:
            return None
        return high * 10 + low
    digits = [CN_DIGITS.get(ch) for ch in raw]
    if any(d is None for d in digits):
        return None
    value = 0
    for d in digits:
        value = value * 10 + d  # type: ignore[operator]
    return value


def _absolute(match: re.Match[str], now: datetime | None, zone: ZoneInfo) -> datetime | None:
    g = match.groupdict()
    year = _number(g["y1"] or g["y2"] or g["y3"] or g["y6"])
    month = _number(g["m1"] or g["m2"] or g["m3"] or g["m4"] or g["m5"])
    day = _number(g["d1"] or g["d2"] or g["d3"] or g["d4"] or g["d5"])
    if g["y6"]:
        month, day = _slashed_day_month(int(g["a6"]), int(g["b6"]), g.get("meridiem"))
    if month is None or day is None:
        return None
    yearless = year is None
    if yearless:
        if now is None:
            return None
        year = now.year
    try:
        clock = _clock(g)
        day_value = date(year, month, day)
    except ValueError:
        return None
    value = datetime.combine(day_value, clock or time(0, 0))
    if g.get("tz"):
        offset = g["tz"].replace("Z", "+00:00")
        if ":" not in offset:
            offset = offset[:3] + ":" + offset[3:]
        try:
            aware = datetime.fromisoformat(value.isoformat() + offset)
        except ValueError:
            return None
        result = aware.astimezone(zone)
    else:
        result = value.replace(tzinfo=zone)
    if yearless and now is not None and result > now + timedelta(days=1):
        try:  # "12月30日" read in January is last December's
            result = result.replace(year=year - 1)
        except ValueError:
            return None
    if result.year < MIN_YEAR:
        return None
    if now is not None and result.year > now.year + 1:
        return None
    return result


def _slashed_day_month(
    first: int, second: int, meridiem: str | None
) -> tuple[int | None, int | None]:
    """Month and day of a/b/yyyy: whichever order the numbers allow, and month first when both
    could be a month only with an English AM/PM clock (9/7/2004 5:54:13 AM, a US server's
    format); otherwise the order is unknown and so is the date."""
    if first > 12 >= second:
        return second, first
    if second > 12 >= first or (meridiem and first <= 12 and second <= 12):
        return first, second
    return None, None


def _clock(g: dict[str, str | None]) -> time | None:
    if g.get("hh") is None:
        return None
    hour = int(g["hh"])  # type: ignore[arg-type]
    minute = int(g["mi"]) if g.get("mi") else 0
    second = int(g["ss"]) if g.get("ss") else 0
    afternoon = g.get("ampm") in ("下午", "晚上") or (g.get("ampm") == "中午" and hour < 11)
    meridiem = (g.get("meridiem") or "").lower()
    if (afternoon or meridiem == "pm") and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    return time(hour, minute, second)


def _relative(match: re.Match[str], now: datetime) -> datetime | None:
    raw, unit = match.group("n"), match.group("unit")
    if raw == "半":
        amount = 0.5
    elif raw == "几":
        amount = 3.0  # "几天前": a few; a rough value beats none for recency
    else:
        number = _number(raw)
        if number is None:
            return None
        amount = float(number)
    try:
        if unit.endswith("月"):
            return now - timedelta(days=30 * amount)
        if unit == "年":
            return now - timedelta(days=365 * amount)
        return now - timedelta(seconds=_UNIT_SECONDS[unit] * amount)
    except OverflowError:  # "99999年前" in page noise: no date rather than a crash
        return None


def _day_word(match: re.Match[str], now: datetime) -> datetime:
    word = match.group("word")
    if word in ("刚刚", "刚才"):
        return now
    day = (now - timedelta(days=_DAY_OFFSET[word])).date()
    clock = _clock(match.groupdict())
    if clock is None:
        return datetime.combine(day, time(0, 0), tzinfo=now.tzinfo)
    return datetime.combine(day, clock, tzinfo=now.tzinfo)


def _dateparser(text: str, now: datetime, tz: str) -> datetime | None:
    """dateparser is imported here, by the few strings the patterns above do not read: it
    weighs 9 MB, and the crawl process, which reads list dates, should not carry it for none."""
    import dateparser

    zone = ZoneInfo(tz)
    base = _localise(now, zone).replace(tzinfo=None)
    settings = {
        "RELATIVE_BASE": base,
        "TIMEZONE": tz,
        "TO_TIMEZONE": tz,
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
    }
    try:
        value = dateparser.parse(text, languages=["zh", "en"], settings=settings)
    except (ValueError, OverflowError, TypeError) as exc:
        logger.debug("dateparser gave up on %r: %s", text, exc)
        return None
    if value is None or not MIN_YEAR <= value.year <= now.year + 1:
        return None
    return value.astimezone(zone)
