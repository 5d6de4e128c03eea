"""The title search of the trafilatura adapter returns what trafilatura's own
``metadata.extract_title`` returns (two of its XPath walks are done in one pass
over the headings), on invented pages that reach each of its steps."""

from __future__ import annotations

import pytest
from trafilatura.metadata import extract_title as upstream_extract_title
from trafilatura.xpaths import TITLE_XPATHS

from cleaners.extraction.trafilatura import extract_title
from cleaners.html.tree import parse_html

_P = "<p>Body text of the story, long enough to be a paragraph of its own.</p>"
PAGES = {
    "one_h1": "<h1>Harbour Reopens After Storm</h1>" + _P,
    "entry_title_h2": ('<h1>Site</h1><h1>Other</h1><h2 class="entry-title">Mayor Signs Budget</h2>'
                       '<h2 id="headline-x">Later Headline</h2>' + _P),
    "headline_id": '<h1>A</h1><h1>B</h1><h2 id="main-headline">Rail Strike Called Off</h2>' + _P,
    "itemprop": '<h1>A</h1><h1 itemprop="headline">Museum Buys Painting</h1>' + _P,
    "too_short_then_next": ('<h1>A</h1><h1>B</h1><h2 class="post-title">ab</h2>'
                            '<div class="entry-title">School Year Starts Early</div>' + _P),
    "exact_class_div": '<h1>A</h1><h1>B</h1><span class="post-title">Ferry Timetable Changes</span>' + _P,
    "h3_title_class": ('<h1>A</h1><h1>B</h1><h3 class="story-title">Farmers Count the Cost</h3>'
                       '<h2 id="subtitle">Second Candidate Here</h2>' + _P),
    "h2_title_id_first": ('<h1>A</h1><h1>B</h1><h2 id="subtitle">Second Candidate Here</h2>'
                          '<h3 class="story-title">Farmers Count the Cost</h3>' + _P),
    "too_long": ('<h1>A</h1><h1>B</h1><h2 class="headline">' + "word " * 60 + "</h2>"
                 '<h3 class="title">Short Title Wins</h3>' + _P),
    "title_tag": "<title>Bridge Vote Delayed | Example Gazette</title><h1>A</h1><h1>B</h1>" + _P,
    "title_tag_dots": "<title>www.example.com</title><h1></h1><h1>Second H1 Heading</h1>" + _P,
    "h2_fallback": "<title>a.b</title><h2>Only A Subheading</h2>" + _P,
    "nothing": "<title></title>" + _P,
}


def _page(body: str) -> str:
    head, _, rest = body.partition("</title>")
    if rest:
        return f"<html><head>{head}</title></head><body>{rest}</body></html>"
    return f"<html><head></head><body>{body}</body></html>"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_title_is_upstreams(name: str) -> None:
    html = _page(PAGES[name])
    assert extract_title(parse_html(html)) == upstream_extract_title(parse_html(html))


def test_the_pages_reach_different_titles() -> None:
    titles = {upstream_extract_title(parse_html(_page(body))) for body in PAGES.values()}
    assert len(titles) >= 10


def test_upstream_expressions_are_the_ones_reimplemented() -> None:
    # A change upstream fails here first: re-check extract_title in the adapter.
    paths = [" ".join(x.path.split()) for x in TITLE_XPATHS]
    assert paths == [
        "//*[self::h1 or self::h2][ re:test(@class, '(?:post-|entry-|article-|post__)title|headline') or"
        " contains(@id, 'headline') or contains(@itemprop, 'headline')]",
        "//*[@class='entry-title' or @class='post-title']",
        "//*[self::h1 or self::h2 or self::h3][ contains(@class, 'title') or contains(@id, 'title')]",
    ]
