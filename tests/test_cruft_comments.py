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


from cleaners.rules.engine import remove_cruft  # noqa: E402
from cleaners.document import Block  # noqa: E402

_STORY = [
    Block("The harbour council voted on Tuesday to close the old ferry pier for repairs, "
          "a decision that fishermen had asked for since the storms of last winter."),
    Block("Repairs are expected to take until the end of the summer, officials said."),
]


@pytest.mark.parametrize("heading", [Block("WHAT IS THE PIER TRUST?"), Block("About the pier trust", "h")])
def test_tail_cut_stops_at_a_factbox_heading(heading: Block) -> None:
    """An end marker cuts the comment prompt under it, but not a following
    section (its own heading and bullet points) that no rule matches."""
    factbox = [heading, Block("Founded by dock workers in 1921", "li"),
               Block("Owns three piers and a slipway", "li")]
    blocks = [*_STORY, Block("Have your say"), Block("Should the pier be rebuilt in stone"), *factbox]
    result = remove_cruft(blocks)
    assert [b.text for b in result.kept] == [b.text for b in _STORY + factbox]
    assert [r.rule for r in result.removed] == ["comments.prompt", "comments.prompt"]


def test_tail_cut_takes_a_heading_whose_section_is_cruft() -> None:
    """A heading followed by more markers goes with them (comment sections stay cut)."""
    blocks = [*_STORY, Block("Have your say"), Block("READER COMMENTS"), Block("Comments", "h"),
              Block("Leave a Reply")]
    result = remove_cruft(blocks)
    assert [b.text for b in result.kept] == [b.text for b in _STORY]
