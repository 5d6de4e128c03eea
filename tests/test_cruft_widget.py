"""Weather and date widgets: "12.2 C", the city line under it, "Friday, April 26, 2024"."""

import pytest
from fixtures.texts.cases import load, names, problems

from cleaners.rules.engine import match_block


@pytest.mark.parametrize("name", names("widget_"))
def test_fixture(name: str) -> None:
    assert problems(load(name)) == []


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("12.2 C", "widget.temperature"),
        ("-3°C", "widget.temperature"),
        ("London 54 °F", "widget.temperature"),
        ("Friday, April 26, 2024", "widget.dateline"),
        ("Friday, 26 April 2024 | 10:32", "widget.dateline"),
        ("Freitag, 26. April 2024", "widget.dateline"),
        ("sexta-feira, 26 de abril de 2024", "widget.dateline"),
        ("vendredi 26 avril 2024", "widget.dateline"),
        ("viernes, 26 de abril de 2024", "widget.dateline"),
    ],
)
def test_widget_lines(line: str, rule: str) -> None:
    found = match_block(line)
    assert found is not None and found.name == rule


def test_city_line_only_right_after_a_temperature() -> None:
    assert match_block("London", prev_rule="widget.temperature") is not None
    assert match_block("London") is None
    assert match_block("St. Mary's School", prev_rule="widget.dateline") is None


@pytest.mark.parametrize(
    "line",
    [
        "14 comments",
        "The temperature fell to 4 C overnight, forecasters said.",
        "On Friday, April 26, 2024, the council met for the last time.",
        "Section 5",
    ],
)
def test_article_lines_are_not_widgets(line: str) -> None:
    found = match_block(line)
    assert found is None or not found.name.startswith("widget.")
