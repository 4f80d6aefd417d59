"""Post saved objects to Kibana's import API (multipart, ``kbn-xsrf``, overwrite) and summarise."""

from __future__ import annotations

import base64
import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import urllib3

log = logging.getLogger(__name__)


IMPORT_PATH = "/api/saved_objects/_import"


@dataclass(frozen=True, slots=True)
class KibanaTarget:
    url: str
    space: str | None = None
    username: str | None = None
    password: str | None = None  # from PIWATCH_KIBANA__PASSWORD only
    api_key: str | None = None  # from PIWATCH_KIBANA__API_KEY only
    timeout: float = 60.0

    def __repr__(self) -> str:  # keep secrets out of logs and tracebacks
        return f"KibanaTarget(url={self.url!r}, space={self.space!r})"

    def import_url(self) -> str:
        space = f"/s/{self.space}" if self.space and self.space != "default" else ""
        return f"{self.url.rstrip('/')}{space}{IMPORT_PATH}?overwrite=true"

    def headers(self) -> dict[str, str]:
        headers = {"kbn-xsrf": "piwatch"}
        if self.api_key:
            headers["Authorization"] = f"ApiKey {self.api_key}"
        elif self.username:
            token = base64.b64encode(f"{self.username}:{self.password or ''}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        return headers


@dataclass(slots=True)
class ImportResult:
    success: bool
    count: int
    by_type: dict[str, int] = field(default_factory=dict)
    overwritten: int = 0
    errors: list[str] = field(default_factory=list)


class ImportFailed(Exception):
    """Kibana could not be reached or refused the request as a whole."""


def import_objects(target: KibanaTarget, ndjson: str) -> ImportResult:
    """Send the NDJSON file; per-object errors come back in the result, not as an exception."""
    http = urllib3.PoolManager(timeout=urllib3.Timeout(total=target.timeout), retries=False)
    try:
        resp = http.request(
            "POST",
            target.import_url(),
            fields={
                "file": ("piwatch-saved-objects.ndjson", ndjson.encode(), "application/ndjson")
            },
            headers=target.headers(),
        )
    except urllib3.exceptions.HTTPError as exc:
        raise ImportFailed(f"cannot reach Kibana at {target.url}: {exc}") from None
    text = resp.data.decode("utf-8", "replace")
    if resp.status != 200:
        raise ImportFailed(f"Kibana answered {resp.status}: {text[:300]}")
    try:
        body = json.loads(text)
    except ValueError:
        raise ImportFailed(f"Kibana answered with something not JSON: {text[:200]}") from None
    return summarise(body)


def summarise(body: dict[str, Any]) -> ImportResult:
    results = body.get("successResults") or []
    return ImportResult(
        success=bool(body.get("success")),
        count=int(body.get("successCount", len(results))),
        by_type=dict(Counter(r.get("type", "?") for r in results)),
        overwritten=sum(1 for r in results if r.get("overwrite")),
        errors=[
            f"{e.get('type')}/{e.get('id')}: {json.dumps(e.get('error'), ensure_ascii=False)}"
            for e in body.get("errors") or []
        ],
    )
