"""The standfirst: the summary line(s) between the headline and the article.

Most outlets open an article with a standfirst (dek, sub-headline, excerpt,
"Key Points" list). It is the journalist's own text, but it sits in the page
header, outside the node both extractors pick, so they drop it. It is taken
back when all of these hold:

* position: before the first line of the extracted article, and after the
  headline: starting at most ``StandfirstOptions.after_headline`` lines after it when named
  by its class (a named list then runs to its end), anywhere up to the article when it is the meta description (with no
  headline found, only the meta description within ``StandfirstOptions.window`` lines of
  the article counts);
* identity: its node (or one of ``StandfirstOptions.ancestors`` ancestors) has a class or
  id from :data:`STANDFIRST_CLASS_WORDS` and none from :data:`NOT_STANDFIRST_CLASS_WORDS`,
  or its text is the page's meta description;
* shape: a sentence-sized line that no cruft rule matches, that is not the
  headline, not mostly link text and not inside a figure, nav or footer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from cleaners.rules.engine import match_block
from cleaners.document import Block
from cleaners.html.tree import PageLine, locator, node_text

__all__ = ["STANDFIRST_CLASS_WORDS", "StandfirstOptions", "standfirst_blocks"]

# Class/id words (split at case changes, dashes and underscores) that name a
# standfirst. Each entry is a run of consecutive words.
STANDFIRST_CLASS_WORDS: tuple[tuple[str, ...], ...] = (
    ("standfirst",), ("dek",), ("deck",), ("strapline",), ("lede",),
    ("subheadline",), ("sub", "headline"), ("subhead",), ("subtitle",), ("sub", "title"),
    ("excerpt",), ("summary",), ("description",),
    ("key", "points"), ("keypoints",), ("takeaways",), ("key", "takeaways"),
    ("bullets",), ("highlights",),
)
# Class/id words of widgets that look like a standfirst but are not one
# (captions, gates, promos); they veto STANDFIRST_CLASS_WORDS on the same path.
NOT_STANDFIRST_CLASS_WORDS: frozenset[str] = frozenset({
    "caption", "credit", "figure", "figcaption", "carousel", "slide", "slideshow", "lightbox", "image", "img", "photo", "media", "video", "gallery", "gating", "gate",
    "paywall", "overlay", "modal", "popup", "promo", "newsletter", "signup", "subscribe",
    "subscription", "ad", "ads", "advert", "sponsored", "related", "recommended", "card", "teaser",
    "nav", "menu", "footer", "comment", "comments", "share", "social",
})


@dataclass(frozen=True, slots=True)
class StandfirstOptions:
    """Where and how long a standfirst may be (lines, words, shares)."""

    after_headline: int = 8     # lines after the headline a class-named standfirst may start at, at most
    window: int = 12            # without a headline: lines before the article's first line, at most
    min_words: int = 4          # a standfirst line has at least this many words ...
    max_words: int = 90         # ... and at most this many
    max_link_share: float = 0.5  # more of its text inside links: not a standfirst
    ancestors: int = 4          # how far up a class word may sit
    description_overlap: float = 0.8  # share of words a line must share with the meta description to be it


_DEFAULT_OPTIONS = StandfirstOptions()

_CLASS_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_TOKEN = re.compile(r"\w+")
_NOT_STANDFIRST = frozenset({"figure", "figcaption", "nav", "footer", "aside", "button", "a",
                             "label", "time"})


def _class_words(node: etree._Element) -> list[str]:
    names = f"{node.get('class') or ''} {node.get('id') or ''}"
    return [w.lower() for w in _CLASS_WORD.findall(names)]


def _path(node: etree._Element, ancestors: int) -> list[tuple[etree._Element, list[str]]]:
    """``node`` and its ``ancestors`` nearest ancestors, with their class/id words."""
    out: list[tuple[etree._Element, list[str]]] = []
    current: etree._Element | None = node
    for _ in range(ancestors + 1):
        if current is None or current.tag in ("body", "article", "main"):
            break
        out.append((current, _class_words(current)))
        current = current.getparent()
    return out


def _vetoed(path: list[tuple[etree._Element, list[str]]]) -> bool:
    return any(NOT_STANDFIRST_CLASS_WORDS.intersection(words) for _, words in path)


def _named_by(path: list[tuple[etree._Element, list[str]]]) -> etree._Element | None:
    """The nearest node on ``path`` whose class or id names a standfirst."""
    for node, words in path:
        for entry in STANDFIRST_CLASS_WORDS:
            size = len(entry)
            if any(tuple(words[i : i + size]) == entry for i in range(len(words) - size + 1)):
                return node
    return None


def _excluded(node: etree._Element) -> bool:
    current: etree._Element | None = node
    while current is not None:
        if current.tag in _NOT_STANDFIRST:
            return True
        current = current.getparent()
    return False


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def _is_description(text: str, descriptions: Sequence[list[str]], overlap: float) -> bool:
    words = _tokens(text)
    if not words:
        return False
    own = set(words)
    for description in descriptions:
        common = len(own & set(description))
        if common >= overlap * max(len(own), len(set(description))):
            return True
    return False


def _link_share(node: etree._Element, text: str) -> float:
    linked = sum(len(node_text(a)) for a in node.iter("a"))
    return linked / max(len(text), 1)


def _first_article_line(lines: list[PageLine], kept: Sequence[Block]) -> int | None:
    """Where the extracted article starts: the first kept block, followed by the
    second one when the first is short (a short line may also occur earlier)."""
    texts = [" ".join(b.text.split()) for b in kept[:2]]
    for i, line in enumerate(lines):
        if line.text != texts[0]:
            continue
        if len(texts) == 1 or len(texts[0]) >= 40:
            return i
        if i + 1 < len(lines) and lines[i + 1].text == texts[1]:
            return i
    return None


def _headline_line(lines: list[PageLine], end: int, titles: Sequence[list[str]]) -> int | None:
    """The last headline line before ``end``: an ``h1`` or a line that is the title."""
    for i in range(end - 1, -1, -1):
        node = lines[i].node
        if node.tag == "h1" or (titles and _tokens(lines[i].text) in titles):
            return i
    return None


def standfirst_blocks(
    lines: list[PageLine], kept: Sequence[Block], titles: Sequence[str], description: str | None,
    options: StandfirstOptions = _DEFAULT_OPTIONS,
) -> list[Block]:
    """Standfirst lines to put before ``kept`` (the extracted article), in page order.

    ``lines``: :func:`cleaners.html.tree.page_lines` of the page's body.
    """
    if not kept:
        return []
    first = _first_article_line(lines, kept)
    if first is None or first == 0:
        return []
    title_words = [_tokens(t) for t in titles if t]
    headline = _headline_line(lines, first, title_words)
    start = (headline + 1) if headline is not None else max(first - options.window, 0)
    descriptions = [_tokens(description)] if description else []
    kept_text = "\n".join(" ".join(b.text.split()) for b in kept)
    out: list[Block] = []
    seen: set[str] = set()
    containers: set[etree._Element] = set()
    for position, line in enumerate(lines[start:first]):
        text, node = line.text, line.node
        words = len(text.split())
        if not options.min_words <= words <= options.max_words or text in seen or text in kept_text:
            continue
        if _tokens(text) in title_words or _excluded(node) or match_block(text) is not None:
            continue
        path = _path(node, options.ancestors)
        if _vetoed(path):
            continue
        container = _named_by(path) if headline is not None else None
        named = container is not None and (position < options.after_headline or container in containers)
        if not named and not _is_description(text, descriptions, options.description_overlap):
            continue
        if container is not None:
            containers.add(container)  # the rest of a named list follows, however long
        if _link_share(node, text) > options.max_link_share:
            continue
        seen.add(text)
        out.append(Block(text, "li" if node.tag == "li" else "p", locator(node)))
    return out
