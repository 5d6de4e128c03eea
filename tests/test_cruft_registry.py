"""The rule tables: well formed, and every row fired by some invented fixture (cf. fundus's registry test)."""

from functools import cache

import pytest
from fixtures.texts.cases import load, names, problems

from cleaners.rules.tables import ALL_RULES, RULE_TABLES, SCOPES

MULTILINGUAL = ("comments", "newsletter", "related", "share", "spam", "reading_time")
LANGUAGES = {"en", "de", "pt", "fr", "es"}


@cache
def fired() -> frozenset[str]:
    return frozenset(r.rule for name in names() for r in load(name).clean().removed)


@pytest.mark.parametrize("rule", [r.name for r in ALL_RULES])
def test_every_rule_fires_on_some_fixture(rule: str) -> None:
    assert rule in fired(), f"no fixture in tests/fixtures/texts fires {rule}"


@pytest.mark.parametrize("name", names())
def test_every_fixture_is_clean(name: str) -> None:
    assert problems(load(name)) == []


def test_names_are_unique_and_prefixed_by_their_kind() -> None:
    seen = [r.name for r in ALL_RULES]
    assert len(seen) == len(set(seen))
    for kind, rules in RULE_TABLES.items():
        assert all(r.kind == kind and r.name.startswith(f"{kind}.") for r in rules)
        assert all(r.scope in SCOPES for r in rules)


@pytest.mark.parametrize("kind", MULTILINGUAL)
def test_language_specific_rows_cover_five_languages(kind: str) -> None:
    for rule in RULE_TABLES[kind]:
        if rule.languages != ("any",):
            assert LANGUAGES <= set(rule.languages), rule.name


def test_end_of_article_markers_are_short_standalone_blocks() -> None:
    assert all(r.max_chars <= 80 for r in ALL_RULES if r.scope == "tail")


@pytest.mark.parametrize("rule", [r for r in ALL_RULES if r.needs], ids=lambda r: r.name)
def test_needs_hold_on_every_fixture_line_the_pattern_matches(rule) -> None:
    """A rule's ``needs`` prefilter never hides a match: every fixture line its
    pattern matches holds one of the needed strings (and they are lower-case)."""
    from cleaners.rules.engine import fold

    assert all(word == word.lower() for word in rule.needs)
    lines = [line.strip() for name in names() for line in load(name).text.splitlines()]
    matched = [line for line in lines if rule.pattern.fullmatch(fold(line))]
    assert matched, f"no fixture line matches {rule.name}"
    assert [line for line in matched if not any(w in fold(line).lower() for w in rule.needs)] == []
