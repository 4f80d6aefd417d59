"""Rebuild round 12's batch (``raw11``), and the next ones (``raw12``, ``raw13``), from a clone.

The texts are the news articles of ``Patrick233/Cluster-Chinese-news-Article`` at commit ec44ee7
(its README's template names an MIT licence, but it has no licence file, and the articles are
Sina's), a student clustering project's crawl of Sina's news feeds (entertainment, sports, tech,
education, fashion, health) in October and November 2018: one file per article, named by its
title, in one folder per channel. The articles were later removed from the repository, so
they are read at that commit. After cleaning (scripts, style sheets and Sina's slogans dropped)
and dedup by title and by body prefix, every article with a personal-information word is taken
if there are no more than half the batch of them (else a seeded sample of that many), and a
seeded sample of the others fills the batch, shuffled together. ``raw12`` is drawn the same
way, with its own seed, from the articles not in ``raw11``, and ``raw13`` from those in neither.
The texts are third-party, so the repository keeps only this script and the labels
(``labels/<batch>``); the texts are written where you say:

    git clone https://github.com/Patrick233/Cluster-Chinese-news-Article /tmp/sina
    python devset/extra/build_news.py /tmp/sina ../extra/leads/raw11/sina_news_2018.jsonl
    python devset/extra/build_news.py --batch raw12 /tmp/sina \
        ../extra/leads/raw12/sina_news_2018.jsonl
    python devset/extra/build_news.py --batch raw13 /tmp/sina \
        ../extra/leads/raw13/sina_news_2018.jsonl
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from archive import dedup, git, has_keyword, select, write_titles

COMMIT = "ec44ee7232da0a4ff5c872b0b52b96b3eb898e25"
SOURCE = "Patrick233/Cluster-Chinese-news-Article"
# Each batch's id prefix and seed, in order: a batch takes none of the articles of those before it.
BATCHES = {
    "raw11": ("r11", 20261205),
    "raw12": ("r12", 20261206),
    "raw13": ("r13", 20261207),
}
OUTLET = "新浪"  # every folder was crawled from Sina's feeds (crawUrl.py, webScapper.py)
# Each folder's channel, as the repository later renamed the ``test*`` folders (news/<channel>).
CATEGORIES = {
    "Entertainment": "entertainment",
    "SportNews": "sports",
    "TechNews": "tech",
    "testEdu": "education",
    "testFashion": "fashion",
    "testHealth": "health",
    "testSport": "sports",
    "testTech": "tech",
}
# Sina's slogan and a promotion, appended to many pages (in the one-paragraph files, to the text).
BOILERPLATE = (
    "精度知天下，新闻更悦己",
    "新酷产品第一时间免费试玩，还有众多优质达人分享独到生活经验，快来新浪众测，"
    "体验各领域最前沿、最有趣、最好玩的产品吧~！下载客户端还能获得专享福利哦！",
)
MIN_CJK = 100
MAX_CHARS = 6_000

_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Item:
    """One article: its file, channel, title (the file name) and cleaned text."""

    source_path: str
    category: str
    title: str
    text: str

    @cached_property
    def hit(self) -> bool:
        """Whether the title or text holds a keyword."""
        return has_keyword(f"{self.title}\n{self.text}")


def cleaned(title: str, raw: str) -> str:
    """An article's text: its lines stripped, without the boilerplate, the lines without CJK
    characters (scripts, style sheets, numbers) and a first line repeating the title."""
    for phrase in BOILERPLATE:
        raw = raw.replace(phrase, "")
    lines = [line.strip() for line in raw.splitlines()]
    lines = [line for line in lines if _CJK.search(line)]
    if lines and lines[0] == title:
        lines = lines[1:]
    return "\n".join(lines)


def all_items(repo: Path) -> list[Item]:
    """Every article of the channel folders with enough CJK text, in path order."""
    listing = git(repo, "ls-tree", "-r", "-z", "--name-only", COMMIT).split("\0")
    items = []
    for path in sorted(listing):
        folder, _, name = path.partition("/")
        if folder not in CATEGORIES or not name.endswith(".txt"):
            continue
        title = name.removesuffix(".txt").strip()
        text = cleaned(title, git(repo, "show", f"{COMMIT}:{path}"))
        if len(_CJK.findall(text)) >= MIN_CJK:
            items.append(Item(path, CATEGORIES[folder], title, text))
    return items


def earlier_paths(items: list[Item], batch: str) -> set[str]:
    """The source paths of the batches before ``batch``, each drawn from the items not taken
    by those before it."""
    paths: set[str] = set()
    for earlier, (_, seed) in BATCHES.items():
        if earlier == batch:
            break
        paths.update(item.source_path for item in select(unused(items, paths), seed))
    return paths


def unused(items: list[Item], paths: set[str]) -> list[Item]:
    """The items whose source path is not in ``paths``."""
    return [item for item in items if item.source_path not in paths]


def record(item: Item) -> dict[str, str]:
    """What ``write_titles`` makes an item's record of."""
    return {
        "source_path": item.source_path,
        "title": item.title,
        "text": item.text,
        "published": "",
        "url": "",
        "outlet": OUTLET,
        "category": item.category,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", type=Path, help="a clone (or bare mirror) of the source repository")
    parser.add_argument("out", type=Path, help="the batch file to write")
    parser.add_argument("--batch", choices=BATCHES, default="raw11")
    args = parser.parse_args()
    prefix, seed = BATCHES[args.batch]
    found = all_items(args.repo)
    items = dedup(found)
    taken = earlier_paths(items, args.batch)
    pool = unused(items, taken)
    chosen = select(pool, seed)
    entries = [record(item) for item in chosen]
    write_titles(args.out, prefix, SOURCE, COMMIT, entries, max_chars=MAX_CHARS)
    hits = sum(item.hit for item in chosen)
    print(
        f"{args.batch}: {len(chosen)} items ({hits} with a keyword) of {len(pool)}"
        f" ({len(taken)} taken by earlier batches, {len(found)} before dedup), in {args.out}"
    )


if __name__ == "__main__":
    main()
