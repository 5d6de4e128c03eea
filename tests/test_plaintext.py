"""Plain-text mode: headline detection, header cruft, end-of-article markers."""

import pytest

from cleaners import CleanDocument, InputError, clean_text


def test_first_line_is_the_headline() -> None:
    doc = clean_text("Storm closes schools\n\nSchools in the valley closed on Monday because of the storm.")
    assert doc.title == "Storm closes schools"
    assert doc.text == "Schools in the valley closed on Monday because of the storm."


def test_headline_after_widgets_and_breadcrumb() -> None:
    doc = clean_text(
        "21 °C\nOslo\nMonday, May 5, 2025\nHomeNorwayStorm closes schools\nStorm closes schools\n"
        "Schools in the valley closed on Monday because of the storm."
    )
    assert doc.title == "Storm closes schools"
    assert [r.rule for r in doc.removed] == [
        "widget.temperature", "widget.city", "widget.dateline", "breadcrumb.run_in"]
    assert [r.locator for r in doc.removed] == ["line 1", "line 2", "line 3", "line 4"]


def test_a_paragraph_is_not_taken_as_headline() -> None:
    text = "Schools closed on Monday. The storm was the worst in a decade, forecasters said.\nMore text here."
    doc = clean_text(text)
    assert doc.title is None
    assert doc.paragraphs[0].startswith("Schools closed on Monday.")


@pytest.mark.parametrize("marker", ["Most Popular", "Related Articles", "Recent Comments", "Add a Comment"])
def test_everything_after_an_end_marker_goes(marker: str) -> None:
    body = "\n".join(f"Paragraph {n} of the story, with enough words to be article text." for n in range(5))
    doc = clean_text(f"Headline here\n{body}\n{marker}\nTeaser headline one\nTeaser text two.")
    assert doc.text == body
    assert "Teaser" not in doc.text


def test_read_more_at_the_end() -> None:
    doc = clean_text("Headline here\nThe article says one thing and then another.\nRead More")
    assert doc.text == "The article says one thing and then another."


def test_empty_and_whitespace() -> None:
    for text in ("", "   \n\n\t"):
        doc = clean_text(text)
        assert isinstance(doc, CleanDocument)
        assert doc.text == "" and doc.title is None and doc.rejection == "no_article_text"


def test_not_a_string() -> None:
    with pytest.raises(InputError):
        clean_text(b"bytes")  # type: ignore[arg-type]


def test_to_dict_carries_notes() -> None:
    assert clean_text("Headline\nText of the article.").to_dict()["notes"] == []
