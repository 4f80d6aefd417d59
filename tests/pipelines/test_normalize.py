"""Normalisation: full-width to half-width, traditional to simplified, whitespace."""

from __future__ import annotations

import pytest

from piwatch.pipelines.text.normalize import is_traditional, normalize, to_half_width, to_simplified


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
