"""The rules' first-character prefilter: sound, and the rule engine's answers unchanged.

:func:`cleaners.rules.prefilter.opening` may only ever let through too
much. The engine's candidate test is compared with the one it replaced (every
rule pattern as one alternation, the ``needs`` rules apart, then every rule
tried) on the fixture lines and on variants of them whose first or second
character is another: other cases, the letters ``re`` folds onto ASCII ones,
Latin-1 and Latin Extended letters, digits, punctuation.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from fixtures.texts.cases import load, names

from cleaners.rules import engine
from cleaners.rules.engine import fold
from cleaners.rules.prefilter import opening
from cleaners.rules.tables import Rule


def _admits(pattern: str, head: str, flags: int = 0) -> bool | None:
    found = opening(re.compile(pattern, flags))
    return None if found is None else found.admits(head)


def test_literals_classes_and_optional_prefixes() -> None:
    assert _admits(r"(?:read|more)\s+x", "re") and _admits(r"(?:read|more)\s+x", "mo")
    assert not _admits(r"(?:read|more)\s+x", "xr") and not _admits(r"(?:read|more)\s+x", "rx")
    assert _admits(r"(?:the\s+)?most", "mo") and _admits(r"(?:the\s+)?most", "th")
    assert not _admits(r"(?:the\s+)?most", "ht") and not _admits(r"(?:the\s+)?most", "tm")
    assert _admits(r"[a-c\d]x", "7x") and not _admits(r"[a-c\d]x", "dx") and not _admits(r"[a-c\d]x", "ay")
    assert _admits(r"[^\W\d_]+", "éa") and not _admits(r"[^\W\d_]+", "4a")
    assert _admits(r"\d{0,3}z", "z") and _admits(r"\d{0,3}z", "1z") and not _admits(r"\d{0,3}z", "y")


def test_second_characters_across_repeats_and_optional_parts() -> None:
    assert _admits(r"a?b?cd", "cd") and _admits(r"a?b?cd", "bc") and _admits(r"a?b?cd", "ac")
    assert not _admits(r"a?b?cd", "ae") and not _admits(r"a?b?cd", "ca")
    assert _admits(r"(?:ab|c)+d", "cc") and _admits(r"(?:ab|c)+d", "cd") and _admits(r"(?:ab|c)+d", "ca")
    assert not _admits(r"(?:ab|c)+d", "ae") and not _admits(r"(?:ab|c)+d", "ec")
    assert _admits(r"x{2}", "xx") and not _admits(r"x{2}", "xy")
    assert not _admits(r"xy", "x") and _admits(r"x?", "") and not _admits(r"x", "")


def test_case_follows_the_pattern_and_its_scoped_flags() -> None:
    assert _admits("home", "Ho", re.IGNORECASE) and not _admits("home", "Ho")
    assert not _admits("(?-i:Home)x", "ho", re.IGNORECASE) and _admits("(?-i:Home)x", "Ho", re.IGNORECASE)
    assert not _admits("(?-i:Home)x", "HO", re.IGNORECASE)
    assert _admits("(?i:k)x", "\u212ax") and not _admits("(?i:k)x", "\u212aX")  # the Kelvin sign folds onto k, as in the pattern itself
    assert _admits("st", "\u017fT", re.IGNORECASE)


def test_zero_width_items_are_skipped_and_unknowns_are_any() -> None:
    assert _admits(r"\b(?=a)(?!ab)ac", "ac") and not _admits(r"\b(?=a)ac", "bc")
    assert _admits(r".{0,9}rights", "\x01\x01") and _admits(r"a.{0,9}", "a\x01")  # any character
    assert not _admits(r"a.{0,9}", "b\x01")
    assert _admits(r"(a)\1", "a\x01") and not _admits(r"(a)\1", "b\x01")  # a back-reference: anything
    assert _admits(r"(a)?(?(1)b|c)", "\x01\x01")  # a conditional: not modelled


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
    """Lines that match a rule, with their first or second character swapped
    for others, or one put in front."""
    alternation = engine._USUAL if which == "usual" else engine._every_rule()
    fired = [line for line in _lines() if _reference_matching(alternation.rules, line)]
    shortest = sorted(fired, key=len)[:40] + [line for line in fired if line[:1].isdigit()][:10]
    for line in shortest:
        for first in _FIRSTS:
            for variant in (first + line[1:], first + line, line[:1] + first + line[2:], line[:1] + first + line[1:]):
                assert alternation.matching(variant) == _reference_matching(alternation.rules, variant), variant


def test_the_prefilter_knows_most_rules() -> None:
    """A parser change that made every rule "unsure" would only cost time: catch it here."""
    unsure = [r.name for r in engine._USUAL.rules
              if (found := opening(r.pattern)) is None or found.admits("\x01\x01")]
    assert len(unsure) <= 3, unsure
