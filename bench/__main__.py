"""``python -m bench``: every benchmark, each in its own process, then one table of figures.

Each module's ``run(quick)`` returns pairs (baseline beside piwatch, see :mod:`bench.figures`).
``--quick`` runs smaller inputs (CI); ``--only NAME`` picks modules; ``--json FILE`` keeps the
figures; ``--markdown`` prints the table for the README.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import logging
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.figures import Pair, as_pair

logger = logging.getLogger(__name__)

MODULES = ("extraction", "extract", "crawl", "bulk", "memory", "distributed")
"""In the order the table shows them; a module not (yet) present is reported as missing."""

ROOT = Path(__file__).resolve().parents[1]


def run_module(name: str, quick: bool) -> list[Pair]:
    """Run one benchmark in this process (the parent calls this through a child process)."""
    if name in ADAPTERS:
        return ADAPTERS[name](quick)
    module = importlib.import_module(f"bench.{name}")
    return [as_pair(p) for p in module.run(quick=quick)]


# Modules written before the Pair contract keep their own result types; these adapters turn
# them into pairs without changing them.


def _extraction(quick: bool) -> list[Pair]:
    from bench import extraction

    datasets = extraction.BODY_SETS[:1] if quick else extraction.BODY_SETS
    results = extraction.run(datasets=datasets, show=False)
    ours, theirs = results["piwatch"], results["trafilatura"]
    note = f"{ours.pages} saved Chinese pages ({', '.join(datasets)})"
    return [
        Pair("main-text extraction, mean character F1", "F1", "plain trafilatura",
             theirs.f1["overall"], ours.f1["overall"], note=note),
        Pair("main-text extraction speed", "pages/s", "plain trafilatura",
             theirs.pages_per_s, ours.pages_per_s, note=note),
        Pair("main-text extraction peak memory", "MiB", "plain trafilatura",
             theirs.peak_rss_mb, ours.peak_rss_mb, higher_is_better=False, note=note),
    ]  # fmt: skip


def _extract(quick: bool) -> list[Pair]:
    from bench import extract

    rounds = 1 if quick else extract.ROUNDS
    results = extract.run(rounds=rounds)
    full, base = results["full"], results["baseline"]
    note = (
        f"{full.texts} texts, {full.megabytes:.2f} MB, one core (process time), "
        f"fastest of {rounds} alternated passes"
    )
    return [
        Pair("lead extraction speed", "MB/s", base.name, base.mb_per_s, full.mb_per_s,
             piwatch_label=full.name, note=note),
        Pair("lead extraction speed", "texts/s", base.name, base.texts_per_s, full.texts_per_s,
             piwatch_label=full.name, note=note),
    ]  # fmt: skip


SITES = 50
SITE_DELAY = 0.5  # piwatch's default download_delay: politeness per site


def _crawl(quick: bool) -> list[Pair]:
    """One site without delay (what one process can do), then 50 polite sites at once."""
    from testkit.esnode import OwnNode

    pages = 100 if quick else 300
    pairs: list[Pair] = []
    with OwnNode() as node:
        for sites, delay in ((1, 0.0), (SITES, SITE_DELAY)):
            command = [sys.executable, "-m", "bench.crawl", "--pages", str(pages)]
            command += ["--sites", str(sites), "--delay", str(delay), "--es-url", node.url]
            command += ["--repeat", "1" if quick else "3"]
            proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=3600)
            if proc.returncode != 0:
                raise RuntimeError(f"bench.crawl failed: {proc.stderr.strip()[-500:]}")
            data = json.loads(proc.stdout.strip().splitlines()[-1])
            plain, ours = data["plain Scrapy (fetch only)"], data["piwatch crawl"]
            where = "one site, no delay" if sites == 1 else f"{sites} sites, {delay:g} s delay each"
            note = f"{ours['pages']} pages from the local web ({where}), private ES node"
            label = "piwatch crawl (extract + index)"
            suffix = "" if sites == 1 else f", {sites} sites"
            pairs += [
                Pair(f"crawl throughput{suffix}", "pages/s", "plain Scrapy, fetch only",
                     plain["pages_per_s"], ours["pages_per_s"], piwatch_label=label, note=note),
                Pair(f"crawl peak memory (PSS){suffix}", "MiB", "plain Scrapy, fetch only",
                     plain["peak_pss_mib"], ours["peak_pss_mib"], piwatch_label=label,
                     higher_is_better=False, note=note),
            ]  # fmt: skip
    return pairs


ADAPTERS: dict[str, Callable[[bool], list[Pair]]] = {
    "extraction": _extraction,
    "extract": _extract,
    "crawl": _crawl,
}


def _child(name: str, quick: bool, timeout: float) -> tuple[list[Pair], str]:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        cmd = [sys.executable, "-m", "bench", "--child", name, "--json", out.name]
        if quick:
            cmd.append("--quick")
        try:
            proc = subprocess.run(cmd, cwd=ROOT, timeout=timeout, capture_output=True, text=True)
        except subprocess.TimeoutExpired:
            return [], f"timed out after {timeout:.0f}s"
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
            return [], f"failed (exit {proc.returncode}): {tail[0]}"
        data = json.loads(Path(out.name).read_text(encoding="utf-8") or "[]")
        return [as_pair(d) for d in data], ""


def _fmt(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def table(results: dict[str, tuple[list[Pair], str]]) -> Table:
    out = Table(title="piwatch benchmarks (baseline beside piwatch, same run)")
    for column in ("benchmark", "measure", "baseline", "value", "piwatch", "value", "x", "notes"):
        out.add_column(column, justify="right" if column in ("value", "x") else "left")
    for name, (pairs, problem) in results.items():
        if problem:
            out.add_row(name, problem, "", "", "", "", "", "")
        for p in pairs:
            ratio = p.ratio
            out.add_row(
                name, f"{p.name} ({p.unit})", p.baseline_label, _fmt(p.baseline),
                p.piwatch_label, _fmt(p.piwatch), f"{ratio:.2f}" if ratio else "", p.note,
            )  # fmt: skip
    return out


def markdown(results: dict[str, tuple[list[Pair], str]]) -> str:
    lines = [
        "| benchmark | measure | baseline | value | piwatch | value | × | notes |",
        "| --- | --- | --- | ---: | --- | ---: | ---: | --- |",
    ]
    for name, (pairs, problem) in results.items():
        if problem:
            lines.append(f"| {name} | {problem} | | | | | | |")
        for p in pairs:
            ratio = f"{p.ratio:.2f}" if p.ratio else ""
            lines.append(
                f"| {name} | {p.name} ({p.unit}) | {p.baseline_label} | {_fmt(p.baseline)} |"
                f" {p.piwatch_label} | {_fmt(p.piwatch)} | {ratio} | {p.note} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller inputs (CI size)")
    parser.add_argument("--only", action="append", choices=MODULES, help="run only these")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per module")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    if args.child:  # one module, in this (child) process
        pairs = run_module(args.child, args.quick)
        args.json.write_text(json.dumps([p.as_dict() for p in pairs]), encoding="utf-8")
        return 0

    console = Console(stderr=True)
    results: dict[str, tuple[list[Pair], str]] = {}
    for name in args.only or MODULES:
        if importlib.util.find_spec(f"bench.{name}") is None:
            results[name] = ([], f"missing: bench/{name}.py not present")
            continue
        console.print(f"bench: running {name}{' (quick)' if args.quick else ''} …")
        started = time.monotonic()
        results[name] = _child(name, args.quick, args.timeout)
        console.print(f"bench: {name} done in {time.monotonic() - started:.0f}s")
    Console(width=180).print(table(results))
    if args.markdown:
        print(markdown(results))
    if args.json:
        data: dict[str, Any] = {
            name: {"pairs": [p.as_dict() for p in pairs], "problem": problem}
            for name, (pairs, problem) in results.items()
        }
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return 1 if any(problem and "missing" not in problem for _, problem in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
