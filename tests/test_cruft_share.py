"""Share prompts and rows of social network names."""

import pytest
from fixtures.texts.cases import load, names, problems

from cleaners.rules.engine import match_block


@pytest.mark.parametrize("name", names("share_"))
def test_fixture(name: str) -> None:
    assert problems(load(name)) == []


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Share", "share.prompt"),
        ("Share on Facebook", "share.prompt"),
        ("Artikel teilen", "share.prompt"),
        ("Compartilhar", "share.prompt"),
        ("Partager cet article", "share.prompt"),
        ("Compartir", "share.prompt"),
        ("Facebook | Twitter | LinkedIn", "share.networks"),
    ],
)
def test_prompts(line: str, rule: str) -> None:
    found = match_block(line)
    assert found is not None and found.name == rule


@pytest.mark.parametrize("line", ["Shares fell 3 percent.", "Share prices rose on Tuesday after the results."])
def test_article_sentences_stay(line: str) -> None:
    assert match_block(line) is None
