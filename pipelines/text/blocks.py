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
    for node in root.iter():
        if not isinstance(node.tag, str) or node.tag in SKIP_TAGS:
            continue
        for text, owner in ((node.text, node), (node.tail, node.getparent())):
            size = len(text.strip()) if text else 0
            block = _block_owner(owner) if size and owner is not None else None
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
