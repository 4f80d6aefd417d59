"""`piwatch kibana import` against a real HTTP server on 127.0.0.1 shaped like Kibana's API."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from testkit.net import free_port
from testkit.webserver import serving

REPO = Path(__file__).resolve().parents[2]


class FakeKibana(ThreadingHTTPServer):
    """Implements POST /api/saved_objects/_import (and /s/<space>/...) as Kibana 8 answers it."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ImportHandler)
        self.stored: dict[tuple[str, str], dict] = {}
        self.requests: list[dict] = []
        self.api_key = "s3cret-key"
        self.reject_type: str | None = None


class ImportHandler(BaseHTTPRequestHandler):
    server: FakeKibana

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.requests.append({"path": url.path, "headers": dict(self.headers)})
        if self.headers.get("Authorization") != f"ApiKey {self.server.api_key}":
            return self._json(401, {"statusCode": 401, "error": "Unauthorized"})
        if not url.path.endswith("/api/saved_objects/_import"):
            return self._json(404, {"statusCode": 404, "error": "Not Found"})
        if "kbn-xsrf" not in {k.lower() for k in self.headers}:
            return self._json(
                400, {"statusCode": 400, "message": "Request must contain a kbn-xsrf header."}
            )
        overwrite = parse_qs(url.query).get("overwrite") == ["true"]
        form = BytesParser(policy=policy.default).parsebytes(
            f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode() + body
        )
        if not form.is_multipart():
            return self._json(415, {"statusCode": 415, "error": "Unsupported Media Type"})
        (part,) = list(form.iter_parts())
        self.server.requests[-1]["field"] = part.get_param("name", header="content-disposition")
        self.server.requests[-1]["filename"] = part.get_filename("")
        if not part.get_filename("").endswith(".ndjson"):
            return self._json(400, {"statusCode": 400, "message": "Invalid file extension"})
        results, errors = [], []
        for line in part.get_payload(decode=True).decode("utf-8").splitlines():
            obj = json.loads(line)
            key = (obj["type"], obj["id"])
            meta = {"title": obj["attributes"].get("title")}
            if obj["type"] == self.server.reject_type:
                errors.append(
                    {
                        "type": obj["type"],
                        "id": obj["id"],
                        "meta": meta,
                        "error": {"type": "unsupported_type"},
                    }
                )
                continue
            if key in self.server.stored and not overwrite:
                errors.append(
                    {
                        "type": obj["type"],
                        "id": obj["id"],
                        "meta": meta,
                        "error": {"type": "conflict"},
                    }
                )
                continue
            result = {"type": obj["type"], "id": obj["id"], "meta": meta}
            if key in self.server.stored:
                result["overwrite"] = True
            self.server.stored[key] = obj
            results.append(result)
        payload = {"success": not errors, "successCount": len(results), "successResults": results}
        if errors:
            payload["errors"] = errors
        self._json(200, payload)

    def _json(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def kibana() -> Iterator[FakeKibana]:
    with serving(FakeKibana()) as server:
        yield server


def run_import(tmp_path: Path, url: str, *args: str, api_key: str = "s3cret-key"):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PIWATCH_CONFIG": "",
        "PIWATCH_DATA_DIR": str(tmp_path / "data"),
        "PIWATCH_KIBANA__API_KEY": api_key,
    }
    return subprocess.run(
        [sys.executable, "-m", "piwatch", "kibana", "import", "--url", url, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_import_posts_multipart_with_headers_and_reports(tmp_path, kibana):
    url = f"http://127.0.0.1:{kibana.server_port}"
    first = run_import(tmp_path, url)
    assert first.returncode == 0, first.stderr
    assert "imported 11 saved objects" in first.stdout
    assert "1 dashboard, 3 index-pattern, 7 search" in first.stdout
    assert "0 overwritten, 11 created" in first.stdout
    (request,) = kibana.requests
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert headers["kbn-xsrf"]
    assert headers["content-type"].startswith("multipart/form-data; boundary=")
    assert request["field"] == "file"
    assert request["filename"] == "piwatch-saved-objects.ndjson"
    assert ("dashboard", "piwatch-dashboard-leads") in kibana.stored
    assert "s3cret-key" not in first.stdout + first.stderr

    again = run_import(tmp_path, url)
    assert again.returncode == 0, again.stderr
    assert "11 overwritten, 0 created" in again.stdout


def test_import_of_an_exported_file_into_a_space(tmp_path, kibana):
    out = tmp_path / "export"
    env_url = f"http://127.0.0.1:{kibana.server_port}"
    exported = subprocess.run(
        [sys.executable, "-m", "piwatch", "kibana", "export", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "PIWATCH_CONFIG": "",
            "PIWATCH_DATA_DIR": str(tmp_path / "data"),
        },
    )
    assert exported.returncode == 0, exported.stderr
    result = run_import(
        tmp_path, env_url, "--file", str(out / "piwatch-saved-objects.ndjson"), "--space", "sz"
    )
    assert result.returncode == 0, result.stderr
    assert kibana.requests[-1]["path"] == "/s/sz/api/saved_objects/_import"


def test_rejected_objects_and_bad_credentials_fail_in_one_line(tmp_path, kibana):
    url = f"http://127.0.0.1:{kibana.server_port}"
    kibana.reject_type = "dashboard"
    partial = run_import(tmp_path, url)
    assert partial.returncode == 1
    assert "error: dashboard/piwatch-dashboard-leads" in partial.stderr
    assert "Kibana refused 1 saved objects" in partial.stderr

    denied = run_import(tmp_path, url, api_key="wrong")
    assert denied.returncode == 1
    assert "Kibana answered 401" in denied.stderr
    assert "Traceback" not in denied.stderr


def test_unreachable_kibana_is_one_line(tmp_path):

    port = free_port()
    result = run_import(tmp_path, f"http://127.0.0.1:{port}")
    assert result.returncode == 1
    assert "cannot reach Kibana" in result.stderr
    assert "Traceback" not in result.stderr
