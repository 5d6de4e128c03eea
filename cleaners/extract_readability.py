"""readability-lxml as a second opinion, run on the tree we already parsed.

readability-lxml's own ``_parse`` re-parses the page and runs lxml's
``Cleaner`` (link rewriting included), which is most of its cost. Here it gets
a copy of our tree with scripts, styles and hidden nodes dropped instead:
the scoring only looks at text, classes and ids, so the result is the same
article node for a fraction of the time.
"""

from __future__ import annotations

import logging
from copy import deepcopy

from lxml import etree
from lxml.html import HtmlElement
from readability import Document
from readability.readability import Unparseable

from cleaners.document import Block
from cleaners.html_tree import locator, node_lines, parse_html

__all__ = ["readability_blocks"]

logging.getLogger("readability.readability").setLevel(logging.CRITICAL)

# Never article text; dropping them up front also shrinks readability's work.
_DROP_TAGS = ("script", "style", "noscript", "link", "meta", "iframe", "svg",
              "button", "input", "select", "textarea", "nav", "footer", "aside", "head")
# Inline formatting only multiplies the nodes readability scores one by one.
_INLINE_TAGS = ("span", "font", "b", "strong", "i", "em", "small", "big", "u", "abbr", "time")
_BLOCK_KINDS = {"p": "p", "h1": "h", "h2": "h", "h3": "h", "h4": "h", "h5": "h", "h6": "h",
                "li": "li", "dt": "li", "dd": "li", "blockquote": "quote", "pre": "pre",
                "figcaption": "caption", "caption": "caption", "td": "p", "th": "p"}
_CONTAINERS = frozenset({"div", "section", "article", "main", "ul", "ol", "dl", "table",
                         "tbody", "thead", "tr", "figure", "span", "font", "center", "form"})


class _TreeDocument(Document):  # type: ignore[misc]
    """A readability ``Document`` fed from a parsed tree, copied per attempt."""

    def _parse(self, input: HtmlElement) -> HtmlElement:  # noqa: A002 - upstream name
        doc = deepcopy(input)
        for elem in doc.xpath("//*[@hidden] | //*[contains(@style, 'display:none')]"):
            elem.drop_tree()
        etree.strip_elements(doc, *_DROP_TAGS, with_tail=False)
        etree.strip_tags(doc, *_INLINE_TAGS)
        return doc

    def get_link_density(self, elem: HtmlElement) -> float:
        """Upstream's formula with a C-speed length; its regex ``clean`` dominated the run."""
        link_length = sum(_text_length(a) for a in elem.iterdescendants("a"))
        return link_length / max(_text_length(elem), 1)


def _text_length(node: HtmlElement) -> int:
    """Length of the node's text with whitespace runs counted as one character."""
    return len(" ".join((node.text_content() or "").split()))


def _emit(node: etree._Element, out: list[Block]) -> None:
    """Walk readability's output; one block per paragraph-like node or loose text run."""
    tag = node.tag if isinstance(node.tag, str) else ""
    kind = _BLOCK_KINDS.get(tag)
    if kind is not None and not any(
        isinstance(c.tag, str) and (c.tag in _BLOCK_KINDS or c.tag in _CONTAINERS) and c.tag != "span"
        for c in node
    ):
        where = locator(node)
        out.extend(Block(line, kind, where) for line in node_lines(node))
        return
    loose = (node.text or "").strip()
    if loose:
        out.append(Block(" ".join(loose.split()), "p", locator(node)))
    for child in node:
        _emit(child, out)
        tail = (child.tail or "").strip()
        if tail:
            out.append(Block(" ".join(tail.split()), "p", locator(node)))


def readability_blocks(tree: HtmlElement, min_text_length: int = 25) -> tuple[Block, ...] | None:
    """Blocks of readability's article node, or None when readability fails."""
    try:
        summary = _TreeDocument(tree, min_text_length=min_text_length).summary(html_partial=True)
    except (Unparseable, etree.LxmlError, ValueError, TypeError, AttributeError):
        return None
    root = parse_html(summary)
    if root is None:
        return None
    body = root.find("body")
    out: list[Block] = []
    _emit(body if body is not None else root, out)
    return tuple(out)
