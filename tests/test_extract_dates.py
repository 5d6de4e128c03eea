"""The date search run in place (cleaners.extraction.dates) finds what htmldate's
``find_date`` finds, without the copy, on invented pages that reach each of its steps."""

from __future__ import annotations

import pytest
from htmldate import find_date
from trafilatura.settings import set_date_params

from cleaners.extraction.dates import find_date_in_place
from cleaners.extraction.meta import page_date, page_meta
from cleaners.html.tree import parse_html

_BODY = "<p>The council met on Tuesday to discuss the new bridge over the river.</p>"
PAGES = {
    "url": ("<html><body>" + _BODY + "</body></html>", "https://news.example/2021/03/14/bridge-vote"),
    "meta": ('<html><head><meta property="article:published_time" content="2019-07-02T10:00:00Z">'
             "</head><body>" + _BODY + "</body></html>", None),
    "json_ld": ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
                '"datePublished": "2018-11-05"}</script></head><body>' + _BODY + "</body></html>", None),
    "abbr": ('<html><body><abbr class="published" title="2017-04-09">April 9</abbr>' + _BODY
             + "</body></html>", None),
    "date_class": ('<html><body><div class="post-date">Posted 12 May 2016</div>' + _BODY
                   + "</body></html>", None),
    "time": ('<html><body><time datetime="2015-08-21" class="stamp">Aug 21</time>' + _BODY
             + "</body></html>", None),
    "timestamp_text": ("<html><body>" + _BODY + "<span>2014-02-03 11:22:33</span></body></html>", None),
    "loose_text": ("<html><body>" + _BODY + "<span>filed 2013-06-07</span></body></html>", None),
    "canonical": ('<html><head><link rel="canonical" href="https://news.example/2012/10/01/story">'
                  "</head><body>" + _BODY + "</body></html>", None),
    "script_only": ('<html><body><script>var d = "2011-01-01 10:00:00";</script>' + _BODY
                    + "</body></html>", None),
    "none": ("<html><body>" + _BODY + "</body></html>", None),
    "video_only": ('<html><body><video><p>2010-09-09 08:00:00</p></video>' + _BODY
                   + "</body></html>", None),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_in_place_search_finds_what_find_date_finds(name: str) -> None:
    html, url = PAGES[name]
    params = set_date_params(False)
    expected = find_date(parse_html(html), **{**params, "url": url})
    got = find_date_in_place(parse_html(html), url=url, original_date=params["original_date"],
                             max_date=params["max_date"])
    assert got == expected


def test_the_pages_reach_different_outcomes() -> None:
    # The comparison above means something only if the pages are dated differently.
    params = set_date_params(False)
    found = {find_date(parse_html(h), **{**params, "url": u}) for h, u in PAGES.values()}
    assert len(found) >= 6 and None in found


def test_page_meta_without_date_leaves_it_to_page_date() -> None:
    html, url = PAGES["meta"]
    tree = parse_html(html)
    meta = page_meta(tree, url, date=False)
    assert meta.published is None and meta.dated
    assert page_meta(parse_html(html), url).published == page_date(tree, meta) == "2019-07-02"


def test_page_meta_with_date_leaves_the_tree_whole() -> None:
    html, url = PAGES["none"]
    html = html.replace("<body>", "<body><video>clip</video>")
    tree = parse_html(html)
    assert page_meta(tree, url).published is None
    assert tree.find(".//video") is not None  # the search pruned its own copy


def test_page_date_prunes_the_tree_it_is_given() -> None:
    html, url = PAGES["none"]
    tree = parse_html(html.replace("<body>", "<body><video>clip</video>"))
    assert page_date(tree, page_meta(tree, url, date=False)) is None
    assert tree.find(".//video") is None
