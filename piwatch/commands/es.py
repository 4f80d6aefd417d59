"""`piwatch es`: install, start, stop and inspect the embedded node; replay the outbox; roll
indices over."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from piwatch.config import Settings, load_settings
from piwatch.errors import PiwatchError

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

app = typer.Typer(no_args_is_help=True, help="The embedded local Elasticsearch node.")
console = Console()


def _mib(value: int | None) -> str:
    return f"{value / (1024 * 1024):.0f} MiB" if value else "?"


@app.command("install")
def install() -> None:
    """Fetch the Elasticsearch distribution from Maven Central and build piwatch's plugin."""
    from piwatch.esnode import node

    settings = load_settings()
    with console.status(f"installing Elasticsearch {settings.node.version} with Maven"):
        home = node.install(settings.node.version, echo=console.print)
    console.print(f"ready: {home}")


@app.command("start")
def start() -> None:
    """Start the local node in the background (or reuse it), wait until healthy, replay the
    outbox."""
    from piwatch.esnode import node

    settings = load_settings()
    options = node.NodeOptions.from_settings(settings)
    with console.status("starting Elasticsearch") as status:
        state = node.start(options, on_wait=status.update)
    if state.started_in is None:
        console.print(f"Elasticsearch {state.version} already running at {state.url}")
    else:
        console.print(
            f"Elasticsearch {state.version} started at {state.url} in {state.started_in:.1f}s "
            f"(pid {state.pid}, {_mib(state.rss_bytes)} resident, health {state.health})"
        )
    console.print(f"data and logs: {state.node_dir}")
    if settings.elasticsearch.url:
        console.print(
            f"note: elasticsearch.url is {settings.elasticsearch.url}; piwatch uses that cluster"
        )
    else:
        _replay(settings, quiet_when_empty=True)


@app.command("stop")
def stop() -> None:
    """Stop the local node; returns once its process is gone."""
    from piwatch.esnode import node

    options = node.NodeOptions.from_settings(load_settings())
    with console.status("stopping Elasticsearch"):
        was_running = node.stop(options)
    console.print("Elasticsearch stopped" if was_running else "Elasticsearch was not running")


@app.command("status")
def status() -> None:
    """Version, health and document counts per piwatch alias (exit 1 when not running)."""
    from piwatch.esnode import node
    from piwatch.search.client import client_for

    settings = load_settings()
    if settings.elasticsearch.url:
        url = settings.elasticsearch.url
        es = client_for(url, settings.elasticsearch)
        try:
            version = es.info()["version"]["number"]
            health = es.cluster.health()["status"]
        except Exception as exc:
            raise PiwatchError(f"Elasticsearch at {url} is not reachable: {exc}") from None
        console.print(f"Elasticsearch {version} at {url} (configured cluster): health {health}")
    else:
        state = node.state(node.NodeOptions.from_settings(settings))
        if not state.running:
            raise PiwatchError(
                f"Elasticsearch is not running (it would listen on {state.url}); "
                "start it with `piwatch es start`"
            )
        console.print(
            f"Elasticsearch {state.version} at {state.url}: health {state.health}, "
            f"pid {state.pid}, {_mib(state.rss_bytes)} resident, data {state.node_dir}"
        )
        es = client_for(state.url, settings.elasticsearch)
    _print_counts(es, settings)


def _print_counts(es: Elasticsearch, settings: Settings) -> None:
    from piwatch.search.indices import KINDS, alias
    from piwatch.search.outbox import Outbox

    table = Table("alias", "documents", "indices")
    for kind in KINDS:
        name = alias(settings.elasticsearch.index_prefix, kind)
        if es.indices.exists_alias(name=name):
            count = es.count(index=name)["count"]
            table.add_row(name, str(count), ", ".join(sorted(es.indices.get_alias(name=name))))
        else:
            table.add_row(name, "-", "(not created yet)")
    console.print(table)
    console.print(f"outbox: {Outbox(settings.outbox_dir).count()} pending in {settings.outbox_dir}")


@app.command("replay")
def replay(
    set_aside: bool = typer.Option(
        False,
        "--set-aside-rejected",
        help="Move documents Elasticsearch refused (4xx, e.g. a mapping conflict) out of the "
        "outbox into its rejected/ folder, kept with their reasons, so they stop failing replays.",
    ),
) -> None:
    """Send what the outbox holds (documents that could not be indexed earlier)."""
    _replay(load_settings(), quiet_when_empty=False, set_aside=set_aside)


def _replay(settings: Settings, *, quiet_when_empty: bool, set_aside: bool = False) -> None:
    from piwatch.search import indices
    from piwatch.search.bulk import BulkOptions, BulkWriter, refused
    from piwatch.search.client import connect
    from piwatch.search.outbox import Outbox

    outbox = Outbox(settings.outbox_dir)
    pending = outbox.count()
    if pending == 0:
        if not quiet_when_empty:
            console.print("outbox empty: nothing to replay")
        return
    with console.status(f"replaying {pending} outbox entries") as status:
        es = connect(settings, on_wait=status.update)
        prefix = settings.elasticsearch.index_prefix
        indices.ensure_configured(es, settings.elasticsearch)
        writer = BulkWriter(es, outbox, prefix, BulkOptions.from_settings(settings.elasticsearch))
        stats = writer.close()
        if stats.replayed:  # so the next status, search or digest sees what was just replayed
            es.indices.refresh(index=",".join(indices.alias(prefix, k) for k in indices.KINDS))
    left = outbox.count()
    console.print(f"outbox replay: {stats.replayed} indexed, {stats.failed} rejected, {left} left")
    for doc_id, reason in stats.errors[:5]:
        console.print(f"  {doc_id}: {reason}", highlight=False, markup=False)
    if left and set_aside:
        rejected = [entry for entry in outbox.pending() if refused(entry.reason)]
        kept = outbox.set_aside(rejected)
        if kept is not None:
            console.print(f"set aside {len(rejected)} refused entries in {kept}", highlight=False)
        left = outbox.count()
    if left:
        raise PiwatchError(
            f"{left} outbox entries could not be indexed (reasons above); fix the cause and run "
            "`piwatch es replay` again, or `piwatch es replay --set-aside-rejected` to keep "
            "documents Elasticsearch refuses out of the way"
        )


@app.command("rollover")
def rollover(
    now: bool = typer.Option(
        False, "--now", help="Roll every alias over now, whatever the age of its write index."
    ),
) -> None:
    """Start a new index generation behind each piwatch alias (the scheduler does it monthly).

    Only write indices at least `elasticsearch.rollover_max_age` old and not empty roll over,
    unless --now. Searches still see every generation; delete old ones to end their retention.
    """
    from piwatch.search import indices
    from piwatch.search.client import connect

    settings = load_settings()
    prefix = settings.elasticsearch.index_prefix
    es = connect(settings)
    indices.ensure_configured(es, settings.elasticsearch)
    max_age = None if now else settings.elasticsearch.rollover_max_age
    for result in indices.rollover(es, prefix, max_age=max_age):
        console.print(f"{result.alias}: {result.describe()}", highlight=False)
