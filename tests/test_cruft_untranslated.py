"""Untranslated fragments: bracketed spans, word runs and paragraphs in another script or language."""

import pytest
from fixtures.texts.cases import load, names, problems

from cleaners import Block
from cleaners.rules.untranslated import remove_foreign


@pytest.mark.parametrize("name", names("untranslated_"))
def test_fixture(name: str) -> None:
    assert problems(load(name)) == []


ENGLISH = [
    Block("The mayor said the new bridge would open in the spring, weeks ahead of plan."),
    Block("Engineers said the steel for the deck had arrived from the mill on time."),
]


def test_bracket_span_is_cut_and_the_quote_joined() -> None:
    block = Block("\u201cWe will open it [мы откроем его]before May,\u201d the mayor said.")
    result = remove_foreign([*ENGLISH, block], language="en")
    assert result.kept[-1].text == "\u201cWe will open it before May,\u201d the mayor said."
    assert [(r.kind, r.rule) for r in result.removed] == [("untranslated", "untranslated.bracket_span")]


def test_latin_bracket_span_stays() -> None:
    block = Block("He called it [sic] a triumph, the report said.")
    assert remove_foreign([*ENGLISH, block], language="en").removed == []


def test_single_foreign_words_stay() -> None:
    block = Block("Residents call the square Площадь, the old name, and the café Кафе.")
    assert remove_foreign([*ENGLISH, block], language="en").removed == []


def test_whole_paragraph_in_other_language_same_script() -> None:
    german = Block("Die Brücke soll im Frühjahr eröffnet werden, sagte der Bürgermeister am Dienstag.")
    result = remove_foreign([*ENGLISH, german], language="en")
    assert [r.rule for r in result.removed] == ["untranslated.language_block"]


def test_repeated_foreign_word_is_not_a_language() -> None:
    block = Block("The hit of the summer was Peggy Lu with \u201cNa Na Na (Na Na)\u201d again.")
    assert remove_foreign([*ENGLISH, block], language="en").removed == []


def test_no_majority_script_removes_nothing() -> None:
    blocks = [Block("Hello there friends"), Block("Привет дорогие друзья")]
    assert remove_foreign(blocks, language=None).removed == []
