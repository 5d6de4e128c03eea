"""TemplateLearner: per-source boilerplate lines, bounded, serialisable."""

import json

import pytest
from fixtures.texts.cases import load, problems

from cleaners import Block, CleanOptions, clean_text
from cleaners.errors import CleanerError
from cleaners.rules.templates import TemplateLearner, normalise_line

NAV = ["World", "Sign up for the Example Briefing", "3 comments"]


def page(n: int) -> list[str]:
    return [*NAV[:2], f"{n + 2} comments", f"A unique article paragraph about {'abcdefghijklmnop'[n]} and nothing else."]


def test_fixture() -> None:
    assert problems(load("template_learned")) == []


def test_lines_on_most_pages_become_template() -> None:
    learner = TemplateLearner(min_pages=5)
    for n in range(6):
        learner.observe("example.com", page(n))
    template = learner.template_for("example.com")
    assert template == frozenset({"world", "sign up for the example briefing", "0 comments"})
    assert learner.template_for("other.example") == frozenset()


def test_needs_min_pages() -> None:
    learner = TemplateLearner(min_pages=5)
    for n in range(4):
        learner.observe("example.com", page(n))
    assert learner.template_for("example.com") == frozenset()


def test_needs_a_large_share_of_pages() -> None:
    learner = TemplateLearner(min_pages=2, min_share=0.5)
    for n in range(10):
        learner.observe("example.com", ["Sometimes"] if n < 3 else [f"Page {n} only has text {n}x"])
    assert "sometimes" not in learner.template_for("example.com")


def test_long_text_is_never_template() -> None:
    learner = TemplateLearner(min_pages=2, max_chars=50)
    long = "A long paragraph repeated on every page, far longer than the limit allows here."
    for _ in range(5):
        learner.observe("example.com", [long, Block("Menu")])
    assert learner.template_for("example.com") == frozenset({"menu"})


def test_memory_is_bounded() -> None:
    learner = TemplateLearner(min_pages=3, max_lines=50)
    for n in range(40):
        learner.observe("example.com", ["Menu", *[f"unique line {n}-{k}" for k in range(20)]])
    assert len(learner.to_dict()["sources"]["example.com"]["lines"]) <= 50
    assert "menu" in learner.template_for("example.com")


def test_round_trip_through_json() -> None:
    learner = TemplateLearner(min_pages=2)
    for n in range(3):
        learner.observe("example.com", page(n))
    again = TemplateLearner.from_dict(json.loads(json.dumps(learner.to_dict())))
    assert again.to_dict() == learner.to_dict()
    assert again.template_for("example.com") == learner.template_for("example.com")


@pytest.mark.parametrize("bad", [{}, {"min_pages": "x"}, {"min_pages": 1, "min_share": 0.5, "max_chars": 9,
                                                        "max_lines": 10, "sources": {"a": 3}}])
def test_from_dict_rejects_garbage(bad: dict[str, object]) -> None:
    with pytest.raises(CleanerError):
        TemplateLearner.from_dict(bad)


def test_cleaning_removes_template_lines_as_kind_template() -> None:
    learner = TemplateLearner(min_pages=2)
    for n in range(3):
        learner.observe("example.com", page(n))
    text = "Storm closes schools\nWorld\nSchools in the valley closed on Monday because of the storm.\n7 comments"
    doc = clean_text(text, options=CleanOptions(template=learner.template_for("example.com")))
    assert doc.text == "Schools in the valley closed on Monday because of the storm."
    assert {(r.kind, r.rule) for r in doc.removed} == {("template", "template.learned")}


def test_normalise_line() -> None:
    assert normalise_line("  Jane’s   12 Comments ") == "jane's 0 comments"
