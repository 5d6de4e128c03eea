"""Parse once, locate nodes: the lxml helpers every extractor here shares."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from lxml import etree
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HTMLParser,
    HtmlProcessingInstruction,
    document_fromstring,
)

__all__ = ["LocatorMemo", "PageLine", "page_lines", "parse_html", "locator", "node_text", "node_lines"]

# lxml refuses str input that carries an encoding declaration.
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_OPEN_TITLE = re.compile(r"(<title[^>]*>)([^<]*)", re.IGNORECASE)
_MAX_TITLE_CHARS = 2000
_HEAD_TAGS = frozenset({"title", "meta", "link", "script", "style", "base", "noscript"})
_PARSER = HTMLParser(remove_blank_text=False, remove_comments=True, remove_pis=True,
                     collect_ids=False, default_doctype=False)
# lxml.html's default lookup runs a Python method for every element proxy it creates
# (~5,000 a page across both extractors); a C-level lookup of the same classes costs
# a third. Only <form>, <input>, <select>, <textarea> and <label> differ: they become plain
# HtmlElement, without the form-field API that nothing here uses.
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))
_LOCATOR_DEPTH = 4
LocatorMemo = dict[tuple[etree._Element, int], str]
"""(node, depth) -> path: what :func:`locator` has worked out on one tree."""


def parse_html(text: str) -> HtmlElement | None:
    """The page's lxml tree, or None when there is no HTML to speak of."""
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        return None
    try:
        tree = document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    if not isinstance(tree, HtmlElement):
        return None
    title = tree.findtext(".//title") or ""
    if len(title) > _MAX_TITLE_CHARS and "<" in title:
        # An unclosed <title> swallows the page as text: close it and parse again.
        try:
            tree = document_fromstring(_OPEN_TITLE.sub(r"\1\2</title>", text, count=1),
                                       parser=_PARSER)
        except (etree.ParserError, ValueError):
            return None
    if tree.find("body") is None:
        _rebuild_body(tree)
    return tree


def _rebuild_body(tree: HtmlElement) -> None:
    """Give a body back to pages whose markup made libxml2 put everything in ``<head>``.

    Both extractors only look for the article under ``<body>``.
    """
    head = tree.find("head")
    if head is None:
        return
    body = etree.SubElement(tree, "body")
    for child in list(head):
        if child.tag not in _HEAD_TAGS or len(child):
            body.append(child)  # append() moves the node, tail included


_STRING_VALUE = etree.XPath("string()", smart_strings=False)


def node_text(node: etree._Element) -> str:
    """All text under ``node`` with whitespace collapsed to single spaces."""
    if not len(node):  # no children (most links): its own text, without an XPath call
        return " ".join((node.text or "").split())
    return " ".join(_STRING_VALUE(node).split())


_BREAKS = frozenset({"br", "lb"})
# Block-level tags of HTML and of trafilatura's output: a line of their own.
_BLOCKS = frozenset({"p", "div", "head", "list", "item", "quote", "li", "ul", "ol", "h1", "h2",
                     "h3", "h4", "h5", "h6", "blockquote", "table", "tr", "row", "cell", "td",
                     "pre", "code", "section", "article", "figure", "figcaption", "dd", "dt"})


# Elements whose text is code or markup, never page text.
NON_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "math", "head"})


_SKIP, _BREAK, _BLOCK = "skip", "break", "block"


@functools.cache
def _roles(skip: frozenset[str]) -> dict[str, str]:
    """Tag -> what :func:`page_lines` does with it, in one lookup (skipped
    tags first, as they win over the other two)."""
    roles = dict.fromkeys(_BLOCKS, _BLOCK)
    roles.update(dict.fromkeys(_BREAKS, _BREAK))
    roles.update(dict.fromkeys(skip, _SKIP))
    return roles


@dataclass(frozen=True, slots=True)
class PageLine:
    """One line of page text (whitespace collapsed) and its nearest block-level node."""

    text: str
    node: etree._Element


