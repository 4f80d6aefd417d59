"""`piwatch extract` (lead extraction on JSON Lines) and `piwatch eval` (development-set scores)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TimeElapsedColumn

from piwatch.errors import PiwatchError

console = Console(stderr=True)


def register(app: typer.Typer) -> None:
    """Add `piwatch extract` and `piwatch eval` to the application."""
    app.command("extract")(extract_command)
    app.command("eval")(eval_command)


def extract_command(
    in_file: Annotated[
        Path | None,
        typer.Option(
            "--in", help="JSON Lines input: id, text, title, url, published, source_type."
        ),
    ] = None,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="JSON Lines output, one object per input line.")
    ] = None,
    evaluate: Annotated[
        bool, typer.Option("--eval", help="Instead: print scores on the development set.")
    ] = False,
    corpus: Annotated[
        Path | None, typer.Option("--corpus", help="With --eval: raw corpus directory.")
    ] = None,
) -> None:
    """Extract leads from texts, no crawling and no Elasticsearch."""
    if evaluate:
        eval_command(corpus=corpus, labels=None, errors=False)
        return
    if in_file is None or out_file is None:
        raise PiwatchError("extract needs --in FILE.jsonl and --out FILE.jsonl (or --eval)")
    if not in_file.is_file():
        raise PiwatchError(f"input file not found: {in_file}; give an existing JSON Lines file")
    from piwatch.config import load_settings
    from piwatch.pipelines.leads.batch import extract_lines

    options = load_settings().extract
    total = in_file.stat().st_size
    count = errors = 0
    try:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        with (
            in_file.open(encoding="utf-8", errors="replace") as source,
            out_file.open("w", encoding="utf-8") as sink,
            Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                DownloadColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
                disable=not console.is_terminal,
            ) as progress,
        ):
            task = progress.add_task("extracting", total=total)
            for result in extract_lines(source, options, lambda n: progress.advance(task, n)):
                sink.write(json.dumps(result, ensure_ascii=False) + "\n")
                count += 1
                errors += "error" in result
    except OSError as exc:
        raise PiwatchError(f"cannot read or write ({exc.strerror}): {exc.filename}") from None
    console.print(f"{count} texts, {errors} errors -> {out_file}", highlight=False)


def eval_command(
    corpus: Annotated[
        Path | None,
        typer.Option(help="Raw corpus directory (default ../shared/corpus/leads/raw)."),
    ] = None,
    labels: Annotated[
        Path | None, typer.Option(help="Labels directory (default devset/labels).")
    ] = None,
    errors: Annotated[
        bool, typer.Option("--errors", help="Also print every disagreement as JSON.")
    ] = False,
) -> None:
    """Precision, recall and F1 per field of the extraction on the labelled development set.

    Lead detection and sectors: P/R/F1. Business names: a predicted name counts when, after
    NFKC and removing 《》“” quotes and spaces, it equals, contains or is contained in a gold
    name (each gold name once). Conduct: exact-set accuracy on true leads, and P/R per code.
    """
    from piwatch.pipelines.leads import ExtractOptions, extract
    from piwatch.pipelines.leads.devset import CORPUS_RAW, LABELS_DIR, labelled_inputs
    from piwatch.pipelines.leads.evaluate import evaluate

    raw_dir = corpus or CORPUS_RAW
    labels_dir = labels or LABELS_DIR
    if not raw_dir.is_dir():
        raise PiwatchError(f"corpus not found at {raw_dir}; pass --corpus DIR")
    if not labels_dir.is_dir():
        raise PiwatchError(f"labels not found at {labels_dir}; pass --labels DIR")
    options = ExtractOptions()
    try:
        pairs = [
            (label, extract(item, options).to_contract())
            for label, item in labelled_inputs(labels_dir, raw_dir)
        ]
    except (ValueError, FileNotFoundError) as exc:
        raise PiwatchError(f"development set unreadable: {exc}") from None
    if not pairs:
        raise PiwatchError(f"no labels with texts found in {labels_dir}")
    report = evaluate(pairs)
    out = sys.stdout.write
    out(f"development set: {report.n} labelled texts, {report.gold_leads} leads\n")
    out(f"{'field':<28}{'P':>7}{'R':>7}{'F1':>7}\n")
    out(_row("lead detection", report.lead))
    out(_row("business names", report.business))
    out(f"{'conduct accuracy (exact set)':<28}{report.conduct_accuracy:>21.3f}\n")
    for code, counts in report.conduct.items():
        out(_row(f"  conduct {code}", counts))
    out(_row("sectors (micro)", report.sector))
    for code, counts in report.sectors.items():
        if counts.tp + counts.fp + counts.fn:
            out(_row(f"  sector {code}", counts))
    if errors:
        for error in report.errors:
            out(json.dumps(error, ensure_ascii=False) + "\n")


def _row(name: str, counts: object) -> str:
    return f"{name:<28}{counts.precision:>7.3f}{counts.recall:>7.3f}{counts.f1:>7.3f}\n"  # type: ignore[attr-defined]
