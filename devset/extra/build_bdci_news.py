"""Rebuild rounds 87 and 88 (``raw87``, ``raw88``): headlines of a 2019 news-sentiment
competition's data.

``U-Help/DS2019`` (at d51350c) keeps, for a course project, the data of CCF BDCI 2019's
互联网新闻情感分析 task: ``train.csv`` and ``test.csv`` under
``CCF-BDCI-Sentiment-Analysis-Baseline-master/data/data_test/``, one row a Chinese news item of
2019 (id, title, the opening of its text with punctuation and digits stripped, a sentiment
label): 12,741 distinct titles of local government, finance, consumer, technology and society
news, many of them about lending platforms, banks and scams. The stripped text cannot be read
as sentences, so a record is the headline only.

A batch is a fixed list of titles named by SHA-256 (``BATCHES``), of the distinct titles no
labelled text held when it was drawn (none of ``../shared`` and none of the batches then under
``../extra/leads``). ``raw87``: every one with a personal-information word
(``archive.PI_KEYWORDS``), 96. ``raw88``: those without one that the rules of 649ec4a flag as
leads, 2 of 12,645 (recall 1 by construction, a check of precision). A record is the title,
the item's id as ``url`` and no date (the data gives none), in a seeded shuffle. The texts are
third-party, so the repository keeps only this script, the lists and the labels
(``labels/raw87``, ``labels/raw88``); the texts are written where you say:

    git clone https://github.com/U-Help/DS2019 /tmp/DS2019
    python devset/extra/build_bdci_news.py /tmp/DS2019 ../extra/leads
    python devset/extra/build_bdci_news.py --batch raw88 /tmp/DS2019 ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from archive import Entries, ListedBatch, build_listed, git

SOURCE = "U-Help/DS2019"
COMMIT = "d51350c42a2943b3ec40adf3225ebb3af24a4be6"
DATA = "CCF-BDCI-Sentiment-Analysis-Baseline-master/data/data_test"


def entries(repo: Path) -> Entries:
    """Every distinct title of ``test.csv`` then ``train.csv`` at ``COMMIT``, in file order."""
    seen: set[str] = set()
    out: Entries = []
    for name in ("test.csv", "train.csv"):
        path = f"{DATA}/{name}"
        for row in csv.DictReader(io.StringIO(git(repo, "show", f"{COMMIT}:{path}"))):
            title = (row.get("title") or "").strip()
            if not title or title in seen:
                continue
            seen.add(title)
            out.append({"source_path": path, "title": title, "published": None, "url": row["id"]})
    return out


BATCHES = {
    "raw87": ListedBatch("bdci87", 20270222, "bdci_news_titles_raw87.txt",
                         "news_sentiment_titles_2019.jsonl", (entries,)),
    "raw88": ListedBatch("bdciflag88", 20270224, "bdci_news_flagged_raw88.txt",
                         "news_sentiment_flagged_titles_2019.jsonl", (entries,)),
}  # fmt: skip


if __name__ == "__main__":
    build_listed(__doc__.split("\n")[0], BATCHES, SOURCE, COMMIT)
