"""WARC captures on their own: records warcio reads and checks, payloads byte for byte,
revisits for a payload seen before, rotation by size, and durability under SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from piwatch.evidence.warc import (
    Capture,
    Fetched,
    WarcStore,
    original_bytes,
    read_capture,
    records,
    stored_payload,
)

SITE = Path(__file__).resolve().parents[1] / "site"
WARCIO = [sys.executable, "-m", "warcio.cli"]


def fetched(url: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> Fetched:
    return Fetched(
        url=url, status=200, reason="OK", headers=[("Content-Type", content_type),
        ("Content-Length", str(len(body)))], body=body, request_method="GET",
        request_headers=[("User-Agent", "piwatch-test")], fetched_at=datetime.now(UTC),
    )  # fmt: skip


def test_captures_are_valid_warc_and_give_back_the_exact_bytes(tmp_path: Path) -> None:
    store = WarcStore(tmp_path, max_bytes=10_000_000)
    pages = {path: (SITE / path).read_bytes() for path in ("news/a1.html", "gbk/article.html")}
    captures = {
        path: store.capture(fetched(f"http://127.0.0.1:8000/{path}", body))
        for path, body in pages.items()
    }
    (warc,) = tmp_path.glob("*.warc.gz")
    check = subprocess.run([*WARCIO, "check", "-v", str(warc)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count("digest pass") == 4  # request and response of each page
    index = subprocess.run([*WARCIO, "index", str(warc)], capture_output=True, text=True)
    rows = [json.loads(line) for line in index.stdout.splitlines()]
    assert [r["warc-type"] for r in rows] == ["request", "response"] * 2
    for path, capture in captures.items():
        assert stored_payload(read_capture(tmp_path, capture))[0] == pages[path]
        (response,) = [
            r for r in records(read_capture(tmp_path, capture)) if r.rec_type == "response"
        ]
        assert response.rec_headers.get_header("WARC-Payload-Digest") == capture.digest
        assert response.rec_headers.get_header("WARC-Target-URI").endswith(path)
        assert response.http_headers.get_statuscode() == "200"


def test_a_payload_seen_before_is_a_revisit_across_stores(tmp_path: Path) -> None:
    body = (SITE / "news/a1.html").read_bytes()
    first = WarcStore(tmp_path, 10_000_000).capture(fetched("http://127.0.0.1:8000/a1", body))
    again = WarcStore(tmp_path, 10_000_000).capture(fetched("http://127.0.0.1:8000/a1", body))
    assert not first.revisit and again.revisit and again.digest == first.digest
    assert again.length < first.length  # no second copy of the payload
    types = [r.rec_type for r in records(read_capture(tmp_path, again))]
    assert types == ["request", "revisit"]
    assert stored_payload(original_bytes(tmp_path, again))[0] == body


def test_a_page_rendered_by_chromium_is_kept_as_a_resource_record(tmp_path: Path) -> None:
    dom = "<html><body><div id='list'>脚本渲染出的列表</div></body></html>".encode()
    rendered = replace(fetched("http://127.0.0.1:8000/js/list.html", dom), rendered=True)
    capture = WarcStore(tmp_path, 10_000_000).capture(rendered)
    (record,) = records(read_capture(tmp_path, capture))
    assert record.rec_type == "resource"
    assert record.rec_headers.get_header("Content-Type") == "text/html; charset=utf-8"
    assert stored_payload(read_capture(tmp_path, capture)) == (dom, "text/html; charset=utf-8")
    (warc,) = tmp_path.glob("*.warc.gz")
    check = subprocess.run([*WARCIO, "check", str(warc)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_files_rotate_by_size(tmp_path: Path) -> None:
    store = WarcStore(tmp_path, max_bytes=3_000)
    for n in range(6):
        store.capture(fetched(f"http://127.0.0.1:8000/{n}", os.urandom(2_000)))
    files = sorted(tmp_path.glob("*.warc.gz"))
    assert len(files) >= 3
    total = sum(1 for f in files for r in ArchiveIterator(f.open("rb")) if r.rec_type == "response")
    assert total == 6


WRITER = """
import json, os, sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from piwatch.evidence.warc import Fetched, WarcStore
store = WarcStore(Path(sys.argv[1]), 50_000_000)
n = 0
while True:
    body = os.urandom(200_000)
    c = store.capture(Fetched(f"http://127.0.0.1:8000/{n}", 200, "OK", [], body, "GET", [],
                              datetime.now(UTC)))
    print(json.dumps(c.to_document()), flush=True)
    n += 1
"""


def test_sigkill_mid_capture_leaves_every_written_record_readable(tmp_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    done = [Capture.from_document(json.loads(child.stdout.readline())) for _ in range(8)]
    os.kill(child.pid, signal.SIGKILL)  # most likely in the middle of the next capture
    child.wait()
    for capture in done:  # every capture the writer reported is whole on disk
        assert len(stored_payload(read_capture(tmp_path, capture))[0]) == 200_000
    (warc,) = tmp_path.glob("*.warc.gz")
    readable = []
    try:
        for record in ArchiveIterator(warc.open("rb")):
            if record.rec_type == "response":
                readable.append(record.rec_headers.get_header("WARC-Target-URI"))
                record.content_stream().read()
    except (ArchiveLoadFailed, EOFError, OSError):
        pass  # the record the kill cut short, after all the whole ones
    assert readable[: len(done)] == [c.target_uri for c in done]
