"""Text a reader never sees: screen-reader-only spans.

Accessible pages add hidden hints for screen readers ("opens new tab",
"on <headline>" after a "Leave a comment" link, "(external link)"). They sit
inside article paragraphs, so both extractors keep them and they end up glued
into sentences. They are cut from the tree before extraction, each recorded.
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

from cleaners.document import Removal
from cleaners.html_tree import locator, node_text

__all__ = ["SCREEN_READER_CLASSES", "strip_screen_reader_text"]

# Class names of the common "visually hidden" utilities (Bootstrap, WordPress,
# Drupal, Foundation, Tailwind, GOV.UK...).
SCREEN_READER_CLASSES: tuple[str, ...] = (
    "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "screen-reader-only",
    "screenreader-only", "show-for-sr", "element-invisible", "u-visually-hidden",
    "govuk-visually-hidden", "a11y-hidden", "hidden-visually", "assistive-text",
)
# Inline styles of the same utilities, written out by sites that inline their CSS.
SCREEN_READER_STYLES: tuple[str, ...] = ("clip:rect(0 0 0 0)", "clip: rect(0 0 0 0)",
                                         "clip:rect(1px", "clip: rect(1px", "clip-path:inset(50%)")
@lru_cache(maxsize=64)
def _query(classes: tuple[str, ...], styles: tuple[str, ...]) -> etree.XPath:
    """One pass over the tree for the utilities a page mentions."""
    tests = [f"contains(@class, '{c}')" for c in classes] + [f"contains(@style, '{s}')" for s in styles]
    return etree.XPath(f"//*[@class or @style][{' or '.join(tests)}]")


def _candidates(tree: HtmlElement, source: str) -> list[etree._Element]:
    """Nodes of the utilities that ``source`` mentions at all (usually none or one)."""
    classes = tuple(c for c in SCREEN_READER_CLASSES if c in source)
    styles = tuple(s for s in SCREEN_READER_STYLES if s in source)
    if not classes and not styles:
        return []
    found = []
    for node in _query(classes, styles)(tree):
        tokens = (node.get("class") or "").split()
        style = node.get("style") or ""
        if any(c in tokens for c in classes) or any(s in style for s in styles):
            found.append(node)
    return found


MAX_CHARS = 200  # longer "hidden" text is more likely content styled oddly: left alone


def strip_screen_reader_text(tree: HtmlElement, source: str) -> list[Removal]:
    """Drop screen-reader-only nodes from ``tree`` (tails stay); ``source`` is the
    page text, used to skip the tree walk on pages that use none of them."""
    removed: list[Removal] = []
    dropped: set[etree._Element] = set()
    for node in _candidates(tree, source):
        if node.getparent() is None or node.tag in ("body", "html"):
            continue
        if dropped and any(a in dropped for a in node.iterancestors()):
            continue  # inside a node already cut
        text = node_text(node)
        if len(text) > MAX_CHARS:
            continue
        where = locator(node)
        dropped.add(node)
        node.drop_tree()
        if text:
            removed.append(Removal("boilerplate", "extract.screen_reader_only", text, where))
    return removed
