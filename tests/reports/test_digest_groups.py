"""The digest on a real node and a real SMTP server: a lead with two conducts in both conduct
groups, one case line per business with its conducts, the week's crawl runs by status, a CSV
part labelled UTF-8, a subject that keeps its spaces, and `piwatch digest` saying what it did
(and warning when the chosen week is empty while the current one is not)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import pytest
from elasticsearch import Elasticsearch

from piwatch.reports.weeks import week_from_label, week_of
from piwatch.search import indices
from testkit.crawlrun import run_piwatch
from testkit.digest import TZ, WEEK, Seed, lead_doc
from testkit.digestweek import settled_last_week

MONDAY = week_from_label(WEEK, TZ).start
RECIPIENT = '[{"email": "js@test.example", "name": "江苏省市场监管局", "province": "江苏省"}]'
BOTH = Seed(
    "js-both",
    "科技公司违规收集并出售用户信息",
    "江苏省",
    "苏州市",
    ("collect_without_consent", "disclose_or_sell"),
    ("internet_apps",),
    0.91,
    MONDAY + timedelta(days=1, hours=9),
    "苏州某科技有限公司",
)
SAME_BUSINESS = Seed(
    "js-sell",
    "科技公司员工倒卖客户信息",
    "江苏省",
    "苏州市",
    ("disclose_or_sell",),
    ("internet_apps",),
    0.62,
    MONDAY + timedelta(days=2, hours=9),
    "苏州某科技有限公司",
)
OTHER = Seed(
    "js-calls",
    "培训学校电话骚扰家长",
    "江苏省",
    "南京市",
    ("unsolicited_marketing",),
    ("education_training",),
    0.55,
    MONDAY + timedelta(days=3, hours=9),
    "南京某培训学校",
)
RUNS = (  # job, start (hours after Monday 00:00), status
    ("crawl", 2, "ok"),
    ("nightly-crawl", 26, "partial"),
    ("nightly-crawl", 50, "failed"),
    ("weekly-digest", 8, "ok"),  # not a crawl
    ("nightly-crawl", -22, "ok"),  # the week before
)


def index_leads(es: Elasticsearch, prefix: str, seeds: tuple[Seed, ...]) -> None:
    indices.ensure(es, prefix)
    for seed in seeds:
        lead_id, doc = lead_doc(seed)
        es.index(index=indices.alias(prefix, "leads"), id=lead_id, document=doc)
    es.indices.refresh(index=indices.alias(prefix, "leads"))


def index_runs(es: Elasticsearch, prefix: str) -> None:
    for n, (job, hours, status) in enumerate(RUNS):
        started = (MONDAY + timedelta(hours=hours)).isoformat()
        doc = {"run_id": f"run-{n}", "job": job, "started_at": started, "status": status}
        es.index(index=indices.alias(prefix, "runs"), id=f"run-{n}", document=doc)
    es.indices.refresh(index=indices.alias(prefix, "runs"))


def text_groups(text: str) -> dict[str, tuple[str, list[str]]]:
    """The text part's conduct groups: label -> (header count, titles of its cards)."""
    groups: dict[str, tuple[str, list[str]]] = {}
    current = None
    for line in text.splitlines():
        if header := re.match(r"^\[(.+)\] (\d+) 条", line):
            current = header.group(1)
            groups[current] = (header.group(2), [])
        elif current and (card := re.match(r"^\* \d\.\d\d (.+)$", line)):
            groups[current][1].append(card.group(1))
    return groups


def case_lines(text: str) -> list[str]:
    lines = text.split("案件归并\n", 1)[1].split("\n\n", 1)[0]
    return [line for line in lines.splitlines() if line.startswith("- ")]


