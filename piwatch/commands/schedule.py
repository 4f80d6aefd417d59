"""`piwatch schedule`."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import typer

from piwatch.errors import PiwatchError

if TYPE_CHECKING:
    from piwatch.scheduler import JobInfo


def register(app: typer.Typer) -> None:
    """Add `piwatch schedule` to the application."""
    app.command("schedule")(schedule)


def schedule(
    list_jobs: bool = typer.Option(
        False,
        "--list",
        help="Show the configured jobs, their cron triggers and next run times, and exit.",
    ),
    run_now: str | None = typer.Option(
        None,
        "--run-now",
        metavar="JOB",
        help="Run one job now in the foreground and exit: nightly-crawl, weekly-digest, "
        "monthly-rollover or weekly-removal-watch.",
    ),
) -> None:
    """Run the scheduler (nightly crawl, weekly digest, monthly index rollover, weekly removal
    watch) until SIGTERM or SIGINT."""
    from piwatch import scheduler
    from piwatch.config import load_settings
    from piwatch.search.runs import RUN_EXIT_CODES

    settings = load_settings()
    if list_jobs:
        _print_jobs(scheduler.list_jobs(settings), settings.schedule.timezone)
        return
    for name in ("piwatch.scheduler", "apscheduler", "piwatch.reports", "piwatch.search"):
        logging.getLogger(name).setLevel(logging.INFO)
    if run_now:
        jobs = {
            scheduler.CRAWL_JOB: scheduler.crawl_job,
            scheduler.DIGEST_JOB: scheduler.digest_job,
            scheduler.ROLLOVER_JOB: scheduler.rollover_job,
            scheduler.RECHECK_JOB: scheduler.recheck_job,
        }
        if run_now not in jobs:
            raise PiwatchError(f"unknown job {run_now!r}; jobs are: {', '.join(jobs)}")
        status = jobs[run_now]()
        typer.echo(f"{run_now}: {status}")
        if status != "ok":
            raise typer.Exit(RUN_EXIT_CODES.get(status, 1))
        return
    scheduler.serve(settings)


def _print_jobs(jobs: list[JobInfo], timezone: str) -> None:
    """Each job: name and target, its cron expression as read, its next run in the time zone."""
    typer.echo(f"jobs configured (cron in {timezone}):")
    for job in jobs:
        if not job.cron:
            typer.echo(f"{job.id}: disabled (empty cron expression)")
            continue
        typer.echo(f"{job.id}  {job.target}")
        typer.echo(f"  cron {job.cron!r} = {job.trigger}")
        when = (
            f"{job.next_run.isoformat()} ({job.next_run:%a}, {timezone})"
            if job.next_run
            else "never"
        )
        typer.echo(f"  next {when}")
