"""What extraction left out, made auditable; link lists it should have left out.

trafilatura and readability drop navigation, widgets and teasers silently.
:func:`outside_article` turns every page line they dropped into a recorded
removal; :func:`link_list` catches kept blocks that are mostly link text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml.html import HtmlElement

from cleaners.rules.engine import match_block
from cleaners.document import Block, Removal
from cleaners.html.tree import LocatorMemo, PageLine, locator, node_text

__all__ = ["OutsideOptions", "link_list", "outside_article"]



@dataclass(frozen=True, slots=True)
class OutsideOptions:
    """Sizes and shares for link lists and the lines outside the article."""

    # Cruft markers are short; longer dropped lines (teaser blurbs, widgets) are
    # recorded as plain boilerplate without running the rule tables on them.
    max_classified_chars: int = 80
    link_block_share: float = 0.6  # a block is a link when at least this share of its text is link text
    residue_min_chars: int = 20    # kept paragraphs shorter than this are not taken out of a dropped line


_DEFAULT_OPTIONS = OutsideOptions()


def link_list(
    tree: HtmlElement, kept: list[Block], max_share: float, options: OutsideOptions = _DEFAULT_OPTIONS
) -> list[Block]:
    """The kept blocks that are mostly link text, when such blocks make up
    most of the kept text: headline lists of index, tag and section pages, or
    a teaser list that extraction took for article text."""
    kept_text = "\n".join(" ".join(b.text.split()) for b in kept)
    if not kept_text:
        return []
    anchors = [t for t in {node_text(a) for a in tree.iter("a")} if len(t) > 2 and t in kept_text]
    if sum(map(len, anchors)) <= max_share * len(kept_text):
        return []  # the common case: one pass, no per-block work
    links = []
    for block in kept:
        text = " ".join(block.text.split())
        if sum(len(t) for t in anchors if t in text) >= options.link_block_share * len(text):
            links.append(block)
    if sum(len(b.text) for b in links) <= max_share * len(kept_text):
        return []
    return links


def _residue(line: str, kept_lines: list[str], min_chars: int) -> str:
    """What is left of ``line`` once a kept paragraph inside it is taken out
    (a paragraph whose glued-on prefix was stripped is not removed as a whole).

    ``kept_lines``: the kept paragraphs of at least ``min_chars``.
    """
    if len(line) < min_chars:
        return line  # the common case: a navigation item holds no paragraph
    for kept in kept_lines:
        if kept in line:
            line = " ".join(line.replace(kept, " ").split())
    return line


def outside_article(
    lines: Sequence[PageLine], kept: list[Block], removed: list[Removal],
    options: OutsideOptions = _DEFAULT_OPTIONS,
) -> list[Removal]:
    """A removal for every line of the page that the extractors left out.

    trafilatura and readability drop navigation, widgets and teasers without
    saying so; recording each line (classified by the cruft rule tables where
    one matches) makes the cut auditable. Lines inside a kept paragraph or
    already recorded are not repeated. ``lines``: the page's body lines
    (:func:`cleaners.html.tree.page_lines`), whose nodes give the locators.
    """
    described: LocatorMemo = {}
    kept_lines = [" ".join(b.text.split()) for b in kept]
    kept_text = "\n".join(kept_lines)
    paragraphs = [k for k in kept_lines if len(k) >= options.residue_min_chars]
    seen = {" ".join(r.text.split()) for r in removed}
    out: list[Removal] = []
    for page_line in lines:
        line = page_line.text
        if line in kept_text:
            continue
        line = _residue(line, paragraphs, options.residue_min_chars)
        if not line or line in seen:
            continue
        seen.add(line)
        rule = match_block(line) if len(line) <= options.max_classified_chars else None
        kind, name = (rule.kind, rule.name) if rule else ("boilerplate", "extract.outside_article")
        out.append(Removal(kind, name, line, locator(page_line.node, memo=described)))
    return out
