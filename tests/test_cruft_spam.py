"""Spam-filter notices ("This site uses Akismet to reduce spam...")."""

import pytest
from fixtures.texts.cases import load, names, problems

from cleaners.cruft import match_block


@pytest.mark.parametrize("name", names("spam_"))
def test_fixture(name: str) -> None:
    assert problems(load(name)) == []


@pytest.mark.parametrize(
    "line",
    ["Este site utiliza o Akismet para reduzir spam. Saiba como seus dados são processados.",
     "Ce site utilise Akismet pour réduire les indésirables. En savoir plus.",
     "Este sitio usa Akismet para reducir el spam. Aprende cómo se procesan los datos."],
)
def test_akismet_languages(line: str) -> None:
    found = match_block(line)
    assert found is not None and found.name == "spam.akismet"
