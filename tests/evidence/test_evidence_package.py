"""A crawl of the local test web captures every lead page; a lead's evidence package exports,
verifies, names any file changed by one byte, and carries a time stamp from a real RFC 3161
authority on loopback that verifies with its CA and not with another."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from piwatch.evidence.warc import Capture, original_bytes, stored_payload
from piwatch.search import indices
from testkit.crawlrun import Crawl
from testkit.tsa import LoopbackTSA, make_ca
from testkit.webserver import LocalWeb

pytestmark = [pytest.mark.es, pytest.mark.browser, pytest.mark.slow]

SITE = Path(__file__).resolve().parents[1] / "site"


def _leads(crawl: Crawl) -> list[dict[str, Any]]:
    alias = indices.alias(crawl.prefix, "leads")
    crawl.es.indices.refresh(index=alias)
    found = crawl.es.search(index=alias, query={"term": {"is_lead": True}}, size=100)
    return [hit["_source"] | {"_id": hit["_id"]} for hit in found["hits"]["hits"]]


@pytest.fixture
def crawled(crawl: Crawl, local_web: LocalWeb) -> Crawl:
    sources = crawl.sources_file(
        [{"name": "site-rss", "kind": "feed", "start_urls": [local_web.url("/feed.xml")]}]
    )
    done = crawl.crawl(sources)
    assert done.returncode == 0, done.stderr[-3000:]
    return crawl


def test_every_lead_page_is_captured_as_the_server_sent_it(
    crawled: Crawl, local_web: LocalWeb
) -> None:
    warc_dir = crawled.data_dir / "evidence" / "warc"
    leads = _leads(crawled)
    assert leads
    for lead in leads:
        capture = Capture.from_document(lead["capture"])
        path = lead["article_url"].removeprefix(local_web.url(""))
        served = (SITE / path.lstrip("/")).read_bytes()
        assert stored_payload(original_bytes(warc_dir, capture))[0] == served, path
    for warc in warc_dir.glob("*.warc.gz"):
        for command in ("check", "index"):
            done = subprocess.run([sys.executable, "-m", "warcio.cli", command, str(warc)],
                                  capture_output=True, text=True)  # fmt: skip
            assert done.returncode == 0, done.stdout + done.stderr


def test_export_verify_and_one_changed_byte(crawled: Crawl, tmp_path: Path) -> None:
    lead = _leads(crawled)[0]
    out = tmp_path / "package"
    done = crawled.run("evidence", "export", lead["_id"][:12], "--out", str(out))
    assert done.returncode == 0, done.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["lead_id"] == lead["_id"] and manifest["http_status"] == 200
    assert manifest["fetched_at_asia_shanghai"].endswith("+08:00")
    assert manifest["text_masked"] is True
    assert set(manifest["files"]) == {
        *("capture.warc.gz", "page.html", "text.txt", "lead.json", "page.pdf", "page.png")
    }
    assert manifest["rendering"]["origin"] == "live"
    ok = crawled.run("evidence", "verify", str(out))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "ok: every file" in ok.stdout
    for name in [*manifest["files"], "manifest.json"]:
        path = out / name
        original = path.read_bytes()
        flipped = bytearray(original)
        flipped[len(flipped) // 2] ^= 0x01
        path.write_bytes(bytes(flipped))
        try:
            bad = crawled.run("evidence", "verify", str(out))
            assert bad.returncode == 1
            changed = [line for line in bad.stdout.splitlines() if line.startswith("changed")]
            assert changed == [f"changed {name}: " + changed[0].split(": ", 1)[1]], bad.stdout
        finally:
            path.write_bytes(original)
    refused = crawled.run("evidence", "export", lead["_id"], "--out", str(out))
    assert refused.returncode == 1 and "not empty" in refused.stderr


def test_unmasked_export_is_recorded_in_the_lead_history(crawled: Crawl, tmp_path: Path) -> None:
    lead = _leads(crawled)[0]
    done = crawled.run(
        "evidence", "export", lead["_id"], "--out", str(tmp_path / "p"), "--unmasked", "--by",
        "inspector-wang",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (after,) = [d for d in _leads(crawled) if d["_id"] == lead["_id"]]
    assert {"by": "inspector-wang", "field": "evidence_export", "to": "unmasked"}.items() <= (
        after["history"][-1].items()
    )
    assert json.loads((tmp_path / "p" / "manifest.json").read_text())["text_masked"] is False


def test_a_time_stamped_package_verifies_with_its_ca_only(crawled: Crawl, tmp_path: Path) -> None:
    lead = _leads(crawled)[0]
    out = tmp_path / "stamped"
    with LoopbackTSA() as tsa:
        crawled.env_extra["PIWATCH_EVIDENCE__TSA_URL"] = tsa.url
        done = crawled.run("evidence", "export", lead["_id"], "--out", str(out))
        assert done.returncode == 0, done.stderr
        assert tsa.served == 1 and (out / "manifest.tsr").stat().st_size > 0
        good = crawled.run("evidence", "verify", str(out), "--ca", str(tsa.ca_file))
        assert good.returncode == 0, good.stdout + good.stderr
        assert "time stamp verified" in good.stdout
        other_ca, _ = make_ca(tmp_path, "some-other-ca")
        wrong = crawled.run("evidence", "verify", str(out), "--ca", str(other_ca))
        assert wrong.returncode == 1
        assert "changed manifest.tsr: does not verify" in wrong.stdout
