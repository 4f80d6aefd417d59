"""What the builders of the ``extra`` batches share: reading a pinned commit of an archive's
clone, and writing a batch of headlines (with or without a summary) in the corpus's record
format."""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import random
import re
import subprocess
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple, Protocol, TypeVar

PI_KEYWORDS = (
    "个人信息",
    "隐私",
    "泄露",
    "泄漏",
    "骚扰电话",
    "骚扰短信",
    "推销电话",
    "营销电话",
    "电话轰炸",
    "倒卖",
    "贩卖",
    "非法获取",
    "用户信息",
    "手机号",
    "身份证",
    "违规收集",
    "过度索取",
    "个人数据",
    "人脸",
    "信息安全",
    "公民信息",
    "用户数据",
)
"""Personal-information words a batch builder picks its keyword pools by (the generic ones,
数据, APP, 通报, 罚款, 处罚, 推销, are left out: nearly every long text has them)."""


SIZE = 400
MAX_KEYWORD = SIZE // 2  # at most half a batch is taken for its keywords
PREFIX_CHARS = 60  # body characters (punctuation and spaces removed) compared in dedup
_NOT_WORD = re.compile(r"[\W_]+")


class Article(Protocol):
    """What dedup and selection read of a builder's item."""

    @property
    def title(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def hit(self) -> bool: ...


A = TypeVar("A", bound=Article)
T = TypeVar("T")


def has_keyword(text: str) -> bool:
    """Whether ``text`` holds one of :data:`PI_KEYWORDS`."""
    return any(word in text for word in PI_KEYWORDS)


def normalised(text: str) -> str:
    """Punctuation, symbols and spaces removed, lower-cased: how dedup compares."""
    return _NOT_WORD.sub("", text).lower()


def dedup(items: list[A]) -> list[A]:
    """The first of the items sharing a title or a body prefix (normalised)."""
    seen: set[str] = set()
    kept = []
    for item in items:
        keys = {"t:" + normalised(item.title), "b:" + normalised(item.text)[:PREFIX_CHARS]}
        if not keys & seen:
            kept.append(item)
        seen |= keys
    return kept


SHARED_LEADS = Path(__file__).resolve().parents[3] / "shared/corpus/leads"
"""``../shared``'s leads corpus: the development set, read by the rules' authors."""


def shared_openings() -> set[str]:
    """The opening (normalised, ``PREFIX_CHARS``) of every text of ``../shared``'s leads
    corpus."""
    return {
        normalised(json.loads(line).get("text") or "")[:PREFIX_CHARS]
        for path in sorted(SHARED_LEADS.glob("*/*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    }


def placed_items(path: Path) -> set[tuple[str, int]]:
    """The (file, position) of every record of a batch of items cut from multi-item files
    (``raw2``'s reviews and 新闻联播 stories): what a later batch of the same files leaves out."""
    return {
        (record["source_path"], record["item_index"])
        for record in map(json.loads, path.read_text(encoding="utf-8").splitlines())
    }


def entry_text(entry: Mapping[str, object]) -> str:
    """What an entry of :func:`write_titles` says: its text, or its title where it has none."""
    return str(entry.get("text") or entry.get("title") or "")


def unread(items: list[T], known: set[str], text: Callable[[T], str] = entry_text) -> list[T]:
    """The items whose ``text`` opens (normalised, ``PREFIX_CHARS``) unlike every text in
    ``known`` and every item before it: an archive repeats a text under another date or in
    another file, and the development set may hold it already, differently spaced."""
    seen = set(known)
    kept = []
    for item in items:
        key = normalised(text(item))[:PREFIX_CHARS]
        if key not in seen:
            kept.append(item)
        seen.add(key)
    return kept


def select(items: list[A], seed: int) -> list[A]:
    """A batch: the keyword items (a seeded sample if more than ``MAX_KEYWORD``) and a seeded
    sample of the others, shuffled so that the ids do not tell them apart."""
    rng = random.Random(seed)
    hits = [item for item in items if item.hit]
    if len(hits) > MAX_KEYWORD:
        hits = rng.sample(hits, MAX_KEYWORD)
    others = [item for item in items if not item.hit]
    chosen = hits + rng.sample(others, SIZE - len(hits))
    rng.shuffle(chosen)
    return chosen


def git(repo: Path, *args: str) -> str:
    """A git command's output in ``repo`` (a clone or a bare mirror)."""
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


def git_bytes(repo: Path, *args: str) -> bytes:
    """A git command's output in ``repo`` as bytes, for files not in UTF-8 (GB18030 data)."""
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=True).stdout


_LISTED_TITLE = re.compile(r"^\d+\. \[(.+?)\]\((\S+)\)")
"""A line of a hot-list archive's daily file: 「1. [title](link)」."""


def listed_titles(
    repo: Path,
    commit: str,
    keep: Callable[[str], bool],
    line_pattern: re.Pattern[str] = _LISTED_TITLE,
) -> dict[str, tuple[str, str]]:
    """Every distinct title of a hot-list archive's daily markdown files whose path ``keep``
    accepts, with the file and link it first appears in (files read in path order); a line
    holds a title where ``line_pattern`` matches it (groups: title, link)."""
    listing = git(repo, "ls-tree", "-r", "--name-only", commit).split()
    first: dict[str, tuple[str, str]] = {}
    for name in sorted(f for f in listing if keep(f)):
        for line in git(repo, "show", f"{commit}:{name}").splitlines():
            match = line_pattern.match(line)
            if match:
                first.setdefault(match.group(1).strip(), (name, match.group(2)))
    return first


def write_titles(
    path: Path,
    prefix: str,
    source: str,
    commit: str,
    entries: Sequence[Mapping[str, str | None]],
    max_chars: int | None = None,
) -> None:
    """One record per entry, ids numbered in order. Each entry gives ``title``,
    ``source_path``, ``published`` and ``url``; optionally ``text`` (a summary; without one the
    record is headline-only and says so), ``commit`` (where an entry was read at another commit
    than the batch's) and fields of its own (``selection_pool``, ``outlet``), kept in order. A
    text longer than ``max_chars`` is cut there and the record says so (``text_truncated``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as sink:
        for n, entry in enumerate(entries):
            extra = {key: value for key, value in entry.items() if key not in _RECORD_KEYS}
            record = {
                "id": f"{prefix}-{n:04d}",
                "source_repo": source,
                "source_path": entry["source_path"],
                "commit": entry.get("commit", commit),
                "title": entry["title"],
                "text": entry.get("text") or entry["title"],
                "published": entry["published"],
                "url": entry["url"],
                **extra,
            }
            if not entry.get("text"):
                record["text_is_title_only"] = True
            elif max_chars is not None and len(str(entry["text"])) > max_chars:
                record["text"] = str(entry["text"])[:max_chars]
                record["text_truncated"] = True
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")


_RECORD_KEYS = {"title", "text", "source_path", "commit", "published", "url"}


_BREAK = re.compile(r"</p>|<br\s*/?>|</h\d>|</div>", re.I)
_TAG = re.compile(r"<[^>]+>")


def plain(fragment: str) -> str:
    """An HTML fragment's text, a line per paragraph, blank lines dropped."""
    text = html.unescape(_TAG.sub("", _BREAK.sub("\n", fragment)))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


CHUNK = 2_000  # blobs read by one ``git cat-file``


def blob_texts(repo: Path, ids: list[str]) -> Iterator[str]:
    """The text of each blob, read ``CHUNK`` at a time with ``git cat-file --batch``."""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        out = subprocess.run(
            ["git", "-C", str(repo), "cat-file", "--batch"],
            input="".join(f"{blob}\n" for blob in chunk).encode(),
            capture_output=True,
            check=True,
        ).stdout
        at = 0
        for _ in chunk:
            header_end = out.index(b"\n", at)
            size = int(out[at:header_end].split()[2])
            yield out[header_end + 1 : header_end + 1 + size].decode("utf-8", "replace")
            at = header_end + 1 + size + 1


def tree_blobs(repo: Path, commit: str, folder: str) -> list[tuple[str, str]]:
    """The (path, blob id) of every file under ``folder`` at ``commit``, in path order."""
    listing = git(repo, "ls-tree", "-r", "-z", commit, folder).split("\0")
    return sorted(
        (name, meta.split()[2])
        for meta, _, name in (line.partition("\t") for line in listing if line)
    )


def mirror_repo(mirrors: Path, source: str) -> Path:
    """Where ``fetch`` leaves the snapshot of ``owner/name`` under ``mirrors``."""
    return mirrors / source.replace("/", "+") / "repo"


def short_hash(text: str) -> str:
    """The first 16 hex digits of ``text``'s SHA-256: how a selection list names a text."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def listed_keys(name: str) -> set[str]:
    """The keys of a selection list beside the builders (``flagged_titles_raw54.txt`` …): the
    texts a batch takes, fixed when it was drawn, as the rules that drew it change."""
    return set(Path(__file__).with_name(name).read_text(encoding="utf-8").split())


Entries = list[dict[str, str | None]]
"""An archive's entries as :func:`write_titles` takes them."""


def untitled_texts(rows: Iterable[tuple[str, object, str]]) -> Entries:
    """Entries of a dataset's texts that have no title: each row is (file, where in it, text);
    the first of each distinct text, stripped, addressed ``file#where``."""
    seen: set[str] = set()
    out: Entries = []
    for path, where, text in rows:
        text = text.strip()
        if text and text not in seen:
            seen.add(text)
            out.append({"source_path": path, "title": None, "text": text,
                        "published": None, "url": f"{path}#{where}"})  # fmt: skip
    return out


class ListedBatch(NamedTuple):
    """A batch fixed as a list of texts named by SHA-256 (``listed``, beside the builders),
    taken from the entries its ``sources`` read in an archive's clone."""

    prefix: str
    seed: int
    listed: str
    file: str
    sources: tuple[Callable[[Path], Entries], ...]
    max_chars: int | None = None
    """Where a long text is cut (:func:`write_titles`)."""


def build_listed(
    description: str, batches: Mapping[str, ListedBatch], source: str, commit: str
) -> None:
    """A builder's command line for batches fixed as lists: ``[--batch rawN] repo out``; the
    entries a batch lists, first reading of each, in a seeded shuffle, written as
    ``out/rawN/<file>``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--batch", choices=sorted(batches), default=min(batches))
    parser.add_argument("repo", type=Path, help="a clone of the source repository")
    parser.add_argument("out", type=Path, help="corpus directory (the batch is written inside)")
    args = parser.parse_args()
    batch = batches[args.batch]
    taken = listed_keys(batch.listed)
    chosen, seen = [], set()
    for entry in (entry for read in batch.sources for entry in read(args.repo)):
        key = short_hash(str(entry["title"] or entry.get("text")))  # untitled: by its text
        if key in taken and key not in seen:
            chosen.append(entry)
            seen.add(key)
    random.Random(batch.seed).shuffle(chosen)
    path = args.out / args.batch / batch.file
    write_titles(path, batch.prefix, source, commit, chosen, batch.max_chars)
    print(f"{args.batch}: {len(chosen)} texts, in {path}")
