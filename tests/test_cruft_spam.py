"""Spam-filter notices ("This site uses <a filter> to reduce spam...")."""

import pytest
from fixtures.texts.cases import load, names, problems

from cleaners.rules.engine import match_block


@pytest.mark.parametrize("name", names("spam_"))
def test_fixture(name: str) -> None:
    assert problems(load(name)) == []


@pytest.mark.parametrize(
    "line",
    ["Este site utiliza o Spamfilter Pro para combater spam. Saiba como seus dados são processados.",
     "Ce site utilise CleanTalk pour filtrer les spams. En savoir plus.",
     "Este sitio usa Antispam Bee para reducir el spam. Aprende cómo se procesan los datos."],
)
def test_filter_notice_languages(line: str) -> None:
    found = match_block(line)
    assert found is not None and found.name == "spam.filter_notice"


@pytest.mark.parametrize(
    "line",
    ["This website uses volunteers to reduce spam calls to the helpline, its founder said.",
     "The site uses cameras to reduce fly-tipping, the council said."],
)
def test_filter_notice_near_miss(line: str) -> None:
    found = match_block(line)
    assert found is None or not found.name.startswith("spam.")
