"""Build the locked batches of hot-list titles (raw37-raw40, raw45, raw47, raw58-raw63) from clones.

Archives of hot lists, each at a pinned commit: ``cornerAnt/baidu-hot-hub`` (Baidu's hot-search
list archived hourly, 2024-01-13 to 2026-03-16; no licence file) for ``raw37``;
``cxyfreedom/website-hot-hub`` (MIT; the hot lists of 36Kr, Bilibili, Douyin, Juejin, Kuaishou,
sspai, WeRead and GitHub, 2026-01-01 to 2026-08-23 at that commit) for ``raw38``;
``lonnyzhang423/v2ex-hot-hub`` (MIT; V2EX's hot topics, a tech community's forum posts, 2021-01 to
2026-08) for ``raw39``; ``lonnyzhang423/zhihu-hot-hub`` (MIT; Zhihu's hot list and searches,
2021-01 to 2026-08) for ``raw40``; ``justjavac/weibo-trending-hot-search`` (MIT; Weibo's hot
searches, the archive of raw5, raw6 and raw18, which read only the years before 2025) for ``raw45``
and ``raw47`` (what raw45 left), its titles of 2025-01 to 2026-08; ``misshu4301/fin-hot-hub`` (no
licence file; one JSON file a site a day, 2024-12 to 2026-08: Toutiao's hot lists by channel,
Xiaohongshu's, Douyin's, Kuaishou's, Baidu's and Weibo's hot searches, Eastmoney's and Xueqiu's
topics) for ``raw58``; ``Clinglavine/weibo-hot-hub`` (MIT; Weibo's hot searches, 2021-01 to
2025-04) for ``raw59`` and ``coderyjc/zhihu-hot-hub`` (MIT; Zhihu's hot list, 2021-01 to 2026-08)
for ``raw60``, whose titles mostly repeat those of archives read before; ``raw62`` reads
every year of ``justjavac/weibo-trending-hot-search`` and every numbered line of its files
(``build_weibo.py`` read only the first line of each early file, raw45 and raw47 the years from
2025), so it takes the keyword titles those batches left; ``raw63`` reads
``Snychng/website-hot-hub``, a fork of raw38's archive that kept 2025-01 to 2025-09 (raw38's
copy starts in 2026). Every distinct title is
sorted into the keyword pools of the Weibo batches (``build_weibo.pool_of``); titles ``../shared``
or an earlier batch holds word for word, or spaced differently (``archive.unread``), are left out.
A batch takes every title of the three personal-information pools (a seeded sample of them where
they hold more) and fills the rest with a seeded sample of the businesses-penalised pool (hard
negatives), shuffled. The titles are third-party text (internal evaluation only, do not
redistribute), so the repository keeps only this script and the labels; the texts are written where
you say:

    git clone https://github.com/cornerAnt/baidu-hot-hub /tmp/baidu
    python devset/extra/build_hotlists.py --batch raw37 /tmp/baidu ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from archive import (
    SHARED_LEADS,
    SIZE,
    blob_texts,
    git,
    listed_titles,
    shared_openings,
    unread,
    write_titles,
)
from build_weibo import pool_of


@dataclass(frozen=True)
class HotList:
    """One archive of hot lists and the batch made from it."""

    source: str
    commit: str
    prefix: str
    file: str
    seed: int
    by_site: bool  # archives/<site>/<date>.md rather than archives/<date>.md
    since: str = ""  # the first year read (archives/<yyyy>-<mm>-<dd>.md), or every year
    json: bool = False  # raw/<date>/<site>.json files of {"title", "url"} objects

    def keep(self, path: str) -> bool:
        """Whether a file of the archive is read."""
        return path.startswith("archives/") and path[9:13] >= self.since

    def titles(self, repo: Path) -> dict[str, tuple[str, str]]:
        """Every distinct title with the file and link it first appears in."""
        return (
            json_titles(repo, self.commit)
            if self.json
            else listed_titles(repo, self.commit, self.keep)
        )

    def place(self, name: str) -> tuple[str, str]:
        """A file's day and, for archives by site, its site."""
        if self.json:  # raw/<date>/<site>.json
            return name.split("/")[1], Path(name).stem
        return Path(name).stem, name.split("/")[1] if self.by_site else ""


