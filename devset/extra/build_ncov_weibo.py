"""Rebuild round 93 (``raw93``): Weibo posts of January-February 2020 from an
epidemic-mood contest.

``gaowenxin95/le_topic_model`` (at e09fdb3) keeps, for a topic model, the unlabelled test file of
a 2020 contest on netizens' mood during the epidemic: ``data/nCov_10k_test.csv`` (GB18030), one
row a Weibo post (id, day and time without the year, account, text, pictures, videos), 10,000
posts of January and February 2020: news accounts' posts under topics, personal posts, reposts.

A batch is a fixed list of posts named by SHA-256 (``BATCHES``; of the text, as posts have no
title), of the distinct posts no labelled text held when it was drawn (none of ``../shared`` and
none of the batches then under ``../extra/leads``). ``raw93``: every one with a
personal-information word (``archive.PI_KEYWORDS``), 42. ``raw94``: those without one that the
rules of RULES flag as leads (recall 1 by construction, a check of precision). A record is the
post as text (no title), its day as ``2020-MM-DD``, the post's id as ``url`` and the account as
``outlet``, in a seeded shuffle. The texts are third-party, so the repository keeps only this
script, the lists and the labels (``labels/raw93``, ``labels/raw94``); the texts are written
where you say:

    git clone https://github.com/gaowenxin95/le_topic_model /tmp/le_topic_model
    python devset/extra/build_ncov_weibo.py /tmp/le_topic_model ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from archive import Entries, ListedBatch, build_listed, git_bytes

SOURCE = "gaowenxin95/le_topic_model"
COMMIT = "e09fdb3e131e5297a2ce4c2cc147be02c33bff29"
DATA = "data/nCov_10k_test.csv"
_DAY = re.compile(r"(\d{2})月(\d{2})日")


def entries(repo: Path) -> Entries:
    """Every distinct post of ``DATA`` at ``COMMIT``, in file order (two bytes of the file are
    not GB18030; they are replaced)."""
    raw = git_bytes(repo, "show", f"{COMMIT}:{DATA}").decode("gb18030", errors="replace")
    seen: set[str] = set()
    out: Entries = []
    for row in list(csv.reader(io.StringIO(raw)))[1:]:
        text = row[3].strip()
        if not text or text in seen:
            continue
        seen.add(text)
        day = _DAY.match(row[1])
        out.append(
            {
                "source_path": DATA,
                "title": None,
                "text": text,
                "published": f"2020-{day[1]}-{day[2]}" if day else None,
                "url": row[0].strip(),
                "outlet": row[2],
            }
        )
    return out


BATCHES = {
    "raw93": ListedBatch("ncov93", 20270306, "ncov_weibo_posts_raw93.txt",
                         "epidemic_weibo_posts_2020.jsonl", (entries,)),
}  # fmt: skip


if __name__ == "__main__":
    build_listed(__doc__.split("\n")[0], BATCHES, SOURCE, COMMIT)
