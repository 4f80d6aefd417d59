"""parse_date: Chinese absolute and relative dates, deterministic given ``now``."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piwatch.pipelines.text.dates import iter_dates, parse_date

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2024, 3, 5, 16, 0, tzinfo=SH)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SH)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年3月5日 14:20", at(2024, 3, 5, 14, 20)),
        ("2024年03月05日14:20:33", at(2024, 3, 5, 14, 20, 33)),
        ("发布时间：2024-03-05 14:20 来源：新华网", at(2024, 3, 5, 14, 20)),
        ("2024-03-05", at(2024, 3, 5)),
        ("2024/3/5 9:05", at(2024, 3, 5, 9, 5)),
        ("2024.03.01", at(2024, 3, 1)),
        ("20240301", at(2024, 3, 1)),
        ("2005-3-11 12:12", at(2005, 3, 11, 12, 12)),
        ("03月05日", at(2024, 3, 5)),
        ("3月5日 08:30", at(2024, 3, 5, 8, 30)),
        ("12月30日", at(2023, 12, 30)),  # later than now in this year: last year's
        ("03-04 09:15", at(2024, 3, 4, 9, 15)),
        ("二〇二三年十二月二十一日", at(2023, 12, 21)),
        ("2024年3月5日下午2点30分", at(2024, 3, 5, 14, 30)),
        ("2024年3月5日 晚上8:05", at(2024, 3, 5, 20, 5)),
        ("2019-03-15T10:20:00+00:00", at(2019, 3, 15, 18, 20)),
        ("2019-03-15T10:20:00Z", at(2019, 3, 15, 18, 20)),
        ("3小时前", at(2024, 3, 5, 13, 0)),
        ("5分钟前", at(2024, 3, 5, 15, 55)),
        ("30秒前", at(2024, 3, 5, 15, 59, 30)),
        ("半小时前", at(2024, 3, 5, 15, 30)),
        ("三天前", at(2024, 3, 2, 16, 0)),
        ("3天前", at(2024, 3, 2, 16, 0)),
        ("2周前", at(2024, 2, 20, 16, 0)),
        ("1个月前", at(2024, 2, 4, 16, 0)),
        ("刚刚", NOW),
        ("今天 09:10", at(2024, 3, 5, 9, 10)),
        ("昨天 14:20", at(2024, 3, 4, 14, 20)),
        ("昨日", at(2024, 3, 4)),
        ("前天", at(2024, 3, 3)),
        ("前天 下午3:00", at(2024, 3, 3, 15, 0)),
        ("Mar 3, 2024", at(2024, 3, 3)),
        ("2 days ago", at(2024, 3, 3, 16, 0)),
    ],
)
def test_parse_date(text: str, expected: datetime) -> None:
    value = parse_date(text, NOW)
    assert value == expected
    assert value is not None and value.utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "没有日期的一段话",
        "1999年以前",
        "2024年13月40日",
        "第3天",
        "价格12.5元",
        "2099-01-01",
        "99999年前",
        "999年前",
    ],
)
def test_no_date(text: str) -> None:
    assert parse_date(text, NOW) is None


def test_other_time_zone() -> None:
    taipei = parse_date("2024-03-05 14:20", NOW, tz="Asia/Taipei")
    assert taipei is not None and taipei.tzinfo == ZoneInfo("Asia/Taipei")
    assert parse_date("3小时前", datetime(2024, 3, 5, 8, 0), tz="UTC") == datetime(
        2024, 3, 5, 5, 0, tzinfo=ZoneInfo("UTC")
    )


def test_iter_dates_without_now_keeps_only_dates_with_a_year() -> None:
    text = "2024年3月5日 14:20 发布，3小时前更新，03月06日转载"
    assert [d.value for d in iter_dates(text, None)] == [at(2024, 3, 5, 14, 20)]
    found = list(iter_dates(text, NOW))
    assert [d.value for d in found] == [
        at(2024, 3, 5, 14, 20),
        at(2024, 3, 5, 13, 0),
        at(2024, 3, 6),
    ]
    assert found[0].has_time and not found[2].has_time


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_an_aware_date_or_none(text: str) -> None:
    value = parse_date(text, NOW)
    assert value is None or value.tzinfo is not None


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2024, 3, 4)),
    st.sampled_from(["{y}年{m}月{d}日 {H}:{M:02d}", "{y}-{m:02d}-{d:02d} {H:02d}:{M:02d}"]),
)
def test_written_dates_round_trip(value: datetime, pattern: str) -> None:
    text = pattern.format(y=value.year, m=value.month, d=value.day, H=value.hour, M=value.minute)
    assert parse_date(f"发布时间：{text} 来源：本网", NOW) == value.replace(
        second=0, microsecond=0, tzinfo=SH
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05" + " " * 20_000 + "x", at(2024, 3, 5)),
        ("2024-03-05 12" + " " * 20_000 + ":", at(2024, 3, 5)),
        ("3" + " " * 20_000 + "小时前", None),
        ("2024年" + "\u3000" * 20_000, None),
    ],
)
def test_long_whitespace_runs_are_linear(text: str, expected: datetime | None) -> None:
    """Regression: unbounded whitespace in the patterns backtracked for minutes on these."""
    assert next((d.value for d in iter_dates(text, NOW)), None) == expected


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=10**12),
    st.sampled_from(["秒", "分钟", "小时", "天", "周", "个月", "年"]),
)
def test_any_relative_amount_is_a_date_or_none(amount: int, unit: str) -> None:
    value = parse_date(f"{amount}{unit}前", NOW)
    assert value is None or (value <= NOW and value.year >= 1990)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("发布日期：9/17/2004 5:54:13 AM", at(2004, 9, 17, 5, 54, 13)),
        ("发布日期：7/5/2005 9:23:57 PM 来源：本站", at(2005, 7, 5, 21, 23, 57)),
        ("12/25/2023 12:05:00 AM", at(2023, 12, 25, 0, 5)),
        ("更新于 17/9/2004", at(2004, 9, 17)),
        ("2024-03-05 12:30 PM", at(2024, 3, 5, 12, 30)),
    ],
)
def test_slashed_dates_with_the_year_last(text: str, expected: datetime) -> None:
    assert [hit.value for hit in iter_dates(text, None)] == [expected]


@pytest.mark.parametrize("text", ["5/7/2005", "第1/2/2004号文件", "13/14/2004"])
def test_slashed_dates_in_an_unknown_order_are_no_dates(text: str) -> None:
    assert list(iter_dates(text, None)) == []
