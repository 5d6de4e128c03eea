"""Teasers: "Most Popular", "Related", "Read more:", "You may also like", "More:", "Also on <site>"."""

import pytest
from fixtures.texts.cases import load, names, problems

from cleaners import Block
from cleaners.rules.engine import match_block, remove_cruft


@pytest.mark.parametrize("name", names("related_"))
def test_fixture(name: str) -> None:
    assert problems(load(name)) == []


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Most Popular", "related.most_popular"),
        ("Meistgelesen", "related.most_popular"),
        ("Mais lidas", "related.most_popular"),
        ("Les plus lus", "related.most_popular"),
        ("Lo más leído", "related.most_popular"),
        ("RELATED ARTICLES", "related.related_articles"),
        ("Mehr zum Thema", "related.related_articles"),
        ("Notícias relacionadas", "related.related_articles"),
        ("Sur le même sujet", "related.related_articles"),
        ("Noticias relacionadas", "related.related_articles"),
        ("You may also like", "related.you_may_also_like"),
        ("Das könnte Sie auch interessieren", "related.you_may_also_like"),
        ("Você também pode gostar", "related.you_may_also_like"),
        ("Vous aimerez aussi", "related.you_may_also_like"),
        ("También te puede interesar", "related.you_may_also_like"),
        ("Read More", "related.read_more"),
        ("Read more: Storm closes schools", "related.read_more"),
        ("Weiterlesen", "related.read_more"),
        ("Leia também: Chuva alaga o centro", "related.read_more"),
        ("Lire la suite", "related.read_more"),
        ("Leer más", "related.read_more"),
        ("More:", "related.more"),
        ("Siehe auch: Neue Brücke", "related.more"),
        ("Also on The Daily Example", "related.also_on"),
    ],
)
def test_markers(line: str, rule: str) -> None:
    found = match_block(line)
    assert found is not None and found.name == rule


@pytest.mark.parametrize(
    "line",
    [
        "Read more about the plan in the annex.",
        "Read more: the report runs to 300 pages.",
        "Also on Monday, the mayor resigned.",
        "Most popular among voters was the plan to extend the night bus service to the airport, "
        "which polled at 61 percent in the city's own survey of residents last winter.",
        "Related issues were discussed at the meeting, the minister said.",
    ],
)
def test_article_sentences_stay(line: str) -> None:
    assert match_block(line) is None


def test_tail_cut_takes_everything_after_the_marker() -> None:
    article = [Block(f"Paragraph {n} of the article, long enough to count as text here.") for n in range(6)]
    blocks = [*article, Block("Most Popular"), Block("Teaser one"), Block("Teaser two")]
    result = remove_cruft(blocks)
    assert result.kept == article
    assert [r.rule for r in result.removed] == ["related.most_popular"] * 3
    assert result.notes == []


def test_valve_keeps_the_article_when_the_cut_would_take_most_of_it() -> None:
    long = "This paragraph is part of the article and is long enough to matter to the valve."
    # A teaser title right under the marker: the marker is no subheading of the text.
    blocks = [Block("Short lead."), Block("Related Articles", locator="div.x"), Block("Ferry fares rise")]
    blocks += [Block(long), Block(long + " More.")]
    result = remove_cruft(blocks)
    assert [b.text for b in result.kept] == ["Short lead.", "Ferry fares rise", long, long + " More."]
    assert [r.text for r in result.removed] == ["Related Articles"]
    assert result.notes and result.notes[0].startswith("tail_valve related.related_articles at div.x")


def test_quotes_are_never_markers() -> None:
    result = remove_cruft([Block("Text of the article."), Block("Most popular", "quote")])
    assert result.removed == []


def test_teaser_stops_at_a_sentence() -> None:
    blocks = [Block("Read more"), Block("Storm closes schools"), Block("The storm closed schools."),
              Block("Another headline")]
    result = remove_cruft(blocks)
    assert [b.text for b in result.kept] == ["The storm closed schools.", "Another headline"]
