"""Build ``raw54``: the hot-list titles nobody labelled that the rules call leads.

The earlier title batches took the titles with a personal-information word; what is left of
the same archives is almost all negatives, and the rules' false alarms there are the cost a
deployment pays on every hot list it reads. The archives are the five of ``build_hotlists.py``
(Baidu, the sites of ``website-hot-hub``, V2EX, Zhihu's hot list, Weibo's hot searches of
2025-2026) and the Zhihu questions of ``build_zhihu.py``. Of their titles that no labelled batch
and no ``../shared`` text holds, the ones the rules at commit f8f7b15 flagged as leads (52) are
named in ``flagged_titles_raw54.txt`` by their SHA-256 (the rules change, the batch must not),
and taken in a seeded shuffle. The repository keeps only this script, that list and the labels
(``labels/raw54``):

    python devset/extra/build_flagged_titles.py /work/.mirror ../extra/leads

where each archive's clone (or bare mirror) is ``<owner>+<name>/repo`` under the first argument.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import build_hotlists
import build_zhihu
from archive import listed_keys, mirror_repo, short_hash, write_titles

BATCH, PREFIX = "raw54", "flag54"
FILE = "flagged_hot_list_titles.jsonl"
SEED = 20270116
FLAGGED = "flagged_titles_raw54.txt"
HOT_LISTS = ("raw37", "raw38", "raw39", "raw40", "raw45")
"""The ``build_hotlists.py`` batches whose archives are read (raw47 shares raw45's)."""


def entries(mirrors: Path) -> list[dict[str, str]]:
    """Every title of the archives, once, with where it first appears."""
    found: dict[str, dict[str, str]] = {}
    for name in HOT_LISTS:
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
    parser.add_argument("out", type=Path, help="corpus directory (raw54/ is written inside)")
    args = parser.parse_args()
    flagged = listed_keys(FLAGGED)
    chosen = sorted(
        (entry for entry in entries(args.mirrors) if short_hash(entry["title"].strip()) in flagged),
        key=lambda entry: entry["title"],
    )
    random.Random(SEED).shuffle(chosen)
    path = args.out / BATCH / FILE
    write_titles(path, PREFIX, "several", "", chosen)
    print(f"{BATCH}: {len(chosen)} of the {len(flagged)} flagged titles, in {path}")


if __name__ == "__main__":
    main()
