"""Breadcrumbs: "Home > World", and a trail run into the headline ("HomeUSSome headline")."""

import pytest
from fixtures.texts.cases import load, names, problems

from cleaners.rules.engine import match_block


@pytest.mark.parametrize("name", names("breadcrumb_"))
def test_fixture(name: str) -> None:
    assert problems(load(name)) == []


@pytest.mark.parametrize(
    "line",
    ["Home > News > Politics", "Home / World", "Startseite » Wirtschaft", "Início > Mundo",
     "Accueil > International", "Portada / Deportes", "News › Local › Schools"],
)
def test_trails(line: str) -> None:
    found = match_block(line)
    assert found is not None and found.name == "breadcrumb.trail"


def test_run_in_needs_the_headline_after_it() -> None:
    line = "HomeUSStorm closes schools"
    found = match_block(line, neighbours=["Storm closes schools"])
    assert found is not None and found.name == "breadcrumb.run_in"
    assert match_block(line, neighbours=["Something else entirely"]) is None
    assert match_block("HomeKit hubs were recalled", neighbours=["Storm closes schools"]) is None
