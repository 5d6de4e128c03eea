"""The rules' first-character prefilter: sound, and the rule engine's answers unchanged.

:func:`cleaners.rules.prefilter.first_chars` may only ever let through too
much. The engine's candidate test is compared with the one it replaced (every
rule pattern as one alternation, the ``needs`` rules apart, then every rule
tried) on the fixture lines and on variants of them that start with other
characters: other cases, the letters ``re`` folds onto ASCII ones, Latin-1
and Latin Extended letters, digits, punctuation.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from fixtures.texts.cases import load, names

from cleaners.rules import engine
from cleaners.rules.engine import fold
from cleaners.rules.prefilter import first_chars
from cleaners.rules.tables import Rule


def _starts(pattern: str, text: str, flags: int = 0) -> bool | None:
    first = first_chars(re.compile(pattern, flags))
    return None if first is None else first.match(text) is not None


def test_literals_classes_and_optional_prefixes() -> None:
    assert _starts(r"(?:read|more)\s+x", "r") and _starts(r"(?:read|more)\s+x", "m")
    assert not _starts(r"(?:read|more)\s+x", "x")
    assert _starts(r"(?:the\s+)?most", "m") and _starts(r"(?:the\s+)?most", "t")
    assert not _starts(r"(?:the\s+)?most", "h")
    assert _starts(r"[a-c\d]x", "7") and not _starts(r"[a-c\d]x", "d")
    assert _starts(r"[^\W\d_]+", "é") and not _starts(r"[^\W\d_]+", "4")
    assert _starts(r"\d{0,3}z", "z") and not _starts(r"\d{0,3}z", "y")


def test_case_follows_the_pattern_and_its_scoped_flags() -> None:
    assert _starts("home", "H", re.IGNORECASE) and not _starts("home", "H")
    assert not _starts("(?-i:Home)x", "h", re.IGNORECASE) and _starts("(?-i:Home)x", "H", re.IGNORECASE)
    assert _starts("(?i:k)x", "\u212a")  # the Kelvin sign folds onto k, as in the pattern itself
    assert _starts("s", "\u017f", re.IGNORECASE)


def test_zero_width_items_are_skipped_and_unknowns_are_any() -> None:
    assert _starts(r"\b(?=a)(?!ab)a", "a") and not _starts(r"\b(?=a)a", "b")
    assert first_chars(re.compile(r".{0,9}rights")) is None  # any character
    assert first_chars(re.compile(r"(a)\1")) is not None
    assert first_chars(re.compile(r"(?:x)?")) is None  # matches the empty string
    assert first_chars(re.compile(r"(a)?(?(1)b|c)")) is None  # a conditional: not modelled


def _reference_any(rules: tuple[Rule, ...], folded: str) -> bool:
    """The engine's test before the prefilter: one alternation, the ``needs`` rules apart."""
    guarded = [r for r in rules if r.needs and r.pattern is not None]
    patterns = [r.pattern for r in rules if r.pattern is not None and r not in guarded]
    if len({p.flags for p in patterns}) != 1:
        return True
    alternation = _alternation(tuple(p.pattern for p in patterns), patterns[0].flags)
    if alternation.fullmatch(folded) is not None:
        return True
    lowered = folded.lower()
    return any(any(w in lowered for w in r.needs) and r.pattern.fullmatch(folded) for r in guarded)


@cache
def _alternation(sources: tuple[str, ...], flags: int) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{s})" for s in sources), flags)


def _reference_matching(rules: tuple[Rule, ...], folded: str) -> tuple[Rule, ...]:
    if not _reference_any(rules, folded):
        return ()
    return tuple(r for r in rules if len(folded) <= r.max_chars and r.pattern is not None
                 and r.pattern.fullmatch(folded))


_FIRSTS = ("\u212a", "\u017f", "\u0130", "\u0131", "\u00a0", "\u2013", "\u00bb", "\u00a9", "1", "(", "#", "")
_FIRSTS += tuple(chr(c) for c in range(0x20, 0x250) if chr(c).isprintable())


@cache
def _lines() -> list[str]:
    lines = {fold(line.strip()) for name in names() for line in load(name).text.splitlines()}
    lines = {line for line in lines if line and len(line) <= 300}
    variants = {v for line in lines for v in (line.upper(), line.lower(), line.title(), line.swapcase())}
    return sorted(lines | variants)


@pytest.mark.parametrize("which", ["usual", "every"])
def test_candidates_answer_as_the_alternation_did(which: str) -> None:
    alternation = engine._USUAL if which == "usual" else engine._every_rule()
    lines = _lines()
    fired = [line for line in lines if _reference_matching(alternation.rules, line)]
    assert len(fired) > 100  # the fixtures exercise the rules
    for line in lines:
        assert alternation.any(line) == _reference_any(alternation.rules, line), line
        assert alternation.matching(line) == _reference_matching(alternation.rules, line), line


@pytest.mark.parametrize("which", ["usual", "every"])
def test_other_first_characters_answer_as_the_alternation_did(which: str) -> None:
    """Lines that match a rule, with their first character swapped for others."""
    alternation = engine._USUAL if which == "usual" else engine._every_rule()
    fired = [line for line in _lines() if _reference_matching(alternation.rules, line)]
    shortest = sorted(fired, key=len)[:40] + [line for line in fired if line[:1].isdigit()][:10]
    for line in shortest:
        for first in _FIRSTS:
            for variant in (first + line[1:], first + line):
                assert alternation.matching(variant) == _reference_matching(alternation.rules, variant), variant


def test_the_prefilter_knows_most_rules() -> None:
    """A parser change that made every rule "unsure" would only cost time: catch it here."""
    unsure = [r.name for r in engine._USUAL.rules if first_chars(r.pattern) is None]
    assert len(unsure) <= 3, unsure
