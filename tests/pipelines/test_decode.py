"""decode_body on the real saved pages (bytes as served) and on bytes made to order."""

from __future__ import annotations

import codecs
import re
from html import unescape
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from w3lib.encoding import read_bom

from piwatch.pipelines.text.decode import DecodedPage, NotText, decode_body
from testkit.corpus_pages import CWCED, index_rows, read_bytes

META_CHARSET = re.compile(r"<meta[^>]*charset[^>]*>", re.IGNORECASE)
SAMPLE = "<html><head><title>个人信息被倒卖</title></head><body><p>{}</p></body></html>"
TRADITIONAL = "<html><head><title>個人資料外洩</title></head><body><p>{}</p></body></html>"
TEXT = "某房产中介公司违规收集、出售业主个人信息，消费者频繁接到骚扰电话。" * 20


def _check_rows(root: Path, folder: str | None) -> tuple[int, list[str]]:
    checked, wrong = 0, []
    for row in index_rows(root):
        if folder and row.folder != folder:
            continue
        page = decode_body(read_bytes(row.file(root)))
        checked += 1
        if row.byte_encoding == "mixed/invalid":
            # Damaged GB pages: best effort, a handful of bad bytes, never a crash.
            if page.encoding != "gb18030" or page.replaced > 20:
                wrong.append(f"{row.path}: {page.encoding} with {page.replaced} replaced")
            continue
        if page.encoding != row.byte_encoding:
            wrong.append(
                f"{row.path}: declared {row.declared_charset or '-'}, bytes "
                f"{row.byte_encoding}, decoded as {page.encoding}"
            )
        title = " ".join(unescape(row.title).split())
        if title and title not in " ".join(unescape(page.text).split()):
            wrong.append(f"{row.path}: title {title!r} not in decoded text")
    return checked, wrong


@pytest.mark.corpus
def test_every_chinese_web_content_extraction_page_decodes_as_its_bytes(
    corpus_pages_root: Path,
) -> None:
    checked, wrong = _check_rows(corpus_pages_root, CWCED)
    assert checked == 69
    assert wrong == []


@pytest.mark.corpus
def test_every_saved_page_decodes_as_its_bytes(corpus_pages_root: Path) -> None:
    checked, wrong = _check_rows(corpus_pages_root, None)
    assert checked == 337
    assert wrong == []


@pytest.mark.corpus
def test_mislabelled_pages_are_read_from_their_bytes(corpus_pages_root: Path) -> None:
    """gb2312 declared on UTF-8 bytes and utf-8 declared on GB bytes, as the corpus has them."""
    mislabelled = [
        row
        for row in index_rows(corpus_pages_root)
        if row.declared_charset
        and row.byte_encoding in ("utf-8", "gb18030")
        and codecs.lookup(row.declared_charset).name != row.byte_encoding
        and not (row.declared_charset in ("gb2312", "gbk") and row.byte_encoding == "gb18030")
    ]
    assert len(mislabelled) >= 10
    for row in mislabelled:
        page = decode_body(read_bytes(row.file(corpus_pages_root)))
        assert page.encoding == row.byte_encoding, row.path


@pytest.mark.corpus
@pytest.mark.parametrize("codec", ["big5", "gbk", "gb18030"])
def test_undeclared_reencoded_corpus_text_round_trips(truth_pages: list, codec: str) -> None:
    """Real page text re-encoded without any declaration decodes back to the same text:
    Big5 (the traditional pages) versus GBK is told apart by the bytes alone."""
    tried = 0
    for page in truth_pages:
        text = META_CHARSET.sub("", page.html).replace("\ufffd", "")
        if sum("\u4e00" <= ch <= "\u9fff" for ch in text) < 200:
            continue
        try:
            raw = text.encode(codec)
        except UnicodeEncodeError:
            continue  # simplified characters Big5 lacks, or the reverse
        tried += 1
        decoded = decode_body(raw)
        assert decoded.text == text, f"{page.path} as {codec}: read as {decoded.encoding}"
        assert decoded.replaced == 0
    assert tried >= 20


