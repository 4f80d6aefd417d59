"""The long-running scheduler: nightly crawl, weekly digest, monthly rollover and weekly removal
watch, APScheduler 3 with a SQLite store.

Jobs have fixed ids and importable ``module:function`` targets so the persistent store can hold
them; ``replace_existing=True`` lets a changed schedule in the settings win on the next start.
Each crawl runs as a child process (``python -m piwatch crawl``: Twisted's reactor cannot restart
in one process) under a timeout, and leaves a run record in ``{prefix}-runs``. The child gets
``PIWATCH_RUN_ID`` and ``PIWATCH_RUN_STATS`` (a path): a crawl that writes JSON there
(``{"sources": {...}, "items": n, "leads": n, "errors": [...]}``) has it merged into the record.
Settings read: ``schedule.*``, ``data_dir``, ``elasticsearch.index_prefix``.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from piwatch.config import cron_trigger
from piwatch.parent import child_env, run_logged
from piwatch.search.runs import RUN_EXIT_CODES

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

    from piwatch.config import Settings

log = logging.getLogger(__name__)

CRAWL_JOB = "nightly-crawl"
DIGEST_JOB = "weekly-digest"
ROLLOVER_JOB = "monthly-rollover"
RECHECK_JOB = "weekly-removal-watch"
TARGETS: dict[str, str] = {
    CRAWL_JOB: "piwatch.scheduler:crawl_job",
    DIGEST_JOB: "piwatch.scheduler:digest_job",
    ROLLOVER_JOB: "piwatch.scheduler:rollover_job",
    RECHECK_JOB: "piwatch.scheduler:recheck_job",
}
STOP_GRACE_SECONDS = 30.0  # a crawl child gets this long to stop after SIGTERM, then SIGKILL
ERROR_LINES = 20  # last lines of a failed child's log kept in the run record

_STATUS_OF_EXIT = {code: status for status, code in RUN_EXIT_CODES.items()}
_children: set[subprocess.Popen[bytes]] = set()
_children_lock = threading.Lock()
_stopping = threading.Event()  # set on SIGTERM/SIGINT: a child that ends now was interrupted


# --- the scheduler --------------------------------------------------------------------------


def store_url(settings: Settings) -> str:
    return f"sqlite:///{settings.data_dir / 'scheduler.sqlite'}"


def build_scheduler(settings: Settings) -> BackgroundScheduler:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(url=store_url(settings))},
        executors={"default": ThreadPoolExecutor(max_workers=2)},
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": settings.schedule.misfire_grace_seconds,
        },
        timezone=ZoneInfo(settings.schedule.timezone),
    )


def install_jobs(scheduler: BackgroundScheduler, settings: Settings) -> None:
    """(Re)write the jobs from the settings; fixed ids, so a restart replaces, never doubles.

    An empty cron expression removes the job (e.g. the digest on all but one crawler host).
    """
    tz = ZoneInfo(settings.schedule.timezone)
    for job_id, cron in configured_crons(settings):
        if not cron.strip():
            if scheduler.get_job(job_id):
                scheduler.remove_job(job_id)
            log.info("job %s disabled (empty cron expression)", job_id)
            continue
        scheduler.add_job(
            TARGETS[job_id],
            trigger=cron_trigger(cron, tz),
            id=job_id,
            name=job_id,
            replace_existing=True,
        )


def configured_crons(settings: Settings) -> tuple[tuple[str, str], ...]:
    """Each job id with its cron expression from the settings (empty: the job is disabled)."""
    return (
        (CRAWL_JOB, settings.schedule.crawl_cron),
        (DIGEST_JOB, settings.schedule.digest_cron),
        (ROLLOVER_JOB, settings.schedule.rollover_cron),
        (RECHECK_JOB, settings.schedule.recheck_cron),
    )


@dataclass(frozen=True, slots=True)
class JobInfo:
    id: str
    target: str
    cron: str  # as configured; empty when the job is disabled
    trigger: str  # how APScheduler reads the cron expression (weekday names, seconds)
    next_run: datetime | None  # in the schedule's time zone


def list_jobs(settings: Settings, now: datetime | None = None) -> list[JobInfo]:
    """The jobs the settings define and when each runs next, for ``piwatch schedule --list``.

    Computed from the settings alone (the scheduler writes them to its store on every start),
    so it answers before the scheduler ever ran and touches no file.
    """
    tz = ZoneInfo(settings.schedule.timezone)
    now = (now or datetime.now(UTC)).astimezone(tz)
    jobs = []
    for job_id, cron in configured_crons(settings):
        expr = " ".join(cron.split())
        trigger = cron_trigger(expr, tz) if expr else None
        next_run = trigger.get_next_fire_time(None, now) if trigger else None
        jobs.append(JobInfo(job_id, TARGETS[job_id], expr, str(trigger or ""), next_run))
    return jobs


def serve(settings: Settings) -> None:
    """Run until SIGTERM or SIGINT; then stop crawl children and wait for running jobs."""
    stop = threading.Event()

    def _on_signal(signum: int, _frame: Any) -> None:
        log.info("received %s, shutting down", signal.Signals(signum).name)
        stop.set()

    previous = {s: signal.signal(s, _on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    scheduler = build_scheduler(settings)
    scheduler.start(paused=True)  # jobs are written to the started store, then run
    install_jobs(scheduler, settings)
    close_interrupted_runs(settings)
    scheduler.resume()
    for job in scheduler.get_jobs():
        log.info("job %s next run %s", job.id, job.next_run_time)
    try:
        while not stop.wait(1.0):
            pass
    finally:
        stop_children()
        scheduler.shutdown(wait=True)
        for s, handler in previous.items():
            signal.signal(s, handler)
        log.info("scheduler stopped")


def stop_children() -> None:
    """SIGTERM every crawl child, then SIGKILL those still running after the grace period."""
    _stopping.set()
    with _children_lock:
        children = [p for p in _children if p.poll() is None]
    for proc in children:
        log.info("stopping crawl child %s", proc.pid)
        proc.terminate()
    for proc in children:
        try:
            proc.wait(timeout=STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            log.warning("crawl child %s ignored SIGTERM; killing it", proc.pid)
            proc.kill()


# --- jobs (module-level functions: the job store references them by name) ------------------


@dataclass(slots=True)
class RunRecord:
    """One document of ``{prefix}-runs``."""

    run_id: str
    job: str
    started_at: str
    host: str
    status: str = "running"  # running, ok, partial, failed, timeout, interrupted
    ended_at: str | None = None
    items: int | None = None
    leads: int | None = None
    sources: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def crawl_job(extra_args: Sequence[str] = ()) -> str:
    """Scheduled entry point: one crawl in a child process; returns the run status."""
    from piwatch.config import load_settings

    settings = load_settings()
    command = [sys.executable, "-m", "piwatch", "crawl", *extra_args]
    record = run_child(
        settings, CRAWL_JOB, command, timeout=settings.schedule.crawl_timeout_seconds
    )
    watch_cases_after_crawl(settings)
    render_after_crawl(settings)
    return record.status


def watch_cases_after_crawl(settings: Settings, now: datetime | None = None) -> None:
    """Mark cross-regional and major cases; e-mail each new major case once (to its bureaus and
    their provincial bureaus). A failure here is logged, never the crawl's failure."""
    from elasticsearch import ApiError, TransportError

    from piwatch.errors import PiwatchError
    from piwatch.pipelines.text.mask import mask_pii
    from piwatch.reports.casewatch import watch_cases
    from piwatch.reports.digest import DigestOptions

    try:
        result = watch_cases(
            _connect(settings),
            DigestOptions.from_settings(settings),
            now=now or datetime.now(UTC),
            mask=mask_pii,
        )
    except (ApiError, TransportError, OSError, PiwatchError) as exc:
        log.error("case watch after the crawl failed: %s", exc)
        return
    log.info(
        "case watch: %d cases, %d leads marked, %d major-case mails sent, %d failed",
        result.cases,
        result.marked,
        len(result.sent),
        len(result.failed),
    )


