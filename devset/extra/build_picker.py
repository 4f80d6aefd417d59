"""Build the ``raw14`` batch of the leads corpus from a clone of ``chainreactors/picker``.

The texts are the articles archived by ``chainreactors/picker`` on its ``archive`` branch at
commit a7b8b44 (1 November 2025; the ``master`` branch's licence file is the GPL 3.0, for the
code, and the ``archive`` branch has none; the articles are their outlets' and authors'): a
security team's RSS reader that saves every new item of its feeds as a markdown file
(``archive/<yyyy>/<mm>/<dd>/daily/<feed>_<title>.md``, with a front matter of title, link, feed
and date), October 2022 to October 2025. Most feeds are security and tech media; the largest,
"Doonsec's feed", relays articles of Chinese WeChat public accounts, and others are
Chinese outlets (安全客, FreeBuf, 嘶吼, 安全内参, 极客公园, Solidot...) or foreign ones.
Only Chinese articles are kept: after cleaning (front matter, code blocks, images, link targets,
navigation menus and the lines without CJK characters dropped, and the boilerplate: every line
found in 10 or more articles, such as the WeChat page's buttons and the sites' menus and
notices), at least 100 CJK characters, and at least half of the letters CJK. After dedup by
title and by body prefix, every article with a personal-information word is taken if there are
no more than half the batch of them (else a seeded sample of that many), and a seeded sample of
the others fills the batch, shuffled together. The texts are third-party (internal evaluation
only, do not redistribute), so the repository keeps only this script and the labels
(``labels/raw14``); the texts are written where you say:

    git clone https://github.com/chainreactors/picker /tmp/picker   # all branches
    python devset/extra/build_picker.py /tmp/picker ../extra/leads/raw14/picker_articles.jsonl
    python devset/extra/build_picker.py --all /tmp/picker ../extra/leads   # every batch
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group

The commit is read from the clone's object store, so a bare mirror does as well as a clone.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from archive import (
    SHARED_LEADS,
    SIZE,
    blob_texts,
    dedup,
    git,
    has_keyword,
    listed_keys,
    normalised,
    select,
    short_hash,
    write_titles,
)

COMMIT = "a7b8b445074f6453ed080eacae41bb5611258f8a"  # tip of the ``archive`` branch
SOURCE = "chainreactors/picker"
# Each batch's id prefix and seed, in order: a batch takes none of the articles of those before it.
BATCHES = {
    "raw14": ("r14", 20261208),
    "raw15": ("r15", 20261209),
    "raw16": ("r16", 20261210),
    "raw17": ("r17", 20261211),
    "raw19": ("r19", 20261212),
    "raw20": ("r20", 20261213),
    "raw21": ("r21", 20261214),
    "raw22": ("r22", 20261215),
    "raw23": ("r23", 20261216),
    "raw24": ("r24", 20261217),
    "raw25": ("r25", 20261218),
    "raw26": ("r26", 20261219),
    "raw27": ("r27", 20261220),
    "raw28": ("r28", 20261221),
    "raw29": ("r29", 20261222),
    "raw30": ("r30", 20261223),
    "raw31": ("r31", 20261224),
    "raw32": ("r32", 20261225),
    "raw33": ("r33", 20261226),
    "raw34": ("r34", 20261227),
    "raw35": ("r35", 20261228),
    "raw36": ("r36", 20261229),
    "raw46": ("r46", 20270108),
    "raw48": ("r48", 20270110),
    "raw49": ("r49", 20270111),
    "raw53": ("r53", 20270115),
}
ROUNDUP_BATCHES = ("raw21", "raw22", "raw23")
"""Batches of roundups."""
STRONG_BATCHES = ("raw24", "raw25")
"""Batches of articles in the campaign's own words (``raw25`` takes the rest)."""
MARKED_HIT_BATCHES = (*(f"raw{n}" for n in range(26, 37)), "raw46", "raw48", "raw49")
"""Keyword batches from raw26 on, whose texts keep their markdown."""
HIT_BATCHES = ("raw19", "raw20", *MARKED_HIT_BATCHES)
"""Batches sampled from the articles left with a keyword anywhere."""
FLAGGED_BATCHES = ("raw53",)
"""Batches of the articles left without a keyword that the rules (de0223b) flagged as leads."""
FLAGGED = "picker_raw53_flagged.txt"
"""Their source paths' SHA-256 (first 16 hex digits): the rules change, the batch must not."""
MARKUP_BATCHES = (*ROUNDUP_BATCHES, *STRONG_BATCHES, *MARKED_HIT_BATCHES, *FLAGGED_BATCHES)
"""Batches whose texts keep their markdown, as ``../shared``'s picker files do."""
STRONG_PHRASES = (
    "侵犯公民个人信息", "骚扰电话", "垃圾短信", "骚扰短信", "推销电话", "营销电话",
    "违法违规收集", "违规收集", "超范围收集", "过度收集", "侵害用户权益", "业主信息",
    "客户信息", "倒卖", "贩卖个人信息", "出售个人信息", "非法获取", "人脸信息", "未经同意",
    "未经用户同意", "个人信息保护法",
)  # fmt: skip
"""``raw24``: phrases of the campaign's conducts and data, counted in an article's body."""
STRONG_SIZE = 240
ROUNDUP_SIZE = 240
"""``raw21`` to ``raw23``: roundups are long (many items each), so the batches are smaller."""
_ROUNDUP = re.compile(
    r"周报|周刊|日报|早报|晚报|简报|速递|速览|快讯|要闻|头条|盘点|汇总|回顾|大事记|一周|每周|每日|"
    r"月报|年报|合集|精选|十大|TOP|Top"
)
"""A title that names a roundup: daily and weekly news, monthly and yearly reviews, top lists."""
MIN_CJK = 100
MIN_CJK_SHARE = 0.5  # of the letters (CJK characters and Latin letters)
MAX_CHARS = 6_000
BOILERPLATE_MIN = 10  # articles a line is found in to be dropped as boilerplate

