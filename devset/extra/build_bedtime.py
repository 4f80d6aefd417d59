"""Rebuild round 11's batch (``raw10``), or build ``raw51``, from a clone of their source.

The texts are the transcripts of ``bedtimenews/bedtimenews-archive-contents`` (no licence) at
commit 1fe0487, the archive of the video commentary 《睡前消息》 and its spin-offs, 2019 to 2026:
one item per episode, or per numbered topic for the news digest 《参考信息》. After dedup by
title, every item with two or more personal-information words is taken, with seeded samples of
those with one and of those with none, shuffled together. ``raw51`` is the rest of those with
one keyword (what raw10's sample left), less any that opens like a ``../shared`` text, shuffled
with its own seed. The texts are third-party, so the
repository keeps only this script and the labels (``labels/raw10``); the texts are written
where you say:

    git clone https://github.com/bedtimenews/bedtimenews-archive-contents /tmp/bedtime
    python devset/extra/build_bedtime.py /tmp/bedtime \\
        ../extra/leads/raw10/bedtimenews_transcripts.jsonl
    python devset/extra/build_bedtime.py --batch raw51 /tmp/bedtime \\
        ../extra/leads/raw51/bedtimenews_transcripts.jsonl
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from archive import PI_KEYWORDS, git, normalised, shared_openings, unread, write_titles

COMMIT = "1fe048757ca9db4519afc9e6f313af47aa5ffbbd"
SOURCE = "bedtimenews/bedtimenews-archive-contents"
BATCHES = {"raw10": ("r10", 20260910), "raw51": ("r51", 20270113)}
"""Each batch's id prefix and seed; ``raw51`` takes what ``raw10`` left of one keyword."""
SEED = BATCHES["raw10"][1]
SITE = "https://archive.bedtime.news/"
# Each programme's folder and outlet; the daily digest, livestreams and shorts are left out.
OUTLETS = {
    "main": "睡前消息",
    "reference": "参考信息（睡前消息编辑部）",
    "business": "产经破壁机（睡前消息编辑部）",
    "opinion": "高见（睡前消息编辑部）",
    "commercial": "讲点黑话（睡前消息编辑部）",
}
TOPICS = "reference"  # the programme whose episodes give one item per numbered topic
# Every item with two or more distinct keywords is taken ("kw_multi"); these pools, by number
# of keywords, are sampled, in this order.
SAMPLES = {1: ("kw_single", 207), 0: ("random_no_kw", 200)}
MIN_CJK_PAGE, MIN_CJK_TOPIC = 200, 80
MAX_CHARS = 15_000

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
# Comments, images, tags (the video embeds are nothing but tags) and class attributes
# (``{.is-warning}``).
_REMOVED = (
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"!\[.*?\]\(.*?\)", re.S),
    re.compile(r"<[^>]+>"),
    re.compile(r"\{\.[\w-]+\}"),
)
# Links become their text in three passes, kept as the batch was built: web links (their text
# taken lazily, from the first of any opening brackets, within a line), then the others, then
# any link target left over. Where a web link follows another link, a "[" may stay.
_LINKS = (
    (re.compile(r"\[+(.*?)\]\(https?://[^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\]\([^)]*\)"), ""),
)
# Lines dropped: the video tabs' headings, empty headings, the transcription notice.
_DROPPED = re.compile(r"#{1,3} *(Tabs|B站|YouTube|西瓜视频|播客)?|>.*音频转录.*校对.*")
_TOPIC = re.compile(r"#{1,3}\s*\d+\.\s*(.*)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_OPENING = re.compile(r"大家好\W*(?:今天是)?(\d{4})年(\d{1,2})月(\d{1,2})日")


@dataclass
class Item:
    """One text: a page, or one numbered topic of a 《参考信息》 episode."""

    source_path: str
    title: str
    text: str
    summary: str
    section_index: int
    episode_title: str
    page_date: str
    published: str

    @cached_property
    def hits(self) -> int:
        """How many distinct keywords the title, summary and text hold."""
        words = f"{self.title}\n{self.summary}\n{self.text}"
        return sum(word in words for word in PI_KEYWORDS)


def cleaned(body: str) -> list[str]:
    """A page body's non-blank lines, without embeds, tags, link targets, tabs and notice."""
    for pattern in _REMOVED:
        body = pattern.sub("", body)
    for pattern, replacement in _LINKS:
        body = pattern.sub(replacement, body)
    lines = (line.strip() for line in body.splitlines())
    return [line for line in lines if line and not _DROPPED.fullmatch(line)]


def cjk(text: str) -> int:
    """How many CJK characters a text has."""
    return len(_CJK.findall(text))


def broadcast_date(text: str) -> str:
    """The date the opening line speaks ("大家好，2021年10月24日…"), if 2019 or later, or ""."""
    match = _OPENING.search(text)
    if not match or int(match[1]) < 2019:
        return ""
    return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}"