@pytest.mark.parametrize(
    ("body", "header", "encoding", "declared"),
    [
        (SAMPLE.format(TEXT).encode("gbk"), "text/html; charset=utf-8", "gb18030", "utf-8"),
        (
            SAMPLE.replace("<head>", '<head><meta charset="gb2312">').format(TEXT).encode(),
            None,
            "utf-8",
            "gb18030",
        ),
        (SAMPLE.format(TEXT).encode("gbk"), None, "gb18030", None),
        (
            SAMPLE.format(TEXT + "𠮷😀").encode("gb18030"),
            "text/html; charset=GB18030",
            "gb18030",
            "gb18030",
        ),
        (
            codecs.BOM_UTF8 + SAMPLE.format(TEXT).encode(),
            "text/html; charset=gbk",
            "utf-8",
            "gb18030",
        ),
        (
            TRADITIONAL.format(
                "繁體中文新聞：某公司個人資料外洩，消費者接到詐騙電話。" * 30
            ).encode("big5"),
            "text/html; charset=big5",
            "big5hkscs",
            "big5hkscs",
        ),
        (
            SAMPLE.replace(
                "<head>", "<head><meta http-equiv='Content-Type' content='text/html; charset=GBK'>"
            )
            .format(TEXT)
            .encode("gbk"),
            None,
            "gb18030",
            "gb18030",
        ),
        (
            b"<html><title>plain ascii</title></html>",
            "text/html; charset=gb2312",
            "gb18030",
            "gb18030",
        ),
        (codecs.BOM_UTF16_LE + SAMPLE.format(TEXT).encode("utf-16-le"), None, "utf-16-le", None),
    ],
    ids=[
        "gbk-labelled-utf8",
        "utf8-labelled-gb2312",
        "gbk-undeclared",
        "gb18030-four-byte",
        "bom-beats-header",
        "big5",
        "http-equiv-gbk",
        "ascii-keeps-label",
        "utf16-bom",
    ],
)
def test_made_to_order_bodies(
    body: bytes, header: str | None, encoding: str, declared: str | None
) -> None:
    page = decode_body(body, header)
    assert page.encoding == encoding
    assert page.declared == declared  # the codec the page's own label names
    assert page.replaced == 0
    assert "<title>" in page.text


def test_operator_override_wins_over_detection() -> None:
    body = SAMPLE.format(TEXT).encode("gbk")
    assert (
        decode_body(body, "text/html; charset=utf-8", declared_override="gbk").encoding == "gb18030"
    )
    forced = decode_body(body, None, declared_override="utf-8")
    assert forced.encoding == "utf-8" and forced.replaced > 0


def test_header_as_scrapy_bytes() -> None:
    body = SAMPLE.format(TEXT).encode("gbk")
    page = decode_body(body, b"text/html; charset=GBK")
    assert (page.encoding, page.declared) == ("gb18030", "gb18030")
    with pytest.raises(NotText):
        decode_body(body, b"image/png")


def test_unknown_override_falls_back_to_detection() -> None:
    body = SAMPLE.format(TEXT).encode("gbk")
    assert decode_body(body, None, declared_override="no-such-charset").encoding == "gb18030"


def test_damaged_gbk_counts_its_replacements() -> None:
    html = SAMPLE.format(TEXT)
    damaged = html[:150].encode("gbk") + b"\xff\xff" + html[150:].encode("gbk")
    page = decode_body(damaged, "text/html; charset=gbk")
    assert page.encoding == "gb18030"
    assert 1 <= page.replaced <= 2
    assert TEXT[:20] in page.text


@pytest.mark.parametrize(
    ("body", "header", "says"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), None, "PNG"),
        (b"\xff\xd8\xff\xe0" + bytes(100), None, "JPEG"),
        (b"%PDF-1.7\n...", None, "PDF"),
        (b"\x1f\x8b\x08\x00" + bytes(20), None, "gzip"),
        (b"<html>" + b"\x00" * 10 + b"</html>", None, "NUL byte at offset 6"),
        (b"<html><body>text</body></html>", "image/jpeg", "image/jpeg"),
    ],
)
def test_binary_bodies_raise_not_text(body: bytes, header: str | None, says: str) -> None:
    with pytest.raises(NotText, match=re.escape(says)):
        decode_body(body, header)
    assert issubclass(NotText, ValueError)


def test_empty_body_is_empty_text() -> None:
    assert decode_body(b"") == DecodedPage("", "utf-8", None, 0)
    assert decode_body(b"", "text/html; charset=gbk").encoding == "gb18030"


def test_huge_single_line_gbk() -> None:
    line = ("消费者个人信息保护" * 250_000).encode("gbk")  # 4.5 MB, no newline
    page = decode_body(line, "text/html; charset=gbk")
    assert page.encoding == "gb18030"
    assert page.replaced == 0
    assert len(page.text) == 9 * 250_000


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=4000).filter(lambda b: b"\x00" not in b[:8000]))
def test_random_bytes_never_raise(body: bytes) -> None:
    try:
        page = decode_body(body)
    except NotText as exc:  # random bytes may start with a magic number
        assert "not a text page" in str(exc)
        return
    assert isinstance(page.text, str)
    assert page.replaced == page.text.count("\ufffd")
    if body.isascii():
        assert page.text == body.decode("ascii")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=3000), st.binary(max_size=3000))
def test_nul_bytes_near_the_start_are_binary(before: bytes, after: bytes) -> None:
    body = before + b"\x00" + after
    assume((read_bom(body)[0] or "utf-8") == "utf-8")  # UTF-16/32 text holds NULs (FE FF 00)
    with pytest.raises(NotText):
        decode_body(body)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="gbk", exclude_characters="\x00"), max_size=2000))
def test_any_gbk_text_labelled_gbk_round_trips(text: str) -> None:
    raw = text.encode("gbk")
    try:
        page = decode_body(raw, "text/html; charset=gbk")
    except NotText:
        return  # text starting like a PNG or a gzip stream
    if raw.startswith(codecs.BOM_UTF8):
        return
    assert page.text == text
