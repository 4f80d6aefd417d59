"""Normalisation: full-width to half-width, traditional to simplified, whitespace."""

from __future__ import annotations

import pytest

from piwatch.pipelines.text.normalize import (
    is_traditional,
    masked_spelling,
    normalize,
    to_half_width,
    to_simplified,
    unmask,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＡＢＣ公司１２３号", "ABC公司123号"),
        (
            "售价：１２０元，折扣５０％！",
            "售价：120元,折扣50%!".replace(",", "，").replace("!", "！"),
        ),
        ("迪奥（上海）公司(ＳＨ)", "迪奥（上海）公司(SH)"),
        ("全角\u3000空格", "全角 空格"),
    ],
)
def test_half_width_keeps_chinese_clause_punctuation(raw: str, expected: str) -> None:
    assert to_half_width(raw) == expected


def test_traditional_text_becomes_simplified() -> None:
    text = "香港某電訊公司洩露客戶個人資料，涉及逾萬條記錄。"
    assert is_traditional(text)
    assert to_simplified(text) == "香港某电讯公司泄露客户个人资料，涉及逾万条记录。"


def test_simplified_text_is_left_alone() -> None:
    text = "乾隆年间的著作被某公司出售。"  # 乾 and 著 are also simplified forms
    assert not is_traditional(text)
    assert to_simplified(text) == text


def test_normalize_collapses_spaces_and_blank_lines() -> None:
    assert normalize("  第一行\t\t有  空格\n\n\n第二行  ") == "第一行 有 空格\n第二行"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("售卖一份中国\\*\\*贷款平台用户数据", "售卖一份中国某某贷款平台用户数据"),
        ("\\*图片来源：网络", "\\*图片来源：网络"),  # a footnote mark opening a line
        ("长宽高为 4956\\*1981mm", "长宽高为 4956\\*1981mm"),  # a product of numbers
        ("据了解**某公司**正在", "据了解**某公司**正在"),  # bold markers, not masks
    ],
)
def test_escaped_masks_read_as_described_parts(text: str, expected: str) -> None:
    assert unmask(text) == expected


def test_a_masked_name_is_written_as_the_text_masks_it() -> None:
    original = "有人称正在售卖一份中国\\*\\*贷款平台用户数据"
    assert masked_spelling("中国某某贷款平台", original) == "中国**贷款平台"
    assert masked_spelling("某贷款平台", "某贷款平台出售数据") == "某贷款平台"


def test_plain_asterisk_runs_mask_a_name_but_bold_marks_stay() -> None:
    assert unmask("3、****贷款平台用户数据泄露") == "3、某某某某贷款平台用户数据泄露"
    assert unmask("中国***航空机票数据泄露") == "中国某某某航空机票数据泄露"
    assert unmask("**数据泄露**的影响") == "**数据泄露**的影响"  # markdown's bold
    assert masked_spelling("某某某某贷款平台", "3、****贷款平台用户数据泄露") == "****贷款平台"
