"""Bytes as served to text: the right charset for GBK, GB18030, Big5 and mislabelled pages.

The labels (byte-order mark, HTTP header, ``<meta>``/XML declaration) and the codec each names
come from ``w3lib.encoding``, as Scrapy reads them. What piwatch adds is the distrust: Chinese
sites often declare gb2312 on UTF-8 and the reverse, and Big5 bytes decode as GBK, so a label
is used only when the bytes agree with it.
"""

from __future__ import annotations

import codecs
import logging
from dataclasses import dataclass

import charset_normalizer
from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

logger = logging.getLogger(__name__)

BINARY_SNIFF_BYTES = 8_000
"""A NUL byte in this prefix marks the body as binary (the rule git uses)."""

DAMAGE_RATIO = 0.05
"""Undecodable share of the non-ASCII bytes up to which a page still counts as damaged
Chinese (the two mixed pages of the corpus lose well under 1%) rather than another charset."""

MIN_UTF8_EVIDENCE = 8
"""Multi-byte UTF-8 characters needed before valid UTF-8 overrules a GB or Big5 label."""

MIN_HAN_EVIDENCE = 50
"""Characters needed before character statistics may overrule a declared GB or Big5 label."""

_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or Office document)"),
    (b"\x1f\x8b", "gzip data (still compressed)"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
    (b"\x7fELF", "executable"),
    (b"MZ", "executable"),
)
_BINARY_TYPES = ("image/", "audio/", "video/", "font/")
_BINARY_SUBTYPES = (
    "application/pdf",
    "application/zip",
    "application/gzip",
    "application/x-gzip",
    "application/octet-stream+binary",
    "application/vnd.",
    "application/msword",
    "application/x-shockwave-flash",
    "application/wasm",
)

_CANDIDATES = ("utf-8", "gb18030", "big5hkscs")
"""What a Chinese page is, in the order ties are broken when nothing is declared."""


class NotText(ValueError):
    """The body is binary (an image, an archive, a PDF...), not a page to extract text from."""


@dataclass(frozen=True, slots=True)
class DecodedPage:
    """A decoded body: ``encoding`` is the Python codec used, ``declared`` the codec the page's
    own label names (w3lib's reading of it),
    ``replaced`` how many characters could not be decoded (U+FFFD in ``text``)."""

    text: str
    encoding: str
    declared: str | None
    replaced: int


def decode_body(
    body: bytes,
    content_type_header: str | bytes | None = None,
    declared_override: str | None = None,
) -> DecodedPage:
    """Decode a page, trusting the bytes over the labels: a label is used only when the bytes
    agree with it, because Chinese sites often declare gb2312 on UTF-8 and the reverse.

    Order: operator override, byte-order mark, valid UTF-8, the declared charset (header, then
    ``<meta>``/XML declaration) when it decodes cleanly, a GB18030/Big5 choice by detection,
    then the candidate with the fewest undecodable bytes. Raises :class:`NotText` on binary
    bodies; never raises on other bytes.
    """
    body = bytes(body)  # bytearray and memoryview too
    if isinstance(content_type_header, bytes):  # Scrapy's response.headers give bytes
        content_type_header = content_type_header.decode("latin-1")
    _refuse_binary(body, content_type_header)
    header_label = _label_in_header(content_type_header)
    meta_label = _label_in_body(body)
    declared = header_label or meta_label

    if declared_override:
        codec = _codec(declared_override)
        if codec is None:
            logger.warning("unknown encoding override %r, detecting instead", declared_override)
        else:
            return _finish(body, codec, declared)

    bom_codec, bom = read_bom(body)
    if bom_codec and bom:
        return _finish(body[len(bom) :], bom_codec, declared)

    if not body:
        return DecodedPage("", _codec(declared or "") or "utf-8", declared, 0)

    labels = [lab for lab in (header_label, meta_label) if lab]
    if _strict_ok(body, "utf-8"):
        if body.isascii():  # decodes the same under every label we would accept
            return _finish(body, _ascii_compatible(declared) or "utf-8", declared)
        if _enough_utf8(body) or not any(_label_fits(body, label) for label in labels):
            return _finish(body, "utf-8", declared)
    for label in labels:
        codec = _codec(label)
        if codec and codec != "utf-8" and _strict_ok(body, codec):
            if codec in ("gb18030", "big5hkscs") and _looks_like_other_cjk(body, codec):
                continue
            return _finish(body, codec, declared)

    clean = [c for c in _CANDIDATES[1:] if _strict_ok(body, c)]
    if len(clean) == 1:
        return _finish(body, clean[0], declared)
    if len(clean) == 2:
        return _finish(body, _gb_or_big5(body), declared)

    # Nothing decodes cleanly (mixed or damaged bytes): least damage wins, the declared
    # label and then the order of _CANDIDATES breaking ties.
    tried: list[str] = []
    for label in labels:
        codec = _codec(label)
        if codec and codec not in tried:
            tried.append(codec)
    tried += [c for c in _CANDIDATES if c not in tried]
    best = min(tried, key=lambda c: _errors(body, c))
    high = sum(1 for byte in body if byte >= 0x80)
    if _errors(body, best) > DAMAGE_RATIO * high:
        # Not a damaged Chinese page but something else (Shift-JIS, a Latin code page...).
        guess = _normalizer_guess(body)
        if guess:
            best = guess
    return _finish(body, best, declared)


