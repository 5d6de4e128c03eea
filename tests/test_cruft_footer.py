"""Copyright lines and author-bio footers."""

import pytest
from fixtures.texts.cases import load, names, problems

from cleaners import Block
from cleaners.rules.engine import match_block, remove_cruft


@pytest.mark.parametrize("name", names("footer_"))
def test_fixture(name: str) -> None:
    assert problems(load(name)) == []


@pytest.mark.parametrize(
    "line",
    ["© 2024 Example Media Ltd", "Copyright © 2023 Example", "(c) 2022 Example News Group",
     "Tous droits réservés", "Todos los derechos reservados."],
)
def test_copyright(line: str) -> None:
    found = match_block(line)
    assert found is not None and found.name == "footer.copyright"


def test_copyright_law_sentence_stays() -> None:
    assert match_block("Copyright law was reformed in 2019.") is None


def test_bio_goes_only_at_the_end() -> None:
    bio = "Lea Park is a correspondent for The Example Post based in Seoul."
    body = [Block("The article says something that matters to readers.")]
    middle = remove_cruft([Block(bio), *body])
    end = remove_cruft([*body, Block(bio)])
    assert middle.removed == []
    assert [r.rule for r in end.removed] == ["footer.author_bio"]
    assert end.kept == body
