"""Sentence splitting respects Chinese punctuation, quotes and headline separators."""

from __future__ import annotations

from piwatch.pipelines.text.sentences import split_sentences


def texts(text: str, max_chars: int = 600) -> list[str]:
    return [s.text for s in split_sentences(text, max_chars)]


def test_terminal_marks_and_closing_quotes_stay_with_their_sentence() -> None:
    text = "业主李女士说：“我刚交房就接到装修电话！”她随即向市场监管部门投诉。该公司否认。"
    assert texts(text) == [
        "业主李女士说：“我刚交房就接到装修电话！”",
        "她随即向市场监管部门投诉。",
        "该公司否认。",
    ]


def test_semicolons_lines_and_headline_bars_split() -> None:
    text = "周报：某快递网点被罚；某银行泄露客户信息 | 工信部通报38款App\n第二段……结束"
    assert texts(text) == [
        "周报：某快递网点被罚；",
        "某银行泄露客户信息",
        "工信部通报38款App",
        "第二段……",
        "结束",
    ]


def test_offsets_point_into_the_text() -> None:
    text = "甲公司出售数据。乙公司拨打骚扰电话！"
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text


def test_long_runs_are_cut_at_commas() -> None:
    text = "，".join(["某公司收集用户信息"] * 30) + "。"
    pieces = texts(text, max_chars=50)
    assert all(len(p) <= 50 for p in pieces)
    assert "".join(pieces) == text


def test_a_half_width_stop_after_chinese_ends_a_sentence() -> None:
    """Reviews typed without a Chinese input method end sentences with 「.」; numbers and
    domain names keep theirs."""
    text = "房间还算干净.前台态度一般.早餐3.5元,见example.com."
    assert [s.text for s in split_sentences(text)] == [
        "房间还算干净.",
        "前台态度一般.",
        "早餐3.5元,见example.com.",
    ]
