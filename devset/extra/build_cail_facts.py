"""Rebuild round 103 (``raw103``): criminal case facts of published judgments, from a subset of
the 2018 legal-AI challenge's data.

``sihuajian/cail2018`` (at ba1f680) keeps a student project's copy of part of the CAIL2018
challenge's data: ``data/data_train.json`` and ``data/data_test.json``, one JSON object a line
(most lines in GB18030, some in UTF-8), each a fact description from a published criminal
judgment (「公诉机关指控：…」) with its charges and sentence. 5,072 facts of about 200
charges, drug trafficking, assault and fraud the most frequent; none is a personal-information
charge. Court facts where only individuals act were the genre with the most false alarms on
unread text, so the batch checks the rules' precision there.

A batch is a fixed list of facts named by SHA-256 (``BATCHES``; of the text), of the facts no
labelled text held when it was drawn (none of ``../shared`` and none of the batches then under
``../extra/leads``). ``raw103``: every one that the rules of 319ad5b flag as a lead, with or
without a personal-information word (8 of 5,065; recall 1 by construction, a check of
precision). A record is the fact, no title, the file and line as ``url`` and no date, in a
seeded shuffle. The texts are third-party, so the repository keeps only this script, the list
and the labels (``labels/raw103``); the texts are written where you say:

    git clone https://github.com/sihuajian/cail2018 /tmp/cail2018
    python devset/extra/build_cail_facts.py /tmp/cail2018 ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import json
from pathlib import Path

from archive import Entries, ListedBatch, build_listed, git_bytes, untitled_texts

SOURCE = "sihuajian/cail2018"
COMMIT = "ba1f680ec433d854790a1b2dabc4423da14db00a"
FILES = ("data/data_train.json", "data/data_test.json")


def _decoded(line: bytes) -> str:
    """A line as its file wrote it: GB18030 for most, UTF-8 for some."""
    try:
        return line.decode("gb18030")
    except UnicodeDecodeError:
        return line.decode("utf-8")


def entries(repo: Path) -> Entries:
    """Every distinct fact of the two files at ``COMMIT``, in file and line order."""
    return untitled_texts(
        (path, n, json.loads(_decoded(line))["fact"])
        for path in FILES
        for n, line in enumerate(git_bytes(repo, "show", f"{COMMIT}:{path}").splitlines())
        if line.strip()
    )


BATCHES = {
    "raw103": ListedBatch("cailflag103", 20270401, "cail_facts_flagged_raw103.txt",
                          "criminal_facts_flagged_2018.jsonl", (entries,)),
}  # fmt: skip


if __name__ == "__main__":
    build_listed(__doc__.split("\n")[0], BATCHES, SOURCE, COMMIT)
