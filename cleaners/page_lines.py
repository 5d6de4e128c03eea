"""The page's text lines in document order, each with the node it sits in.

Extractors return text, not nodes. Steps that reason about *where* a line is
(between the headline and the article, inside a live-blog post) need the
page's lines in order and the block-level node of each one.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from cleaners.html_tree import _BLOCKS, _BREAKS, NON_TEXT

__all__ = ["PageLine", "page_lines"]


@dataclass(frozen=True, slots=True)
class PageLine:
    """One line of page text (whitespace collapsed) and its nearest block-level node."""

    text: str
    node: etree._Element


def page_lines(root: etree._Element, skip: frozenset[str] = NON_TEXT) -> list[PageLine]:
    """Lines under ``root`` split like :func:`cleaners.html_tree.node_lines`, with nodes.

    The text is gathered as node_lines gathers it; a line's node is the block
    of the first text piece that puts a visible character on it.
    """
    parts: list[str] = []
    owners: dict[int, etree._Element] = {}
    line = 0

    def add(text: str, block: etree._Element) -> None:
        nonlocal line
        parts.append(text)
        if "\n" not in text:
            if line not in owners and not text.isspace():
                owners[line] = block
            return
        for i, piece in enumerate(text.split("\n")):
            if i:
                line += 1
            if piece and line not in owners and not piece.isspace():
                owners[line] = block

    def collect(element: etree._Element, block: etree._Element) -> None:
        nonlocal line
        if element.text:
            add(element.text, block)
        for child in element:
            tag = child.tag
            if tag in skip:
                pass
            elif tag in _BREAKS:
                parts.append("\n")
                line += 1
            elif tag in _BLOCKS:
                parts.append("\n")
                line += 1
                collect(child, child)
                parts.append("\n")
                line += 1
            elif isinstance(tag, str):
                collect(child, block)
            if child.tail:
                add(child.tail, block)

    collect(root, root)
    out: list[PageLine] = []
    for number, text in enumerate("".join(parts).split("\n")):
        if number in owners:
            normalised = " ".join(text.split())
            if normalised:
                out.append(PageLine(normalised, owners[number]))
    return out
