"""trafilatura as the first opinion: its body XML turned into blocks.

trafilatura's output tree (``p``, ``head``, ``list/item``, ``quote``,
``table/row/cell``) no longer points at the page's nodes, so locators come
from an index of the page's own paragraph-like nodes keyed by their text.
"""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction

from cleaners.document import Block
from cleaners.html_tree import locator, node_text

__all__ = ["trafilatura_blocks", "LocatorIndex"]

_KINDS = {"p": "p", "head": "h", "quote": "quote", "code": "pre", "item": "li"}
_SOURCE_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre",
                "figcaption", "td", "dd")
_KEY_CHARS = 48


class LocatorIndex:
    """Text prefix of each paragraph-like node of the page -> its locator."""

    def __init__(self, tree: HtmlElement) -> None:
        self._tree = tree
        self._index: dict[str, str] | None = None

    def _build(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for node in self._tree.iter(*_SOURCE_TAGS):
            key = node_text(node)[:_KEY_CHARS]
            if key and key not in index:
                index[key] = locator(node)
        return index

    def find(self, text: str) -> str | None:
        if self._index is None:
            self._index = self._build()
        return self._index.get(text[:_KEY_CHARS])


def _walk(node: etree._Element, out: list[tuple[str, str]]) -> None:
    tag = node.tag if isinstance(node.tag, str) else ""
    if tag in ("list", "table", "row", "div", "body", "doc", "main") or (
        tag == "quote" and node.find("p") is not None
    ):
        for child in node:
            _walk(child, out)
        return
    if tag == "cell":
        text = node_text(node)
        if text:
            out.append((text, "p"))
        return
    text = node_text(node)
    if text:
        out.append((text, _KINDS.get(tag, "p")))


def _row_blocks(body: etree._Element) -> list[tuple[str, str]]:
    """One block per table row (cells joined), one per other paragraph node."""
    out: list[tuple[str, str]] = []
    for child in body:
        if child.tag == "table":
            for row in child.iter("row"):
                text = " ".join(t for t in (node_text(c) for c in row) if t)
                if text:
                    out.append((text, "p"))
        else:
            _walk(child, out)
    return out


def trafilatura_blocks(
    tree: HtmlElement, url: str | None, *, favor_precision: bool, fast: bool
) -> list[tuple[str, str]]:
    """(text, kind) pairs of trafilatura's main-content extraction; [] when it finds none."""
    try:
        doc = bare_extraction(tree, url=url, include_comments=False, favor_precision=favor_precision,
                              fast=fast, with_metadata=False, output_format="python")
    except (etree.LxmlError, ValueError, TypeError, AttributeError, IndexError):
        return []
    if doc is None or getattr(doc, "body", None) is None:
        return []
    return _row_blocks(doc.body)


def with_locators(pairs: list[tuple[str, str]], index: LocatorIndex) -> list[Block]:
    return [Block(text, kind, index.find(text)) for text, kind in pairs]
