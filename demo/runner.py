"""`piwatch demo` end to end: preflight, node, demo web, real crawl in a child process, results.

The crawl runs as ``piwatch crawl --sources FILE`` in a child process because Twisted's reactor
cannot be restarted in one process; the child finds the same Elasticsearch through the same
settings (the embedded node is reused, a configured URL is shared through the environment).
"""

from __future__ import annotations

import contextlib
import logging
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import elasticsearch
import yaml

from piwatch.crawlers.runner import require_chromium
from piwatch.demo.server import DEFAULT_PORT, DemoServer
from piwatch.demo.summary import DemoSummary, collect
from piwatch.errors import PiwatchError
from piwatch.parent import run_logged
from piwatch.search.indices import alias

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

    from piwatch.config import Settings

logger = logging.getLogger(__name__)

SOURCES_TEMPLATE = Path(__file__).resolve().with_name("sources.yaml")
DEMO_RECIPIENT = "investigator@demo.piwatch.invalid"
POLL_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class DemoOptions:
    port: int = DEFAULT_PORT
    crawl_timeout: float = 900.0


class Steps(Protocol):
    """Where the runner reports progress (the CLI shows it with rich)."""

    def start(self, text: str) -> None: ...

    def update(self, text: str) -> None: ...

    def done(self, text: str) -> None: ...


@dataclass(frozen=True, slots=True)
class DemoResult:
    base_url: str
    elasticsearch: str  # where the documents went, said for a person
    sources_file: Path
    crawl_log: Path
    summary: DemoSummary
    kibana_file: Path
    digest_files: tuple[Path, ...]
    seconds: float


def embedded_url(settings: Settings) -> str:
    from piwatch.esnode.node import NodeOptions

    return NodeOptions.from_settings(settings).url


def demo_dir(settings: Settings) -> Path:
    return settings.data_dir / "demo"


def write_sources(base_url: str, out: Path) -> list[str]:
    """The demo's sources file pointed at ``base_url``; returns the source names in order."""
    text = SOURCES_TEMPLATE.read_text(encoding="utf-8").replace("{{base_url}}", base_url)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise PiwatchError(
            f"cannot write {out}: {exc.strerror}; set PIWATCH_DATA_DIR to a writable directory"
        ) from None
    return [source["name"] for source in yaml.safe_load(text)["sources"]]


def child_failure(log_text: str, returncode: int, log_path: Path) -> str:
    """One line for a failed crawl child: its own ``piwatch:`` line when it printed one."""
    lines = [line.strip() for line in log_text.splitlines() if line.strip()]
    for line in reversed(lines):
        if line.startswith("piwatch:"):
            return line.removeprefix("piwatch:").strip()
    last = lines[-1] if lines else "no output"
    return f"the demo crawl failed (exit {returncode}): {last}; full log in {log_path}"


def run_crawl(
    sources_file: Path,
    log_path: Path,
    timeout: float,
    on_poll: Callable[[], None],
) -> None:
    """``piwatch crawl --sources FILE`` in a child process; its output goes to ``log_path``."""
    cmd = [sys.executable, "-m", "piwatch", "crawl", "--sources", str(sources_file)]
    returncode = run_logged(
        cmd, log_path, timeout=timeout, on_poll=on_poll, poll_seconds=POLL_SECONDS
    )
    if returncode is None:
        raise PiwatchError(
            f"the demo crawl took longer than {timeout:.0f} s and was stopped; see {log_path}"
        )
    if returncode != 0:
        text = log_path.read_text(encoding="utf-8", errors="replace")
        raise PiwatchError(child_failure(text, returncode, log_path))


def count_articles(es: Elasticsearch, prefix: str, base_url: str) -> int:
    """Articles of the demo web indexed so far (progress while the crawl runs)."""
    with contextlib.suppress(elasticsearch.ApiError, elasticsearch.TransportError):
        es.indices.refresh(index=alias(prefix, "articles"))
        query = {"prefix": {"url": base_url.rstrip("/") + "/"}}
        return int(es.count(index=alias(prefix, "articles"), query=query)["count"])
    return 0


