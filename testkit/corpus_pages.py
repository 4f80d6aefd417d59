"""Read the saved Chinese pages of ``../shared/corpus/pages`` with their ground truth."""

from __future__ import annotations

import ast
import csv
import gzip
import json
import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from piwatch.pipelines.text.decode import decode_body

logger = logging.getLogger(__name__)

DEFAULT_ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "pages"

CWCED = "Chinese-Web-Content-Extraction-Dataset"
BODY_SETS = (CWCED, "magic-html", "waddle", "newspaper4k", "fundus")
"""Sets whose ground truth includes the main text."""


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One line of INDEX.tsv."""

    folder: str
    path: str
    declared_charset: str
    byte_encoding: str
    title: str
    ground_truth: str

    def file(self, root: Path) -> Path:
        return root / self.folder / self.path


@dataclass(frozen=True, slots=True)
class CorpusPage:
    """A page and whatever its set says is true about it. ``title_is_prefix`` marks titles given
    with the site suffix still attached (the headline is a leading segment of them)."""

    dataset: str
    path: str
    raw: bytes
    html: str
    url: str | None = None
    body: str | None = None
    title: str | None = None
    title_is_prefix: bool = False
    date: str | None = None
    author: str | None = None
    must_have: tuple[str, ...] = ()
    must_not_have: tuple[str, ...] = ()


def index_rows(root: Path = DEFAULT_ROOT) -> list[IndexRow]:
    with (root / "INDEX.tsv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        return [
            IndexRow(
                folder=row["folder"],
                path=row["path"],
                declared_charset=row["declared_charset"].strip("-"),
                byte_encoding=row["byte_encoding"],
                title=row["title"],
                ground_truth=row["ground_truth"],
            )
            for row in reader
        ]


def read_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def char_f1(predicted: str, truth: str) -> float:
    """Bag-of-characters F1, whitespace ignored: order-free, so it rewards the right text
    whatever the paragraphing, and fair to Chinese where words are not space-separated."""
    pred = Counter(ch for ch in predicted if not ch.isspace())
    gold = Counter(ch for ch in truth if not ch.isspace())
    if not pred and not gold:
        return 1.0
    overlap = sum((pred & gold).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(pred.values())
    recall = overlap / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


def pages(
    root: Path = DEFAULT_ROOT, datasets: tuple[str, ...] | None = None
) -> Iterator[CorpusPage]:
    """Every page with some ground truth, decoded with piwatch's decoder (bytes as saved)."""
    loaders = {
        CWCED: _cwced,
        "magic-html": _magic_html,
        "waddle": _waddle,
        "newspaper4k": _newspaper4k,
        "fundus": _fundus,
        "readability": _readability,
        "trafilatura": _trafilatura,
    }
    for name, loader in loaders.items():
        if datasets is None or name in datasets:
            yield from loader(root)


def _page(root: Path, dataset: str, rel: str, **truth: object) -> CorpusPage:
    raw = read_bytes(root / dataset / rel)
    return CorpusPage(dataset=dataset, path=rel, raw=raw, html=decode_body(raw).text, **truth)  # type: ignore[arg-type]


def _known(text: str) -> str | None:
    text = text.strip()
    return None if not text or text.upper() in ("UNKNOWN", "UNKNWON") else text


def _cwced(root: Path) -> Iterator[CorpusPage]:
    base = root / CWCED
    for html in sorted((base / "original").glob("*.html")):
        uid = html.stem
        yield _page(
            root,
            CWCED,
            f"original/{uid}.html",
            body=(base / "cleaned" / f"{uid}.txt").read_text(encoding="utf-8"),
            date=_known((base / "date" / f"{uid}.txt").read_text(encoding="utf-8")),
            author=_known((base / "author" / f"{uid}.txt").read_text(encoding="utf-8")),
        )


