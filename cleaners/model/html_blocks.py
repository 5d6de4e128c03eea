"""The block model in HTML mode: what each of trafilatura's blocks' nodes says.

trafilatura's blocks point back at the page through the locator index; for
each block found there, :func:`html_infos` reads the node's link density, tag,
ancestor tags and class/id words (memoised per node: ancestors are shared).
:func:`score_blocks` runs the model over the block sequence and returns the
blocks with their ``score`` set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from lxml import etree

from cleaners.model.features import HtmlInfo, class_words
from cleaners.model.blocks import Scores, score
from cleaners.document import Block
from cleaners.extraction.trafilatura import LocatorIndex
from cleaners.html.tree import node_text

__all__ = ["html_infos", "score_blocks"]

CLASS_DEPTH = 4   # class/id words are read from the node and this many ancestors
_MAX_DEPTH = 30


def _ancestry(node: etree._Element) -> tuple[frozenset[str], frozenset[str]]:
    tags: set[str] = set()
    found: set[str] = set()
    current: etree._Element | None = node
    depth = 0
    while current is not None and depth < _MAX_DEPTH:
        tag = current.tag if isinstance(current.tag, str) else ""
        if depth:
            tags.add(tag)
        if depth <= CLASS_DEPTH:
            for attribute in ("class", "id"):
                value = current.get(attribute)
                if value:
                    found |= class_words(value)
        current = current.getparent()
        depth += 1
    return frozenset(tags), frozenset(found)


def _link_density(node: etree._Element, size: int) -> float:
    if not size:
        return 0.0
    links = sum(len(node_text(a)) for a in node.iter("a"))
    return min(links / size, 1.0)


def html_infos(blocks: Sequence[Block], index: LocatorIndex) -> list[HtmlInfo | None]:
    """Node information of each block, None where the block has no node of its own."""
    memo: dict[etree._Element, HtmlInfo] = {}
    out: list[HtmlInfo | None] = []
    for block in blocks:
        node = index.node(block.text)
        if node is None:
            out.append(None)
            continue
        info = memo.get(node)
        if info is None:
            tags, found = _ancestry(node)
            size = len(node_text(node))
            info = memo[node] = HtmlInfo(_link_density(node, size), str(node.tag), tags, found)
        out.append(info)
    return out


def score_blocks(blocks: Sequence[Block], index: LocatorIndex, title: str | None) -> tuple[list[Block], Scores]:
    """``blocks`` with the model's body probability as ``score``."""
    scores = score([b.text for b in blocks], title=title, html=html_infos(blocks, index))
    return [replace(b, score=p) for b, p in zip(blocks, scores.probs)], scores
