"""Feed and sitemap parsing: RSS, Atom, RDF, sitemap indexes, hostile XML."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest

from scraper.discovery.listings import ListingError, parse_feed, parse_sitemap
from scraper.discovery.urls import registered_domain

RSS = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Post</title>
<item><title>One</title><link>http://post.test/a</link><pubDate>Tue, 12 May 2026 10:00:00 GMT</pubDate></item>
<item><title>Two</title><link> http://post.test/b </link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title>
<entry><link rel="alternate" href="http://atom.test/x"/><updated>2026-05-12T10:00:00Z</updated></entry>
<entry><link rel="self" href="http://atom.test/self"/><link href="http://atom.test/y"/></entry>
</feed>"""

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>http://post.test/a</loc><lastmod>2026-05-12</lastmod></url>
<url><loc>http://post.test/b</loc></url>
</urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://post.test/sitemap-1.xml</loc></sitemap>
</sitemapindex>"""

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://post.test/&lol9;</loc></url></urlset>"""


def test_rss_entries_with_dates() -> None:
    entries = parse_feed(RSS)
    assert [e.url for e in entries] == ["http://post.test/a", "http://post.test/b"]
    assert entries[0].date == datetime(2026, 5, 12, 10, tzinfo=timezone.utc)
    assert entries[1].date is None


def test_atom_takes_alternate_links_only() -> None:
    entries = parse_feed(ATOM)
    assert [e.url for e in entries] == ["http://atom.test/x", "http://atom.test/y"]
    assert entries[0].date == datetime(2026, 5, 12, 10, tzinfo=timezone.utc)


@pytest.mark.parametrize("body", [b"", b"<html><body>not a feed</body></html>", b"\x00\xff garbage"])
def test_non_feeds_raise_listing_error(body: bytes) -> None:
    with pytest.raises(ListingError):
        parse_feed(body)


def test_sitemap_and_index() -> None:
    entries = list(parse_sitemap(SITEMAP))
    assert [(e.url, e.is_sitemap) for e in entries] == [("http://post.test/a", False), ("http://post.test/b", False)]
    assert entries[0].date == datetime(2026, 5, 12, tzinfo=timezone.utc)
    [child] = parse_sitemap(INDEX)
    assert child.is_sitemap and child.url.endswith("sitemap-1.xml")


def test_entity_bomb_is_not_expanded() -> None:
    start = time.perf_counter()
    urls = [e.url for e in parse_sitemap(BOMB)]
    assert time.perf_counter() - start < 2.0
    assert all(len(u) < 200 for u in urls)


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.bbc.co.uk/news/x", "bbc.co.uk"),
        ("http://news.daily-ledger.test/a", "daily-ledger.test"),
        ("https://edition.cnn.com/", "cnn.com"),
        ("http://127.0.0.1:8000/x", "127.0.0.1"),
        ("not a url", ""),
    ],
)
def test_registered_domain(url: str, domain: str) -> None:
    assert registered_domain(url) == domain
