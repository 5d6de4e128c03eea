"""trafilatura as the first opinion: its body XML turned into blocks.

trafilatura's output tree (``p``, ``head``, ``list/item``, ``quote``,
``table/row/cell``) no longer points at the page's nodes, so locators come
from an index of the page's own paragraph-like nodes keyed by their text.

The adapter for trafilatura: the one module that imports it beyond its
public ``bare_extraction`` and ``meta.reset_caches``. The metadata helpers
below (``trafilatura.metadata``, ``trafilatura.settings``) are internals,
used by :mod:`cleaners.extraction.meta` through this module and checked
against the versions in :data:`CHECKED_VERSIONS` (a test pins them).
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.baseline import block_text  # internal
from trafilatura.metadata import examine_meta, examine_title_element, extract_meta_json  # internals
from trafilatura.settings import set_date_params  # internal
from trafilatura.utils import trim  # internal
from trafilatura.xpaths import TITLE_XPATHS  # internal

from cleaners.document import Block
from cleaners.html.tree import LocatorMemo, locator, node_lines

__all__ = ["CHECKED_VERSIONS", "LocatorIndex", "examine_meta", "extract_meta_json", "extract_title",
           "set_date_params", "trafilatura_blocks"]

#: Distribution and the version range (from, below) the internals above were checked with.
CHECKED_VERSIONS = ("trafilatura", "2.0", "2.4")

_KINDS = {"p": "p", "head": "h", "quote": "quote", "code": "pre", "item": "li"}
# Table cells are left out: in table layouts one cell holds the whole page.
_SOURCE_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre",
                "figcaption", "dd")
_KEY_CHARS = 48


class LocatorIndex:
    """Text prefix of each paragraph-like node of the page -> its locator.

    Built on first use; locators are only computed for nodes asked about.
    """

    def __init__(self, tree: HtmlElement) -> None:
        self._tree = tree
        self._index: dict[str, etree._Element] | None = None
        self._described: LocatorMemo = {}  # lives as long as the tree

    def _build(self) -> dict[str, etree._Element]:
        index: dict[str, etree._Element] = {}
        for node in self._tree.iter(*_SOURCE_TAGS):
            index.setdefault(_prefix(node), node)
        return index

    def node(self, text: str) -> etree._Element | None:
        """The page node whose text starts like ``text``, if any."""
        if self._index is None:
            self._index = self._build()
        return self._index.get(" ".join(text.split())[:_KEY_CHARS])

    def find(self, text: str) -> str | None:
        node = self.node(text)
        return locator(node, memo=self._described) if node is not None else None


def _prefix(node: etree._Element) -> str:
    """The first characters of a node's normalised text, without reading all of it."""
    if node.text is not None and len(node.text) > 2 * _KEY_CHARS:
        return " ".join(node.text.split())[:_KEY_CHARS]  # its first piece is enough
    parts: list[str] = []
    size = 0
    for piece in node.itertext():
        parts.append(piece)
        size += len(piece)
        if size > 2 * _KEY_CHARS:
            break
    return " ".join("".join(parts).split())[:_KEY_CHARS]


def _walk(node: etree._Element, out: list[tuple[str, str]]) -> None:
    tag = node.tag if isinstance(node.tag, str) else ""
    if tag in ("list", "table", "row", "div", "body", "doc", "main") or (
        tag == "quote" and node.find("p") is not None
    ):
        for child in node:
            _walk(child, out)
        return
    kind = "p" if tag == "cell" else _KINDS.get(tag, "p")
    out.extend((line, kind) for line in node_lines(node))


def _row_blocks(body: etree._Element) -> list[tuple[str, str]]:
    """One block per table row (cells joined), one per other paragraph node."""
    out: list[tuple[str, str]] = []
    for child in body:
        if child.tag == "table":
            for row in child.iter("row"):
                cells = [node_lines(c) for c in row]
                if all(len(lines) <= 1 for lines in cells):
                    text = " ".join(lines[0] for lines in cells if lines)
                    if text:
                        out.append((text, "p"))
                else:  # a layout cell holding paragraphs: keep them apart
                    out.extend((line, "p") for lines in cells for line in lines)
        else:
            _walk(child, out)
    return out


def trafilatura_blocks(
    tree: HtmlElement, url: str | None, *, favor_precision: bool, fast: bool
) -> list[tuple[str, str]]:
    """(text, kind) pairs of trafilatura's main-content extraction; [] when it finds none."""
    try:
        # Any format but "python" leaves the body tree unserialised: only .body is read here.
        doc = bare_extraction(tree, url=url, include_comments=False, favor_precision=favor_precision,
                              fast=fast, with_metadata=False, output_format="txt")
    except (etree.LxmlError, ValueError, TypeError, AttributeError, IndexError):
        return []
    body = getattr(doc, "body", None)
    return [] if body is None else _row_blocks(body)


# trafilatura's title search (``metadata.extract_title``) tries three XPath
# expressions, each a walk over every element of the page, on pages without
# og:title. Two of them only test h1-h3 headings: here those come from one
# C-level iteration over the headings, tested in Python, in document order as
# the XPaths return them (a test compares with upstream's on invented pages, and
# pins the expressions' text).
_TITLE_CLASS = re.compile(r"(?:post-|entry-|article-|post__)title|headline")  # TITLE_XPATHS[0]'s re:test
_TITLE_BY_EXACT_CLASS = TITLE_XPATHS[1]  # every element with one of two exact classes: kept as it is
_TITLE_MAX_CHARS = 200  # extract_metainfo's len_limit


def _headline_heading(node: etree._Element) -> bool:
    """TITLE_XPATHS[0]'s predicate (on h1 and h2)."""
    return (_TITLE_CLASS.search(node.get("class", "")) is not None
            or "headline" in node.get("id", "") or "headline" in node.get("itemprop", ""))


def _title_heading(node: etree._Element) -> bool:
    """TITLE_XPATHS[2]'s predicate (on h1, h2 and h3)."""
    return "title" in node.get("class", "") or "title" in node.get("id", "")


def _first_content(nodes: list[etree._Element]) -> str | None:
    """extract_metainfo's test of one expression's results."""
    for node in nodes:
        content = trim(" ".join(node.itertext()))
        if content and 2 < len(content) < _TITLE_MAX_CHARS:
            return content
    return None


def extract_title(tree: HtmlElement) -> str | None:
    """trafilatura's ``metadata.extract_title``, with two of its three XPath walks
    replaced by one pass over the headings."""
    h1_results = tree.findall(".//h1")
    if len(h1_results) == 1 and (title := block_text(h1_results[0])):
        return title
    headings = list(tree.iter("h1", "h2", "h3"))
    title = (_first_content([h for h in headings if h.tag != "h3" and _headline_heading(h)])
             or _first_content(_TITLE_BY_EXACT_CLASS(tree))
             or _first_content([h for h in headings if _title_heading(h)]) or "")
    if title:
        return title
    title, first, second = examine_title_element(tree)
    for part in (first, second, title):
        if part and "." not in part:
            return part
    for h1_result in h1_results:
        if title := block_text(h1_result):
            return title
    if h2_results := tree.xpath(".//h2"):
        title = block_text(h2_results[0])
    return title or None


def with_locators(pairs: list[tuple[str, str]], index: LocatorIndex) -> list[Block]:
    return [Block(text, kind, index.find(text)) for text, kind in pairs]
