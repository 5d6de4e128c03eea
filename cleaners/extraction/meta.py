"""Title, authors, date and declared language of a page.

Only the cheap parts of trafilatura's metadata extraction: ``<meta>`` tags,
JSON-LD, the title heuristic and a non-extensive htmldate search. Site name,
categories, tags and licence are skipped (nothing here uses them), and so is
trafilatura's author search over the whole page, which alone costs half as
much as extracting the article: a page without author metadata gets its
authors from the byline block the extractor drops (:mod:`cleaners.extraction.header`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement

from cleaners.extraction.trafilatura import (  # trafilatura internals, behind the adapter
    examine_meta, extract_meta_json, extract_title, set_date_params,
)

__all__ = ["PageMeta", "page_meta", "split_authors"]

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


def page_meta(tree: HtmlElement, url: str | None) -> PageMeta:
    """Metadata of a parsed page; fields stay None when not found (never raises)."""
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
        params = set_date_params(False)
        params["url"] = meta.url or url
        published = find_date(tree, **params)
    except (etree.LxmlError, ValueError, TypeError, AttributeError) as err:
        LOGGER.debug("metadata extraction failed: %s", err)
        return PageMeta(language=_language(tree))
    return PageMeta(
        title=" ".join(title.split()) if title else None,
        authors=split_authors(author),
        published=published or None,
        language=_language(tree),
        description=" ".join(description.split()) if description else None,
    )
