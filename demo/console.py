"""How `piwatch demo` shows itself: rich progress while it works, then tables of what it found.

Crawled text (business names, evidence) goes into rich ``Text`` objects, never into markup, so
brackets in a page cannot restyle or hide the output.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Self

from rich.cells import cell_len
from rich.console import Console, Group
from rich.panel import Panel
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Column, Table
from rich.text import Text

from piwatch.demo.runner import DemoResult
from piwatch.demo.summary import LeadRow
from piwatch.pipelines.text.mask import mask_pii
from piwatch.reports.labels import conduct_label, sector_label

EVIDENCE_CHARS = 48
PANEL_FRAME = 4  # a panel's border and padding, in cells


class RichSteps:
    """The runner's ``Steps`` as a rich progress display: one line per step, with elapsed time."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            SpinnerColumn(finished_text="[green]✓[/green]"),
            # paths in a step's text wrap whole instead of ending in "…"; no markup in them
            TextColumn("{task.description}", markup=False, table_column=Column(overflow="fold")),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self._task: TaskID | None = None

    def __enter__(self) -> Self:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._task is not None and exc is not None:
            self._progress.update(self._task, description=Text("failed", style="red"))
            self._progress.stop_task(self._task)
        self._progress.stop()

    def close(self) -> None:
        """Stop the live display (idempotent) so that results print below it."""
        self._progress.stop()

    def start(self, text: str) -> None:
        self._task = self._progress.add_task(text, total=1)

    def update(self, text: str) -> None:
        if self._task is not None:
            self._progress.update(self._task, description=text)

    def done(self, text: str) -> None:
        if self._task is None:
            self._task = self._progress.add_task(text, total=1)
        self._progress.update(self._task, description=text, completed=1)
        self._task = None


def _counts_table(
    title: str, rows: Sequence[tuple[str, int]], label: Callable[[str], str]
) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False)
    table.add_column("code")
    table.add_column("")
    table.add_column("leads", justify="right")
    for code, count in rows:
        table.add_row(Text(code), Text(label(code)), str(count))
    return table


def _shorten(text: str, limit: int = EVIDENCE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def leads_table(rows: Sequence[LeadRow], total: int) -> Table:
    """Conduct, sector and region share one column so the table reads in 80 columns too."""
    table = Table(
        title=f"Top leads ({len(rows)} of {total}, by score)",
        title_justify="left",
        expand=True,
        show_lines=True,
    )
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("business", ratio=2, min_width=12, overflow="fold")
    table.add_column("conduct / sector / region", no_wrap=True)
    table.add_column("evidence (masked)", ratio=3, min_width=20, overflow="fold")
    for row in rows:
        facets = [*row.conduct, *row.sectors, row.region]
        table.add_row(
            f"{row.score:.2f}",
            Text("\n".join(row.businesses) or "(unnamed)"),
            Text("\n".join(f for f in facets if f)),
            Text(_shorten(mask_pii(row.evidence))),
        )
    return table


def print_result(console: Console, result: DemoResult) -> None:
    """Everything the demo found, and where its outputs are."""
    s = result.summary
    sources = Table(title="Sources crawled", title_justify="left", show_edge=False)
    for column in ("source", "pages", "new items", "failed"):
        sources.add_column(column, justify="left" if column == "source" else "right")
    for run in s.sources:
        sources.add_row(Text(run.name), str(run.pages), str(run.items), str(run.failed))
    console.print(sources)
    console.print(
        f"pages fetched: [bold]{s.pages}[/bold]   articles and posts indexed: "
        f"[bold]{s.articles}[/bold]   leads: [bold]{s.leads}[/bold]"
    )
    console.print(_counts_table("Leads by conduct", s.by_conduct, conduct_label))
    console.print(_counts_table("Leads by sector", s.by_sector, sector_label))
    console.print(leads_table(s.top, s.leads))
    places = [
        ("demo web", result.base_url),
        ("Elasticsearch", result.elasticsearch),
        ("Kibana objects", str(result.kibana_file)),
    ]
    for path in result.digest_files:
        kind = "digest (.eml)" if path.suffix == ".eml" else "digest (HTML)"
        places.append((kind, str(path)))
    places += [
        ("sources file", str(result.sources_file)),
        ("crawl log", str(result.crawl_log)),
        ("wall time", f"{result.seconds:.0f} s"),
    ]
    lines = [Text.assemble((f"{label:<15}", "bold"), value) for label, value in places]
    _print_places(console, lines)


def _print_places(console: Console, lines: Sequence[Text]) -> None:
    """In a panel when every line fits; else under a rule, each line whole (soft-wrapped by the
    terminal), so a long path is never cut into pieces that no longer paste as one path."""
    if max(cell_len(line.plain) for line in lines) + PANEL_FRAME <= console.width:
        console.print(Panel(Group(*lines), title="piwatch demo", title_align="left"))
        return
    console.rule(Text("piwatch demo"), align="left")
    for line in lines:
        console.print(line, soft_wrap=True)
