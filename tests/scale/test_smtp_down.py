"""Fault test: the SMTP server goes down during the weekly digest, then comes back.

The first recipient is delivered, the server then answers 421 (shutting down) and stops
listening; the failures are retried, reported in the log and the run record, and nothing is
marked sent. Once the server is back, the next run delivers exactly the missing digests: every
recipient gets this week's digest once.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from elasticsearch import Elasticsearch

from piwatch.crawlers.items import Article
from piwatch.pipelines.leads.model import Business, Extraction, Region
from piwatch.search import indices
from piwatch.search.documents import lead_document
from testkit.crawlrun import ROOT, piwatch_env
from testkit.digestweek import settled_last_week
from testkit.faults import es_url, run_record
from testkit.redisserver import free_port

pytestmark = pytest.mark.slow

TZ = ZoneInfo("Asia/Shanghai")
RECIPIENTS = ("a@test.example", "b@test.example", "c@test.example")


@dataclass
class GoingDown:
    """Accepts ``accept`` messages, then answers 421 like a server that is shutting down."""

    accept: int
    delivered: Counter[str] = field(default_factory=Counter)
    refused: int = 0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        if sum(self.delivered.values()) >= self.accept:
            self.refused += 1
            return "421 4.3.2 service shutting down"
        for rcpt in envelope.rcpt_tos:  # type: ignore[attr-defined]
            self.delivered[rcpt] += 1
        return "250 OK"


def seed(es: Elasticsearch, prefix: str) -> int:
    indices.ensure(es, prefix)
    week = settled_last_week(TZ)  # the week the digest children will send
    target = indices.alias(prefix, "leads")
    for n in range(3):
        seen = week.start + timedelta(days=2, hours=n)
        item = Article(url=f"http://127.0.0.1:9/news/smtp{n}.html", source="test-news",
                       source_type="news", title=f"中介泄露业主电话{n}", content="正文",
                       published_at=seen)  # fmt: skip
        extraction = Extraction(
            id=f"smtp{n}", is_lead=True, score=0.9, conduct=["disclose_or_sell"],
            sectors=["real_estate"], businesses=[Business("深圳某房地产经纪有限公司", "subject")],
            pi_types=["phone"], regions=[Region("广东省", "深圳市")], evidence=["出售业主电话"],
        )  # fmt: skip
        lead_id, doc = lead_document(extraction, item, seen_at=seen)
        es.index(index=target, id=lead_id, document=doc)
    es.indices.refresh(index=target)
    return 3


def job(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The scheduler's weekly digest job, as the scheduler runs it (with its run record)."""
    code = (
        "import logging, sys\n"
        "logging.basicConfig(level=logging.INFO, stream=sys.stderr,"
        " format='%(levelname)s %(name)s: %(message)s')\n"
        "from piwatch import scheduler\n"
        "print(scheduler.digest_job())\n"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)  # fmt: skip


def cli(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "piwatch", "digest", "--send"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)  # fmt: skip


def test_smtp_down_during_digest_sent_later_exactly_once(
    es: Elasticsearch, index_prefix: str, tmp_path: Path
) -> None:
    seed(es, index_prefix)
    port = free_port()
    env = piwatch_env(
        es_url(es),
        index_prefix,
        tmp_path / "data",
        PIWATCH_DIGEST__SMTP_HOST="127.0.0.1",
        PIWATCH_DIGEST__SMTP_PORT=str(port),
        PIWATCH_DIGEST__SMTP_RETRIES="1",
        PIWATCH_DIGEST__SMTP_TIMEOUT="10",
        PIWATCH_DIGEST__RECIPIENTS="[" + ",".join(f'{{"email": "{r}"}}' for r in RECIPIENTS) + "]",
    )
    handler = GoingDown(accept=1)
    server = Controller(handler, hostname="127.0.0.1", port=port, loop=asyncio.new_event_loop())
    server.start()
    try:
        first = job(env)  # a@ delivered, then the server goes down: 421 for b@ and c@
    finally:
        server.stop()
    assert first.stdout.strip() == "failed", first.stderr[-2000:]
    assert handler.refused == 4  # two recipients, two attempts each
    assert "not delivered" in first.stderr and "b@test.example" in first.stderr

    down = cli(env)  # nothing listening now
    assert down.returncode == 1
    last = down.stderr.strip().splitlines()[-1]  # the operator's line, after the log lines
    assert (
        last.startswith("piwatch: ") and "not delivered to b@test.example, c@test.example" in last
    )
    assert "Traceback" not in down.stderr

    back = GoingDown(accept=100, delivered=handler.delivered)
    server = Controller(back, hostname="127.0.0.1", port=port, loop=asyncio.new_event_loop())
    server.start()
    try:
        second = job(env)
        again = cli(env)
    finally:
        server.stop()
    assert second.stdout.strip() == "ok", second.stderr[-2000:]
    assert again.returncode == 0 and again.stdout.count("already-sent") == 3

    records = sorted(run_record(es, index_prefix), key=lambda r: r["started_at"])
    delivered = back.delivered
    lost = sum(1 for r in RECIPIENTS if delivered[r] == 0)
    duplicated = sum(n - 1 for n in delivered.values() if n > 1)
    print(f"smtp down during digest: lost={lost} duplicated={duplicated} "
          f"digests={sum(delivered.values())} recipients={len(RECIPIENTS)} "
          f"runs={[r['status'] for r in records]}")  # fmt: skip
    assert lost == 0 and duplicated == 0
    assert [r["status"] for r in records] == ["failed", "ok"]
    assert any("b@test.example" in e and "421" in e for e in records[0]["errors"])