def render_after_crawl(settings: Settings) -> None:
    """PDF and PNG of new leads' pages (evidence.render_after_crawl); a failure is logged,
    never the crawl's failure, and the leads left over wait for the next night."""
    if not settings.evidence.render_after_crawl:
        return
    from elasticsearch import ApiError, TransportError

    from piwatch.errors import PiwatchError
    from piwatch.evidence.package import render_new_leads

    try:
        done, failed = render_new_leads(_connect(settings), settings)
    except (ApiError, TransportError, OSError, PiwatchError) as exc:
        log.error("rendering new leads after the crawl failed: %s", exc)
        return
    log.info("rendered %d new lead pages (%d failed)", done, failed)


def recheck_job() -> str:
    """Scheduled entry point: the removal watch over every open lead's page."""
    from piwatch.config import load_settings
    from piwatch.evidence.recheck import recheck

    settings = load_settings()
    record = _new_record(RECHECK_JOB, datetime.now(UTC))
    es = _connect(settings)
    with _recorded(es, settings, record):
        result = recheck(es, settings)
        record.items = result.marked
        record.errors = [
            f"{c.url}: {c.detail}" for c in result.checked if c.outcome == "unreachable"
        ]
        record.status = "ok"
        log.info(
            "removal watch: %d pages, %d removed, %d changed, %d unreachable",
            len(result.checked), result.count("removed"), result.count("changed"),
            result.count("unreachable"),
        )  # fmt: skip
    return record.status


