"""HTML to article blocks plus metadata (title, authors, date, language).

The page is decoded and parsed once. readability-lxml and trafilatura each
read that tree (readability on its own copy); :mod:`cleaners.extract_vote`
keeps trafilatura's blocks that readability agrees with, and
:mod:`cleaners.extract_header` drops title, byline, dateline and credit lines.
Cruft rules and language detection come after, in :mod:`cleaners.pipeline`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import trafilatura.meta
from lxml import etree
from lxml.html import HtmlElement

from cleaners.document import Block, Removal
from cleaners.errors import CleanerError
from cleaners.extract_header import HeaderOptions, byline_names, dateline_date, strip_header
from cleaners.extract_meta import PageMeta, page_meta
from cleaners.extract_readability import readability_blocks
from cleaners.extract_trafilatura import LocatorIndex, trafilatura_blocks, with_locators
from cleaners.extract_vote import VoteOptions, vote
from cleaners.html_decode import decode_html
from cleaners.cruft import match_block
from cleaners.html_tree import NON_TEXT, node_lines, node_text, parse_html

__all__ = ["Extraction", "ExtractOptions", "ExtractionError", "extract", "reset_caches"]


# Figure captions and photo credits: trafilatura sometimes keeps them as paragraphs.
CAPTION_XPATH = etree.XPath(
    "//figcaption | //*[contains(@class, 'caption') or contains(@class, 'credit')]"
)


class ExtractionError(CleanerError):
    """trafilatura or readability failed on this page in a way no fallback covers."""


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """Every knob of the extraction step, in one place."""

    favor_precision: bool = True
    fast: bool = True  # readability below plays trafilatura's fallback role
    readability_min_text: int = 25
    max_link_share: float = 0.5  # more of the kept text inside links: not an article
    vote: VoteOptions = field(default_factory=VoteOptions)
    header: HeaderOptions = field(default_factory=HeaderOptions)


DEFAULT_EXTRACT_OPTIONS = ExtractOptions()


@dataclass(frozen=True, slots=True)
class Extraction:
    """What :func:`extract` found; ``route`` says which extractor(s) the text came from."""

    blocks: tuple[Block, ...]
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    language: str | None = None
    removed: tuple[Removal, ...] = ()
    route: str = "none"


def reset_caches() -> None:
    """Drop trafilatura's (and htmldate's, courlan's) LRU caches to release memory.

    Long-running workers should call it every few thousand pages.
    """
    trafilatura.meta.reset_caches()


def _captions(tree: HtmlElement) -> frozenset[str]:
    texts: set[str] = set()
    for node in CAPTION_XPATH(tree):
        texts.update(node_lines(node))
    return frozenset(texts)


def _h1_texts(tree: HtmlElement) -> list[str]:
    return [t for t in (node_text(h) for h in tree.iter("h1")) if t][:2]


def _date_from_datelines(removed: list[Removal]) -> str | None:
    """Date of the first dropped dateline, for pages whose metadata has none."""
    for removal in removed:
        if removal.rule == "dateline.date" and (date := dateline_date(removal.text)):
            return date
    return None


_TITLE_SEPARATORS = re.compile(r"\s+(?:[|\-\u2013\u2014:\u00bb]|::)\s+")


def _headline(title: str | None, tree: HtmlElement) -> tuple[str | None, list[str]]:
    """The headline part of the title, plus every part of ``<title>`` worth matching.

    When metadata only had ``<title>`` ("Site - Headline"), trafilatura may keep
    the site name; the longest part is far more often the headline.
    """
    raw = " ".join((tree.findtext(".//title") or "").split())
    parts = [p for p in _TITLE_SEPARATORS.split(raw) if p]
    if title and len(parts) > 1 and title in parts:
        title = max(parts, key=lambda p: len(p.split()))
    return title, [p for p in parts if len(p.split()) >= 3]


def _authors_from_bylines(removed: list[Removal]) -> tuple[str, ...]:
    """Authors named by the first dropped byline, for pages without author metadata."""
    for removal in removed:
        if removal.rule == "byline.author":
            names = byline_names(removal.text)
            if names:
                return names
    return ()


# Cruft markers are short; longer dropped lines (teaser blurbs, widgets) are
# recorded as plain boilerplate without running the rule tables on them.
MAX_CLASSIFIED_CHARS = 80


def _link_list(tree: HtmlElement, kept: list[Block], max_share: float) -> list[Block]:
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
        if sum(len(t) for t in anchors if t in text) >= LINK_BLOCK_SHARE * len(text):
            links.append(block)
    if sum(len(b.text) for b in links) <= max_share * len(kept_text):
        return []
    return links


# A block is a link when at least this share of its text is link text.
LINK_BLOCK_SHARE = 0.6


def _residue(line: str, kept_lines: list[str]) -> str:
    """What is left of ``line`` once a kept paragraph inside it is taken out
    (a paragraph whose glued-on prefix was stripped is not removed as a whole)."""
    for kept in kept_lines:
        if len(kept) >= 20 and kept in line:
            line = " ".join(line.replace(kept, " ").split())
    return line


def _outside_article(
    tree: HtmlElement, kept: list[Block], removed: list[Removal], index: LocatorIndex
) -> list[Removal]:
    """A removal for every line of the page that the extractors left out.

    trafilatura and readability drop navigation, widgets and teasers without
    saying so; recording each line (classified by the cruft rule tables where
    one matches) makes the cut auditable. Lines inside a kept paragraph or
    already recorded are not repeated.
    """
    body = tree.find(".//body")
    if body is None:
        return []
    kept_lines = [" ".join(b.text.split()) for b in kept]
    kept_text = "\n".join(kept_lines)
    seen = {" ".join(r.text.split()) for r in removed}
    out: list[Removal] = []
    for line in node_lines(body, NON_TEXT):
        if line in kept_text:
            continue
        line = _residue(line, kept_lines)
        if not line or line in seen:
            continue
        seen.add(line)
        rule = match_block(line) if len(line) <= MAX_CLASSIFIED_CHARS else None
        kind, name = (rule.kind, rule.name) if rule else ("boilerplate", "extract.outside_article")
        out.append(Removal(kind=kind, rule=name, text=line, locator=index.find(line)))
    return out


def extract(
    html: str | bytes, url: str | None = None, options: ExtractOptions = DEFAULT_EXTRACT_OPTIONS
) -> Extraction:
    """Article blocks and metadata of one page; empty blocks when there is no article."""
    tree = parse_html(decode_html(html))
    if tree is None:
        return Extraction(blocks=())
    removed: list[Removal] = []
    second = readability_blocks(tree, options.readability_min_text)
    meta: PageMeta = page_meta(tree, url)
    title, title_parts = _headline(meta.title, tree)
    extra_titles = _h1_texts(tree) + title_parts
    captions = _captions(tree)
    pairs = trafilatura_blocks(tree, url, favor_precision=options.favor_precision, fast=options.fast)
    index = LocatorIndex(tree)
    first = with_locators(pairs, index)
    kept, dropped, route = vote(first, second, options.vote)
    removed += dropped
    kept, furniture = strip_header(
        kept, title, meta.authors, options.header, extra_titles, captions
    )
    removed += furniture
    links = _link_list(tree, kept, options.max_link_share)
    if links:
        kept = [b for b in kept if b not in links]
        removed += [Removal("navigation", "extract.link_list", b.text, b.locator) for b in links]
    removed += _outside_article(tree, kept, removed, index)
    return Extraction(
        blocks=tuple(kept),
        title=title,
        authors=meta.authors or _authors_from_bylines(furniture),
        published=meta.published or _date_from_datelines(furniture),
        language=meta.language,
        removed=tuple(removed),
        route=route,
    )
