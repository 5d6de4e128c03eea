"""Newsletter and subscription prompts."""

import pytest
from fixtures.texts.cases import load, names, problems

from cleaners.rules.engine import match_block


@pytest.mark.parametrize("name", names("newsletter_"))
def test_fixture(name: str) -> None:
    assert problems(load(name)) == []


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Sign up for our daily newsletter", "newsletter.signup"),
        ("Get the latest headlines delivered to your inbox every morning.", "newsletter.signup"),
        ("Jetzt Abo abschließen und weiterlesen", "newsletter.subscription"),
        ("Already a subscriber? Sign in", "newsletter.subscription"),
        ("Cet article est réservé aux abonnés.", "newsletter.subscription"),
        ("Conteúdo exclusivo para assinantes", "newsletter.subscription"),
    ],
)
def test_prompts(line: str, rule: str) -> None:
    found = match_block(line)
    assert found is not None and found.name == rule


def test_sentence_about_a_newsletter_stays() -> None:
    assert match_block("The newsletter, which has 40,000 subscribers, broke the story.") is None
