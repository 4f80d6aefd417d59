"""`piwatch schedule --run-now JOB`: the scheduled entry points run in the foreground."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path
from zoneinfo import ZoneInfo

from aiosmtpd.controller import Controller

from piwatch.crawlers.items import Article
from piwatch.pipelines.leads.model import Business, Extraction, Region
from piwatch.search import indices
from piwatch.search.documents import lead_document
from testkit.digestweek import settled_last_week
from testkit.net import free_port

REPO = Path(__file__).resolve().parents[2]
TZ = ZoneInfo("Asia/Shanghai")


class Inbox:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def run_now(env: dict[str, str], job: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "piwatch", "schedule", "--run-now", job],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def runs(es, prefix: str, job: str) -> list[dict]:
    alias = indices.alias(prefix, "runs")
    es.indices.refresh(index=alias)
    hits = es.search(index=alias, query={"term": {"job": job}}, size=10)["hits"]["hits"]
    return [h["_source"] for h in hits]


def test_run_now_crawl(es, index_prefix, scheduler_env, site):
    indices.ensure(es, index_prefix)
    result = run_now(scheduler_env, "nightly-crawl")
    assert result.returncode == 0, result.stderr
    assert "nightly-crawl: ok" in result.stdout
    (run,) = runs(es, index_prefix, "nightly-crawl")
    assert run["status"] == "ok" and run["items"] == 2


def test_run_now_digest_sends_last_week_once(es, index_prefix, scheduler_env):
    indices.ensure(es, index_prefix)
    week = settled_last_week(TZ)  # what the job will digest
    item = Article(url="http://127.0.0.1:9/d/1.html", source="t", source_type="news",
                   title="物业公司出售业主信息", content="x")  # fmt: skip
    extraction = Extraction(
        id="d1",
        is_lead=True,
        score=0.8,
        conduct=["disclose_or_sell"],
        sectors=["real_estate"],
        businesses=[Business("某物业公司", "subject")],
        regions=[Region("江苏省", "南京市")],
    )
    lead_id, doc = lead_document(extraction, item, seen_at=week.start + timedelta(days=2))
    es.index(index=indices.alias(index_prefix, "leads"), id=lead_id, document=doc, refresh=True)

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, loop=asyncio.new_event_loop())
    controller.start()
    try:
        env = {
            **scheduler_env,
            "PIWATCH_DIGEST__SMTP_PORT": str(port),
            "PIWATCH_DIGEST__RECIPIENTS": '[{"email": "js@test.example", "province": "江苏省"}]',
        }
        first = run_now(env, "weekly-digest")
        assert first.returncode == 0, first.stderr
        assert "weekly-digest: ok" in first.stdout
        second = run_now(env, "weekly-digest")
        assert second.returncode == 0, second.stderr
    finally:
        controller.stop()
    (message,) = inbox.messages
    assert week.label in message["Subject"]
    assert "物业公司出售业主信息" in message.get_body(("plain",)).get_content()
    records = sorted(runs(es, index_prefix, "weekly-digest"), key=lambda r: r["started_at"])
    assert [(r["status"], r["items"]) for r in records] == [("ok", 1), ("ok", 0)]