BATCHES = {
    "raw37": HotList(
        "cornerAnt/baidu-hot-hub",
        "065852c96182d885b91479e5a04f89b230f0ca62",
        "bdhot37",
        "baidu_hot_search_titles_2024_2026.jsonl",
        20261230,
        by_site=False,
    ),
    "raw38": HotList(
        "cxyfreedom/website-hot-hub",
        "4c06def919948717e45864cf5da8fd7fc823d553",
        "webhot38",
        "website_hot_list_titles_2026.jsonl",
        20261231,
        by_site=True,
    ),
    "raw39": HotList(
        "lonnyzhang423/v2ex-hot-hub",
        "25e8bd1eb84ff33d08683e1b0668027ecc4a145e",
        "v2ex39",
        "v2ex_hot_topic_titles_2021_2026.jsonl",
        20270101,
        by_site=False,
    ),
    "raw40": HotList(
        "lonnyzhang423/zhihu-hot-hub",
        "e11b4c227ca2f2d87e37f90d41bd5a06898740ef",
        "zhhot40",
        "zhihu_hot_list_titles_2021_2026.jsonl",
        20270102,
        by_site=False,
    ),
    "raw45": HotList(
        "justjavac/weibo-trending-hot-search",
        "bbe42d5a0ef00d9dcf38ed04fcf0b8826d68e329",
        "wbhot45",
        "weibo_hot_search_titles_2025_2026.jsonl",
        20270107,
        by_site=False,
        since="2025",
    ),
    "raw47": HotList(
        "justjavac/weibo-trending-hot-search",
        "bbe42d5a0ef00d9dcf38ed04fcf0b8826d68e329",
        "wbhot47",
        "weibo_hot_search_titles_2025_2026.jsonl",
        20270109,
        by_site=False,
        since="2025",
    ),
    "raw58": HotList(
        "misshu4301/fin-hot-hub",
        "164076d88d378c07d8ba953c17ab118ab5c98675",
        "finhot58",
        "toutiao_xhs_and_other_hot_list_titles_2024_2026.jsonl",
        20270120,
        by_site=True,
        json=True,
    ),
    "raw59": HotList(
        "Clinglavine/weibo-hot-hub",
        "d0dd5d07966838dd1a48446c213f05e4f8a894d7",
        "wbhot59",
        "weibo_hot_search_titles_2021_2025.jsonl",
        20270121,
        by_site=False,
    ),
    "raw60": HotList(
        "coderyjc/zhihu-hot-hub",
        "a9c6c4b91aa9ac46099353866f59459031d7e68b",
        "zhhot60",
        "zhihu_hot_list_titles_2021_2026.jsonl",
        20270122,
        by_site=False,
    ),
    "raw62": HotList(
        "justjavac/weibo-trending-hot-search",
        "bbe42d5a0ef00d9dcf38ed04fcf0b8826d68e329",
        "wbhot62",
        "weibo_hot_search_titles_2020_2026_rest.jsonl",
        20270132,
        by_site=False,
    ),
    "raw63": HotList(
        "Snychng/website-hot-hub",
        "170a6fb0baee0d99f86c9c3c325b4572633934af",
        "webhot63",
        "website_hot_list_titles_2025.jsonl",
        20270133,
        by_site=True,
    ),
}
FILLER_POOL = "hard_negative_company_penalty_title"
_BATCH_NUMBER = re.compile(r"raw(\d+)$")


def earlier_titles(out: Path, batch: str) -> set[str]:
    """The titles of ``../shared``'s batches and of the batches in ``out`` numbered before
    ``batch`` (so a batch rebuilds the same once later ones exist)."""
    number = int(batch.removeprefix("raw"))
    paths = list(SHARED_LEADS.glob("*/*.jsonl"))
    for path in out.glob("*/*.jsonl"):
        found = _BATCH_NUMBER.match(path.parent.name)
        if found and int(found.group(1)) < number:
            paths.append(path)
    titles = set()
    for path in paths:
        for line in path.open(encoding="utf-8"):
            titles.add((json.loads(line).get("title") or "").strip())
    return titles


def json_titles(repo: Path, commit: str) -> dict[str, tuple[str, str]]:
    """``listed_titles`` for archives of ``raw/<date>/<site>.json`` files (files in path order)."""
    listing = [line.split("\t") for line in git(repo, "ls-tree", "-r", commit).splitlines()]
    files = sorted(
        (name, meta.split()[2])
        for meta, name in listing
        if name.startswith("raw/") and name.endswith(".json")
    )
    first: dict[str, tuple[str, str]] = {}
    for (name, _), text in zip(files, blob_texts(repo, [blob for _, blob in files]), strict=True):
        try:
            entries = json.loads(text)
        except json.JSONDecodeError:
            continue  # a file the crawler left empty or cut
        for entry in entries if isinstance(entries, list) else []:
            title = (entry.get("title") or "").strip()
            if title:
                first.setdefault(title, (name, entry.get("url") or ""))
    return first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch", choices=sorted(BATCHES), default="raw37")
    parser.add_argument("repo", type=Path, help="a clone of the batch's source repository")
    parser.add_argument("out", type=Path, help="corpus directory (the batch's folder is inside)")
    args = parser.parse_args()
    spec = BATCHES[args.batch]
    taken = earlier_titles(args.out, args.batch)
    first = spec.titles(args.repo)
    pools: dict[str, list[str]] = {}
    for title in first:
        pool = pool_of(title)
        if pool and title not in taken:
            pools.setdefault(pool, []).append(title)
    rng = random.Random(spec.seed)
    chosen = [(pool, t) for pool, ts in sorted(pools.items()) if pool != FILLER_POOL for t in ts]
    if len(chosen) > SIZE:  # raw45: two years of Weibo hold more than a batch
        chosen = rng.sample(chosen, SIZE)
    fillers = sorted(pools.get(FILLER_POOL, []))
    chosen += [(FILLER_POOL, t) for t in rng.sample(fillers, min(len(fillers), SIZE - len(chosen)))]
    rng.shuffle(chosen)
    path = args.out / args.batch / spec.file
    entries = []
    for pool, title in chosen:
        name, link = first[title]
        day, site = spec.place(name)
        entry = {
            "source_path": name,
            "title": title,
            "published": day,
            "url": link,
            "selection_pool": pool,
        }
        if site:
            entry["outlet"] = site
        entries.append(entry)
    entries = unread(entries, shared_openings())  # 「B站」 in ../shared, 「B 站」 here
    write_titles(path, spec.prefix, spec.source, spec.commit, entries)
    counts = {pool: sum(p == pool for p, _ in chosen) for pool in sorted(pools)}
    print(f"{args.batch}: {len(chosen)} titles of {len(first)} distinct {counts}, in {path}")


if __name__ == "__main__":
    main()
