"""Feed and sitemap parsing: documents in, (url, date) entries out.

XML is parsed with entity expansion, DTD loading and network access off, so a
hostile feed cannot expand entities or make the parser fetch anything: an
entity bomb (billion laughs) parses to no entries, fast, in bounded memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from lxml import etree
from scrapy.utils.sitemap import Sitemap

__all__ = ["Entry", "ListingError", "parse_feed", "parse_sitemap"]


class ListingError(ValueError):
    """A feed or sitemap that cannot be read at all."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One article link from a feed or sitemap; ``date`` is UTC or None."""

    url: str
    date: datetime | None = None
    is_sitemap: bool = False  # a child sitemap of a sitemap index


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False,
        recover=True, remove_comments=True,
    )


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    value = value.strip()
    try:
        parsed = parsedate_to_datetime(value)  # RSS: RFC 822
    except (TypeError, ValueError, IndexError):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))  # Atom, sitemaps
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child_text(node: etree._Element, *names: str) -> str | None:
    for child in node:
        if _local(child.tag) in names and child.text:
            return str(child.text).strip()
    return None


def _atom_link(entry: etree._Element) -> str | None:
    for child in entry:
        if _local(child.tag) == "link" and child.get("rel", "alternate") == "alternate":
            return child.get("href")
    return None


def parse_feed(body: bytes) -> list[Entry]:
    """Entries of an RSS 2.0, RSS 1.0 (RDF) or Atom feed.

    Damaged XML is read as far as lxml can recover it; a damaged feed that
    yields no entry at all is a :class:`ListingError` rather than an empty feed.
    """
    parser = _parser()
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise ListingError(f"not XML: {exc}") from exc
    if root is None:
        raise ListingError("empty or unreadable XML")
    entries: list[Entry] = []
    for node in root.iter():
        name = _local(node.tag)
        if name == "item":
            link = _child_text(node, "link") or node.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
            date = _child_text(node, "pubDate", "date", "published", "updated")
        elif name == "entry":
            link = _atom_link(node)
            date = _child_text(node, "published", "updated")
        else:
            continue
        if link:
            entries.append(Entry(link.strip(), _parse_date(date)))
    if not entries and _local(root.tag) not in {"rss", "feed", "RDF"}:
        raise ListingError(f"not a feed (root element <{_local(root.tag)}>)")
    if not entries and len(parser.error_log):
        raise ListingError(f"broken XML, no entry recovered: {parser.error_log[0].message}")
    return entries


def parse_sitemap(body: bytes) -> Iterator[Entry]:
    """Entries of a sitemap (``urlset``) or child sitemaps of a ``sitemapindex``."""
    try:
        sitemap = Sitemap(body)
    except StopIteration as exc:  # Scrapy's Sitemap on a body with no element at all
        raise ListingError("not XML: no root element") from exc
    except etree.XMLSyntaxError as exc:
        raise ListingError(f"not XML: {exc}") from exc
    is_index = sitemap.type == "sitemapindex"
    if sitemap.type not in {"sitemapindex", "urlset"}:
        raise ListingError(f"not a sitemap (root element <{sitemap.type}>)")
    try:
        for entry in sitemap:
            loc = entry.get("loc")
            if loc:
                yield Entry(loc.strip(), _parse_date(entry.get("lastmod")), is_sitemap=is_index)
    except etree.XMLSyntaxError as exc:
        raise ListingError(f"broken XML: {exc}") from exc
