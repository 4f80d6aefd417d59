"""URL canonicalisation and the checks that keep a crawl on http(s) and out of traps (pure)."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

TRACKING_PARAMS = frozenset(
    {
        "spm",
        "from",
        "src",
        "share",
        "share_token",
        "sharer",
        "scene",
        "srcid",
        "ref",
        "referer",
        "fr",
        "wfr",
        "tt_from",
        "isappinstalled",
        "clicktime",
        "enterid",
        "share_medium",
        "share_source",
        "fbclid",
        "gclid",
        "yclid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "vd_source",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "hmsr", "hmpl", "hmcu", "hmkw", "hmci")

_DIGITS = re.compile(r"\d+")


def is_tracking_param(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The URL used for de-duplication and ids: tracking parameters and fragments removed."""
    parts = urlsplit(url.strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_param(k)
    ]
    cleaned = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query), ""))
    return canonicalize_url(cleaned, keep_fragments=False)


def is_http(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https")


def path_template(url: str) -> str:
    """Host and path with every digit run replaced: calendar pages share one template."""
    parts = urlsplit(url)
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return f"{parts.hostname}{_DIGITS.sub('#', parts.path)}?{'&'.join(keys)}"


def trap_reason(
    url: str,
    *,
    max_url_length: int = 2048,
    max_segment_repeats: int = 3,
    max_query_params: int = 12,
) -> str | None:
    """Why a URL looks like a crawler trap (``None`` when it does not)."""
    if len(url) > max_url_length:
        return "url_too_long"
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if segments and Counter(segments).most_common(1)[0][1] >= max_segment_repeats:
        return "repeated_segment"
    params = parse_qsl(parts.query, keep_blank_values=True)
    if len(params) > max_query_params:
        return "query_explosion"
    if len({k for k, _ in params}) < len(params):
        return "repeated_param"
    return None