def _magic_html(root: Path) -> Iterator[CorpusPage]:
    for kind in ("article", "forum"):
        folder = root / "magic-html" / "benchmark" / "data" / kind
        truth = json.loads((folder / "base.json").read_text(encoding="utf-8"))
        for html in sorted((folder / "htmls").glob("*.html")):
            entry = truth.get(html.stem)
            if not entry:
                continue
            yield _page(
                root,
                "magic-html",
                f"benchmark/data/{kind}/htmls/{html.name}",
                url=entry.get("url"),
                body=entry["content"],
            )


_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)


def _waddle(root: Path) -> Iterator[CorpusPage]:
    folder = root / "waddle" / "corpora" / "Corpus_daniel_v2.1"
    for html in sorted((folder / "html").iterdir()):
        ref = folder / "reference" / html.name
        if not ref.is_file():
            continue
        paragraphs = [
            unescape(p).strip() for p in _PARAGRAPH.findall(ref.read_text(encoding="utf-8"))
        ]
        yield _page(
            root,
            "waddle",
            f"corpora/Corpus_daniel_v2.1/html/{html.name}",
            body="\n".join(p for p in paragraphs if p),
        )


def _newspaper4k(root: Path) -> Iterator[CorpusPage]:
    data = root / "newspaper4k" / "tests" / "data"
    for html in sorted((data / "html").glob("chinese_article*.html")):
        meta_file = data / "metadata" / f"{html.stem}.json"
        meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.is_file() else {}
        yield _page(
            root,
            "newspaper4k",
            f"tests/data/html/{html.name}",
            url=meta.get("url"),
            body=(data / "txt" / f"{html.stem}.txt").read_text(encoding="utf-8"),
            title=meta.get("title"),
            date=meta.get("publish_date"),
        )


def _fundus(root: Path) -> Iterator[CorpusPage]:
    folder = root / "fundus" / "tests" / "resources" / "parser" / "test_data" / "cn"
    truth = json.loads((folder / "People.json").read_text(encoding="utf-8"))["V1"]
    meta = json.loads((folder / "meta.info").read_text(encoding="utf-8"))
    body = truth["body"]
    if isinstance(body, str):
        body = ast.literal_eval(body)
    paragraphs = [p for section in body["sections"] for p in section["paragraphs"]]
    paragraphs = list(body.get("summary", [])) + paragraphs
    for name, info in meta.items():
        yield _page(
            root,
            "fundus",
            f"tests/resources/parser/test_data/cn/{name}",
            url=info.get("url"),
            body="\n".join(paragraphs),
            title=truth["title"],
            title_is_prefix=True,
            date=truth.get("publishing_date"),
        )


def _readability(root: Path) -> Iterator[CorpusPage]:
    folder = root / "readability" / "test" / "test-pages"
    for case in sorted(p for p in folder.iterdir() if p.is_dir()):
        meta = json.loads((case / "expected-metadata.json").read_text(encoding="utf-8"))
        yield _page(
            root,
            "readability",
            f"test/test-pages/{case.name}/source.html",
            title=meta.get("title"),
            title_is_prefix=True,
            date=meta.get("publishedTime"),
        )


def _trafilatura(root: Path) -> Iterator[CorpusPage]:
    tests = root / "trafilatura" / "tests"
    truth = json.loads((tests / "evaldata.json").read_text(encoding="utf-8"))
    for url, entry in truth.items():
        name = entry.get("file", "")
        for sub in ("eval", "cache"):
            path = tests / sub / name
            if name and path.is_file():
                yield _page(
                    root,
                    "trafilatura",
                    f"tests/{sub}/{name}",
                    url=url,
                    title=(entry.get("title") or "").strip() or None,
                    date=entry.get("date") or None,
                    author=entry.get("author") or None,
                    must_have=tuple(_listish(entry.get("with"))),
                    must_not_have=tuple(_listish(entry.get("without"))),
                )


def _listish(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str) and value.startswith("["):
        return [str(v) for v in ast.literal_eval(value)]
    return []
