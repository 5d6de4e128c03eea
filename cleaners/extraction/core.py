"""HTML to article blocks plus metadata (title, authors, date, language).

The page is decoded and parsed once. readability-lxml and trafilatura each
read that tree (readability on its own copy); :mod:`cleaners.extraction.vote`
keeps trafilatura's blocks that readability agrees with, and
:mod:`cleaners.extraction.header` drops title, byline, dateline and credit lines.
Cruft rules and language detection come after, in :mod:`cleaners.pipeline`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import trafilatura.meta
from lxml import etree
from lxml.html import HtmlElement

from cleaners.rules.engine import could_match
from cleaners.document import Block, Removal
from cleaners.errors import CleanerError
from cleaners.model.html_blocks import score_blocks
from cleaners.extraction.header import (
    HeaderOptions,
    byline_names,
    dateline_date,
    strip_header,
)
from cleaners.extraction.liveblog import live_blog, liveblog_blocks
from cleaners.extraction.meta import PageMeta, page_date, page_meta
from cleaners.extraction.outside import OutsideOptions, link_list, outside_article
from cleaners.extraction.readability import readability_blocks
from cleaners.extraction.standfirst import StandfirstOptions, standfirst_blocks
from cleaners.extraction.trafilatura import LocatorIndex, trafilatura_blocks, with_locators
from cleaners.extraction.vote import VoteOptions, vote
from cleaners.html.decode import decode_html
from cleaners.html.hidden import strip_screen_reader_text
from cleaners.html.repair import reparse
from cleaners.html.tree import node_lines, node_text, page_lines, parse_html

__all__ = ["Extraction", "ExtractOptions", "ExtractionError", "extract", "reset_caches"]


# Figure captions and photo credits: trafilatura sometimes keeps them as paragraphs.
# One walk down the tree, the class tests only where there is a class (a third
# cheaper than the union of //figcaption and //*[contains(@class, ...)]).
CAPTION_XPATH = etree.XPath(
    "/descendant::*[self::figcaption or @class[contains(., 'caption') or contains(., 'credit')]]"
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
    block_model: bool = True  # the block model votes too (cleaners.model.blocks)
    reparse_min_source_chars: int = 2000  # a page this size that parses empty is worth a retry (cleaners.html.repair)
    hidden_max_chars: int = 200  # longer "hidden" text is more likely content styled oddly: left alone
    caption_max_chars: int = 400  # a caption node's lines are caption text up to this size ...
    caption_max_paragraphs: int = 1  # ... and when it holds at most this many <p>
    liveblog_min_line_chars: int = 20  # shorter live-blog lines are matched against post headlines only
    vote: VoteOptions = field(default_factory=VoteOptions)
    header: HeaderOptions = field(default_factory=HeaderOptions)
    standfirst: StandfirstOptions = field(default_factory=StandfirstOptions)
    outside: OutsideOptions = field(default_factory=OutsideOptions)


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
    agreed: tuple[Block, ...] = ()  # the vote's blocks, before furniture and rules


def reset_caches() -> None:
    """Drop trafilatura's (and htmldate's, courlan's) LRU caches to release memory.

    Long-running workers should call it every few thousand pages.
    """
    trafilatura.meta.reset_caches()


# A caption is a line or two under a picture. A node matched by class that holds
# more (an "expandable-caption-container" wrapping the whole story body) is a
# container, and its paragraphs are not captions.
def _captions(tree: HtmlElement, options: ExtractOptions) -> frozenset[str]:
    texts: set[str] = set()
    for node in CAPTION_XPATH(tree):
        if sum(1 for _ in node.iter("p")) > options.caption_max_paragraphs:
            continue
        lines = node_lines(node)
        if sum(map(len, lines)) <= options.caption_max_chars:
            texts.update(lines)
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


def _model_decides(first: Sequence[Block], second: Sequence[Block] | None, options: ExtractOptions) -> bool:
    """Whether the block model's reading can change this page: trafilatura stands
    alone in the vote (the model is the second voter), or a rule pattern matches
    one of its blocks (the rules wait for the model's word). Elsewhere its
    scores would change nothing, and the page is spared their cost."""
    len_first = sum(len(b.text) for b in first)
    len_second = sum(len(b.text) for b in second or ())
    if second is None or len_second < options.vote.second_min_ratio * len_first:
        return True
    if options.vote.model_keep <= 1.0:
        return True
    return any(could_match(b.text) for b in first)


def extract(
    html: str | bytes, url: str | None = None, options: ExtractOptions = DEFAULT_EXTRACT_OPTIONS
) -> Extraction:
    """Article blocks and metadata of one page; empty blocks when there is no article."""
    source = decode_html(html)
    tree = reparse(parse_html(source), source, min_source_chars=options.reparse_min_source_chars)
    if tree is None:
        return Extraction(blocks=())
    removed: list[Removal] = strip_screen_reader_text(tree, max_chars=options.hidden_max_chars)
    second = readability_blocks(tree, options.readability_min_text)
    meta: PageMeta = page_meta(tree, url, date=False)  # the date comes last: its search prunes the tree
    blog = live_blog(tree)
    title, title_parts = _headline(blog.headline if blog and blog.headline else meta.title, tree)
    extra_titles = _h1_texts(tree) + title_parts
    captions = _captions(tree, options)
    pairs = trafilatura_blocks(tree, url, favor_precision=options.favor_precision, fast=options.fast)
    index = LocatorIndex(tree)
    first = with_locators(pairs, index)
    explain = None
    if options.block_model and first and _model_decides(first, second, options):
        first, scores = score_blocks(first, index, meta.title)
        explain = scores.rule
    kept, dropped, route = vote(first, second, options.vote, explain)
    removed += dropped
    agreed = tuple(kept)
    kept, furniture = strip_header(
        kept, title, meta.authors, options.header, extra_titles, captions
    )
    removed += furniture
    links = link_list(tree, kept, options.max_link_share, options.outside)
    if links:
        kept = [b for b in kept if b not in links]
        removed += [Removal("navigation", "extract.link_list", b.text, b.locator) for b in links]
    body = tree.find("body")
    lines = page_lines(body) if body is not None else []
    if blog is not None:
        kept += liveblog_blocks(blog, lines, kept, min_line_chars=options.liveblog_min_line_chars)
    titles = [t for t in (title, *extra_titles) if t]
    kept = standfirst_blocks(lines, kept, titles, meta.description, options.standfirst) + kept
    removed += outside_article(lines, kept, removed, options.outside)
    published = page_date(tree, meta)  # last: it prunes the tree
    return Extraction(
        blocks=tuple(kept),
        title=title,
        authors=meta.authors or _authors_from_bylines(furniture),
        published=published or _date_from_datelines(furniture),
        language=meta.language,
        removed=tuple(removed),
        route=route,
        agreed=agreed,
    )
