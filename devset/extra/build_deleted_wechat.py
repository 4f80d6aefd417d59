"""Rebuild rounds 82 and 83 (``raw82``, ``raw83``): titles of WeChat articles deleted after
publication, 2018-2020.

``Terminus2049/Wechatscope`` (at 65bcd53) merged, day by day, the lists of deleted WeChat public
account articles that a university's monitor published for a week at a time: ``ceninfo.csv``,
one row an article (title, account, day published, archive name, when it was found deleted and
the notice shown in its place: deleted by its author, or removed as violating rules), 17,411 rows
from April 2018 to September 2020 and 15,934 distinct titles. Accounts of every kind: news
media, local government and police accounts, finance and technology writers, overseas Chinese
media, lifestyle and clickbait accounts.

A batch is a fixed list of titles named by SHA-256 (``BATCHES``), of the distinct titles no
labelled text held when it was drawn (none of ``../shared`` and none of the batches then under
``../extra/leads``). ``raw82``: every one with a personal-information word
(``archive.PI_KEYWORDS``), 49. ``raw83``: those without one that the rules of ee1fa93 flag as
leads (recall 1 by construction, a check of precision). A record is the title, the day
published, the archive name as ``url`` (the monitor kept no link) and the account as
``outlet``, in a seeded shuffle. The texts are third-party, so the repository keeps only this
script, the lists and the labels (``labels/raw82``, ``labels/raw83``); the texts are written
where you say:

    git clone https://github.com/Terminus2049/Wechatscope /tmp/Wechatscope
    python devset/extra/build_deleted_wechat.py /tmp/Wechatscope ../extra/leads
    python devset/extra/build_deleted_wechat.py --batch raw83 /tmp/Wechatscope ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from archive import Entries, ListedBatch, build_listed, git

SOURCE = "Terminus2049/Wechatscope"
COMMIT = "65bcd538015ea1e1f97b07ef82940a8112dcb185"


def entries(repo: Path) -> Entries:
    """Every distinct title of ``ceninfo.csv`` at ``COMMIT``, in the file's order."""
    rows = csv.DictReader(io.StringIO(git(repo, "show", f"{COMMIT}:ceninfo.csv")))
    seen: set[str] = set()
    out: Entries = []
    for row in rows:
        title = row["title"].strip()
        if not title or title in seen:
            continue
        seen.add(title)
        out.append(
            {
                "source_path": "ceninfo.csv",
                "title": title,
                "published": row["created_at"],
                "url": row["archive"],
                "outlet": row["nickname"],
                "deleted_notice": row["censored_msg"],
            }
        )
    return out


BATCHES = {
    "raw82": ListedBatch("wxdel82", 20270212, "deleted_wechat_titles_raw82.txt",
                         "deleted_wechat_titles_2018_2020.jsonl", (entries,)),
    "raw83": ListedBatch("wxdelflag83", 20270214, "deleted_wechat_flagged_raw83.txt",
                         "deleted_wechat_flagged_titles_2018_2020.jsonl", (entries,)),
}  # fmt: skip


if __name__ == "__main__":
    build_listed(__doc__.split("\n")[0], BATCHES, SOURCE, COMMIT)
