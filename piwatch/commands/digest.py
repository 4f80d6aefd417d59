"""`piwatch digest`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape

from piwatch.errors import PiwatchError

if TYPE_CHECKING:
    from piwatch.reports.weeks import Week


def register(app: typer.Typer) -> None:
    """Add `piwatch digest` to the application."""
    app.command("digest")(digest)


def digest(
    week: str | None = typer.Option(
        None, "--week", help="ISO week YYYY-Www (default: last complete week)."
    ),
    send: bool = typer.Option(
        False, "--send/--dry-run", help="Send by SMTP, or write .eml/.html under digest_dir."
    ),
    force: bool = typer.Option(False, "--force", help="Send again to recipients already sent."),
) -> None:
    """Build the weekly lead digest for each recipient's jurisdiction; send it or write it."""
    from piwatch.config import load_settings
    from piwatch.pipelines.text.mask import mask_pii
    from piwatch.reports.digest import DigestOptions, busier_current_week, run_digest
    from piwatch.reports.weeks import last_complete_week, week_from_label
    from piwatch.search.client import connect

    settings = load_settings()
    options = DigestOptions.from_settings(settings)
    if not options.recipients:
        raise PiwatchError(
            "no digest recipients configured; add [[digest.recipients]] entries "
            "(email, province/city) to piwatch.toml"
        )
    now = datetime.now(UTC)
    target = (
        week_from_label(week, options.timezone)
        if week
        else last_complete_week(now, options.timezone)
    )
    es = connect(settings)
    report = run_digest(
        es, options, target, "send" if send else "dry-run", force=force, now=now, mask=mask_pii
    )
    console = Console()
    regions = {spec.email: spec.jurisdiction.label for spec in options.recipients}
    for r in report.results:
        detail = {
            "sent": f"{r.leads} leads, {r.attempts} attempt(s)",
            "written": f"{r.leads} leads of {regions.get(r.email, '')} to "
            + ", ".join(str(p) for p in r.files),
            "already-sent": "already sent this week (use --force to resend)",
            "failed": f"{r.attempts} attempts; last error: {r.error}",
        }[r.outcome]
        console.print(
            escape(f"{report.week} {r.email}: {r.outcome} ({detail})"),
            highlight=False,
            soft_wrap=True,
        )
    _warn_if_current_week_is_busier(busier_current_week(es, options, report, now), report.week)
    if report.failed:
        raise PiwatchError(
            f"digest {report.week} not delivered to "
            + ", ".join(r.email for r in report.failed)
            + "; check the SMTP settings and run again (sent recipients are skipped)"
        )


def _warn_if_current_week_is_busier(found: tuple[Week, dict[str, int]], week: str) -> None:
    """An empty digest of a past week next to a current week with leads is likely a wrong week
    (a fresh install, a demo): say so, with the command for the current week."""
    current, busier = found
    err = Console(stderr=True)
    for email, n in busier.items():
        err.print(
            escape(
                f"warning: {week} has no leads for {email}, but the current week "
                f"{current.label} has {n} so far; `piwatch digest --week {current.label}` "
                "digests it"
            ),
            highlight=False,
            soft_wrap=True,
        )