def digest_job() -> str:
    """Scheduled entry point: send last week's digest (recipients already sent are skipped)."""
    from piwatch.config import load_settings
    from piwatch.pipelines.text.mask import mask_pii
    from piwatch.reports.digest import DigestOptions, run_digest
    from piwatch.reports.weeks import last_complete_week

    settings = load_settings()
    options = DigestOptions.from_settings(settings)
    now = datetime.now(UTC)
    record = _new_record(DIGEST_JOB, now)
    es = _connect(settings)
    week = last_complete_week(now, options.timezone)
    with _recorded(es, settings, record):
        report = run_digest(es, options, week, "send", force=False, now=now, mask=mask_pii)
        record.items = sum(r.leads for r in report.results if r.outcome == "sent")
        record.errors = [f"{r.email}: {r.error}" for r in report.failed]
        record.status = "failed" if report.failed else "ok"
    return record.status


def rollover_job() -> str:
    """Scheduled entry point: a new index generation behind each alias old enough for one."""
    from piwatch.config import load_settings
    from piwatch.search.indices import ensure_configured, rollover

    settings = load_settings()
    record = _new_record(ROLLOVER_JOB, datetime.now(UTC))
    es = _connect(settings)
    with _recorded(es, settings, record):
        ensure_configured(es, settings.elasticsearch)
        results = rollover(
            es, settings.elasticsearch.index_prefix, max_age=settings.elasticsearch.rollover_max_age
        )
        for r in results:
            log.info("%s: %s", r.alias, r.describe())
        record.items = sum(r.rolled_over for r in results)
        record.status = "ok"
    return record.status


@contextmanager
def _recorded(es: Elasticsearch, settings: Settings, record: RunRecord) -> Iterator[RunRecord]:
    """An in-process job's run record: ``failed`` with the error if the job raises, written
    at the end either way."""
    try:
        yield record
    except Exception as exc:
        record.status, record.errors = "failed", [f"{type(exc).__name__}: {exc}"]
        raise
    finally:
        record.ended_at = datetime.now(UTC).isoformat()
        _write_record(es, settings, record)


