"""The page's publication date: htmldate's search, run on our tree in place.

``htmldate.find_date`` deep-copies a tree it is handed before pruning it for
its text searches (on most news pages of 2008 no URL, ``<meta>`` or JSON-LD
date exists, and the search goes that far). Extraction reads the date last,
when nothing needs the tree any more, so :func:`find_date_in_place` runs the
same steps, in the same order, on the tree itself: the same date without the
copy. The tree is pruned: call it last.

The adapter for htmldate: the one module that imports its internals (every
step of ``find_date`` below), checked against :data:`CHECKED_VERSIONS` (a test
pins them, another compares the result with ``find_date`` on invented pages).
"""

from __future__ import annotations

# Every name find_date calls, from the module that defines it (htmldate.core
# imports the same objects).
from htmldate.core import (  # internals
    TIMESTAMP_LOOSE_PATTERN,
    TIMESTAMP_PATTERN,
    date_candidates,
    examine_abbr_elements,
    examine_elements,
    examine_header,
    examine_time_elements,
    serialize,
)
from htmldate.extractors import (  # internals
    discard_unwanted,
    extract_url_date,
    idiosyncrasies_search,
    img_search,
    json_search,
    pattern_search,
)
from htmldate.settings import CLEANING_LIST  # internal
from htmldate.utils import Extractor, clean_html  # internals
from htmldate.validators import get_max_date, get_min_date  # internals
from lxml.html import HtmlElement

__all__ = ["CHECKED_VERSIONS", "find_date_in_place"]

#: Distribution and the version range (from, below) the internals were checked with.
CHECKED_VERSIONS = ("htmldate", "1.11", "1.12")


def find_date_in_place(
    tree: HtmlElement, *, url: str | None, original_date: bool, max_date: str | None,
) -> str | None:
    """``htmldate.find_date(tree, extensive_search=False, original_date=...,
    max_date=..., url=url)``, ``%Y-%m-%d``, without copying ``tree``, which
    it prunes (scripts, media, archive banners) when the cheap sources (URL,
    ``<meta>``, JSON-LD, ``<abbr>``) give no date."""
    options = Extractor(False, get_max_date(max_date), get_min_date(None), original_date, "%Y-%m-%d")
    if url is None:
        link = tree.find('.//link[@rel="canonical"]')
        if link is not None:
            url = link.get("href")
    result = extract_url_date(url, options)
    if result is not None:
        return result
    result = examine_header(tree, options) or json_search(tree, options)
    if result is not None:
        return result
    result = examine_abbr_elements(tree, options)
    if result is not None:
        return result
    try:
        search_tree = discard_unwanted(clean_html(tree, CLEANING_LIST))
    except ValueError:  # pragma: no cover - htmldate's own guard for an lxml cleaner error
        search_tree = tree
    result = (examine_elements(date_candidates(search_tree, False), options)
              or examine_elements(search_tree.xpath(".//title|.//h1"), options)
              or examine_time_elements(search_tree, options))
    if result is not None:
        return result
    htmlstring = serialize(search_tree)
    result = (pattern_search(htmlstring, TIMESTAMP_PATTERN, options)
              or img_search(search_tree, options)
              or idiosyncrasies_search(htmlstring, options))
    if result is not None:
        return result
    clean_html(search_tree, ["script", "style"])
    return pattern_search(" ".join(search_tree.itertext()), TIMESTAMP_LOOSE_PATTERN, options)