def page_lines(root: etree._Element, skip: frozenset[str] = NON_TEXT) -> list[PageLine]:
    """Lines under ``root`` split at line breaks and block-level children, each
    with its block node, leaving out the subtrees whose tag is in ``skip``
    (their tails stay).

    A line's node is the block of the first text piece that puts a visible
    character on it: steps that reason about where a line sits (between the
    headline and the article, inside a live-blog post) and the audit's
    locators need it.

    One recursive walk that closes each line as it ends. It runs over every
    element of every page and again over each extractor's paragraphs, so
    the line being built lives in one small object (:class:`_Lines`) rather
    than in closures made anew on every call, and a text without line breaks
    is added without a call.
    """
    roles = _roles(skip)
    lines = _Lines()
    pieces = lines.pieces

    def collect(element: etree._Element, block: etree._Element) -> None:
        text = element.text
        if text:
            if "\n" in text:
                lines.add(text, block)
            else:
                pieces.append(text)
                if lines.owner is None and not text.isspace():
                    lines.owner = block
        for child in element:
            tag = child.tag
            role = roles.get(tag)
            if role is None:
                if isinstance(tag, str):
                    collect(child, block)
            elif role is _BLOCK:
                lines.end()
                collect(child, child)
                lines.end()
            elif role is _BREAK:
                lines.end()
            tail = child.tail
            if tail:
                if "\n" in tail:
                    lines.add(tail, block)
                else:
                    pieces.append(tail)
                    if lines.owner is None and not tail.isspace():
                        lines.owner = block

    collect(root, root)
    lines.end()
    return lines.out


class _Lines:
    """What :func:`page_lines` has found: the lines so far and the one being
    built (its pieces, and its node once a visible character is on it)."""

    __slots__ = ("out", "pieces", "owner")

    def __init__(self) -> None:
        self.out: list[PageLine] = []
        self.pieces: list[str] = []
        self.owner: etree._Element | None = None

    def end(self) -> None:
        """Close the line being built (a line of whitespace only is dropped)."""
        if self.owner is not None:
            self.out.append(PageLine(" ".join("".join(self.pieces).split()), self.owner))
            self.owner = None
        self.pieces.clear()

    def add(self, text: str, block: etree._Element) -> None:
        """Add a piece of text holding line breaks: a line ends at each."""
        for i, piece in enumerate(text.split("\n")):
            if i:
                self.end()
            if piece:
                self.pieces.append(piece)
                if self.owner is None and not piece.isspace():
                    self.owner = block


def node_lines(node: etree._Element, skip: frozenset[str] = frozenset()) -> list[str]:
    """The text of :func:`page_lines`, without the nodes."""
    return [line.text for line in page_lines(node, skip)]


def _describe(node: etree._Element) -> str:
    """``tag#id.class1.class2`` of one node (runs once per node of every
    located line: each attribute and the tag are read once)."""
    tag = node.tag
    out = tag if isinstance(tag, str) else "node"
    ident = node.get("id")
    if ident:
        out += "#" + ident
    classes = node.get("class")
    if classes:
        names = classes.split(None, 2)[:2]
        if names:
            out += "." + ".".join(names)
    return out


def locator(node: etree._Element, depth: int = _LOCATOR_DEPTH,
            memo: LocatorMemo | None = None) -> str:
    """``div#id.class > p`` path of ``node``, cut at the nearest ancestor with an id.

    ``memo`` caches paths across calls on one page (the lines of one list
    share their ancestors' path); keep it no longer than the tree.
    """
    if memo is None:
        memo = {}
    key = (node, depth)
    path = memo.get(key)
    if path is None:
        if depth <= 0 or node.tag in ("body", "html"):
            path = ""
        else:
            own = _describe(node)
            parent = None if node.get("id") else node.getparent()
            above = locator(parent, depth - 1, memo) if parent is not None else ""
            path = f"{above} > {own}" if above else own
        memo[key] = path
    return path