_PATH = re.compile(r"archive/\d{4}/\d{2}/\d{2}/daily/[^/]+\.md")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
# A line that is nothing but one link, bulleted or not: a site's navigation menu.
_LINK_LINE = re.compile(r"[*+-]?\s*\[[^\]]*\]\([^)]*\)")
# The rest of a link whose text began on an earlier line.
_LINK_TAIL = re.compile(r"\]\([^)]*\)")
_MARKUP = re.compile(r"^(?:(?:[#>]+|[*+-]|\d+\.)\s+)+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


@dataclass
class Item:
    """One article: its file, front matter (title, link, feed, date) and cleaned text."""

    source_path: str
    title: str
    url: str
    feed: str
    date: str
    text: str
    markdown: str
    """The text with its markdown kept (headings, bold, list marks): the roundups' batches."""

    @cached_property
    def hit(self) -> bool:
        """Whether the title or text holds a keyword."""
        return has_keyword(f"{self.title}\n{self.text}")

    @property
    def title_hit(self) -> bool:
        """Whether the title itself holds a keyword."""
        return has_keyword(self.title)

    @property
    def category(self) -> str:
        """``wechat`` for an article of a WeChat public account, else ``web``."""
        return "wechat" if "mp.weixin.qq.com" in self.url else "web"


def front_matter(raw: str) -> tuple[dict[str, str], str]:
    """A file's front matter fields and the body after it."""
    lines = raw.lstrip("\ufeff\n").split("\n")
    if not lines or lines[0].strip() != "---" or "---" not in (line.strip() for line in lines[1:]):
        return {}, raw
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    fields = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip()] = value.strip().strip("'\"")
    return fields, "\n".join(lines[end + 1 :])


def _plain(line: str) -> str:
    """A line without its markdown markup: how the plain text reads it, and how a marked-up
    line is matched against the boilerplate found in the plain texts."""
    return _ESCAPE.sub(r"\1", _MARKUP.sub("", line).replace("**", "")).strip()


def cleaned(title: str, body: str, markup: bool = False) -> str:
    """An article's text: without code blocks, images, navigation links, link targets and
    (unless ``markup``) markdown markup, its lines stripped, only those with CJK characters, and
    without the lines repeating the title."""
    lines, in_code = [], False
    for line in body.splitlines():
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        line = _IMAGE.sub("", line).strip()
        if _LINK_LINE.fullmatch(line):
            continue
        line = _LINK_TAIL.sub("", _LINK.sub(r"\1", line))
        if not markup:
            line = _plain(line)
        if _CJK.search(line) and line != title and _MARKUP.sub("", line) != title:
            lines.append(line)
    return "\n".join(lines)


def is_chinese(text: str) -> bool:
    """Enough CJK characters, and at least ``MIN_CJK_SHARE`` of the letters."""
    cjk = len(_CJK.findall(text))
    return cjk >= MIN_CJK and cjk >= MIN_CJK_SHARE * (cjk + len(_LATIN.findall(text)))