def page_items(path: str, markdown: str) -> list[Item]:
    """One page's items: each numbered topic of a 《参考信息》 episode with enough CJK text, or
    else the page itself if it has enough."""
    front = _FRONT.match(markdown)
    if front is None:
        return []
    fields = dict(line.partition(": ")[::2] for line in front[1].splitlines())
    lines = cleaned(markdown[front.end() :])
    page_text = "\n".join(lines)
    page = {
        "source_path": path,
        "episode_title": fields["title"].strip(),
        "page_date": fields["date"][:10],
        "published": broadcast_date(page_text),
    }
    topics: list[tuple[str, list[str]]] = []
    if path.startswith(f"{TOPICS}/"):
        for line in lines:
            heading = _TOPIC.fullmatch(line)
            if heading:
                topics.append((heading[1].strip(), []))
            elif topics:
                topics[-1][1].append(line)
    if topics:
        texts = [(title, "\n".join(body)) for title, body in topics]
        return [
            Item(title=title, text=text, summary="", section_index=n, **page)
            for n, (title, text) in enumerate(texts, 1)
            if cjk(text) >= MIN_CJK_TOPIC
        ]
    if cjk(page_text) < MIN_CJK_PAGE:
        return []
    summary = fields["description"].strip()
    return [
        Item(title=page["episode_title"], text=page_text, summary=summary, section_index=0, **page)
    ]


def all_items(repo: Path) -> list[Item]:
    """The items of every page in the programmes' folders, in path order."""
    listing = git(repo, "ls-tree", "-r", "--name-only", COMMIT).splitlines()
    return [
        item
        for path in sorted(listing)
        if path.split("/")[0] in OUTLETS and "/" in path and path.endswith(".md")
        for item in page_items(path, git(repo, "show", f"{COMMIT}:{path}"))
    ]


def dedup(items: list[Item]) -> list[Item]:
    """One item per title (punctuation and spaces removed, lower-cased), in the order titles
    first appear: the one with more keywords, then the longer text."""
    kept: dict[str, Item] = {}
    for item in items:
        key = normalised(item.title)
        other = kept.get(key)
        if other is None or (item.hits, len(item.text)) > (other.hits, len(other.text)):
            kept[key] = item
    return list(kept.values())


def select(items: list[Item]) -> list[tuple[str, Item]]:
    """The batch, each item with its pool: all with two or more keywords, seeded samples of
    the others, shuffled so that the ids do not give the pools away."""
    rng = random.Random(SEED)
    chosen = [("kw_multi", item) for item in items if item.hits >= 2]
    for hits, (pool, size) in SAMPLES.items():
        candidates = [item for item in items if item.hits == hits]
        chosen.extend((pool, item) for item in rng.sample(candidates, size))
    rng.shuffle(chosen)
    return chosen


def record(pool: str, item: Item) -> dict[str, str | int]:
    """What ``write_titles`` makes an item's record of."""
    return {
        "source_path": item.source_path,
        "title": item.title,
        "text": item.text,
        "published": item.published,
        "url": SITE + item.source_path.removesuffix(".md"),
        "outlet": OUTLETS[item.source_path.split("/")[0]],
        "selection_pool": pool,
        "episode_title": item.episode_title,
        "summary": item.summary,
        "section_index": item.section_index,
        "page_date": item.page_date,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch", choices=sorted(BATCHES), default="raw10")
    parser.add_argument("repo", type=Path, help="a clone (or bare mirror) of the source repository")
    parser.add_argument("out", type=Path, help="the batch file to write")
    args = parser.parse_args()
    prefix, seed = BATCHES[args.batch]
    found = all_items(args.repo)
    items = dedup(found)
    chosen = select(items)
    if args.batch == "raw51":
        taken = {id(item) for _, item in chosen}
        rest = [item for item in items if item.hits == 1 and id(item) not in taken]
        rest = unread(rest, shared_openings(), lambda item: item.text)
        random.Random(seed).shuffle(rest)
        chosen = [("kw_single_rest", item) for item in rest]
    entries = [record(pool, item) for pool, item in chosen]
    write_titles(args.out, prefix, SOURCE, COMMIT, entries, max_chars=MAX_CHARS)
    print(
        f"{args.batch}: {len(chosen)} items of {len(items)} ({len(found)} before dedup), "
        f"in {args.out}"
    )


if __name__ == "__main__":
    main()
