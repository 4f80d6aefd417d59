"""Rebuild rounds 96 and 97 (``raw96``, ``raw97``): financial Weibo posts and news of 2019 from
the unlabelled test set of a competition on negative news about financial entities.

``A-Rain/BDCI2019-Negative_Finance_Info_Judge`` (at 62537f6), a competitor's solution to CCF BDCI
2019's 金融信息负面及主体判定, keeps the competition's test set, ``data/Test_Data.csv``: one row a
Chinese text of about 2018-2019 (id, title, text, the financial entities it names), mostly Weibo
posts and news about online lending (P2P) platforms, banks, insurers and payment apps, without the
negative-or-not labels that ``build_fin_negative.py``'s rows carry. The two sets share some texts;
only those no labelled text held are drawn.

A batch is a fixed list of texts named by SHA-256 (``BATCHES``; of the title, or of the text where
the row has no title), of the distinct texts no labelled text held when it was drawn (none of
``../shared`` and none of the batches then under ``../extra/leads``). ``raw96``: every one with a
personal-information word (``archive.PI_KEYWORDS``) in its title or text. ``raw97``: those without
one that the rules of 146d96d flag as leads (recall 1 by construction, a check of precision). A
record is the title (or none), the text, the row's id as ``url`` and no date, in a seeded shuffle.
The texts are third-party, so the repository keeps only this script, the lists and the labels
(``labels/raw96``, ``labels/raw97``); the texts are written where you say:

    git clone https://github.com/A-Rain/BDCI2019-Negative_Finance_Info_Judge /tmp/fin-test
    python devset/extra/build_fin_test.py /tmp/fin-test ../extra/leads
    python devset/extra/build_fin_test.py --batch raw97 /tmp/fin-test ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from archive import Entries, ListedBatch, build_listed, git

SOURCE = "A-Rain/BDCI2019-Negative_Finance_Info_Judge"
COMMIT = "62537f654b705344c9438315cd7ea095bcb7c5ed"
DATA = "data/Test_Data.csv"
MAX_CHARS = 15_000  # as raw2 cut its longest stories


def entries(repo: Path) -> Entries:
    """Every distinct text of ``data/Test_Data.csv`` at ``COMMIT``, in file order; of rows sharing
    a title (a post reposted with other words), the first."""
    seen: set[str] = set()
    out: Entries = []
    data = git(repo, "show", f"{COMMIT}:{DATA}").removeprefix("\ufeff")
    for row in csv.DictReader(io.StringIO(data)):
        text = (row["text"] or "").strip()
        title = (row["title"] or "").strip()
        if not text or text in seen or (title and title in seen):
            continue
        seen.update((text, title) if title else (text,))
        out.append(
            {
                "source_path": DATA,
                "title": None if not title or title == text else title,
                "text": text,
                "published": None,
                "url": row["id"],
            }
        )
    return out


BATCHES = {
    "raw96": ListedBatch("fintest96", 20270314, "fin_test_texts_raw96.txt",
                         "financial_test_texts_2018_2019.jsonl", (entries,), MAX_CHARS),
    "raw97": ListedBatch("fintestflag97", 20270316, "fin_test_flagged_raw97.txt",
                         "financial_test_flagged_texts_2018_2019.jsonl", (entries,), MAX_CHARS),
}  # fmt: skip


if __name__ == "__main__":
    build_listed(__doc__.split("\n")[0], BATCHES, SOURCE, COMMIT)
