"""One digest e-mail: multipart/alternative (text + HTML) plus the CSV attachment."""

from __future__ import annotations

from datetime import datetime
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid


def compose(
    *,
    sender: str,
    to_email: str,
    to_name: str,
    subject: str,
    text: str,
    html: str,
    csv_bytes: bytes,
    csv_name: str,
    date: datetime,
) -> EmailMessage:
    """Build the message; the CSV part says ``charset=utf-8`` so mail clients show its Chinese."""
    msg = EmailMessage()
    msg.set_raw("Subject", encoded_subject(subject))
    msg["From"] = sender
    msg["To"] = Address(display_name=to_name, addr_spec=to_email) if to_name else to_email
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "piwatch.local")
    msg.set_content(text, subtype="plain", charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    msg.add_attachment(
        csv_bytes,
        maintype="text",
        subtype="csv",
        filename=csv_name,
        params={"charset": "utf-8"},
    )
    return msg


def encoded_subject(subject: str) -> str:
    """The subject as RFC 2047 encoded words, folded inside words rather than at spaces.

    The stdlib's own folding of a long Chinese subject breaks the line at a space and drops
    it when decoding (「2026-W49 ·江苏省」); encoded words cut anywhere keep every space.
    """
    return Header(subject, "utf-8", header_name="Subject").encode()
