"""Metadata leaking into text: a leading "date 2023-05-26 " prefix, date lines."""

import pytest
from fixtures.texts.cases import load, names, problems

from cleaners import Block, clean_text
from cleaners.rules.engine import remove_cruft, strip_prefixes


@pytest.mark.parametrize("name", names("metadata_"))
def test_fixture(name: str) -> None:
    assert problems(load(name)) == []


def test_prefix_is_stripped_and_the_paragraph_kept() -> None:
    result = remove_cruft([Block("date 2023-05-26 On Thursday the council met.", locator="line 1")])
    assert [b.text for b in result.kept] == ["On Thursday the council met."]
    assert [(r.rule, r.text, r.locator) for r in result.removed] == [
        ("metadata.date_prefix", "date 2023-05-26", "line 1")
    ]
    assert result.published == "2023-05-26"


@pytest.mark.parametrize(
    "text",
    ["Published: 2024-01-02T10:00:00Z Rain fell.", "Datum: 2024-01-02 Es regnete.", "fecha 2024-01-02 Llovió."],
)
def test_prefix_variants(text: str) -> None:
    rest, stripped = strip_prefixes(text)
    assert stripped and stripped[0][0].name == "metadata.date_prefix"
    assert rest and not rest[0].isdigit()


def test_date_in_a_sentence_is_not_a_prefix() -> None:
    assert strip_prefixes("On 2023-05-26 the council met.")[1] == []


def test_plain_text_without_headline_line() -> None:
    doc = clean_text("date 2023-05-26 A paragraph that opens the dump. It has two sentences.\nMore text.")
    assert doc.title is None
    assert doc.paragraphs[0].startswith("A paragraph that opens the dump.")
    assert doc.published == "2023-05-26"
