"""A second parse for pages libxml2 loses most of.

Two failure shapes recur on old and broken markup: the start tag of
``<html>`` is garbled (an unterminated attribute) and the document comes out
empty; or two documents are glued together (a widget's page included in
front of the article's) and everything after the first ``</html>`` is
dropped. Both extractors then come back empty. :func:`reparse` repairs the
markup and parses again, only where the symptom shows, so it costs next to
nothing on ordinary pages.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from cleaners.html.tree import parse_html

__all__ = ["reparse"]

_HTML_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_HTML_END = re.compile(r"</html\s*>", re.IGNORECASE)
_DOCUMENT_START = re.compile(r"<(?:html|body)\b", re.IGNORECASE)
_END_TAGS = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)


def _has_text(tree: HtmlElement | None) -> bool:
    body = tree.find("body") if tree is not None else None
    return body is not None and any(piece.strip() for piece in body.itertext())


def _glued(source: str) -> bool:
    """Whether a second document starts after the first ``</html>``."""
    match = _HTML_END.search(source)
    return match is not None and _DOCUMENT_START.search(source, match.end()) is not None


def reparse(tree: HtmlElement | None, source: str, *, min_source_chars: int) -> HtmlElement | None:
    """``tree``, or a better parse of ``source`` when libxml2 lost most of it
    (a page of at least ``min_source_chars`` that parses empty is worth a retry).

    Two repairs, each only where its symptom shows: a page that parsed
    without text gets a plain ``<html>`` tag; a page where a second document
    starts after the first ``</html>`` (a widget's page glued in front of the article) loses
    its ``</body>``/``</html>`` end tags, which browsers ignore anyway.
    """
    if len(source) < min_source_chars:
        return tree
    if not _has_text(tree):
        fixed, count = _HTML_TAG.subn("<html>", source, count=1)
        if count and _has_text(retry := parse_html(fixed)):
            return retry
    if _glued(source):
        retry = parse_html(_END_TAGS.sub("", source))
        if retry is not None and _text_size(retry) > _text_size(tree):
            return retry
    return tree


def _text_size(tree: HtmlElement | None) -> int:
    body = tree.find("body") if tree is not None else None
    return 0 if body is None else sum(len(t) for t in body.itertext())
