"""Benchmark: main-text F1, pages/s and peak memory of extract_article beside trafilatura.

Mean bag-of-characters F1 against each set's ground-truth body (testkit.corpus_pages).
Run: ``python -m bench.extraction [--root ../shared/corpus/pages]``. Each extractor runs in a
fresh process on the same decoded pages, so speed and memory are measured alone and alike.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil
from rich.console import Console
from rich.table import Table

from testkit.corpus_pages import BODY_SETS, DEFAULT_ROOT, char_f1, pages

logger = logging.getLogger(__name__)

EXTRACTORS = ("piwatch", "trafilatura")


@dataclass(slots=True)
class ExtractorResult:
    """One extractor's figures over the pages with a ground-truth body."""

    name: str
    f1: dict[str, float] = field(default_factory=dict)  # per set, plus "overall"
    pages: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # pages per set
    empty: int = 0  # pages where nothing was extracted
    seconds: float = 0.0
    pages_per_s: float = 0.0
    peak_rss_mb: float = 0.0
    rss_growth_mb: float = 0.0  # peak minus the resident size before the first page


def _extract_with(name: str) -> Callable[[str, str | None], str]:
    if name == "piwatch":
        from piwatch.pipelines.text.article import extract_article

        return lambda html, url: extract_article(html, url=url).content
    import trafilatura

    return lambda html, url: trafilatura.extract(html) or ""


def _measure(name: str, root: str, datasets: tuple[str, ...]) -> ExtractorResult:
    """Runs in a child process: load the pages, then time one pass of the extractor."""
    extract = _extract_with(name)
    corpus = [p for p in pages(Path(root), datasets) if p.body is not None]
    process = psutil.Process()
    before = process.memory_info().rss
    scores: dict[str, list[float]] = {}
    empty = 0
    start = time.perf_counter()
    for page in corpus:
        text = extract(page.html, page.url)
        empty += not text.strip()
        scores.setdefault(page.dataset, []).append(char_f1(text, page.body or ""))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux
    f1 = {dataset: statistics.mean(values) for dataset, values in scores.items()}
    f1["overall"] = statistics.mean(v for values in scores.values() for v in values)
    return ExtractorResult(
        name=name,
        f1=f1,
        pages=len(corpus),
        counts={dataset: len(values) for dataset, values in scores.items()},
        empty=empty,
        seconds=seconds,
        pages_per_s=len(corpus) / seconds if seconds else 0.0,
        peak_rss_mb=peak / 2**20,
        rss_growth_mb=max(0, peak - before) / 2**20,
    )


def run(
    root: Path = DEFAULT_ROOT, datasets: tuple[str, ...] = BODY_SETS, show: bool = True
) -> dict[str, ExtractorResult]:
    """Measure every extractor, each in its own process; print the table when ``show``."""
    if not (root / "INDEX.tsv").is_file():
        raise FileNotFoundError(f"no saved pages at {root} (the shared corpus is not present)")
    context = multiprocessing.get_context("spawn")
    results: dict[str, ExtractorResult] = {}
    for name in EXTRACTORS:
        with context.Pool(1) as pool:
            results[name] = pool.apply(_measure, (name, str(root), datasets))
    if show:
        Console().print(table(results, datasets))
    return results


def table(results: dict[str, ExtractorResult], datasets: tuple[str, ...]) -> Table:
    first = next(iter(results.values()))
    counts = {**first.counts, "overall": first.pages}
    out = Table(title="Main-text extraction on saved Chinese pages (mean character F1)")
    out.add_column("set")
    out.add_column("pages", justify="right")
    for name in results:
        out.add_column(name, justify="right")
    for dataset in (*datasets, "overall"):
        cells = [f"{results[name].f1.get(dataset, float('nan')):.3f}" for name in results]
        out.add_row(dataset, str(counts.get(dataset, "")), *cells)
    out.add_section()
    out.add_row("empty results", "", *[str(r.empty) for r in results.values()])
    out.add_row("pages/s", "", *[f"{r.pages_per_s:.1f}" for r in results.values()])
    out.add_row("peak RSS (MB)", "", *[f"{r.peak_rss_mb:.0f}" for r in results.values()])
    out.add_row("RSS growth (MB)", "", *[f"{r.rss_growth_mb:.0f}" for r in results.values()])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="the saved pages folder")
    parser.add_argument(
        "--dataset", action="append", choices=BODY_SETS, help="only these sets (repeatable)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    results = run(args.root, tuple(args.dataset or BODY_SETS))
    if args.json:
        figures = {name: asdict(result) for name, result in results.items()}
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
