"""HTML elements to plain text: block-aware text of an element, and the densest text block."""

from __future__ import annotations

import re

from lxml import etree

_SPACES = re.compile(r"\s+")
BLOCK_TAGS = frozenset(
    (
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    )
)
SKIP_TAGS = frozenset(("script", "style", "noscript", "template", "iframe", "svg", "head"))
_TEXT_NODES = etree.XPath(".//text()")


def element_text(node: etree._Element) -> str:
    """The text of an element with a line break at every block boundary, scripts left out."""
    parts: list[str] = []

    def walk(element: etree._Element, with_tail: bool = True) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag and tag not in SKIP_TAGS:
            block = tag in BLOCK_TAGS
            parts.append("\n" if block else "")
            parts.append(element.text or "")
            for child in element:
                walk(child)
            parts.append("\n" if block else "")
        if with_tail and element.tail:
            parts.append(element.tail)

    walk(node, with_tail=False)
    return tidy("".join(parts))


def tidy(text: str) -> str:
    lines = (squash(line) for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def squash(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\u3000", " ").replace("\xa0", " ")).strip()


def densest_block(root: etree._Element) -> str:
    """The text of the element holding the most text outside links, counting the text of its
    child paragraphs: a last resort for pages the main-text extractor finds nothing in (old
    table layouts, bare forum posts)."""
    direct: dict[etree._Element, int] = {}
    owners: dict[etree._Element, etree._Element | None] = {}
    # Text nodes straight from XPath: far fewer Python steps than walking every element.
    for text in _TEXT_NODES(root):
        size = len(text.strip())
        node = text.getparent()
        if not size or node is None or not isinstance(node.tag, str):
            continue
        if text.is_tail:
            if node.tag in SKIP_TAGS:
                continue
            node = node.getparent()
            if node is None:
                continue
        if node in owners:
            block = owners[node]
        else:
            block = owners[node] = _block_owner(node)
        if block is not None:
            direct[block] = direct.get(block, 0) + size
    if not direct:
        return ""
    totals = dict(direct)
    for block, size in direct.items():
        parent = block.getparent()
        if parent is not None:
            totals[parent] = totals.get(parent, 0) + size
    best = max(totals, key=lambda block: totals[block])
    return element_text(best)


def _block_owner(element: etree._Element | None) -> etree._Element | None:
    """The nearest block ancestor of a text node, or None when the text is link text."""
    while element is not None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "a" or tag in SKIP_TAGS:
            return None
        if tag in BLOCK_TAGS and tag not in ("br", "hr"):
            return element
        element = element.getparent()
    return None
