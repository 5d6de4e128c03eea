"""Hostile feeds and sitemaps, parsed in-process: entity bombs are never expanded,
damaged XML is a ListingError (a failure record) and never any other exception."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest

from scraper.discovery.listings import ListingError, parse_feed, parse_sitemap

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "hostile"


def _fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes().replace(b"{{BASE}}", b"http://news.test")


def _bounded(run: object) -> list[object] | str:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.monotonic()
    try:
        result: list[object] | str = list(run())  # type: ignore[operator]
    except ListingError as exc:
        result = f"ListingError: {exc}"
    assert time.monotonic() - start < 1.0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB
    return result


@pytest.mark.parametrize(("name", "parse"), [
    ("sitemap-bomb.xml", parse_sitemap), ("feed-bomb.xml", parse_feed),
])
def test_entity_bomb_is_not_expanded(name: str, parse: object) -> None:
    result = _bounded(lambda: parse(_fixture(name)))  # type: ignore[operator]
    # No entries (the <loc> holds only the unexpanded reference), or a ListingError
    # (libxml2 stops at its amplification limit): a failure record, never a blow-up.
    assert result == [] or (isinstance(result, str) and result.startswith("ListingError"))


@pytest.mark.parametrize("parse", [parse_sitemap, parse_feed])
def test_bomb_hidden_behind_padding_is_not_expanded(parse: object) -> None:
    # A DTD pushed past the cheap scan by a long comment: lxml still must not expand it.
    body = _fixture("sitemap-bomb.xml" if parse is parse_sitemap else "feed-bomb.xml")
    decl_end = body.index(b"?>") + 2
    padded = body[:decl_end] + b"<!--" + b"x" * 70_000 + b"-->" + body[decl_end:]
    result = _bounded(lambda: parse(padded))  # type: ignore[operator]
    if isinstance(result, list):
        assert all(len(getattr(e, "url", "")) < 200 for e in result)


def test_broken_feed_is_a_listing_error() -> None:
    with pytest.raises(ListingError):
        parse_feed(_fixture("broken-feed.xml"))


@pytest.mark.parametrize("body", [b"", b"\x00" * 100, b"%PDF-1.4", b"<rss", b"\xff\xfe<\x00r\x00"])
def test_garbage_listing_never_raises_other_errors(body: bytes) -> None:
    for parse in (parse_feed, lambda b: list(parse_sitemap(b))):
        try:
            parse(body)
        except ListingError:
            pass
