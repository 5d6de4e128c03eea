"""Title, authors, date and declared language of a page.

Only the cheap parts of trafilatura's metadata extraction: ``<meta>`` tags,
JSON-LD, the title heuristic and a non-extensive htmldate search (which
:func:`page_date` runs apart, last, on the tree itself: it prunes it). Site name,
categories, tags and licence are skipped (nothing here uses them), and so is
trafilatura's author search over the whole page, which alone costs half as
much as extracting the article: a page without author metadata gets its
authors from the byline block the extractor drops (:mod:`cleaners.extraction.header`).
"""

from __future__ import annotations

import logging
import re
from copy import deepcopy
from dataclasses import dataclass, replace

from lxml import etree
from lxml.html import HtmlElement

from cleaners.extraction.dates import find_date_in_place
from cleaners.extraction.trafilatura import (  # trafilatura internals, behind the adapter
    examine_meta, extract_meta_json, extract_title, set_date_params,
)

__all__ = ["PageMeta", "page_date", "page_meta", "split_authors"]

LOGGER = logging.getLogger(__name__)
_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")
# http-equiv values of the <meta> tags that declare the page's language.
_LANG_HTTP_EQUIV = ("content-language", "Content-Language")
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\band\b|&)\s*")


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    language: str | None = None
    description: str | None = None  # the page's summary (og/twitter/meta description)
    # What the date search reads, when the metadata readers ran (``dated``):
    # the page's declared URL, else the one it was fetched from.
    date_url: str | None = None
    dated: bool = False


def _language(tree: HtmlElement) -> str | None:
    """ISO 639-1 code the page declares (``<html lang>``, then meta tags)."""
    candidates = [tree.get("lang") or tree.get("xml:lang") or ""]
    candidates += [
        content for meta in tree.iter("meta")
        if (meta.get("http-equiv") in _LANG_HTTP_EQUIV or meta.get("property") == "og:locale")
        and (content := meta.get("content")) is not None
    ]
    for value in candidates:
        match = _LANG.match(value.strip().split(",")[0].strip())
        if match and match.group(1).lower() not in ("und", "mul", "zxx"):
            return match.group(1).lower()[:2] if len(match.group(1)) == 2 else match.group(1).lower()
    return None


def split_authors(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    names = (n.strip(" ,.") for n in _AUTHOR_SPLIT.split(raw))
    seen: dict[str, None] = {}
    for name in names:
        if name and any(ch.isalpha() for ch in name):
            seen.setdefault(name, None)
    return tuple(seen)


def page_meta(tree: HtmlElement, url: str | None, *, date: bool = True) -> PageMeta:
    """Metadata of a parsed page; fields stay None when not found (never raises).

    ``date=False``: ``published`` is left for :func:`page_date`, which the
    caller runs when it is done with the tree.
    """
    try:
        meta = examine_meta(tree)
        if meta.author and " " not in meta.author:
            meta.author = None
        try:
            meta = extract_meta_json(tree, meta)
        except (ValueError, TypeError, KeyError, AttributeError) as err:
            LOGGER.debug("JSON-LD metadata unreadable: %s", err)
        title = meta.title or extract_title(tree)
        description = meta.description
        author = meta.author
        date_url = meta.url or url
    except (etree.LxmlError, ValueError, TypeError, AttributeError) as err:
        LOGGER.debug("metadata extraction failed: %s", err)
        return PageMeta(language=_language(tree))
    found = PageMeta(
        title=" ".join(title.split()) if title else None,
        authors=split_authors(author),
        language=_language(tree),
        description=" ".join(description.split()) if description else None,
        date_url=date_url,
        dated=True,
    )
    return replace(found, published=page_date(deepcopy(tree), found)) if date else found


def page_date(tree: HtmlElement, meta: PageMeta) -> str | None:
    """The publication date htmldate finds (non-extensive search), None when
    none is found or the metadata readers failed (never raises). Prunes
    ``tree``: call it when nothing else reads the tree."""
    if not meta.dated:
        return None
    params = set_date_params(False)
    try:
        found = find_date_in_place(tree, url=meta.date_url, original_date=params["original_date"],
                                   max_date=params["max_date"])
    except (etree.LxmlError, ValueError, TypeError, AttributeError) as err:
        LOGGER.debug("date search failed: %s", err)
        return None
    return found or None
