"""`piwatch crawl`: one crawl of the configured (or given) sources into Elasticsearch."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from piwatch.config import load_settings
from piwatch.crawlers.runner import RunResult, SourceSummary
from piwatch.crawlers.sources import load_sources, select_sources
from piwatch.errors import PiwatchError
from piwatch.search.runs import RUN_EXIT_CODES

if TYPE_CHECKING:
    from piwatch.config import Settings

COLUMNS = (
    "requests",
    "pages",
    "items",
    "leads",
    "not_modified",
    "unchanged",
    "dropped",
    "failed",
    "errors",
)


class PartialCrawl(PiwatchError):
    """Some sources failed, the others were crawled: the run is ``partial``."""

    exit_code = RUN_EXIT_CODES["partial"]


def register(app: typer.Typer) -> None:
    """Add `piwatch crawl` to the application."""
    app.command("crawl")(crawl)


def crawl(
    ctx: typer.Context,
    sources: Annotated[
        Path | None,
        typer.Option(help="Sources file (default: crawl.sources_file of the settings)."),
    ] = None,
    source: Annotated[
        list[str] | None, typer.Option(help="Crawl only this source (repeatable).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress lines.")] = False,
    worker: Annotated[
        bool,
        typer.Option(
            "--worker",
            help="Share the crawl with other workers through Redis (PIWATCH_REDIS__URL).",
        ),
    ] = False,
    run: Annotated[
        str | None,
        typer.Option(help="Run id the workers share (default: today's date, crawl timezone)."),
    ] = None,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="Show every warning of the crawl with its traceback (the log always has them).",
        ),
    ] = False,
) -> None:
    """Crawl the sources once; articles and leads go to Elasticsearch.

    Exit status: 0 when every source was crawled; 3 (partial) when some sources failed and
    the others were crawled; 1 when every source failed or the crawl could not run. Each
    failed source gets one line on stderr with the reason; the run record says ok, partial or
    failed alike.
    """
    from piwatch.crawlers.runner import run_crawl

    settings = load_settings()
    chosen = select_sources(load_sources(sources or settings.crawl.sources_file), source or [])
    _check_index(settings)
    console = Console(stderr=True)
    console.print(
        f"piwatch crawl: {len(chosen)} source(s); log in {escape(str(settings.data_dir / 'logs'))}",
        highlight=False,
        soft_wrap=True,
    )

    def progress(summaries: dict[str, SourceSummary]) -> None:
        line = "; ".join(
            f"{escape(name)}: {s.pages} pages, {s.items} items, {s.failed} failed"
            for name, s in summaries.items()
        )
        console.print(f"[dim]… {line}[/dim]", highlight=False, soft_wrap=True)

    result = run_crawl(
        settings,
        chosen,
        progress=None if quiet else progress,
        run_id=os.environ.get("PIWATCH_RUN_ID"),
        extra_settings=_distributed_settings(settings, worker=worker, run=run),
        verbose=verbose or bool(ctx.find_root().params.get("verbose")),
    )
    out = Console()
    if not out.is_terminal:
        out = Console(width=160)
    out.print(summary_table(result))
    _record(settings, result)
    for name, reason in result.failures().items():
        console.print(
            f"source {escape(name)} failed: {escape(reason)}", highlight=False, soft_wrap=True
        )
    if result.outboxed:
        raise PiwatchError(
            f"cannot reach Elasticsearch: {result.outboxed} documents are kept in the outbox "
            f"({settings.outbox_dir}); the next crawl or `piwatch es replay` sends them"
        )
    _end(result, settings.data_dir / "logs")


def _end(result: RunResult, logs: Path) -> None:
    """The one closing line and exit status of a crawl in which sources failed."""
    failed, total = len(result.failures()), len(result.sources)
    if result.status == "failed":
        raise PiwatchError(
            f"every source failed ({failed} of {total}); nothing was crawled; "
            f"the log in {logs} has the details"
        )
    if result.status == "partial":
        raise PartialCrawl(
            f"{failed} of {total} sources failed, the others were crawled (exit status "
            f"{PartialCrawl.exit_code}: partial); the log in {logs} has the details"
        )


def summary_table(result: RunResult) -> Table:
    table = Table(title=f"crawl {result.run_id}")
    table.add_column("source")
    for column in COLUMNS:
        table.add_column(column.replace("_", " "), justify="right")
    table.add_column("finish")
    for name, s in result.sources.items():
        table.add_row(escape(name), *(str(getattr(s, c)) for c in COLUMNS), s.finish_reason)
    return table


def _check_index(settings: Settings) -> None:
    """Fail in one line before crawling when Elasticsearch cannot be reached."""
    from piwatch.search.client import connect

    try:
        connect(settings).info()
    except PiwatchError:
        raise
    except Exception as exc:
        raise PiwatchError(
            f"cannot reach Elasticsearch ({type(exc).__name__}); start it (piwatch es start) "
            "or set PIWATCH_ELASTICSEARCH__URL"
        ) from None


def _record(settings: Settings, result: RunResult) -> None:
    """The run record: to the scheduler's stats file when it started us, else to the index.

    It goes through the bulk writer, so a node that went away keeps it in the outbox.
    """
    record = result.record()
    stats_path = os.environ.get("PIWATCH_RUN_STATS")
    if stats_path:
        Path(stats_path).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        return
    from piwatch.search.client import connect
    from piwatch.search.runs import write_run

    try:
        es = connect(settings)
    except PiwatchError:  # the node is gone: keep the record for `piwatch es replay`
        es = None
    outboxed = not write_run(es, settings.elasticsearch, settings.outbox_dir, record)
    if outboxed:
        Console(stderr=True).print(
            f"run record {result.run_id} kept in the outbox ({settings.outbox_dir}); "
            "`piwatch es replay` sends it",
            highlight=False,
        )


def _distributed_settings(
    settings: Settings, *, worker: bool, run: str | None
) -> dict[str, Any] | None:
    """The distributed crawl's settings, importing Redis and scrapy-redis only for such a
    crawl: a crawl on one machine does without them (a few MB in the crawl process)."""
    if not (worker or settings.redis.enabled):
        return None
    from piwatch.crawlers.distributed import crawl_settings

    return crawl_settings(settings, run=run)
