"""Benchmark: full lead extraction vs a naive baseline on every raw corpus text, one core.

Run ``python -m bench.extract [RAW_DIR]``. The baseline is what one would write first: jieba
part-of-speech tagging over every full text plus counting lexicon keywords. Both read the same
texts in the same process after a warm-up, so dictionary loading is not counted; the fastest of
three alternated passes each.
Times are CPU seconds of this process (``time.process_time``): the machine is shared,
and one core is what is measured.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import jieba
import jieba.posseg

from piwatch.pipelines.leads import ExtractOptions, TextInput
from piwatch.pipelines.leads.devset import CORPUS_LEADS
from piwatch.pipelines.leads.extract import extract, load_all
from piwatch.pipelines.leads.lexicons import load_lexicons

CORPUS_RAW = CORPUS_LEADS / "raw"


@dataclass(frozen=True, slots=True)
class Result:
    """Throughput of one contender over the corpus."""

    name: str
    texts: int
    megabytes: float
    seconds: float
    leads: int

    @property
    def mb_per_s(self) -> float:
        return self.megabytes / self.seconds

    @property
    def texts_per_s(self) -> float:
        return self.texts / self.seconds


def load_texts(raw_dir: Path) -> list[TextInput]:
    """Every text of every raw corpus file."""
    items: list[TextInput] = []
    for path in sorted(raw_dir.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            items.append(
                TextInput(id=record["id"], text=record.get("text") or "", title=record.get("title"))
            )
    return items


def _size(items: list[TextInput]) -> float:
    return sum(len(i.text.encode()) + len((i.title or "").encode()) for i in items) / 1e6


def run_full(items: list[TextInput], options: ExtractOptions) -> Result:
    """piwatch's extraction: scan everything, tag only candidate sentences."""
    start = time.process_time()
    leads = sum(extract(item, options).is_lead for item in items)
    return Result("piwatch extract", len(items), _size(items), time.process_time() - start, leads)


def run_baseline(items: list[TextInput], options: ExtractOptions) -> Result:
    """Naive: jieba.posseg over every full text, count conduct and PI keywords per text."""
    lex = load_lexicons(options.lexicon_dir)
    conduct = set().union(*(lex[c] for c in lex.terms if c.startswith("conduct_")))
    pi_terms = set().union(*(lex[c] for c in lex.terms if c.startswith("pi_")))
    start = time.process_time()
    leads = 0
    for item in items:
        pairs = list(jieba.posseg.cut((item.title or "") + "\n" + item.text))
        hits_conduct = sum(p.word in conduct for p in pairs)
        hits_pi = sum(p.word in pi_terms for p in pairs)
        leads += hits_conduct > 0 and hits_pi > 0 and any(p.flag == "nt" for p in pairs)
    return Result("naive baseline", len(items), _size(items), time.process_time() - start, leads)


ROUNDS = 3
"""Passes of each contender, alternated; each keeps its fastest. On a shared machine one pass of
either moved by a tenth between runs of the same code; the fastest pass is the code's own cost."""


def run(raw_dir: Path = CORPUS_RAW, rounds: int = ROUNDS) -> dict[str, Result]:
    """Both contenders over the same corpus; returns their results by key."""
    items = load_texts(raw_dir)
    options = ExtractOptions()
    # warm up: dictionaries, automata and jieba's model load once, outside the timings
    load_all(options)
    list(jieba.posseg.cut("某公司出售客户信息。"))
    passes: dict[str, list[Result]] = {"full": [], "baseline": []}
    for _ in range(rounds):
        passes["full"].append(run_full(items, options))
        passes["baseline"].append(run_baseline(items, options))
    return {key: min(results, key=lambda r: r.seconds) for key, results in passes.items()}


def main(argv: list[str]) -> int:
    raw_dir = Path(argv[0]) if argv else CORPUS_RAW
    if not raw_dir.is_dir():
        print(f"corpus not found: {raw_dir}", file=sys.stderr)
        return 1
    results = run(raw_dir)
    for result in results.values():
        print(
            f"{result.name:<16} {result.texts:>6} texts {result.megabytes:6.2f} MB "
            f"{result.seconds:7.2f} s {result.mb_per_s:6.2f} MB/s {result.texts_per_s:8.1f} texts/s"
        )
    speedup = results["full"].mb_per_s / results["baseline"].mb_per_s
    print(f"speed-up of full extraction over the baseline: {speedup:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
