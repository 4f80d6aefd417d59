"""Build the locked batches of Weibo posts (``raw41``, ``raw50``, ``raw52``) from a clone of their
source.

The texts are Weibo posts under hot topics, archived by ``nateafish/weibo-hot-hub`` at commit
4e5d06f (12 to 22 August 2026; no licence file: internal evaluation only, do not redistribute):
one JSON object a post (``data/topics/<topic>/posts/objects/<mid>.json``) with its body, time
and link. Posts whose body holds a personal-information word (``archive.PI_KEYWORDS``) and at
least 30 Chinese characters are deduplicated by body prefix; a seeded shuffle keeps at most two
posts of a topic (one story is told by many accounts), and a seeded sample of 400 is ``raw41``;
``raw50`` is what that sample left of the capped posts in topics ``raw41`` did not touch (its
topics were read with it), shuffled with its own seed; ``raw52`` is the rest, the capped posts
in topics ``raw41`` touched (unread posts, but of stories read with ``raw41``).
Posts are not headlines, so a record has a text and no title; the account's name is not kept.
The repository keeps only this script and the labels (``labels/raw41``):

    git clone https://github.com/nateafish/weibo-hot-hub /tmp/weibo-posts
    python devset/extra/build_weibo_posts.py /tmp/weibo-posts ../extra/leads
    python devset/extra/build_weibo_posts.py --batch raw50 /tmp/weibo-posts ../extra/leads
    python devset/extra/build_weibo_posts.py --batch raw52 /tmp/weibo-posts ../extra/leads
    piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from archive import PREFIX_CHARS, SIZE, blob_texts, git, has_keyword, normalised

COMMIT = "4e5d06f9246352c796a288ae4a2767017232d647"
SOURCE = "nateafish/weibo-hot-hub"
FILE = "weibo_hot_topic_posts_2026.jsonl"
SEED = 20270103
BATCHES = {
    "raw41": ("wbpost41", SEED),
    "raw50": ("wbpost50", 20270112),
    "raw52": ("wbpost52", 20270114),
}
"""Each batch's id prefix and seed; ``raw50`` and ``raw52`` take what ``raw41`` left, in other
topics and in its own."""
PER_TOPIC = 2
MIN_CJK = 30
_CJK = re.compile(r"[\u4e00-\u9fff]")
_POST = re.compile(r"data/topics/([^/]+)/posts/objects/[^/]+\.json")


def posts(repo: Path) -> list[tuple[str, dict[str, str]]]:
    """Every archived post with its path."""
    listing = [line.split() for line in git(repo, "ls-tree", "-r", COMMIT).splitlines()]
    wanted = [(fields[2], fields[3]) for fields in listing if _POST.fullmatch(fields[3])]
    texts = blob_texts(repo, [sha for sha, _ in wanted])
    return [(path, json.loads(text)) for (_, path), text in zip(wanted, texts, strict=True)]


def _topic(path: str) -> str:
    """The hot topic a post's path files it under."""
    return _POST.fullmatch(path).group(1)  # type: ignore[union-attr]


def post_date(post: dict[str, str]) -> str | None:
    """The post's day, or None where the archive kept only a relative time (「18分钟前」)."""
    created = post.get("created_at_text") or ""
    try:
        return datetime.strptime(created, "%a %b %d %H:%M:%S %z %Y").date().isoformat()
    except ValueError:
        return None


def bodies(repo: Path, with_keyword: bool = True) -> Iterator[tuple[str, dict[str, str], str]]:
    """The posts with (or, for ``raw56``, without) a personal-information word and at least
    ``MIN_CJK`` Chinese characters, in path order, each body prefix once."""
    seen: set[str] = set()
    for path, post in sorted(posts(repo), key=lambda p: p[0]):
        body = (post.get("body") or "").strip()
        key = normalised(body)[:PREFIX_CHARS]
        if has_keyword(body) != with_keyword or len(_CJK.findall(body)) < MIN_CJK or key in seen:
            continue
        seen.add(key)
        yield path, post, body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch", choices=sorted(BATCHES), default="raw41")
    parser.add_argument("repo", type=Path, help="a clone of the source repository")
    parser.add_argument("out", type=Path, help="corpus directory (the batch's folder is inside)")
    args = parser.parse_args()
    prefix, seed = BATCHES[args.batch]
    kept = list(bodies(args.repo))
    rng = random.Random(SEED)
    rng.shuffle(kept)
    per_topic: dict[str, int] = {}
    capped = []
    for path, post, body in kept:
        topic = _topic(path)
        if per_topic.get(topic, 0) < PER_TOPIC:
            per_topic[topic] = per_topic.get(topic, 0) + 1
            capped.append((path, post, body))
    chosen = rng.sample(capped, min(SIZE, len(capped)))
    if args.batch != "raw41":
        read = {_topic(path) for path, _, _ in chosen}
        taken = {path for path, _, _ in chosen}
        in_read = args.batch == "raw52"
        chosen = [
            post for post in capped if (_topic(post[0]) in read) == in_read and post[0] not in taken
        ]
        random.Random(seed).shuffle(chosen)
    target = args.out / args.batch / FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as sink:
        for n, (path, post, body) in enumerate(chosen):
            record = {
                "id": f"{prefix}-{n:04d}",
                "source_repo": SOURCE,
                "source_path": path,
                "commit": COMMIT,
                "title": None,
                "text": body,
                "published": post_date(post),
                "url": post.get("url"),
            }
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(
        f"{args.batch}: {len(chosen)} posts of {len(capped)} kept ({len(kept)} with a keyword, "
        f"{len(per_topic)} topics), in {target}"
    )


if __name__ == "__main__":
    main()
