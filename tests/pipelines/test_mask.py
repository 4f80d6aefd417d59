"""Masking: no phone, ID, card number, e-mail or plate survives into a snippet or evidence."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from piwatch.pipelines.leads import ExtractOptions, TextInput
from piwatch.pipelines.leads.extract import extract
from piwatch.pipelines.text.mask import mask_pii


def test_each_kind_is_masked_and_the_rest_kept() -> None:
    text = (
        "涉事中介王某手机13812345678，身份证号440301199003071234，"
        "收款卡号6222 0212 3456 7890 123，邮箱wang.mou@example.com，车牌粤B·12345，"
        "座机0755-83456789；共出售5万余条，2023年3月15日案发。"
    )
    masked = mask_pii(text)
    for secret in ("13812345678", "440301199003071234", "7890 123", "wang.mou", "12345，座机"):
        assert secret not in masked
    assert "138********" in masked
    assert "440301************" in masked
    assert "***@example.com" in masked
    assert "粤B*****" in masked
    assert "5万余条" in masked and "2023年3月15日" in masked  # numbers that are not PII stay


def test_international_and_spaced_mobiles() -> None:
    assert mask_pii("+86 139 1234 5678") == "139********"
    assert "1234" not in mask_pii("电话：139-1234-5678")


def test_short_numbers_and_amounts_untouched() -> None:
    text = "罚款20万元，涉及App 38款，订单号12345，2345浏览器"
    assert mask_pii(text) == text


_mobile = st.builds(
    lambda prefix, rest, sep: f"1{prefix}{rest[:1]}{sep}{rest[1:5]}{sep}{rest[5:]}",
    st.sampled_from("3456789"),
    st.text("0123456789", min_size=9, max_size=9),
    st.sampled_from(["", "", "-", " "]),
)
_id_number = st.builds(
    lambda area, year, month, day, seq, check: f"{area}{year}{month:02d}{day:02d}{seq}{check}",
    st.integers(110000, 659999).map(str),
    st.integers(1930, 2020).map(str),
    st.integers(1, 12),
    st.integers(1, 28),
    st.text("0123456789", min_size=3, max_size=3),
    st.sampled_from("0123456789X"),
)
_card = st.builds(
    lambda digits, sep: sep.join(digits[i : i + 4] for i in range(0, len(digits), 4)),
    st.integers(16, 19).flatmap(lambda n: st.text("0123456789", min_size=n, max_size=n)),
    st.sampled_from(["", " ", "-"]),
)
_filler = st.text(alphabet="某公司员工出售客户信息，包括姓名电话住址。", max_size=12)


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


@settings(max_examples=150, deadline=None)
@given(secret=st.one_of(_mobile, _id_number, _card), before=_filler, after=_filler)
def test_no_generated_number_survives_into_evidence(secret: str, before: str, after: str) -> None:
    text = f"深圳某房产中介公司员工出售业主信息5万余条，{before}联系方式{secret}{after}。"
    result = extract(TextInput(id="p", text=text), ExtractOptions())
    assert result.evidence, "the sentence is a violation and must be evidence"
    for snippet in result.evidence:
        assert _digits(secret) not in _digits(snippet)
        assert secret not in snippet
    assert _digits(secret) not in _digits(mask_pii(secret))
