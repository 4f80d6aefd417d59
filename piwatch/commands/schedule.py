"""`piwatch schedule`."""

from __future__ import annotations

import logging

import typer

from piwatch.errors import PiwatchError


def register(app: typer.Typer) -> None:
    """Add `piwatch schedule` to the application."""
    app.command("schedule")(schedule)


def schedule(
    list_jobs: bool = typer.Option(False, "--list", help="Show the stored jobs and exit."),
    run_now: str | None = typer.Option(
        None, "--run-now", metavar="JOB", help="Run one job now in the foreground and exit."
    ),
) -> None:
    """Run the scheduler (nightly crawl, weekly digest, monthly index rollover) until SIGTERM or
    SIGINT."""
    from piwatch import scheduler
    from piwatch.config import load_settings

    settings = load_settings()
    if list_jobs:
        jobs = scheduler.list_jobs(settings)
        if not jobs:
            typer.echo(f"no jobs stored in {scheduler.store_url(settings)}; start the scheduler")
            return
        for job in jobs:
            next_run = job.next_run.isoformat() if job.next_run else "paused"
            typer.echo(f"{job.id}\t{job.target}\tnext {next_run}\t{job.trigger}")
        return
    for name in ("piwatch.scheduler", "apscheduler", "piwatch.reports", "piwatch.search"):
        logging.getLogger(name).setLevel(logging.INFO)
    if run_now:
        jobs = {
            scheduler.CRAWL_JOB: scheduler.crawl_job,
            scheduler.DIGEST_JOB: scheduler.digest_job,
            scheduler.ROLLOVER_JOB: scheduler.rollover_job,
        }
        if run_now not in jobs:
            raise PiwatchError(f"unknown job {run_now!r}; jobs are: {', '.join(jobs)}")
        status = jobs[run_now]()
        typer.echo(f"{run_now}: {status}")
        if status != "ok":
            raise typer.Exit(1)
        return
    scheduler.serve(settings)