def _refuse_binary(body: bytes, content_type_header: str | None) -> None:
    if content_type_header:
        mime = content_type_header.split(";", 1)[0].strip().lower()
        if mime.startswith(_BINARY_TYPES) or mime.startswith(_BINARY_SUBTYPES):
            raise NotText(f"response is {mime}, not a text page; nothing to extract")
    head = body[:16]
    for magic, what in _BINARY_MAGIC:
        if head.startswith(magic):
            raise NotText(f"body is a {what} (starts with {magic!r}), not a text page")
    if body.startswith((b"RIFF",)) and body[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        raise NotText("body is RIFF media (WebP/WAV/AVI), not a text page")
    if (read_bom(body)[0] or "utf-8") != "utf-8":
        return  # UTF-16/32 text legitimately contains NUL bytes
    prefix = body[:BINARY_SNIFF_BYTES]
    nul = prefix.find(b"\x00")
    if nul >= 0:
        raise NotText(
            f"body has a NUL byte at offset {nul}: binary content, not a text page "
            "(set the source's encoding override if this really is UTF-16 text)"
        )


def _label_in_header(content_type_header: str | None) -> str | None:
    label = http_content_type_encoding(content_type_header) if content_type_header else None
    return _superset(label) if label else None


def _label_in_body(body: bytes) -> str | None:
    label = html_body_declared_encoding(body)
    return _codec(label) if label else None


def _codec(label: str) -> str | None:
    """The Python codec to decode ``label`` with (a superset where browsers use one)."""
    label = label.strip().lower()
    name = resolve_encoding(label) or resolve_encoding(label.removeprefix("x-"))
    if name is None or name in ("utf-16", "utf-32"):  # no BOM: not UTF-16 and ASCII-labelled
        return None
    name = _superset(name)
    try:
        codecs.lookup(name)
    except LookupError:  # 「replacement」: the WHATWG name for labels no decoder may read
        return None
    return name


_DECODER_SUPERSETS = {"gbk": "gb18030"}
"""Browsers read every GBK label (gb2312, gbk, cp936 ...) with the gb18030 decoder, whose
four-byte sequences Python's gbk codec lacks; w3lib before 2.6 named the superset itself, 2.6
names the label's encoding (gbk)."""


def _superset(name: str) -> str:
    return _DECODER_SUPERSETS.get(name, name)


def _ascii_compatible(label: str | None) -> str | None:
    codec = _codec(label) if label else None
    if codec and codec.startswith(("utf-16", "utf-32")):
        return None
    return codec


_UTF8_LEAD_BYTES = bytes(range(0xC2, 0xF5))
"""Bytes that start a multi-byte UTF-8 character."""


def _enough_utf8(body: bytes) -> bool:
    """Valid UTF-8 with this many multi-byte characters is UTF-8 whatever the label says;
    a few GBK characters can form valid UTF-8 by chance."""
    starts = len(body) - len(body.translate(None, _UTF8_LEAD_BYTES))
    return starts >= MIN_UTF8_EVIDENCE


def _label_fits(body: bytes, label: str) -> bool:
    codec = _codec(label)
    return codec is not None and codec != "utf-8" and _strict_ok(body, codec)


def _strict_ok(body: bytes, codec: str) -> bool:
    try:
        body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _errors(body: bytes, codec: str) -> int:
    try:
        return body.decode(codec, "replace").count("\ufffd")
    except LookupError:
        return len(body)


def _finish(body: bytes, codec: str, declared: str | None) -> DecodedPage:
    try:
        text = body.decode(codec, "replace")
    except LookupError:
        codec = "utf-8"
        text = body.decode(codec, "replace")
    return DecodedPage(text, codec, declared, text.count("\ufffd"))


# Big5 bytes are nearly always valid GBK bytes as well, so a clean decode proves little.
# Text decoded with the right table uses mostly common characters; with the wrong one it
# scatters over the whole table. GB2312 level 1 holds the 3,755 most common simplified
# characters, and the Big5 "frequent" block (A440-C67E) the 5,401 most common traditional ones.


def _common_share(text: str, codec: str) -> float:
    han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not han:
        return 0.0
    common = 0
    for ch in han:
        try:
            raw = ch.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(raw) != 2:
            continue
        common += _is_common(raw, codec)
    return common / len(han)


def _is_common(raw: bytes, codec: str) -> bool:
    if codec == "gb18030":
        return 0xB0 <= raw[0] <= 0xD7 and raw[1] >= 0xA1
    return 0xA4 <= raw[0] <= 0xC6


def _gb_or_big5(body: bytes) -> str:
    gb = _common_share(body.decode("gb18030", "replace"), "gb18030")
    big5 = _common_share(body.decode("big5hkscs", "replace"), "big5hkscs")
    if abs(gb - big5) < 0.05:
        guess = _normalizer_guess(body)
        if guess in ("gb18030", "big5hkscs"):
            return guess
    return "big5hkscs" if big5 > gb else "gb18030"


def _looks_like_other_cjk(body: bytes, codec: str) -> bool:
    """A clean decode under the declared GB or Big5 label that reads far better as the other."""
    other = "big5hkscs" if codec == "gb18030" else "gb18030"
    if not _strict_ok(body, other):
        return False
    if sum(1 for byte in body if byte >= 0x80) < 2 * MIN_HAN_EVIDENCE:
        return False  # too little text to overrule the page's own label
    mine = _common_share(body.decode(codec), codec)
    theirs = _common_share(body.decode(other), other)
    return theirs > 0.8 and mine < 0.5


def _normalizer_guess(body: bytes) -> str | None:
    """charset-normalizer's best guess, as a codec name, for what the rules above cannot settle."""
    best = charset_normalizer.from_bytes(body[:200_000]).best()
    if best is None:
        return None
    return _codec(best.encoding)
