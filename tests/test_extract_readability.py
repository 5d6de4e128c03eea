"""The faster stand-ins for readability-lxml internals behave as upstream's."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from lxml.etree import tostring
from readability import Document
from readability.readability import REGEXES, clean

from cleaners.extraction.readability import _cleaned_length, _keyword_search, _TreeDocument
from cleaners.html.decode import decode_html
from cleaners.html.tree import parse_html


def test_keyword_search_folds_case_like_re_for_every_code_point() -> None:
    letters = "abcdefghijklmnopqrstuvwxyz-"
    upstream = re.compile("|".join(letters), re.IGNORECASE)
    ours = _keyword_search(upstream)
    mismatches = [hex(c) for c in range(sys.maxunicode + 1)
                  if ours(chr(c)) != (upstream.search(chr(c)) is not None)]
    assert mismatches == []


@pytest.mark.parametrize("name", ["unlikelyCandidatesRe", "okMaybeItsACandidateRe",
                                  "negativeRe", "positiveRe"])
@pytest.mark.parametrize("text", ["site-FOOTER", "SıdEbar", "ſponſor", "ad-brea\u212a", "\u0130nfo",
                                  "main-content", "nothing here", ""])
def test_keyword_search_matches_upstream_patterns(name: str, text: str) -> None:
    upstream = REGEXES[name]
    assert _keyword_search(upstream)(text) == (upstream.search(text) is not None)


@pytest.mark.parametrize("text", ["", "  a  ", "a\tb", "a \n b", "a\u00a0\u00a0b", "x" * 300,
                                  " \u2003" * 200 + "end", "a, b,\tc", "\t\t", "\n"])
def test_cleaned_length_is_upstream_clean_length(text: str) -> None:
    assert _cleaned_length(text) == len(clean(text))


PAGES = sorted((Path(__file__).parent / "fixtures").rglob("*.html"))


def _documents(path: Path) -> tuple[Document, Document]:
    tree = parse_html(decode_html(path.read_bytes()))
    assert tree is not None
    ours = _TreeDocument(tree)
    upstream = _TreeDocument(tree)
    ours.html, upstream.html = ours._parse(tree), upstream._parse(tree)
    return ours, upstream


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_overridden_passes_leave_the_tree_as_upstream_does(path: Path) -> None:
    ours, upstream = _documents(path)
    for name in ("remove_unlikely_candidates", "transform_misused_divs_into_paragraphs"):
        getattr(ours, name)()
        getattr(Document, name)(upstream)
        assert tostring(ours.html) == tostring(upstream.html), name


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_overridden_scoring_gives_upstream_scores(path: Path) -> None:
    ours, upstream = _documents(path)
    ours_scores = {ours.html.getroottree().getpath(e): c["content_score"]
                   for e, c in ours.score_paragraphs().items()}
    upstream_candidates = Document.score_paragraphs(upstream)
    # upstream's link density is ours (overridden on purpose): only the rest is compared
    assert ours_scores == {upstream.html.getroottree().getpath(e): c["content_score"]
                           for e, c in upstream_candidates.items()}
    assert all(ours.class_weight(e) == Document.class_weight(upstream, e)
               for e in upstream.html.iter("*"))


# Unlikely candidates that upstream keeps: inside code, or holding the article.
_GUARDED = """<html><body>
<div class="sidebar">Links to other pages of the site</div>
<pre><div class="sidebar">code sample that stays</div></pre>
<p><code><span class="comment-marker">x = 1</span></code></p>
<div class="comment-area"><article><p>The article body sits in a badly named box.</p></article></div>
<div id="footer-box"><main><p>Main text under a footer-named wrapper.</p></main></div>
<div class="disqus"><math><mi>x</mi></math></div>
<div class="shoutbox">Share this page</div>
</body></html>"""


def test_unlikely_candidates_guarded_as_upstream_does() -> None:
    tree = parse_html(_GUARDED)
    assert tree is not None
    ours, upstream = _TreeDocument(tree), _TreeDocument(tree)
    ours.html, upstream.html = ours._parse(tree), upstream._parse(tree)
    ours.remove_unlikely_candidates()
    Document.remove_unlikely_candidates(upstream)
    assert tostring(ours.html) == tostring(upstream.html)
    kept = tostring(ours.html, encoding="unicode")
    assert "code sample that stays" in kept and "badly named box" in kept and "<mi>" in kept
    assert "Links to other pages" not in kept and "Share this page" not in kept
