"""Duplicated headline and captions: a line repeated, a caption repeating the headline in other case."""

import pytest
from fixtures.texts.cases import load, names, problems

from cleaners import Block
from cleaners.rules.engine import remove_cruft


@pytest.mark.parametrize("name", names("duplicates_"))
def test_fixture(name: str) -> None:
    assert problems(load(name)) == []


def test_caption_repeated_anywhere_goes_but_paragraphs_only_when_adjacent() -> None:
    blocks = [
        Block("Photo: River at dawn", "caption"),
        Block("The river rose by two metres overnight, the agency said."),
        Block("Photo: River at dawn", "caption"),
        Block("It rose.", "p"),
        Block("Officials met in the morning."),
        Block("It rose.", "p"),
    ]
    result = remove_cruft(blocks, title="Flood warning")
    assert [b.text for b in result.kept] == [
        "Photo: River at dawn",
        "The river rose by two metres overnight, the agency said.",
        "It rose.",
        "Officials met in the morning.",
        "It rose.",
    ]
    assert [(r.rule, r.text) for r in result.removed] == [("duplicate.repeated", "Photo: River at dawn")]


def test_headline_repeat_with_other_quotes_and_case() -> None:
    result = remove_cruft([Block("MAYOR’S PLAN FAILS."), Block("Text.")], title="Mayor's plan fails")
    assert [r.rule for r in result.removed] == ["duplicate.title"]