def run_child(settings: Settings, job: str, command: Sequence[str], *, timeout: float) -> RunRecord:
    """Run ``command`` as a child with a timeout; write the run record at start and at the end."""
    record = _new_record(job, datetime.now(UTC))
    logs = settings.data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log_path = logs / f"{record.run_id}.log"
    stats_path = logs / f"{record.run_id}.stats.json"
    es = _connect(settings)
    _write_record(es, settings, record)
    env = child_env(
        {**os.environ, "PIWATCH_RUN_ID": record.run_id, "PIWATCH_RUN_STATS": str(stats_path)}
    )
    log.info("run %s: %s", record.run_id, " ".join(command))
    started: list[subprocess.Popen[bytes]] = []

    def track(proc: subprocess.Popen[bytes]) -> None:
        started.append(proc)
        with _children_lock:
            _children.add(proc)

    try:
        code = run_logged(
            command, log_path, timeout=timeout, env=env, grace=STOP_GRACE_SECONDS, on_start=track
        )
    finally:
        with _children_lock:
            _children.difference_update(started)
    record.status = _status(code, timeout)
    record.ended_at = datetime.now(UTC).isoformat()
    _merge_stats(record, stats_path)
    if record.status != "ok":
        record.errors.append(f"exit status {code}; log {log_path}")
        record.errors.extend(_tail(log_path, ERROR_LINES))
    _write_record(es, settings, record)
    log.info("run %s finished: %s", record.run_id, record.status)
    return record


def close_interrupted_runs(settings: Settings) -> list[str]:
    """Mark the runs this host left ``running`` as ``interrupted``, with the reason.

    One scheduler serves a data directory, so when it starts nothing of this host is running:
    such a record was left by a scheduler that died (SIGKILL, power loss). The work is not
    lost: the next crawl resumes it (seen-store, JOBDIR) and the digest skips recipients
    already sent.
    """
    from piwatch.search.indices import alias

    index = alias(settings.elasticsearch.index_prefix, "runs")
    host = socket.gethostname()
    try:
        es = _connect(settings)
        found = es.search(
            index=index,
            query={"bool": {"filter": [{"term": {"status": "running"}}, {"term": {"host": host}}]}},
            size=100,
            ignore_unavailable=True,
        )
    except Exception as exc:  # no index yet, or the cluster is away: nothing to close now
        log.warning("could not look for interrupted runs: %s", exc)
        return []
    closed = []
    now = datetime.now(UTC).isoformat()
    for hit in found["hits"]["hits"]:
        run_id = hit["_id"]
        reason = (
            "interrupted: the scheduler stopped unexpectedly during this run (killed or host "
            "restarted); the next run resumes its work"
        )
        errors = [*hit["_source"].get("errors", []), reason]
        es.update(
            index=hit["_index"],
            id=run_id,
            doc={"status": "interrupted", "ended_at": now, "errors": errors},
            refresh="wait_for",
        )
        log.warning("run %s was left running by a stopped scheduler; marked %s", run_id, reason)
        closed.append(run_id)
    return closed


def _status(code: int | None, timeout: float) -> str:
    """The child's own status, read back from its exit code (``RUN_EXIT_CODES``)."""
    if code is None:
        log.error("child exceeded %ss and was stopped", timeout)
        return "timeout"
    if code == 0:
        return "ok"
    if _stopping.is_set() or code in (-signal.SIGTERM, -signal.SIGINT, -signal.SIGKILL):
        return "interrupted"
    return _STATUS_OF_EXIT.get(code, "failed")


def _new_record(job: str, started: datetime) -> RunRecord:
    run_id = f"{job}-{started:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"
    return RunRecord(run_id, job, started.isoformat(), socket.gethostname())


def _merge_stats(record: RunRecord, path: Path) -> None:
    if not path.exists():
        return
    try:
        stats = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        record.errors.append(f"unreadable crawl stats {path}: {exc}")
        return
    record.sources = dict(stats.get("sources") or {})
    record.items = stats.get("items")
    record.leads = stats.get("leads")
    record.errors.extend(str(e) for e in stats.get("errors") or ())


def _tail(path: Path, lines: int) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line[:500] for line in text[-lines:] if line.strip()]


def _connect(settings: Settings) -> Elasticsearch:
    from piwatch.search.client import connect

    return connect(settings)


def _write_record(es: Elasticsearch, settings: Settings, record: RunRecord) -> None:
    """Index the record by id (the end state overwrites the start), or keep it in the outbox."""
    from piwatch.search.runs import write_run

    doc = {k: v for k, v in asdict(record).items() if v is not None}
    write_run(es, settings.elasticsearch, settings.outbox_dir, doc)
