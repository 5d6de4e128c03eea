"""Contact-the-reporter lines."""

import pytest
from fixtures.texts.cases import load, names, problems

from cleaners.rules.engine import match_block


@pytest.mark.parametrize("name", names("contact_"))
def test_fixture(name: str) -> None:
    assert problems(load(name)) == []


@pytest.mark.parametrize(
    "line",
    ["Email the author: lea@example.com", "Write to Lea Park at lea.park@example.com",
     "Got a tip? Email us at tips@example.com", "Kontakt zur Autorin: lea@example.de"],
)
def test_contact_lines(line: str) -> None:
    found = match_block(line)
    assert found is not None and found.name == "contact.reporter"


def test_sentence_about_contacting_someone_stays() -> None:
    assert match_block("Police asked witnesses to contact them at the station on Mill Street.") is None
