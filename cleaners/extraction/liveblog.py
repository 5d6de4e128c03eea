"""Live blogs: the updates are the article.

A live blog is an introduction followed by a stream of timestamped posts, each
in its own container. Both extractors pick one container, so they keep the
introduction or a few posts and drop the rest. Pages that declare a
schema.org ``LiveBlogPosting`` list their posts in ``liveBlogUpdate`` (each
with ``headline`` and ``articleBody``): page lines that belong to a declared
post are taken back, in page order, after what the extractors kept. Only
lines found on the page are used, never the JSON text itself, so what is kept
is what a reader sees.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

from cleaners.document import Block
from cleaners.html.tree import PageLine, locator

__all__ = ["LiveBlog", "LiveUpdate", "live_blog", "liveblog_blocks"]

LOGGER = logging.getLogger(__name__)
_LD_JSON = etree.XPath("//script[@type='application/ld+json']/text()")
MAX_SCRIPT_CHARS = 2_000_000


@dataclass(frozen=True, slots=True)
class LiveUpdate:
    """One post of a live blog, as the page declares it."""

    headline: str
    body: str


def _walk(data: object) -> Iterator[dict[str, object]]:
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _walk(value)
    elif isinstance(data, list):
        for value in data:
            yield from _walk(value)


def _norm(value: object) -> str:
    return " ".join(str(value).split()) if isinstance(value, str) else ""


@dataclass(frozen=True, slots=True)
class LiveBlog:
    """What a page declares about its live blog: its own headline and its posts."""

    headline: str
    updates: tuple[LiveUpdate, ...]


def live_blog(tree: HtmlElement) -> LiveBlog | None:
    """The page's ``LiveBlogPosting`` from JSON-LD, or None when it declares none.

    Its headline matters: metadata readers that take the first ``headline`` in
    the JSON-LD pick a post's headline instead of the blog's.
    """
    headline = ""
    updates: list[LiveUpdate] = []
    for script in _LD_JSON(tree):
        if "LiveBlogPosting" not in script or len(script) > MAX_SCRIPT_CHARS:
            continue
        try:
            data = json.loads(script)
        except ValueError as err:
            LOGGER.debug("unreadable JSON-LD: %s", err)
            continue
        for node in _walk(data):
            kind = node.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if "LiveBlogPosting" not in kinds:
                continue
            headline = headline or _norm(node.get("headline"))
            posts = node.get("liveBlogUpdate")
            for post in posts if isinstance(posts, list) else [posts]:
                if isinstance(post, dict):
                    updates.append(LiveUpdate(_norm(post.get("headline")), _norm(post.get("articleBody"))))
    if not headline and not updates:
        return None
    return LiveBlog(headline, tuple(updates))


def liveblog_blocks(
    blog: LiveBlog, lines: Sequence[PageLine], kept: Sequence[Block], *, min_line_chars: int
) -> list[Block]:
    """Page lines of the blog's declared posts that ``kept`` is missing, in page order.

    ``lines``: :func:`cleaners.html.tree.page_lines` of the page's body; lines
    shorter than ``min_line_chars`` are matched against post headlines only.
    """
    updates = blog.updates
    if not updates:
        return []
    bodies = "\n".join(u.body for u in updates if u.body)
    headlines = {u.headline for u in updates if u.headline}
    kept_text = "\n".join(" ".join(b.text.split()) for b in kept)
    out: list[Block] = []
    seen: set[str] = set()
    for line in lines:
        text = line.text
        if text in seen or text in kept_text:
            continue
        if text in headlines:
            kind = "h"
        elif len(text) >= min_line_chars and text in bodies:
            kind = "p"
        else:
            continue
        seen.add(text)
        out.append(Block(text, kind, locator(line.node)))
    return out