def render_digest(es: Elasticsearch, settings: Settings, now: datetime) -> tuple[Path, ...]:
    """This week's digest for a demo recipient (all regions), written, never sent."""
    from piwatch.pipelines.text.mask import mask_pii
    from piwatch.reports.digest import DigestOptions, RecipientSpec, run_digest
    from piwatch.reports.weeks import week_of

    options = replace(
        DigestOptions.from_settings(settings),
        recipients=(RecipientSpec(DEMO_RECIPIENT, "演示调查员"),),
    )
    week = week_of(now, options.timezone)
    report = run_digest(es, options, week, "dry-run", force=False, now=now, mask=mask_pii)
    return tuple(path for result in report.results for path in result.files)


def export_kibana(settings: Settings) -> Path:
    """What ``piwatch kibana export`` writes: saved objects NDJSON under the data directory."""
    from piwatch.search.kibana.export import write_export

    path, _ = write_export(settings.elasticsearch.index_prefix, settings.data_dir / "kibana")
    return path


@contextlib.contextmanager
def es_errors(where: str) -> Iterator[None]:
    """Elasticsearch failures after start-up as one line (the CLI prints no stack trace)."""
    try:
        yield
    except (elasticsearch.ApiError, elasticsearch.TransportError) as exc:
        raise PiwatchError(
            f"Elasticsearch ({where}) failed: {exc}; check that it is running and reachable, "
            "or unset PIWATCH_ELASTICSEARCH__URL to use the embedded node"
        ) from None


def run_demo(
    settings: Settings,
    options: DemoOptions,
    steps: Steps,
    on_result: Callable[[DemoResult], None],
) -> DemoResult:
    """The whole demo; ``on_result`` runs while the demo web is still up (``--keep-serving``)."""
    from piwatch.search.client import connect
    from piwatch.search.indices import ensure_configured

    began = time.monotonic()
    prefix = settings.elasticsearch.index_prefix
    steps.start("checking Chromium and the demo port")
    require_chromium(
        settings.crawl.chromium_path, "the demo's complaint list (rendered by JavaScript) and its"
    )
    server = DemoServer(options.port)  # binds now: a taken port fails before anything starts
    try:
        steps.done(f"Chromium {settings.crawl.chromium_path}, demo port {server.port} free")
        where = settings.elasticsearch.url or f"the embedded node at {embedded_url(settings)}"
        steps.start(f"starting Elasticsearch ({where})")
        with es_errors(where):
            es = connect(settings)
            ensure_configured(es, settings.elasticsearch)
        steps.done(f"Elasticsearch ready, index prefix {prefix!r}")

        server.start()
        base_url = server.base_url
        work = demo_dir(settings)
        sources_file = work / "sources.yaml"
        names = write_sources(base_url, sources_file)
        steps.done(f"demo web on {base_url}, sources in {sources_file}")

        since = datetime.now(UTC).isoformat()
        steps.start(f"crawling {len(names)} sources")
        crawl_log = work / "crawl.log"

        def poll() -> None:
            found = count_articles(es, prefix, base_url)
            steps.update(f"crawling {len(names)} sources: {found} articles indexed")

        run_crawl(sources_file, crawl_log, options.crawl_timeout, poll)
        steps.done(f"crawl finished (log {crawl_log})")

        steps.start("reading the results")
        with es_errors(where):
            summary = collect(es, prefix, base_url, names, since)
        steps.done(f"{summary.articles} articles, {summary.leads} leads")

        steps.start("exporting Kibana saved objects")
        kibana_file = export_kibana(settings)
        steps.done(f"Kibana saved objects in {kibana_file}")

        steps.start("rendering this week's digest (dry run, not sent)")
        with es_errors(where):
            digest_files = render_digest(es, settings, datetime.now(UTC))
        steps.done("digest written")
        result = DemoResult(
            base_url=base_url,
            elasticsearch=(
                settings.elasticsearch.url
                or f"{embedded_url(settings)} (left running; `piwatch es stop` stops it)"
            ),
            sources_file=sources_file,
            crawl_log=crawl_log,
            summary=summary,
            kibana_file=kibana_file,
            digest_files=digest_files,
            seconds=time.monotonic() - began,
        )
        on_result(result)
        return result
    finally:
        server.stop()
