"""Text a reader never sees: screen-reader-only spans.

Accessible pages add hidden ``<span>`` hints for screen readers ("opens new
tab", "on <headline>" after a "Leave a comment" link, "(external link)"). They
sit inside article paragraphs, so both extractors keep them and they end up glued
into sentences. They are cut from the tree before extraction, each recorded.
"""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

from cleaners.document import Removal
from cleaners.html.tree import locator, node_text

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
# One query finds every candidate by substrings the class names above share;
# the exact class token or style is then checked in Python. Only spans: the
# hints that land inside sentences are spans, and testing every node's
# attributes costs several times more.
_CANDIDATES = etree.XPath(
    "//span[contains(@class, 'sr-only') or contains(@class, 'visually')"
    " or contains(@class, 'screen-reader') or contains(@class, 'screenreader')"
    " or contains(@class, 'show-for-sr') or contains(@class, 'invisible')"
    " or contains(@class, 'a11y') or contains(@class, 'assistive') or contains(@style, 'clip')]"
)


def _candidates(tree: HtmlElement) -> list[etree._Element]:
    found = []
    for node in _CANDIDATES(tree):
        tokens = (node.get("class") or "").split()
        style = node.get("style") or ""
        if any(c in tokens for c in SCREEN_READER_CLASSES) or any(s in style for s in SCREEN_READER_STYLES):
            found.append(node)
    return found


def strip_screen_reader_text(tree: HtmlElement, *, max_chars: int) -> list[Removal]:
    """Drop screen-reader-only nodes from ``tree`` (their tails stay); longer
    "hidden" text than ``max_chars`` is more likely content styled oddly: left alone."""
    removed: list[Removal] = []
    dropped: set[etree._Element] = set()
    for node in _candidates(tree):
        if node.getparent() is None or node.tag in ("body", "html"):
            continue
        if dropped and any(a in dropped for a in node.iterancestors()):
            continue  # inside a node already cut
        text = node_text(node)
        if len(text) > max_chars:
            continue
        where = locator(node)
        dropped.add(node)
        node.drop_tree()
        if text:
            removed.append(Removal("boilerplate", "extract.screen_reader_only", text, where))
    return removed
