"""`piwatch extract` (lead extraction on JSON Lines) and `piwatch eval` (development-set scores)."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TimeElapsedColumn

from piwatch.errors import PiwatchError

if TYPE_CHECKING:
    from piwatch.pipelines.leads.devset import Labelled
    from piwatch.pipelines.leads.evaluate import Report, RuleCount
    from piwatch.pipelines.options import ExtractOptions

console = Console(stderr=True)


def register(app: typer.Typer) -> None:
    """Add `piwatch extract` and `piwatch eval` to the application."""
    app.command("extract")(extract_command)
    app.command("eval")(eval_command)
    app.command("train")(train_command)


def extract_command(
    in_file: Annotated[
        Path | None,
        typer.Option(
            "--in",
            help="JSON Lines input in UTF-8 (- for standard input): id, text, title, url, "
            "published, source_type; blank lines are skipped.",
        ),
    ] = None,
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="JSON Lines output (- for standard output), one object per non-blank input "
            "line; a line that is not UTF-8 gets an error object.",
        ),
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
    from_stdin, to_stdout = str(in_file) == "-", str(out_file) == "-"
    if not from_stdin and not in_file.is_file():
        raise PiwatchError(f"input file not found: {in_file}; give an existing JSON Lines file")
    if not (from_stdin or to_stdout) and out_file.resolve() == in_file.resolve():
        raise PiwatchError(f"--out {out_file} is the input file; write the output to another path")
    from piwatch.config import load_settings
    from piwatch.pipelines.leads.batch import extract_lines

    options = load_settings().extract
    total = None if from_stdin else in_file.stat().st_size
    count = errors = 0
    # written beside the target and renamed at the end: a failed run leaves the old file whole
    partial = out_file.with_name(f".{out_file.name}.{os.getpid()}.partial")
    try:
        if not to_stdout:
            out_file.parent.mkdir(parents=True, exist_ok=True)
        with (
            contextlib.nullcontext(sys.stdin.buffer)
            if from_stdin
            else in_file.open("rb") as source,
            contextlib.nullcontext(sys.stdout)
            if to_stdout
            else partial.open("w", encoding="utf-8") as sink,
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
        if not to_stdout:
            partial.replace(out_file)
    except OSError as exc:
        raise PiwatchError(f"cannot read or write ({exc.strerror}): {exc.filename}") from None
    finally:
        partial.unlink(missing_ok=True)
    where = "standard output" if to_stdout else out_file
    console.print(f"{count} texts, {errors} errors -> {where}", highlight=False)


def eval_command(
    corpus: Annotated[
        Path | None,
        typer.Option(
            help="Corpus directory holding BATCH/FILE.jsonl (default ../shared/corpus/leads)."
        ),
    ] = None,
    labels: Annotated[
        Path | None,
        typer.Option(help="Labels directory holding BATCH/FILE.jsonl (default devset/labels)."),
    ] = None,
    errors: Annotated[
        bool,
        typer.Option(
            "--errors",
            help="Also print every disagreement as JSON, with its group and the sentences "
            "the decision rested on.",
        ),
    ] = False,
    by_group: Annotated[
        bool,
        typer.Option(
            "--by-group",
            help="Scores per group (batch/source file) as well; with --model, the learned "
            "decision scored leave-one-group-out beside the rules.",
        ),
    ] = False,
    held_out_groups: Annotated[
        str | None,
        typer.Option(
            "--held-out-groups",
            metavar="GROUP,...",
            help="Groups no rule author read (e.g. raw2): reported apart as the locked split. "
            "A batch name stands for all of its groups.",
        ),
    ] = None,
    model: Annotated[
        bool,
        typer.Option("--model", help="With --by-group: also train and score the learned decision."),
    ] = False,
) -> None:
    """Precision, recall and F1 per field of the extraction on the labelled development set.

    Lead detection and sectors: P/R/F1. Business names: a predicted name counts when, after
    NFKC and removing 《》“” quotes and spaces, it equals, contains or is contained in a gold
    name (each gold name once). Conduct: exact-set accuracy over the labelled leads (a missed
    lead counts as wrong) and P/R per code; conduct and sectors are also scored (micro P/R/F1) on
    the true leads found alone, apart from detection.
    """
    from piwatch.pipelines.leads import ExtractOptions
    from piwatch.pipelines.leads.devset import CORPUS_LEADS, LABELS_DIR, labelled_texts
    from piwatch.pipelines.leads.evaluate import by_group as grouped
    from piwatch.pipelines.leads.evaluate import evaluate, rule_counts
    from piwatch.pipelines.leads.extract import extract

    corpus_dir = corpus or CORPUS_LEADS
    labels_dir = labels or LABELS_DIR
    if not corpus_dir.is_dir():
        raise PiwatchError(f"corpus not found at {corpus_dir}; pass --corpus DIR")
    if not labels_dir.is_dir():
        raise PiwatchError(f"labels not found at {labels_dir}; pass --labels DIR")
    options = ExtractOptions()
    try:
        texts = list(labelled_texts(labels_dir, corpus_dir))
    except (ValueError, FileNotFoundError) as exc:
        raise PiwatchError(f"development set unreadable: {exc}") from None
    if not texts:
        raise PiwatchError(f"no labels with texts found in {labels_dir}")
    results = [(t, extract(t.item, options)) for t in texts]
    scored = [(t.group, t.label, found.to_contract()) for t, found in results]
    report = evaluate((gold, pred) for _, gold, pred in scored)
    out = sys.stdout.write
    out(f"development set: {report.n} labelled texts, {report.gold_leads} leads\n")
    out(f"{'field':<28}{'P':>7}{'R':>7}{'F1':>7}\n")
    out(_row("lead detection", report.lead))
    out(_row("business names", report.business))
    out(f"{'conduct accuracy (exact set)':<28}{report.conduct_accuracy:>21.3f}\n")
    for code, counts in report.conduct.items():
        out(_row(f"  conduct {code}", counts))
    out(_row("conduct on found leads", report.conduct_found))
    out(_row("sectors (micro)", report.sector))
    for code, counts in report.sectors.items():
        if counts.tp + counts.fp + counts.fn:
            out(_row(f"  sector {code}", counts))
    out(_row("sectors on found leads", report.sector_found))
    out("\nrules: texts each named rule fired on, and the share whose label went its way\n")
    out(_rule_table(rule_counts((t.label, found.rules) for t, found in results)))
    # whether the score means what it says on these labels: in sample on the development set
    # the calibration was fitted on, out of sample on any other
    leads = {t.item.id: found.score for t, found in results if found.is_lead}
    truth = {t.item.id: bool(t.label.get("is_lead")) for t, _ in results}
    heading = (
        "\nreliability of the lead score: of the leads scored in each tenth, how many are true"
    )
    out(_reliability_table(leads, truth, heading))
    if by_group or held_out_groups:
        locked = _locked(held_out_groups, {t.group for t in texts})
        columns: dict[str, Scored] = {"rules": scored}
        if model:
            columns["model (out of group)"] = _out_of_group(texts, options)
        for name, rows in columns.items():
            out(f"\n{name}: per group\n")
            out(_group_table(grouped(rows), locked))
            if locked:
                split = {
                    "held out (*)": evaluate((g, pr) for grp, g, pr in rows if grp in locked),
                    "read by rule authors": evaluate(
                        (g, pr) for grp, g, pr in rows if grp not in locked
                    ),
                }
                out(_group_table(split, set(), header=False))
    if errors:
        for group, gold, pred in scored:
            for error in evaluate([(gold, pred)]).errors:  # one text: at most one error
                # the sentences the decision rested on, to trace a rule to what it fixes or breaks
                error |= {"group": group, "sentences": pred.get("evidence") or []}
                out(json.dumps(error, ensure_ascii=False) + "\n")


def train_command(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="FILE",
            help="Where to write the artifact (default: extract.score_path, with --decision "
            "extract.model_path, else the shipped location).",
        ),
    ] = None,
    decision: Annotated[
        bool,
        typer.Option(
            "--decision",
            help="Train the learned lead decision instead of the score calibration "
            "(measured no better than the rules on unread batches; not shipped).",
        ),
    ] = False,
    seed: Annotated[int, typer.Option(help="Random seed (same labels and seed: same model).")] = 0,
    corpus: Annotated[
        Path | None, typer.Option(help="Corpus directory (default ../shared/corpus/leads).")
    ] = None,
    labels: Annotated[
        Path | None, typer.Option(help="Labels directory (default devset/labels).")
    ] = None,
) -> None:
    """Rebuild a lead artifact from the labels: by default the score calibration.

    The rules decide whether a text is a lead; the calibration turns the named rules that
    decided, the subjects and the kind of text into the probability that the lead is true.
    Each group (batch/source file) is scored by a calibration fitted without it, and the
    reliability table of those scores is printed; then the calibration is fitted on every
    label. Same labels and seed: same artifact.
    """
    import time

    from piwatch.config import load_settings
    from piwatch.pipelines.leads.devset import CORPUS_LEADS, LABELS_DIR, labelled_texts
    from piwatch.pipelines.leads.training import Params, read_examples, train, train_score
    from piwatch.pipelines.options import MODEL_PATH, SCORE_PATH

    corpus_dir, labels_dir = corpus or CORPUS_LEADS, labels or LABELS_DIR
    for what, path in (("corpus", corpus_dir), ("labels", labels_dir)):
        if not path.is_dir():
            raise PiwatchError(f"{what} not found at {path}; pass --{what} DIR")
    options = load_settings().extract
    if decision:
        target = out or options.model_path or MODEL_PATH
    else:
        target = out or options.score_path or SCORE_PATH
    started = time.monotonic()
    console.print("reading the labelled texts with the rules …", highlight=False)
    examples = read_examples(labelled_texts(labels_dir, corpus_dir), options)
    groups = len({e.group for e in examples})
    console.print(
        f"training: {len(examples)} texts in {groups} groups, one fit per held-out group",
        highlight=False,
    )
    version = f"seed{seed}-n{len(examples)}"
    if decision:
        trained = train(examples, Params(seed=seed), version=version)
        artifact = trained.model.to_json()
        what = f"{len(trained.model.vocabulary)} n-grams, {len(trained.model.named)} named features"
    else:
        try:
            scored = train_score(examples, version=version)
        except ValueError as exc:
            raise PiwatchError(str(exc)) from None
        gold = {e.labelled.item.id: e.gold for e in examples}
        sys.stdout.write(_reliability_table(scored.out_of_group, gold))
        artifact = scored.calibration.to_json()
        what = f"{len(scored.calibration.weights)} features"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(artifact, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    console.print(
        f"written to {target} ({what}) in {time.monotonic() - started:.0f} s", highlight=False
    )


def _reliability_table(
    probabilities: dict[str, float],
    gold: dict[str, bool],
    heading: str = "reliability of the lead score (each group scored out of group)",
) -> str:
    """Of the leads scored in each tenth, how many are true."""
    lines = [f"{heading}\n", f"{'score':<10}{'leads':>7}{'true':>7}{'share':>7}\n"]
    for tenth in range(10):
        low, high = tenth / 10, (tenth + 1) / 10
        ids = [i for i, p in probabilities.items() if low <= p < high or (tenth == 9 and p == 1)]
        if ids:
            true = sum(gold[i] for i in ids)
            lines.append(f"{low:.1f}-{high:.1f}{len(ids):>9}{true:>7}{true / len(ids):>7.2f}\n")
    return "".join(lines)


def _locked(spec: str | None, groups: set[str]) -> set[str]:
    """The groups named by ``--held-out-groups``: a batch name stands for its groups, a round
    name (``r4``) for the groups labelled in that round."""
    if not spec:
        return set()
    names = {name.strip() for name in spec.split(",") if name.strip()}

    def named(group: str, name: str) -> bool:
        return group == name or group.split("/")[0] == name or group.endswith(f"@{name}")

    chosen = {g for g in groups if any(named(g, n) for n in names)}
    unknown = {n for n in names if not any(named(g, n) for g in groups)}
    if unknown:
        raise PiwatchError(
            f"unknown group(s) {', '.join(sorted(unknown))}; "
            f"groups are: {', '.join(sorted(groups))}"
        )
    return chosen


Scored = list[tuple[str, dict[str, Any], dict[str, Any]]]


def _out_of_group(texts: list[Labelled], options: ExtractOptions) -> Scored:
    """Each text decided by a model trained without its group."""
    from piwatch.pipelines.leads.extract import assemble
    from piwatch.pipelines.leads.training import Params, read_examples, train

    examples = read_examples(texts, options)
    trained = train(examples, Params(), version="evaluation")
    threshold = trained.model.threshold
    rows = []
    for e in examples:
        probability = trained.out_of_group[e.labelled.item.id]
        lead = probability >= threshold and bool(e.reading.conduct)
        pred = assemble(e.labelled.item, e.reading, lead, probability, options)
        rows.append((e.group, e.labelled.label, pred.to_contract()))
    return rows


def _group_table(reports: dict[str, Report], locked: set[str], header: bool = True) -> str:
    lines = (
        []
        if not header
        else [
            f"{'group':<46}{'texts':>6}{'leads':>6}{'lead P':>8}{'R':>7}{'F1':>7}{'biz F1':>8}"
            f"{'conduct':>8}{'sector F1':>10}\n"
        ]
    )
    for group, r in reports.items():
        mark = " *" if group in locked else ""
        lines.append(
            f"{group + mark:<46}{r.n:>6}{r.gold_leads:>6}{r.lead.precision:>8.3f}"
            f"{r.lead.recall:>7.3f}{r.lead.f1:>7.3f}{r.business.f1:>8.3f}"
            f"{r.conduct_accuracy:>8.3f}{r.sector.f1:>10.3f}\n"
        )
    return "".join(lines)


def _rule_table(counts: dict[str, RuleCount]) -> str:
    from piwatch.pipelines.leads.rules import RULES

    lines = [f"{'rule':<30}{'pushes':>9}{'fired':>7}{'right':>7}\n"]
    for rule_id, count in counts.items():
        rule = RULES[rule_id]
        name = f"{rule_id} {rule.name}"
        lines.append(f"{name:<30}{rule.pushes:>9}{count.fired:>7}{count.share_right:>7.2f}\n")
    return "".join(lines)


def _row(name: str, counts: object) -> str:
    return f"{name:<28}{counts.precision:>7.3f}{counts.recall:>7.3f}{counts.f1:>7.3f}\n"  # type: ignore[attr-defined]
