"""Rebuild rounds 91 and 92 (``raw91``, ``raw92``): Chinese financial-news headlines of about
2015-2021 from a sentiment study.

``JINGEWU/Financial-Sentiment-Analysis`` (at 3bfb84e) pairs financial-news headlines from a
Chinese market-data terminal with the next day's index return: ``data/CH.csv``, one row a
headline (index, text, close, return, label), 20,582 distinct headlines of economy, markets,
companies, technology and world news, newest first; the file gives no dates (the closing prices
place them from about 2015 to early 2021).

A batch is a fixed list of headlines named by SHA-256 (``BATCHES``), of the distinct headlines
no labelled text held when it was drawn (none of ``../shared`` and none of the batches then
under ``../extra/leads``). ``raw91``: every one with a personal-information word
(``archive.PI_KEYWORDS``), 48. ``raw92``: those without one that the rules of 38e1697 flag as
leads, 4 of 20,529 (recall 1 by construction, a check of precision). A record is the headline,
its row index as ``url`` and no date, in a seeded shuffle. The texts are third-party, so the
repository keeps only this script, the lists and the labels (``labels/raw91``,
``labels/raw92``); the texts are written where you say:

    git clone https://github.com/JINGEWU/Financial-Sentiment-Analysis /tmp/fin-headlines
    python devset/extra/build_fin_headlines.py /tmp/fin-headlines ../extra/leads
    python devset/extra/build_fin_headlines.py --batch raw92 /tmp/fin-headlines ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from archive import Entries, ListedBatch, build_listed, git

SOURCE = "JINGEWU/Financial-Sentiment-Analysis"
COMMIT = "3bfb84e28030d035a06f5d956ba9c2d8f860e91b"
DATA = "data/CH.csv"


def entries(repo: Path) -> Entries:
    """Every distinct headline of ``data/CH.csv`` at ``COMMIT``, in file order."""
    seen: set[str] = set()
    out: Entries = []
    for row in csv.DictReader(io.StringIO(git(repo, "show", f"{COMMIT}:{DATA}"))):
        title = (row["Text"] or "").strip()
        if title and title not in seen:
            seen.add(title)
            out.append({"source_path": DATA, "title": title, "published": None, "url": row[""]})
    return out


BATCHES = {
    "raw91": ListedBatch("finhead91", 20270302, "fin_headlines_raw91.txt",
                         "financial_news_headlines_2015_2021.jsonl", (entries,)),
    "raw92": ListedBatch("finheadflag92", 20270304, "fin_headlines_flagged_raw92.txt",
                         "financial_news_flagged_headlines_2015_2021.jsonl", (entries,)),
}  # fmt: skip


if __name__ == "__main__":
    build_listed(__doc__.split("\n")[0], BATCHES, SOURCE, COMMIT)
