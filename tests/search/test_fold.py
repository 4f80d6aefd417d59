"""``fold`` skips the t2s conversion for texts it would not change; the result must be exactly
what converting every text gives."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from piwatch.pipelines.text.normalize import t2s_converter
from piwatch.search.zh import fold

CJK = st.characters(min_codepoint=0x3400, max_codepoint=0x9FFF)
TEXT = st.text(st.one_of(CJK, st.sampled_from("ＡＢｃ１２，。 app个人信息臺灣資訊")), max_size=40)


def _always_converted(text: str) -> str:
    return t2s_converter().convert(unicodedata.normalize("NFKC", text)).lower()


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_fold_is_the_full_conversion(text: str) -> None:
    assert fold(text) == _always_converted(text)


def test_examples() -> None:
    assert fold("臺灣某銀行洩露客戶資料") == "台湾某银行泄露客户资料"
    assert fold("深圳某ＡＰＰ违规收集个人信息") == "深圳某app违规收集个人信息"
