"""Build round 61's locked batch (``raw61``) from a clone of its source.

The texts are State-TV news stories: ``DuckBurnIncense/xin-wen-lian-bo`` (MIT; the
transcripts © CCTV) at commit ae8d591 keeps one markdown file a day (``news/<date>.md``,
2022-09 to 2026-08) whose 「详细新闻」 part has one ``### `` section a story, an HTML
fragment and a 「查看原文」 link. A story is one text, its paragraphs one a line, as
``../shared``'s ``raw2/xinwenlianbo_cctv_news`` has them (the 国内联播快讯 roundups among
them are judged item by item). The stories ``raw2`` took, and any that opens like a text of
``../shared``, are left out; every other story with a personal-information word
(``archive.PI_KEYWORDS``) is taken (a seeded sample where they are more than half a batch),
and a seeded sample of the rest fills the batch. The repository keeps only this script and the
labels (``labels/raw61``):

    git clone https://github.com/DuckBurnIncense/xin-wen-lian-bo /tmp/xwlb
    python devset/extra/build_xwlb.py /tmp/xwlb ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

from archive import (
    SHARED_LEADS,
    blob_texts,
    dedup,
    git,
    has_keyword,
    placed_items,
    plain,
    select,
    shared_openings,
    unread,
    write_titles,
)

COMMIT = "ae8d591d33dd3701a34045e0acb24cd5b70b2ede"
SOURCE = "DuckBurnIncense/xin-wen-lian-bo"
BATCH, PREFIX = "raw61", "xwlb61"
FILE = "cctv_news_stories_2022_2026.jsonl"
SEED = 20270130
MAX_CHARS = 15_000  # as raw2 cut its longest stories
TAKEN = SHARED_LEADS / "raw2/xinwenlianbo_cctv_news.jsonl"
_DETAIL = "## 详细新闻"
_LINK = re.compile(r"^\[查看原文\]\((\S+)\)\s*$", re.M)


@dataclass(frozen=True)
class Story:
    """One section of a day's 「详细新闻」."""

    path: str
    index: int
    title: str
    text: str
    link: str

    @property
    def hit(self) -> bool:
        return has_keyword(self.title) or has_keyword(self.text)


def stories_of(path: str, page: str) -> list[Story]:
    """The stories of one day's file, numbered from 0 in order."""
    _, _, detail = page.partition(_DETAIL)
    found = []
    for index, section in enumerate(detail.split("\n### ")[1:]):
        heading, _, body = section.partition("\n")
        link = _LINK.search(body)
        text = plain(_LINK.sub("", body))
        if text:
            found.append(Story(path, index, heading.strip(), text, link.group(1) if link else ""))
    return found


def stories(repo: Path) -> list[Story]:
    """Every story of the archive, in date order."""
    listing = [line.split("\t") for line in git(repo, "ls-tree", "-r", COMMIT).splitlines()]
    files = sorted(
        (name, meta.split()[2])
        for meta, name in listing
        if name.startswith("news/") and name.endswith(".md")
    )
    found = []
    for (name, _), page in zip(files, blob_texts(repo, [blob for _, blob in files]), strict=True):
        found.extend(stories_of(name, page))
    return found


def unread_stories(repo: Path) -> list[Story]:
    """The stories neither ``raw2`` nor ``../shared`` holds, each text once."""
    taken = placed_items(TAKEN)
    pool = dedup([s for s in stories(repo) if (s.path, s.index) not in taken])
    return unread(pool, shared_openings(), text=lambda story: story.text)


def entry(story: Story) -> dict[str, str | int | None]:
    """A story as a record for ``write_titles``."""
    return {
        "title": story.title,
        "text": story.text,
        "source_path": story.path,
        "published": story.path.removeprefix("news/").removesuffix(".md"),
        "url": story.link,
        "item_index": story.index,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", type=Path, help="a clone of the source repository")
    parser.add_argument("out", type=Path, help="corpus directory (raw61/ is written inside)")
    args = parser.parse_args()
    pool = unread_stories(args.repo)
    chosen = select(pool, SEED)
    target = args.out / BATCH / FILE
    write_titles(target, PREFIX, SOURCE, COMMIT, [entry(s) for s in chosen], max_chars=MAX_CHARS)
    print(
        f"{BATCH}: {len(chosen)} stories of {len(pool)} unread "
        f"({sum(s.hit for s in pool)} with a keyword, {sum(s.hit for s in chosen)} taken), "
        f"in {target}"
    )


if __name__ == "__main__":
    main()
