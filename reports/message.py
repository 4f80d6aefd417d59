"""One digest e-mail: multipart/alternative (text + HTML) plus the CSV attachment."""

from __future__ import annotations

from datetime import datetime
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
    """Build the message; headers are encoded by the stdlib policy (Chinese subjects are safe)."""
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = sender
    msg["To"] = Address(display_name=to_name, addr_spec=to_email) if to_name else to_email
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "piwatch.local")
    msg.set_content(text, subtype="plain", charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    msg.add_attachment(csv_bytes, maintype="text", subtype="csv", filename=csv_name)
    return msg
