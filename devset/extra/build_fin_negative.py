"""Rebuild rounds 89, 90, 94, 95 and 112 (``raw89``-``raw95``, ``raw112``): financial news
and Weibo posts of a 2019 competition on negative news about financial entities, and financial
headlines and news of a benchmark's other tasks.

``ssymmetry/BBT-FinCUGE-Applications`` keeps, as its FinNSP task, the labelled data of CCF BDCI
2019's 金融信息负面及主体判定 (negative financial information and its subject): one row a Chinese
text of 2015-2019 (id, title, text, the financial entities it names, whether it is negative about
them, which ones), mostly Weibo posts and news about online lending (P2P) platforms, banks,
insurers and payment apps: complaints of investors and borrowers, collection, fraud, platforms
collapsing. ``FinCUGE_Publish/finnsp/train_list.json`` (3,999 rows) and ``eval_list.json`` (500)
at 654d132, ``DataSetThere/FinNSP/test_list.json`` (500) at 640134c, which the later commit no
longer holds. Each file is a JSON list of rows, the first a header.

A batch is a fixed list of texts named by SHA-256 (``BATCHES``; of the title, or of the text where
the row has no title), of the distinct texts no labelled text held when it was drawn (none of
``../shared`` and none of the batches then under ``../extra/leads``). ``raw89``: every one with a
personal-information word (``archive.PI_KEYWORDS``) in its title or text, 77. ``raw90``: those
without one that the rules of 38e1697 flag as leads, 19 of 4,642 (recall 1 by construction, a
check of precision). A record is the title (or none), the text, the row's id as ``url`` and no
date (the data gives none), in a seeded shuffle. The texts are third-party, so the repository
keeps only this script, the lists and the labels (``labels/raw89``, ``labels/raw90``); the texts
are written where you say:

The same benchmark's FinESE task (event subjects) holds financial news as strings of headlines
run together, or a news paragraph, each with an event type and its subject:
``FinCUGE_Publish/finese/train_list.json`` and ``eval_list.json`` at 654d132, 14,327 distinct
texts of about 2012-2019. ``raw94``: every one with a personal-information word that no labelled
text held, 279 (read with :func:`events`).

Its FinNA task (news summaries: ``finna/eval_list.json`` with the summary as title,
``problem_list.json`` without) and FinNL task (news flashes: ``finnl/*_list.json``) hold
financial news of about 2018-2022. ``raw95``: every text of them with a personal-information
word that no labelled text held, 67, drawn at 4808d6e (read with :func:`news`). ``raw112``: of
the 34,703 texts of all three readers that no labelled text held at stop 53, the 40 the rules of
b90c888 flag.

    git clone https://github.com/ssymmetry/BBT-FinCUGE-Applications /tmp/FinCUGE
    python devset/extra/build_fin_negative.py /tmp/FinCUGE ../extra/leads
    python devset/extra/build_fin_negative.py --batch raw90 /tmp/FinCUGE ../extra/leads
    python devset/extra/build_fin_negative.py --batch raw94 /tmp/FinCUGE ../extra/leads
    python devset/extra/build_fin_negative.py --batch raw95 /tmp/FinCUGE ../extra/leads
    python devset/extra/build_fin_negative.py --batch raw112 /tmp/FinCUGE ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import json
from pathlib import Path

from archive import Entries, ListedBatch, build_listed, git

SOURCE = "ssymmetry/BBT-FinCUGE-Applications"
COMMIT = "654d132de56e85075700358baf558ab4d0cd986f"
FILES = (
    (COMMIT, "FinCUGE_Publish/finnsp/train_list.json"),
    (COMMIT, "FinCUGE_Publish/finnsp/eval_list.json"),
    ("640134c6202b4c4286ec04340393999e9bb708c4", "DataSetThere/FinNSP/test_list.json"),
)
MAX_CHARS = 15_000  # as raw2 cut its longest stories


def entries(repo: Path) -> Entries:
    """Every distinct text of the three files, in their order."""
    seen: set[str] = set()
    out: Entries = []
    for commit, path in FILES:
        for row_id, title, text, *_ in json.loads(git(repo, "show", f"{commit}:{path}"))[1:]:
            text = (text or "").strip()
            if not text or text in seen:
                continue
            seen.add(text)
            out.append(
                {
                    "source_path": path,
                    "commit": commit,
                    "title": (title or "").strip() or None,
                    "text": text,
                    "published": None,
                    "url": row_id,
                }
            )
    return out


EVENT_FILES = ("FinCUGE_Publish/finese/train_list.json", "FinCUGE_Publish/finese/eval_list.json")


def events(repo: Path) -> Entries:
    """Every distinct text of the FinESE files at ``COMMIT``, in their order; the text is the
    record's title too (it is most often headlines run together)."""
    seen: set[str] = set()
    out: Entries = []
    for path in EVENT_FILES:
        for row_id, text, *_ in json.loads(git(repo, "show", f"{COMMIT}:{path}"))[1:]:
            text = (text or "").strip()
            if text and text not in seen:
                seen.add(text)
                out.append({"source_path": path, "title": text, "published": None, "url": row_id})
    return out


def news(repo: Path) -> Entries:
    """Every distinct news text of FinNA (eval: summary and text; problem: text) and FinNL
    (text and topic labels; problem: text) at ``COMMIT``; an untitled text is its own key."""
    rows: list[tuple[str, str | None, str]] = []  # path, title, text
    for part in ("eval", "problem"):
        path = f"FinCUGE_Publish/finna/{part}_list.json"
        for row in json.loads(git(repo, "show", f"{COMMIT}:{path}")):
            title, text = (row[0], row[1]) if isinstance(row, list) else (None, row["input"])
            rows.append((path, title, text))
    for part in ("train", "eval", "problem"):
        path = f"FinCUGE_Publish/finnl/{part}_list.json"
        for row in json.loads(git(repo, "show", f"{COMMIT}:{path}")):
            rows.append((path, None, row[0] if isinstance(row, list) else row["input"]))
    seen: set[str] = set()
    out: Entries = []
    for n, (path, title, text) in enumerate(rows):
        text = (text or "").strip()
        if text and text not in seen:
            seen.add(text)
            out.append(
                {
                    "source_path": path,
                    "title": (title or "").strip() or None,
                    "text": text,
                    "published": None,
                    "url": f"{path}#{n}",
                }
            )
    return out


BATCHES = {
    "raw89": ListedBatch("finneg89", 20270226, "fin_negative_texts_raw89.txt",
                         "financial_negative_texts_2015_2019.jsonl", (entries,), MAX_CHARS),
    "raw90": ListedBatch("finflag90", 20270228, "fin_negative_flagged_raw90.txt",
                         "financial_negative_flagged_texts_2015_2019.jsonl", (entries,), MAX_CHARS),
    "raw94": ListedBatch("finevent94", 20270310, "fin_event_texts_raw94.txt",
                         "financial_event_texts_2012_2019.jsonl", (events,), MAX_CHARS),
    "raw95": ListedBatch("finnews95", 20270312, "fin_news_texts_raw95.txt",
                         "financial_news_texts_2018_2022.jsonl", (news,), MAX_CHARS),
    # stop 53: what the rules of b90c888 flag among the texts of all three no batch holds
    "raw112": ListedBatch("finflag112", 20271223, "fin_negative_flagged_raw112.txt",
                          "financial_flagged_texts_2012_2022.jsonl", (entries, events, news),
                          MAX_CHARS),
}  # fmt: skip


if __name__ == "__main__":
    build_listed(__doc__.split("\n")[0], BATCHES, SOURCE, COMMIT)