def blobs(repo: Path) -> list[tuple[str, str]]:
    """The (path, blob id) of every archived article, in path order."""
    listing = git(repo, "ls-tree", "-r", "-z", COMMIT).split("\0")
    found = []
    for entry in listing:
        meta, _, path = entry.partition("\t")
        if _PATH.fullmatch(path) and meta.split()[1] == "blob":
            found.append((path, meta.split()[2]))
    return sorted(found)


def all_items(repo: Path) -> tuple[list[Item], int]:
    """Every Chinese article, in path order, without the boilerplate lines, and the number of
    files read."""
    found = blobs(repo)
    items = []
    for (path, _), raw in zip(found, blob_texts(repo, [blob for _, blob in found]), strict=True):
        fields, body = front_matter(raw)
        name = path.rsplit("/", 1)[1].removesuffix(".md")
        title = fields.get("title") or name.partition("_")[2] or name
        text = cleaned(title, body)
        if len(_CJK.findall(text)) >= MIN_CJK:
            feed = fields.get("source") or name.partition("_")[0]
            url, date = fields.get("url", ""), fields.get("date", "")
            items.append(Item(path, title, url, feed, date, text, cleaned(title, body, True)))
    common = boilerplate(items)
    for item in items:
        item.text = "\n".join(line for line in item.text.split("\n") if line not in common)
        item.markdown = "\n".join(
            line for line in item.markdown.split("\n") if _plain(line) not in common
        )
    return [item for item in items if is_chinese(item.text)], len(found)


def boilerplate(items: list[Item]) -> set[str]:
    """The lines found in at least ``BOILERPLATE_MIN`` articles: the sites' and the WeChat
    page's menus, buttons, slogans and notices."""
    counts = Counter(line for item in items for line in set(item.text.split("\n")))
    return {line for line, count in counts.items() if count >= BOILERPLATE_MIN}


def unseen(items: list[Item], corpus: Path) -> list[Item]:
    """The items the development corpus does not hold: its ``raw`` picker files come from the same
    archive, so an article already there (same path or same title) would not be unread."""
    paths: set[str] = set()
    titles: set[str] = set()
    for file in sorted(corpus.glob("*/*.jsonl")):
        for line in file.read_text(encoding="utf-8").splitlines():
            known = json.loads(line)
            paths.add(known.get("source_path") or "")
            titles.add(normalised(known.get("title") or ""))
    return [
        item
        for item in items
        if item.source_path not in paths and normalised(item.title) not in titles
    ]


def select_titled(items: list[Item], seed: int) -> list[Item]:
    """``raw15`` and later: a seeded sample of the articles whose title holds a keyword, where
    the leads are, shuffled."""
    rng = random.Random(seed)
    titled = [item for item in items if item.title_hit]
    chosen = rng.sample(titled, min(SIZE, len(titled)))  # raw17 takes the rest
    rng.shuffle(chosen)
    return chosen


def select_hits(items: list[Item], seed: int) -> list[Item]:
    """``raw19``, ``raw20``, ``raw26`` and later: a seeded sample of the articles left with a
    keyword anywhere (by now only in their bodies), shuffled."""
    rng = random.Random(seed)
    hits = [item for item in items if item.hit]
    chosen = rng.sample(hits, min(SIZE, len(hits)))  # raw49 takes the rest
    rng.shuffle(chosen)
    return chosen


def select_roundups(items: list[Item], seed: int) -> list[Item]:
    """``raw21`` to ``raw23``: a seeded sample of the roundups left (by their titles) with a
    keyword, shuffled: multi-item texts, where a lead is one item among many (raw23 takes the
    rest)."""
    rng = random.Random(seed)
    roundups = [item for item in items if item.hit and _ROUNDUP.search(item.title)]
    chosen = rng.sample(roundups, min(ROUNDUP_SIZE, len(roundups)))
    rng.shuffle(chosen)
    return chosen


def select_strong(items: list[Item], seed: int, size: int) -> list[Item]:
    """``raw24``: what the keyword pool has left of the campaign's own words: every article
    left whose body holds two or more of :data:`STRONG_PHRASES`, and a seeded sample of those
    with one to fill the batch, shuffled; ``raw25``: the rest of those with one."""
    rng = random.Random(seed)
    count = {item.source_path: sum(p in item.text for p in STRONG_PHRASES) for item in items}
    two = [item for item in items if count[item.source_path] >= 2]
    one = [item for item in items if count[item.source_path] == 1]
    chosen = two + rng.sample(one, min(len(one), max(0, size - len(two))))
    rng.shuffle(chosen)
    return chosen


