"""clean_html on invented fixture pages: what must stay, what must go, metadata.

Each ``tests/fixtures/html/<case>.html`` has a ``<case>.json`` with ``with``
snippets (must be in the text), ``without`` snippets (must not be), optional
``empty`` (the page holds no article) and the expected ``meta`` fields.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cleaners import clean_html
from cleaners.extraction.core import extract, reset_caches

FIXTURES = Path(__file__).parent / "fixtures" / "html"
CASES = sorted(p.stem for p in FIXTURES.glob("*.html"))


def _case(name: str) -> tuple[bytes, dict[str, Any]]:
    spec = json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))
    return (FIXTURES / f"{name}.html").read_bytes(), spec


def test_every_fixture_has_a_spec() -> None:
    assert CASES
    assert all((FIXTURES / f"{name}.json").exists() for name in CASES)


@pytest.mark.parametrize("name", CASES)
def test_snippets(name: str) -> None:
    html, spec = _case(name)
    text = clean_html(html).text
    missing = [s for s in spec["with"] if s not in text]
    leaked = [s for s in spec["without"] if s in text]
    assert not missing, f"lost: {missing}"
    assert not leaked, f"leaked: {leaked}"
    if spec.get("empty"):
        assert text == ""
    else:
        assert text


@pytest.mark.parametrize("name", CASES)
def test_metadata(name: str) -> None:
    html, spec = _case(name)
    doc = clean_html(html)
    got = {"title": doc.title, "authors": list(doc.authors), "published": doc.published,
           "language": doc.language}
    expected = spec["meta"]
    assert {k: got[k] for k in expected} == expected


def test_no_article_is_rejected_not_raised() -> None:
    html, _ = _case("section_front")
    doc = clean_html(html)
    assert doc.text == ""
    assert doc.rejection == "no_article_text"


def test_header_lines_are_recorded_as_removals() -> None:
    html, _ = _case("valley_gazette_2008")
    rules = {r.rule for r in clean_html(html).removed}
    assert {"duplicate.title", "byline.author", "dateline.date"} <= rules


def test_caption_is_recorded_with_locator() -> None:
    html, _ = _case("harbour_bridge")
    removed = extract(html).removed
    titles = [r for r in removed if r.rule == "duplicate.title"]
    assert titles and titles[0].locator and "h1" in titles[0].locator


def test_blocks_have_kinds_and_locators() -> None:
    html, _ = _case("harbour_bridge")
    blocks = extract(html).blocks
    assert {b.kind for b in blocks} <= {"p", "h", "li", "quote", "caption", "pre"}
    assert any(b.kind == "h" for b in blocks)
    assert any(b.locator and "story-body" in b.locator for b in blocks)


def test_reset_caches_keeps_results() -> None:
    html, _ = _case("harbour_bridge")
    before = clean_html(html)
    reset_caches()
    assert clean_html(html) == before
