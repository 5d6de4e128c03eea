"""Reading-time lines ("5 min read")."""

import pytest
from fixtures.texts.cases import load, names, problems

from cleaners.rules.engine import match_block


@pytest.mark.parametrize("name", names("reading_time"))
def test_fixture(name: str) -> None:
    assert problems(load(name)) == []


@pytest.mark.parametrize(
    "line",
    ["5 min read", "12-minute read", "Reading time: 4 minutes", "3 Min. Lesezeit", "Leitura: 4 min",
     "5 min de lecture", "Tiempo de lectura: 6 minutos"],
)
def test_lines(line: str) -> None:
    found = match_block(line)
    assert found is not None and found.name == "reading_time.minutes"


def test_minutes_in_a_sentence_stay() -> None:
    assert match_block("The walk takes 5 minutes.") is None
