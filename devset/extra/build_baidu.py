"""Build round 38's locked batch (``raw37``) from a clone of its source.

The texts are Baidu hot-search titles archived hourly by ``cornerAnt/baidu-hot-hub`` at commit
065852c (2024-01-13 to 2026-03-16; no licence file: internal evaluation only, do not
redistribute). Every distinct title is sorted into the keyword pools of the Weibo batches
(``build_weibo.pool_of``); titles any earlier batch holds word for word are left out. The batch
takes every title of the three personal-information pools and fills the rest with a seeded
sample of the businesses-penalised pool (hard negatives), shuffled. The repository keeps only
this script and the labels (``labels/raw37``); the texts are written where you say:

    git clone https://github.com/cornerAnt/baidu-hot-hub /tmp/baidu
    python devset/extra/build_baidu.py /tmp/baidu ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from archive import SIZE, git, write_titles
from build_weibo import _LINK, pool_of

COMMIT = "065852c96182d885b91479e5a04f89b230f0ca62"
SOURCE = "cornerAnt/baidu-hot-hub"
BATCH, PREFIX = "raw37", "bdhot37"
FILE = "baidu_hot_search_titles_2024_2026.jsonl"
SEED = 20261230
FILLER_POOL = "hard_negative_company_penalty_title"
SHARED = Path(__file__).resolve().parents[3] / "shared"


def first_seen(repo: Path) -> dict[str, tuple[str, str]]:
    """Every distinct title with the daily archive file and link it first appears in."""
    files = sorted(
        f
        for f in git(repo, "ls-tree", "-r", "--name-only", COMMIT).split()
        if f.startswith("archives/")
    )
    first: dict[str, tuple[str, str]] = {}
    for name in files:
        for line in git(repo, "show", f"{COMMIT}:{name}").splitlines():
            match = _LINK.match(line)
            if match:
                first.setdefault(match.group(1).strip(), (name, match.group(2)))
    return first


def earlier_titles(corpora: list[Path]) -> set[str]:
    """The titles of every other batch in the corpora (``../shared`` and ``out``)."""
    titles = set()
    for corpus in corpora:
        for path in corpus.glob("*/*.jsonl"):
            if path.parent.name == BATCH:
                continue
            for line in path.open(encoding="utf-8"):
                titles.add((json.loads(line).get("title") or "").strip())
    return titles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", type=Path, help="a clone of the source repository")
    parser.add_argument("out", type=Path, help="corpus directory (raw37/ is written inside)")
    args = parser.parse_args()
    taken = earlier_titles([SHARED / "corpus/leads", args.out])
    first = first_seen(args.repo)
    pools: dict[str, list[str]] = {}
    for title in first:
        pool = pool_of(title)
        if pool and title not in taken:
            pools.setdefault(pool, []).append(title)
    rng = random.Random(SEED)
    chosen = [(pool, t) for pool, ts in sorted(pools.items()) if pool != FILLER_POOL for t in ts]
    fillers = sorted(pools.get(FILLER_POOL, []))
    chosen += [(FILLER_POOL, t) for t in rng.sample(fillers, min(len(fillers), SIZE - len(chosen)))]
    rng.shuffle(chosen)
    path = args.out / BATCH / FILE
    entries = [
        {
            "source_path": first[title][0],
            "title": title,
            "published": first[title][0][9:19],
            "url": first[title][1],
            "selection_pool": pool,
        }
        for pool, title in chosen
    ]
    write_titles(path, PREFIX, SOURCE, COMMIT, entries)
    counts = {pool: sum(p == pool for p, _ in chosen) for pool in sorted(pools)}
    print(f"{BATCH}: {len(chosen)} titles of {len(first)} distinct {counts}, in {path}")


if __name__ == "__main__":
    main()
