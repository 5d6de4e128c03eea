"""Real article text that cruft rules once deleted stays, in both modes.

Invented articles (``tests/fixtures/misfires``): subheadings that share a word
with an end marker ("Trending", "Comments", "Have your say") over story
paragraphs, a heatwave list of city readings, a Crime Stoppers appeal, a
subhead ending in "the EPA", French and German subheads with guillemets; and
the safety valve that restores a body the rules ate.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.misfires.pages import as_html, load, names

from cleaners import ExtractOptions, clean_html, clean_text

LANG = {"fr": "fr", "de": "de"}
HTML_FIXTURES = Path(__file__).parent / "fixtures" / "html"


def _lang(name: str) -> str:
    return LANG.get(name.rsplit("_", 1)[-1], "en")


@pytest.mark.parametrize("name", names())
def test_text_mode_keeps_it(name: str) -> None:
    text, spec = load(name)
    doc = clean_text(text)
    lost = [s for s in spec["kept"] if s not in doc.text]
    assert not lost, [(r.rule, r.text) for r in doc.removed]


@pytest.mark.parametrize("name", names())
def test_html_mode_keeps_it(name: str) -> None:
    text, spec = load(name)
    doc = clean_html(as_html(text, _lang(name)))
    lost = [s for s in spec["kept"] if s not in doc.text]
    assert not lost, [(r.rule, r.text) for r in doc.removed]


def test_subheadings_stay_with_a_note() -> None:
    text, _ = load("subheads_en")
    doc = clean_text(text)
    for heading in ("Trending", "Up next", "Comments", "Discussion", "Recommended", "Don't miss",
                    "Have your say"):
        assert heading in doc.paragraphs
    assert sum("heading_kept" in n for n in doc.notes) == 7


def test_end_marker_over_teasers_still_cuts() -> None:
    text, _ = load("subheads_en")
    body = text.split("Trending")[0]
    doc = clean_text(body + "Trending\nCouncil shuts pool for repairs\nNew mayor sworn in\n")
    assert "Council shuts pool" not in doc.text
    assert any(r.rule == "related.most_popular" for r in doc.removed)


def test_valve_restores_a_body_the_rules_ate() -> None:
    """With the caption size check off, the expandable container is taken for a
    caption again; the valve must bring the body back and say so."""
    no_size_check = ExtractOptions(caption_max_chars=10**9, caption_max_paragraphs=10**9)
    doc = clean_html((HTML_FIXTURES / "expandable_body.html").read_bytes(), extract_options=no_size_check)
    assert "The company blamed a packaging step" in doc.text
    assert doc.rejection is None
    assert any(n.startswith("rule_valve") and "caption.figure" in n for n in doc.notes)


def test_valve_leaves_a_section_front_empty() -> None:
    doc = clean_html((HTML_FIXTURES / "section_front.html").read_bytes())
    assert doc.text == ""
    assert not any(n.startswith("rule_valve") for n in doc.notes)