def select_flagged(items: list[Item], seed: int) -> list[Item]:
    """``raw53``: the articles listed in :data:`FLAGGED`, shuffled: what the rules call a lead
    among the 16,001 articles with no keyword, a check of their precision on plain security
    news (the rest of that pool is almost all negatives)."""
    flagged = listed_keys(FLAGGED)
    chosen = [item for item in items if short_hash(item.source_path) in flagged]
    random.Random(seed).shuffle(chosen)
    return chosen


def batches(items: list[Item]) -> Iterator[tuple[str, list[Item]]]:
    """Every batch in order: ``raw14`` from all the items; each later batch (``raw15`` to
    ``raw17``: titles with a keyword; ``raw19``, ``raw20``, ``raw26`` and later: a keyword
    anywhere; ``raw21`` to ``raw23``: roundups; ``raw24``, ``raw25``: the campaign's own words in
    the body; ``raw53``: what the rules flagged among the rest) from those no batch before it
    took, each selection with its own seed."""
    taken: set[str] = set()
    for name, (_, seed) in BATCHES.items():
        left = [item for item in items if item.source_path not in taken]
        if name == "raw14":
            chosen = select(left, seed)
        elif name in HIT_BATCHES:
            chosen = select_hits(left, seed)
        elif name in ROUNDUP_BATCHES:
            chosen = select_roundups(left, seed)
        elif name in STRONG_BATCHES:
            chosen = select_strong(left, seed, STRONG_SIZE if name == "raw24" else len(left))
        elif name in FLAGGED_BATCHES:
            chosen = select_flagged(left, seed)
        else:
            chosen = select_titled(left, seed)
        yield name, chosen
        taken |= {item.source_path for item in chosen}


def file_name(name: str) -> str:
    """The corpus file a batch is written to (its labels' file name)."""
    if name in ROUNDUP_BATCHES:
        return "picker_roundups.jsonl"
    if name in STRONG_BATCHES:
        return "picker_strong_phrases.jsonl"
    if name in FLAGGED_BATCHES:
        return "picker_flagged_articles.jsonl"
    if name in HIT_BATCHES or name == "raw14":
        return "picker_articles.jsonl"
    return "picker_titled_articles.jsonl"


def record(item: Item, markup: bool = False) -> dict[str, str]:
    """What ``write_titles`` makes an item's record of (its text with markdown, or without)."""
    return {
        "source_path": item.source_path,
        "title": item.title,
        "text": item.markdown if markup else item.text,
        "published": item.date,
        "url": item.url,
        "outlet": item.feed,
        "category": item.category,
    }


def write(name: str, chosen: list[Item], out: Path, pool: list[Item]) -> None:
    """One batch's records, and a line saying what it took."""
    records = [record(item, markup=name in MARKUP_BATCHES) for item in chosen]
    write_titles(out, BATCHES[name][0], SOURCE, COMMIT, records, max_chars=MAX_CHARS)
    hits = sum(item.hit for item in chosen)
    pool_hits = sum(item.hit for item in pool)
    print(
        f"{name}: {len(chosen)} items ({hits} with a keyword) of {len(pool)}"
        f" ({pool_hits} with a keyword), in {out}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", type=Path, help="a clone (or bare mirror) of the source repository")
    parser.add_argument(
        "out", type=Path, help="the batch file to write (with --all: the corpus directory)"
    )
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--batch", choices=sorted(BATCHES), default="raw14")
    choice.add_argument(
        "--all",
        action="store_true",
        help="write every batch, each to OUT/<batch>/<its file>, from one read of the archive",
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=SHARED_LEADS,
        help="the development corpus, whose articles are left out (default: %(default)s)",
    )
    args = parser.parse_args()
    if not args.corpus.is_dir():
        parser.error(f"{args.corpus} is not a directory: the batch leaves out its articles")
    found, files = all_items(args.repo)
    items = unseen(dedup(found), args.corpus)
    print(f"{len(items)} unseen articles ({len(found)} Chinese before dedup, {files} files)")
    for name, chosen in batches(items):
        if args.all:
            write(name, chosen, args.out / name / file_name(name), items)
        elif name == args.batch:
            write(name, chosen, args.out, items)
            return


if __name__ == "__main__":
    main()
