"""`piwatch digest` end to end: real node, real SMTP server on loopback, real child process."""

from __future__ import annotations

import csv
import io
import re

from testkit.crawlrun import run_piwatch
from testkit.digest import HOSTILE, WEEK


def _parts(message):
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    (attachment,) = list(message.iter_attachments())
    return text, html, attachment


def _csv_rows(attachment) -> list[dict[str, str]]:
    raw = attachment.get_payload(decode=True)
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def _stat_line(text: str, label: str) -> str:
    (line,) = [x for x in text.splitlines() if x.startswith(f"- {label}：")]
    return line


def test_send_routes_by_jurisdiction_once(seeded, smtp, piwatch_env):
    box, port = smtp
    env = {**piwatch_env, "PIWATCH_DIGEST__SMTP_PORT": str(port)}

    first = run_piwatch(env, "digest", "--week", WEEK, "--send")
    assert first.returncode == 0, first.stderr
    assert len(box.messages) == 3
    assert sorted(rcpt for _, (rcpt,) in box.envelopes) == [
        "all@test.example",
        "gd@test.example",
        "zj@test.example",
    ]

    (gd,) = box.to("gd@test.example")
    text, html, attachment = _parts(gd)
    assert "2026-W47" in gd["Subject"] and "广东省" in gd["Subject"]
    # Only Guangdong's leads of the week; the dismissed one and other weeks never appear.
    rows = _csv_rows(attachment)
    assert [r["id"] for r in rows] == [seeded["gd1"], seeded["gd2"]]  # ranked by score
    assert [r["title"] for r in rows] == [HOSTILE, "装修公司骚扰电话不断"]
    assert {r["province"] for r in rows} == {"广东省"}
    for absent in ("已排除的线索标题", "上周的房产线索", "保险公司电话营销扰民", "下周的线索"):
        assert absent not in html and absent not in text
    # The hostile title is escaped in HTML, verbatim (inert) in the text part.
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert HOSTILE in text
    # Evidence is masked again on the way out.
    assert "13812345678" not in html and "138********" in html
    # Statistics: this week against last week (gd-prev: real estate, disclose_or_sell).
    assert "本周新增线索 2 条（上周 1 条）" in text
    assert _stat_line(text, "房地产") == (
        "- 房地产：泄露、出售或非法提供 1（+0）；未经同意的商业营销 0（+0）；合计 1（+0）"
    )
    assert _stat_line(text, "家居装修") == (
        "- 家居装修：泄露、出售或非法提供 0（+0）；未经同意的商业营销 1（+1）；合计 1（+1）"
    )
    assert _stat_line(text, "合计").endswith("合计 2（+1）")
    # Kibana links: one per lead (document view) and filtered Discover views.
    assert (
        f"http://kibana.test:5601/app/discover#/doc/{env['PIWATCH_ELASTICSEARCH__INDEX_PREFIX']}-leads/"
        in html
    )
    assert html.count("/app/discover#/?_g=") >= 5

    (zj,) = box.to("zj@test.example")
    zj_rows = _csv_rows(_parts(zj)[2])
    assert [r["id"] for r in zj_rows] == [seeded["zj1"], seeded["zj2"]]

    (everyone,) = box.to("all@test.example")
    all_text = _parts(everyone)[0]
    assert len(_csv_rows(_parts(everyone)[2])) == 4
    assert "本周新增线索 4 条（上周 1 条）" in all_text
    assert _stat_line(all_text, "合计").endswith("合计 4（+3）")

    # A second send does nothing: each recipient got this week's digest already.
    second = run_piwatch(env, "digest", "--week", WEEK, "--send")
    assert second.returncode == 0, second.stderr
    assert second.stdout.count("already-sent") == 3
    assert len(box.messages) == 3

    # --force sends again.
    forced = run_piwatch(env, "digest", "--week", WEEK, "--send", "--force")
    assert forced.returncode == 0, forced.stderr
    assert len(box.messages) == 6


def test_refusing_server_is_retried(seeded, smtp, piwatch_env):
    box, port = smtp
    box.refuse = 2  # the first two DATA commands get 451
    env = {
        **piwatch_env,
        "PIWATCH_DIGEST__SMTP_PORT": str(port),
        "PIWATCH_DIGEST__RECIPIENTS": '[{"email": "gd@test.example", "province": "广东省"}]',
    }
    result = run_piwatch(env, "digest", "--week", WEEK, "--send")
    assert result.returncode == 0, result.stderr
    assert box.attempts == 3
    assert len(box.messages) == 1
    assert re.search(r"gd@test.example: sent \(2 leads, 3 attempt\(s\)\)", result.stdout)


def test_unreachable_server_is_reported_not_dropped(seeded, smtp, piwatch_env):
    box, port = smtp
    box.refuse = 100  # always 451
    env = {
        **piwatch_env,
        "PIWATCH_DIGEST__SMTP_PORT": str(port),
        "PIWATCH_DIGEST__SMTP_RETRIES": "1",
    }
    result = run_piwatch(env, "digest", "--week", WEEK, "--send")
    assert result.returncode == 1
    assert box.attempts == 6  # three recipients, two attempts each
    assert "451" in result.stdout
    assert "not delivered to gd@test.example, zj@test.example, all@test.example" in result.stderr
    # Nothing recorded as sent: the next run tries again.
    box.refuse = 0
    retry = run_piwatch(env, "digest", "--week", WEEK, "--send")
    assert retry.returncode == 0, retry.stderr
    assert len(box.messages) == 3


def test_nothing_listening_is_reported(seeded, piwatch_env):
    from testkit.net import free_port

    env = {
        **piwatch_env,
        "PIWATCH_DIGEST__SMTP_PORT": str(free_port()),
        "PIWATCH_DIGEST__SMTP_RETRIES": "1",
        "PIWATCH_DIGEST__RECIPIENTS": '[{"email": "zj@test.example", "province": "浙江省"}]',
    }
    result = run_piwatch(env, "digest", "--week", WEEK, "--send")
    assert result.returncode == 1
    assert (
        "zj@test.example: failed (2 attempts; last error: ConnectionRefusedError" in result.stdout
    )
    assert "not delivered to zj@test.example" in result.stderr


def test_dry_run_writes_eml_and_html(seeded, piwatch_env, tmp_path):
    result = run_piwatch(piwatch_env, "digest", "--week", WEEK, "--dry-run")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "data" / "digests" / WEEK
    assert sorted(p.name for p in out.iterdir()) == [
        "all@test.example.eml",
        "all@test.example.html",
        "gd@test.example.eml",
        "gd@test.example.html",
        "zj@test.example.eml",
        "zj@test.example.html",
    ]
    from email import message_from_bytes, policy

    eml = message_from_bytes((out / "zj@test.example.eml").read_bytes(), policy=policy.default)
    assert eml["To"] == "zj@test.example"
    assert "保险公司电话营销扰民" in eml.get_body(("html",)).get_content()
    # A dry run records nothing as sent.
    from piwatch.reports.sent import SentStore

    assert SentStore(tmp_path / "data" / "digest-sent.sqlite").sent(WEEK) == []
