"""The faster stand-ins for readability-lxml internals behave as upstream's."""

from __future__ import annotations

import re
import sys

import pytest
from readability.readability import REGEXES, clean

from cleaners.extract_readability import _cleaned_length, _keyword_search


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
