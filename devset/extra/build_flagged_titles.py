"""Build raw54, raw66, raw68, raw70 and raw110: unlabelled hot-list titles, as the rules read them.

The earlier title batches took the titles with a personal-information word; what is left of
the same archives is almost all negatives, and the rules' false alarms there are the cost a
deployment pays on every hot list it reads. The archives are the five of ``build_hotlists.py``
(Baidu, the sites of ``website-hot-hub``, V2EX, Zhihu's hot list, Weibo's hot searches of
2025-2026) and the Zhihu questions of ``build_zhihu.py``. Of their titles that no labelled batch
and no ``../shared`` text holds, the ones the rules at commit f8f7b15 flagged as leads (52) are
named in ``flagged_titles_raw54.txt`` by their SHA-256 (the rules change, the batch must not),
and taken in a seeded shuffle. ``raw66`` asks the same of the rules at commit 0256a66 over
every hot-list archive the title batches read (those of raw54 and of raw58 to raw63, Weibo's
hot searches of every year) and the Zhihu questions: of their 1,216,534 titles that no labelled
text holds, they flagged 33 (``flagged_titles_raw66.txt``). ``raw68`` is the other side, as
``build_flagged_texts.py``'s raw57 for posts: the 469 of those titles (raw66's now labelled)
where the same rules read a conduct but no business doing it (rule X08), every one
(``x08_titles_raw68.txt``). ``raw70``: the 57 of the 58 unlabelled titles left with a
personal-information word (``archive.PI_KEYWORDS``) where the same rules find no sentence
reporting a conduct at all (rule X01), every one (``x01_titles_raw70.txt``). ``raw110`` asks
raw66's question again of the rules at commit 1d7e177: of the 1,216,071 titles no labelled text
holds, they flagged 15 (``flagged_titles_raw110.txt``). The repository keeps only this script,
those lists and the labels (``labels/raw54``, ``labels/raw66``, ``labels/raw68``,
``labels/raw70``, ``labels/raw110``):

    python devset/extra/build_flagged_titles.py /work/.mirror ../extra/leads
    python devset/extra/build_flagged_titles.py --batch raw66 /work/.mirror ../extra/leads
    python devset/extra/build_flagged_titles.py --batch raw68 /work/.mirror ../extra/leads
    python devset/extra/build_flagged_titles.py --batch raw70 /work/.mirror ../extra/leads
    python devset/extra/build_flagged_titles.py --batch raw110 /work/.mirror ../extra/leads

where each archive's clone (or bare mirror) is ``<owner>+<name>/repo`` under the first argument.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import NamedTuple

import build_hotlists
import build_zhihu
from archive import listed_keys, mirror_repo, short_hash, write_titles

FILE = "flagged_hot_list_titles.jsonl"
RAW66_LISTS = ("raw37", "raw38", "raw39", "raw40", "raw58", "raw59", "raw60", "raw62", "raw63")


class Flagged(NamedTuple):
    """One batch: its id prefix, seed, list of titles taken and the archives read."""

    prefix: str
    seed: int
    flagged: str
    hot_lists: tuple[str, ...]  # the ``build_hotlists.py`` batches whose archives are read
    file: str = FILE


BATCHES = {
    # raw47 shares raw45's archive
    "raw54": Flagged(
        "flag54",
        20270116,
        "flagged_titles_raw54.txt",
        ("raw37", "raw38", "raw39", "raw40", "raw45"),
    ),
    # raw62 reads every year of raw45's archive
    "raw66": Flagged("flag66", 20270140, "flagged_titles_raw66.txt", RAW66_LISTS),
    "raw68": Flagged(
        "x08t68", 20270142, "x08_titles_raw68.txt", RAW66_LISTS, "x08_hot_list_titles.jsonl"
    ),
    "raw70": Flagged(
        "x01t70", 20270144, "x01_titles_raw70.txt", RAW66_LISTS, "x01_keyword_titles.jsonl"
    ),
    "raw110": Flagged("flag110", 20271221, "flagged_titles_raw110.txt", RAW66_LISTS),
}


def entries(mirrors: Path, hot_lists: tuple[str, ...]) -> list[dict[str, str]]:
    """Every title of the archives, once, with where it first appears."""
    found: dict[str, dict[str, str]] = {}
    for name in hot_lists:
        spec = build_hotlists.BATCHES[name]
        for title, (path, link) in spec.titles(mirror_repo(mirrors, spec.source)).items():
            found.setdefault(
                title,
                {
                    "source_repo": spec.source,
                    "commit": spec.commit,
                    "source_path": path,
                    "title": title,
                    "published": spec.place(path)[0],
                    "url": link,
                },
            )
    repo = mirror_repo(mirrors, build_zhihu.SOURCE)
    for url, (title, path) in sorted(build_zhihu.first_seen(repo).items()):
        found.setdefault(
            title.strip(),
            {
                "source_repo": build_zhihu.SOURCE,
                "commit": build_zhihu.COMMIT,
                "source_path": path,
                "title": title.strip(),
                "published": path[4:14],
                "url": url,
            },
        )
    return list(found.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mirrors", type=Path, help="the folder holding <owner>+<name>/repo")
    parser.add_argument("out", type=Path, help="corpus directory (<batch>/ is written inside)")
    parser.add_argument("--batch", choices=sorted(BATCHES), default="raw54")
    args = parser.parse_args()
    batch = BATCHES[args.batch]
    flagged = listed_keys(batch.flagged)
    chosen = sorted(
        (
            entry
            for entry in entries(args.mirrors, batch.hot_lists)
            if short_hash(entry["title"].strip()) in flagged
        ),
        key=lambda entry: entry["title"],
    )
    random.Random(batch.seed).shuffle(chosen)
    path = args.out / args.batch / batch.file
    write_titles(path, batch.prefix, "several", "", chosen)
    print(f"{args.batch}: {len(chosen)} of the {len(flagged)} flagged titles, in {path}")


if __name__ == "__main__":
    main()
