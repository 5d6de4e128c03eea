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
    """Lines under ``root`` split like :func:`cleaners.html_tree.node_lines`, with nodes."""
    parts: list[tuple[str, etree._Element | None]] = []

    def collect(element: etree._Element, block: etree._Element) -> None:
        if element.text:
            parts.append((element.text, block))
        for child in element:
            tag = child.tag
            if tag in skip:
                pass
            elif tag in _BREAKS:
                parts.append(("\n", None))
            elif tag in _BLOCKS:
                parts.append(("\n", None))
                collect(child, child)
                parts.append(("\n", None))
            elif isinstance(tag, str):
                collect(child, block)
            if child.tail:
                parts.append((child.tail, block))

    collect(root, root)
    lines: list[PageLine] = []
    pieces: list[str] = []
    owner: etree._Element | None = None
    for text, node in parts + [("\n", None)]:
        if node is None:
            line = " ".join("".join(pieces).split())
            if line and owner is not None:
                lines.append(PageLine(line, owner))
            pieces, owner = [], None
            continue
        for i, chunk in enumerate(text.split("\n")):
            if i:  # a newline inside a text node ends the line as well
                line = " ".join("".join(pieces).split())
                if line and owner is not None:
                    lines.append(PageLine(line, owner))
                pieces, owner = [], None
            if chunk.strip() and owner is None:
                owner = node
            pieces.append(chunk)
    return lines
