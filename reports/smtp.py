"""Deliver messages over SMTP (plain, STARTTLS or SSL, optional login) with retries and backoff."""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage

from tenacity import (
    RetryCallState,
    RetryError,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SmtpOptions:
    host: str = "127.0.0.1"
    port: int = 25
    security: str = "none"  # none, starttls, ssl
    username: str | None = None
    password: str | None = None  # from PIWATCH_DIGEST__SMTP_PASSWORD only
    timeout: float = 30.0
    retries: int = 3  # attempts after the first
    backoff: float = 2.0  # seconds before the first retry; doubles, capped at backoff_cap
    backoff_cap: float = 60.0

    def __repr__(self) -> str:  # never show the password in logs or tracebacks
        return f"SmtpOptions(host={self.host!r}, port={self.port}, security={self.security!r})"


class DeliveryError(Exception):
    """Every attempt failed; ``attempts`` lists each attempt's error."""

    def __init__(self, recipient: str, attempts: list[str]) -> None:
        super().__init__(f"{recipient}: {len(attempts)} attempts failed; last: {attempts[-1]}")
        self.recipient = recipient
        self.attempts = attempts


def deliver(message: EmailMessage, options: SmtpOptions) -> int:
    """Send ``message``; retry connection errors and 4xx/5xx replies; return attempts used."""
    recipient = str(message["To"])
    errors: list[str] = []

    def note(state: RetryCallState) -> None:
        errors.append(_describe(state.outcome.exception()))  # type: ignore[union-attr, arg-type]
        log.warning(
            "SMTP attempt %d for %s failed: %s", state.attempt_number, recipient, errors[-1]
        )

    retrying = Retrying(
        stop=stop_after_attempt(options.retries + 1),
        wait=wait_exponential(multiplier=options.backoff, max=options.backoff_cap),
        retry=retry_if_exception_type((OSError, smtplib.SMTPException)),
        after=note,
    )
    try:
        retrying(_send_once, message, options)
    except RetryError:
        raise DeliveryError(recipient, errors) from None
    attempts = retrying.statistics["attempt_number"]
    if errors:
        log.info("sent to %s after %d attempts", recipient, attempts)
    return attempts


def _send_once(message: EmailMessage, o: SmtpOptions) -> None:
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if o.security == "ssl":
        smtp = smtplib.SMTP_SSL(o.host, o.port, timeout=o.timeout, context=context)
    else:
        smtp = smtplib.SMTP(o.host, o.port, timeout=o.timeout)
    with smtp:
        smtp.ehlo()
        if o.security == "starttls":
            smtp.starttls(context=context)
            smtp.ehlo()
        if o.username:
            smtp.login(o.username, o.password or "")
        refused = smtp.send_message(message)
        if refused:
            raise smtplib.SMTPRecipientsRefused(refused)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if exc.smtp_error else ""
        return f"{exc.smtp_code} {text}".strip()
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{r}: {c} {m!r}" for r, (c, m) in exc.recipients.items())
    return f"{type(exc).__name__}: {exc}"