@pytest.fixture
def week_sent(
    es: Elasticsearch, index_prefix: str, smtp: Any, piwatch_env: dict[str, str]
) -> tuple[EmailMessage, str]:
    """The W47 digest of 江苏省 sent to a real SMTP server; the message and the command's output."""
    index_leads(es, index_prefix, (BOTH, SAME_BUSINESS, OTHER))
    index_runs(es, index_prefix)
    box, port = smtp
    env = {
        **piwatch_env,
        "PIWATCH_DIGEST__SMTP_PORT": str(port),
        "PIWATCH_DIGEST__RECIPIENTS": RECIPIENT,
    }
    done = run_piwatch(env, "digest", "--week", WEEK, "--send")
    assert done.returncode == 0, done.stderr
    (message,) = box.to("js@test.example")
    return message, done.stdout


def test_a_lead_with_two_conducts_is_in_both_groups(week_sent: tuple[EmailMessage, str]) -> None:
    message, _ = week_sent
    groups = text_groups(message.get_body(("plain",)).get_content())
    assert groups["未经同意收集使用"] == ("1", [BOTH.title])
    assert groups["泄露、出售或非法提供"] == ("2", [BOTH.title, SAME_BUSINESS.title])
    assert groups["未经同意的商业营销"] == ("1", [OTHER.title])
    html = message.get_body(("html",)).get_content()
    cards = html.split("新增线索（按行为分组", 1)[1]
    assert cards.count(f">{BOTH.title}</a>") == 2


def test_a_case_is_listed_once_with_its_conducts(week_sent: tuple[EmailMessage, str]) -> None:
    message, _ = week_sent
    text = message.get_body(("plain",)).get_content()
    assert case_lines(text) == [
        f"- {BOTH.title}（苏州某科技：未经同意收集使用；泄露、出售或非法提供）：2 条，最高分 0.91",
        f"- {OTHER.title}（南京某培训学校：未经同意的商业营销）：1 条，最高分 0.55",
    ]
    html = message.get_body(("html",)).get_content()
    assert html.count("苏州某科技 · 未经同意收集使用；泄露、出售或非法提供") == 1


def test_subject_csv_charset_and_crawl_runs(week_sent: tuple[EmailMessage, str]) -> None:
    message, stdout = week_sent
    assert message["Subject"] == f"个人信息保护线索周报 {WEEK} · 江苏省 · 3 条"
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/csv"
    assert attachment.get_content_charset() == "utf-8"
    text = message.get_body(("plain",)).get_content()
    assert "本周抓取 3 次：正常 1 次，部分来源失败 1 次，失败 1 次。" in text
    assert f"{WEEK} js@test.example: sent (3 leads, 1 attempt(s))" in stdout


def test_dry_run_says_what_it_wrote_and_warns_about_an_empty_week(
    es: Elasticsearch, index_prefix: str, piwatch_env: dict[str, str]
) -> None:
    last = settled_last_week(TZ)  # the default week; nothing in it
    current = week_of(datetime.now(UTC), TZ)
    now_seed = Seed(
        "js-now",
        "本周的科技公司线索",
        "江苏省",
        "苏州市",
        ("breach",),
        ("internet_apps",),
        0.7,
        max(current.start, datetime.now(TZ) - timedelta(minutes=5)),
        "苏州某科技有限公司",
    )
    index_leads(es, index_prefix, (now_seed, BOTH))
    env = {**piwatch_env, "PIWATCH_DIGEST__RECIPIENTS": RECIPIENT}

    empty = run_piwatch(env, "digest", "--dry-run")
    assert empty.returncode == 0, empty.stderr
    assert f"{last.label} js@test.example: written (0 leads of 江苏省 to " in empty.stdout
    assert (
        f"warning: {last.label} has no leads for js@test.example, but the current week "
        f"{current.label} has 1 so far; `piwatch digest --week {current.label}`"
    ) in empty.stderr

    full = run_piwatch(env, "digest", "--week", WEEK, "--dry-run")
    assert full.returncode == 0, full.stderr
    assert f"{WEEK} js@test.example: written (1 leads of 江苏省 to " in full.stdout
    assert "warning" not in full.stderr
