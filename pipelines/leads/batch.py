"""`piwatch extract` on JSON Lines: one output object per input line, same order, same id."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from piwatch.pipelines.leads.extract import extract
from piwatch.pipelines.leads.model import SOURCE_TYPES, TextInput
from piwatch.pipelines.options import ExtractOptions

log = logging.getLogger(__name__)


def parse_line(line: str) -> TextInput:
    """One input line as a TextInput; ValueError says what is wrong with it."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    if data.get("id") is None or str(data["id"]) == "":
        raise ValueError("missing id")
    if not isinstance(data.get("text"), str):
        raise ValueError("missing text (a string is required)")
    source_type = data.get("source_type")
    return TextInput(
        id=str(data["id"]),
        text=data["text"],
        title=data.get("title") if isinstance(data.get("title"), str) else None,
        url=data.get("url") if isinstance(data.get("url"), str) else None,
        published=data.get("published") if isinstance(data.get("published"), str) else None,
        source_type=source_type if source_type in SOURCE_TYPES else None,
    )


def _line_id(line: str) -> Any:
    try:
        data = json.loads(line)
    except json.JSONDecodeError:
        return None
    return data.get("id") if isinstance(data, dict) else None


def decode_line(raw: bytes, number: int) -> str:
    """A line of the input file as text: UTF-8 (a byte-order mark on the first line is fine);
    anything else is an error for that line rather than text silently garbled."""
    try:
        return raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"not UTF-8 (byte {exc.start + 1} of the line); convert the file to UTF-8, "
            "e.g. iconv -f GB18030 -t UTF-8"
        ) from None


def extract_lines(
    lines: Iterable[str | bytes],
    options: ExtractOptions,
    on_done: Callable[[int], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """Output objects, one per non-blank input line (blank lines are skipped); bad lines yield
    ``{"id", "error"}``, the error naming the input line number so a line without a readable
    id can still be found. Byte lines are decoded by :func:`decode_line`."""
    for number, raw in enumerate(lines, start=1):
        try:
            line = raw if isinstance(raw, str) else decode_line(raw, number)
        except ValueError as exc:
            yield {"id": None, "error": f"line {number}: {exc}"}
            if on_done is not None:
                on_done(len(raw))
            continue
        if not line.strip():
            continue
        try:
            item = parse_line(line)
        except ValueError as exc:
            yield {"id": _line_id(line), "error": f"line {number}: {exc}"}
        else:
            try:
                yield extract(item, options).to_contract()
            except Exception as exc:  # one bad text must not stop a batch
                log.exception("extraction failed for %s", item.id)
                yield {"id": item.id, "error": f"extraction failed: {exc}"}
        if on_done is not None:
            on_done(len(raw) if isinstance(raw, bytes) else len(line.encode("utf-8")))
