"""Comment sections and prompts: "Leave a Reply", "N comments", "Comments are closed", "Recent Comments"."""

import pytest
from fixtures.texts.cases import load, names, problems

from cleaners.rules.engine import match_block


@pytest.mark.parametrize("name", names("comments_"))
def test_fixture(name: str) -> None:
    assert problems(load(name)) == []


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Add a Comment", "comments.prompt"),
        ("Leave a Reply", "comments.prompt"),
        ("Kommentar schreiben", "comments.prompt"),
        ("Deixe um comentário", "comments.prompt"),
        ("Laisser un commentaire", "comments.prompt"),
        ("Deja un comentario", "comments.prompt"),
        ("Comments", "comments.heading"),
        ("Commentaires", "comments.heading"),
        ("Recent Comments", "comments.recent"),
        ("Neueste Kommentare", "comments.recent"),
        ("Comentários recentes", "comments.recent"),
        ("3 Comments", "comments.count"),
        ("12 Kommentare", "comments.count"),
        ("5 commentaires", "comments.count"),
        ("Comments are closed.", "comments.closed"),
        ("Kommentare sind geschlossen", "comments.closed"),
        ("Os comentários estão fechados.", "comments.closed"),
        ("Les commentaires sont fermés.", "comments.closed"),
    ],
)
def test_prompts(line: str, rule: str) -> None:
    found = match_block(line)
    assert found is not None and found.name == rule


@pytest.mark.parametrize(
    "line",
    ["The ministry received 400 comments during the consultation.", "Comments from residents were mixed."],
)
def test_article_sentences_stay(line: str) -> None:
    assert match_block(line) is None
