"""Rebuild round 8's locked batch (``raw7``) from a clone of its source.

The texts are Zhihu hot-list question titles of ``justjavac/zhihu-trending-hot-questions`` (MIT)
at commit 6fe80c7, 2020-11 to 2025-05: every title with a personal-information word that
``../shared``'s ``raw`` batch did not take (it took 430 of the archive's titles), in a seeded
shuffle. They are third-party text, so the repository keeps only this script and the labels
(``labels/raw7``); the texts are written where you say:

    git clone https://github.com/justjavac/zhihu-trending-hot-questions /tmp/zhihu
    python devset/extra/build_zhihu.py /tmp/zhihu ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from archive import SHARED_LEADS, git, write_titles

COMMIT = "6fe80c7c3d3494e3e83f92b8dd8155a171a234b5"
SOURCE = "justjavac/zhihu-trending-hot-questions"
BATCH, PREFIX = "raw7", "zhihu7"
FILE = "zhihu_hot_question_titles_2020_2025.jsonl"
SEED = 20261205
RAW = SHARED_LEADS / "raw/zhihu_hot_question_titles.jsonl"
_PI = re.compile(
    r"个人信息|隐私|泄露|泄漏|骚扰电话|推销电话|营销电话|骚扰短信|垃圾短信|倒卖|贩卖|人脸|简历|"
    r"手机号|通讯录|大数据杀熟|过度收集|偷拍|数据安全|315"
)


def first_seen(repo: Path) -> dict[str, tuple[str, str]]:
    """Every question (by link) with its title and the daily file it first appears in."""
    listing = git(repo, "ls-tree", "-r", "--name-only", COMMIT).split()
    files = sorted(f for f in listing if f.startswith("raw/"))
    first: dict[str, tuple[str, str]] = {}
    for name in files:
        for entry in json.loads(git(repo, "show", f"{COMMIT}:{name}") or "[]"):
            if entry.get("url") and entry.get("title"):
                first.setdefault(entry["url"], (entry["title"], name))
    return first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", type=Path, help="a clone of the source repository")
    parser.add_argument("out", type=Path, help="corpus directory (raw7/ is written inside)")
    args = parser.parse_args()
    taken = {json.loads(line).get("url") for line in RAW.open(encoding="utf-8")}
    first = first_seen(args.repo)
    chosen = sorted(
        url for url, (title, _) in first.items() if url not in taken and _PI.search(title)
    )
    random.Random(SEED).shuffle(chosen)
    path = args.out / BATCH / FILE
    entries = [
        {
            "source_path": first[url][1],
            "title": first[url][0],
            "published": first[url][1][4:14],
            "url": url,
        }
        for url in chosen
    ]
    write_titles(path, PREFIX, SOURCE, COMMIT, entries)
    print(f"{BATCH}: {len(chosen)} titles of {len(first)} questions, in {path}")


if __name__ == "__main__":
    main()
