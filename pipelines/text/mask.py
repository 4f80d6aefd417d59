"""Masking of personal data in snippets: phones, ID numbers, bank cards, e-mail, plate numbers."""

from __future__ import annotations

import re

_NOT_DIGIT_BEFORE = r"(?<![0-9A-Za-z])"
_NOT_DIGIT_AFTER = r"(?![0-9])"
_SEP = r"[ \-]?"

# Resident ID: 6-digit area, birth date, sequence, check digit (18 digits), or the old 15 digits.
_ID = re.compile(
    _NOT_DIGIT_BEFORE
    + r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
    + r"(?![0-9A-Za-z])"
)
# Bank cards: 15 to 19 digits, optionally in groups of four separated by a space or hyphen.
_CARD = re.compile(
    _NOT_DIGIT_BEFORE + r"\d{4}(?:[ \-]?\d{4}){2}[ \-]?\d{3,4}(?:[ \-]?\d{1,3})?" + _NOT_DIGIT_AFTER
)
# Any other long digit run could be an ID or card in an unexpected layout: mask it too.
_LONG_DIGITS = re.compile(_NOT_DIGIT_BEFORE + r"\d{15,}" + _NOT_DIGIT_AFTER)
# Mainland mobile numbers, with an optional +86/86/0086 prefix and 3-4-4 separators.
_MOBILE = re.compile(
    _NOT_DIGIT_BEFORE
    + r"(?:(?:\+|00)?86[ \-]?)?1[3-9]\d"
    + _SEP
    + r"\d{4}"
    + _SEP
    + r"\d{4}"
    + _NOT_DIGIT_AFTER
)
# Landlines: area code 0xx(x) and a 7-8 digit number, with an optional extension.
_LANDLINE = re.compile(
    _NOT_DIGIT_BEFORE + r"\(?0\d{2,3}\)?[ \-]?[2-9]\d{2,3}[ \-]?\d{4}" + _NOT_DIGIT_AFTER
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_PLATE = re.compile(
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·•\s]?"
    r"[A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳]?(?![A-Za-z0-9])"
)


def _keep(head: int, tail: int = 0):  # type: ignore[no-untyped-def]
    """A replacer that keeps ``head`` leading and ``tail`` trailing characters of the digits."""

    def replace(match: re.Match[str]) -> str:
        raw = match.group(0)
        body = [c for c in raw if c.isalnum()]
        kept_tail = "".join(body[len(body) - tail :]) if tail else ""
        return "".join(body[:head]) + "*" * (len(body) - head - tail) + kept_tail

    return replace


def _mask_email(match: re.Match[str]) -> str:
    local, _, domain = match.group(0).partition("@")
    return local[:1] + "***@" + domain


def _mask_plate(match: re.Match[str]) -> str:
    raw = match.group(0).replace("·", "").replace("•", "").replace(" ", "")
    return raw[:2] + "*" * (len(raw) - 2)


def mask_pii(text: str) -> str:
    """Mask personal data so a snippet can be stored, logged and mailed.

    IDs keep the 6-digit area code, cards the last four digits, mobiles the 3-digit carrier prefix,
    landlines the area code, e-mail the first letter and the domain, plates the province and city
    letter: enough for an investigator to see what kind of data leaked, not whose.
    """
    text = _EMAIL.sub(_mask_email, text)
    text = _ID.sub(_keep(6), text)
    text = _CARD.sub(_keep(0, 4), text)
    text = _LONG_DIGITS.sub(_keep(0, 4), text)
    text = _MOBILE.sub(_mobile, text)
    text = _LANDLINE.sub(_keep(4), text)
    return _PLATE.sub(_mask_plate, text)


def _mobile(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    if len(digits) > 11:  # country prefix kept as written, number masked after the carrier prefix
        digits = digits[-11:]
    return digits[:3] + "*" * 8
