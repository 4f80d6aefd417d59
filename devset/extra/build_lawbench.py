"""Rebuild rounds 98 and 99 (``raw98``, ``raw99``): criminal and civil case facts, legal news and
legal questions of about 2013-2020 from a benchmark of legal tasks.

``open-compass/LawBench`` (at e30981b) poses legal tasks over real Chinese texts: criminal case
facts of published judgments (CAIL, tasks 3-1, 3-3, 3-4, 3-5, and the documents of 3-7), civil
facts (2-5), sentences of judgments (2-1, 2-2, 2-3, 2-6, 2-9, 2-10), legal news for summaries
(2-7) and people's legal questions (2-4, 3-8), each file ``data/zero_shot/<task>.json`` a JSON
list of rows (instruction, question, answer). The other tasks (statute recitals, exam questions,
written scenarios, answer options) hold no reports and are left out. A record's text is the
question without its task's label (「事实:」「段落:」「句子:」「文书:」) and, for criminal
facts, without the charge and statute the task appends.

A batch is a fixed list of texts named by SHA-256 (``BATCHES``; of the text), of the distinct
texts no labelled text held when it was drawn (none of ``../shared`` and none of the batches
then under ``../extra/leads``). ``raw98``: every one with a personal-information word
(``archive.PI_KEYWORDS``). ``raw99``: those without one that the rules of 765a3f7 flag as leads
(recall 1 by construction, a check of precision). A record is the text, no title, the file and
row as ``url`` and no date, in a seeded shuffle. The texts are third-party, so the repository
keeps only this script, the lists and the labels (``labels/raw98``, ``labels/raw99``); the texts
are written where you say:

    git clone https://github.com/open-compass/LawBench /tmp/lawbench
    python devset/extra/build_lawbench.py /tmp/lawbench ../extra/leads
    python devset/extra/build_lawbench.py --batch raw99 /tmp/lawbench ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from archive import Entries, ListedBatch, build_listed, git, untitled_texts

SOURCE = "open-compass/LawBench"
COMMIT = "e30981bb3ff54c41571f222e0b23e92d27375388"
TASKS = ("2-1", "2-2", "2-3", "2-4", "2-5", "2-6", "2-7", "2-9", "2-10", "3-1", "3-3", "3-4",
         "3-5", "3-7", "3-8")  # fmt: skip
_LABEL = re.compile(r"^\s*(?:事实|段落|句子|文书)\s*[:：]\s*")
_APPENDED = re.compile(r"\s*罪名\s*[:：].*$", re.S)
"""「…\\r\\n罪名:盗窃。法条:刑法第264条。…」: what the sentencing tasks add after the facts."""
MAX_CHARS = 15_000  # as raw2 cut its longest stories


def entries(repo: Path) -> Entries:
    """Every distinct text of the kept tasks at ``COMMIT``, in task and row order."""
    paths = [f"data/zero_shot/{task}.json" for task in TASKS]
    return untitled_texts(
        (path, n, _APPENDED.sub("", _LABEL.sub("", row["question"])))
        for path in paths
        for n, row in enumerate(json.loads(git(repo, "show", f"{COMMIT}:{path}")))
    )


BATCHES = {
    "raw98": ListedBatch("lawbench98", 20270318, "lawbench_texts_raw98.txt",
                         "legal_facts_news_questions_2013_2020.jsonl", (entries,), MAX_CHARS),
    "raw99": ListedBatch("lawbenchflag99", 20270320, "lawbench_flagged_raw99.txt",
                         "legal_flagged_texts_2013_2020.jsonl", (entries,), MAX_CHARS),
}  # fmt: skip


if __name__ == "__main__":
    build_listed(__doc__.split("\n")[0], BATCHES, SOURCE, COMMIT)
