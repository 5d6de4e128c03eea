"""The lexicon tables of ``lexicons.py``, compiled once at import.

Each table becomes one alternation with one named group per row, so a
sentence is scanned once per table and ``match.lastgroup`` names the row;
the costlier tables (verification, hedges, speculation) are kept row by row
instead, each row tried only when its needed substrings occur.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence

from scraper.scoring import lexicons as lx

__all__ = [
    "BY_REQUEST_RX",
    "DESCRIBED_RX",
    "LOADED_RX",
    "NOT_CUE_ROWS",
    "NeededRow",
    "OUTLET_RX",
    "ROW_KIND",
    "SECONDHAND_RX",
    "TITLE_CUE_RX",
    "VERB_BY_FORM",
    "HEDGE_ROWS",
    "SPECULATIVE_ROWS",
    "VERIFICATION_ROWS",
    "GATE_SUBSTRINGS",
    "TRIGGER_SETS",
    "gated",
    "iter_needed_rows",
    "iter_rows",
    "substrings_by_sentence",
    "substrings_in",
]

ROW_KIND: dict[str, str] = {}


def _group(table: str, name: str) -> str:
    return f"{table}__{name}"


def _split(pattern: str) -> tuple[list[str], int]:
    """The top-level alternatives of ``pattern`` (split at each ``|`` outside
    every group and class), read up to the ``)`` that closes the group it
    opens in (or its end); and the index where reading stopped."""
    out, depth, i, n, last = [], 0, 0, len(pattern), 0
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":  # a class: up to its closing "]" ("]" first in it is a member)
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                i += 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                break
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[last:i])
            last = i + 1
        i += 1
    return out + [pattern[last:i]], i


def _branches(pattern: str) -> list[str]:
    """``pattern``'s top-level alternatives (one when it is no alternation)."""
    return _split(pattern)[0]


# a group opening a branch whose flags leave \b as it is: (  (?:  (?i:  (?-i:  (?P<name>
_QUANTIFIERS = frozenset("?*+{")
_GROUP_OPEN_RX = re.compile(r"\((?:\?(?:[imsx]*(?:-[imsx]+)?:|P<\w+>))?")


def starts_at_word_boundary(pattern: str) -> bool:
    """Can a match of ``pattern`` only start at a word boundary? True when
    each of its top-level alternatives opens with ``\\b``, or with a group
    of which that is true (a conservative test: False says nothing)."""
    for branch in _branches(pattern):
        if branch.startswith(r"\b"):
            if branch[2:3] in _QUANTIFIERS:
                return False
            continue
        opener = _GROUP_OPEN_RX.match(branch)
        if opener is None:
            return False
        inner, close = _split(branch[opener.end() :])
        after = branch[opener.end() + close + 1 : opener.end() + close + 2]
        if after in _QUANTIFIERS or not all(starts_at_word_boundary(b) for b in inner):
            return False  # an optional group ("(?:\\bx)?y") may be skipped
    return True


def _alternation(parts: Sequence[str], patterns: Sequence[str]) -> str:
    """``parts`` (two rows or more) as one alternation, behind one shared
    ``\\b`` when every row can only start at a word boundary: the engine then
    refuses a position inside a word with one test instead of one per row
    (the rows keep their own ``\\b``, so the matches are the same). A single
    row gains nothing from it."""
    body = "|".join(parts)
    return rf"\b(?:{body})" if all(map(starts_at_word_boundary, patterns)) else body


def _compile_rows(table: str, rows: Sequence[lx.Row]) -> re.Pattern[str]:
    parts = []
    for row in rows:
        group = _group(table, row.name)
        ROW_KIND[group] = row.kind
        parts.append(f"(?P<{group}>{row.pattern})")
    return re.compile(_alternation(parts, [r.pattern for r in rows]), re.IGNORECASE)


def gated(table: str, lowered: str) -> bool:
    """Can ``table`` match a sentence whose lower-cased text is ``lowered``?
    (substring tests: faster than one alternation regex for these lists)"""
    return any(map(lowered.__contains__, lx.TRIGGERS[table]))


#: Every trigger of a table gate (``lexicons.TRIGGERS``), once.
GATE_SUBSTRINGS: tuple[str, ...] = tuple(sorted({s for trig in lx.TRIGGERS.values() for s in trig}))
#: The triggers of each table as a set: the table can match a sentence when
#: one of them is among the sentence's :func:`substrings_in`.
TRIGGER_SETS: dict[str, frozenset[str]] = {table: frozenset(trig) for table, trig in lx.TRIGGERS.items()}
_NONE: frozenset[str] = frozenset()


def substrings_in(lowered: str) -> frozenset[str]:
    """The triggers that occur in ``lowered`` (one lower-cased sentence),
    tested one by one: the plain form of :func:`substrings_by_sentence`."""
    return frozenset(filter(lowered.__contains__, GATE_SUBSTRINGS))


def substrings_by_sentence(lowered: str, spans: Sequence[tuple[int, int]]) -> list[frozenset[str]]:
    """``[substrings_in(lowered[a:b]) for a, b in spans]`` for a whole
    lower-cased article and its sentences (in order, not overlapping), from
    one search of the article per trigger: each occurrence is given to the
    sentence that holds all of it. Most triggers occur nowhere in an
    article, so this costs about one ``in`` per trigger per article, not
    one per trigger per sentence."""
    starts = [a for a, _ in spans]
    found: dict[int, set[str]] = {}
    find = lowered.find
    for sub in filter(lowered.__contains__, GATE_SUBSTRINGS):  # the few in the article
        k = find(sub)
        while k >= 0:
            i = bisect.bisect_right(starts, k) - 1
            if i >= 0 and k + len(sub) <= spans[i][1]:
                found.setdefault(i, set()).add(sub)
            k = find(sub, k + 1)
    return [frozenset(found[i]) if i in found else _NONE for i in range(len(spans))]


def iter_rows(rx: re.Pattern[str], text: str, pos: int = 0, endpos: int | None = None) -> Iterator[tuple[str, re.Match[str]]]:
    """Yield ``(row group name, match)`` for every match of a compiled table."""
    for m in rx.finditer(text, pos, len(text) if endpos is None else endpos):
        if m.lastgroup is not None:
            yield m.lastgroup, m


BY_REQUEST_RX = _compile_rows("by_request", lx.BY_REQUEST_PHRASES)
DESCRIBED_RX = _compile_rows("described", lx.DESCRIBED_PHRASES)
SECONDHAND_RX = _compile_rows("secondhand", lx.SECONDHAND_PHRASES)
# the same rows one by one, each with the substrings it needs (lexicons.ROW_NEEDS)
NeededRow = tuple[str, re.Pattern[str], tuple[str, ...]]


def _needed_rows(table: str, rows: Sequence[lx.Row]) -> tuple[NeededRow, ...]:
    out = []
    for r in rows:
        group = _group(table, r.name)
        ROW_KIND[group] = r.kind
        out.append((group, re.compile(f"(?P<{group}>{r.pattern})", re.I), lx.ROW_NEEDS.get(r.name, ())))
    return tuple(out)


VERIFICATION_ROWS = _needed_rows("verification", lx.VERIFICATION)
HEDGE_ROWS = _needed_rows("hedge", lx.HEDGES)
SPECULATIVE_ROWS = _needed_rows("speculative", lx.SPECULATIVE)
NOT_CUE_ROWS = _needed_rows("not_cue", lx.NOT_CUE_FRAMES)


def iter_needed_rows(rows: Sequence[NeededRow], text: str, lowered: str,
                     pos: int, endpos: int) -> Iterator[tuple[str, re.Match[str]]]:
    """Like :func:`iter_rows`, trying only the rows whose needed substrings
    occur in ``lowered`` (matches in order of position)."""
    found: list[tuple[int, str, re.Match[str]]] = []
    for group, rx, needs in rows:
        if not needs or any(map(lowered.__contains__, needs)):
            found.extend((m.start(), group, m) for m in rx.finditer(text, pos, endpos))
    for _, group, m in sorted(found, key=lambda f: f[0]):
        yield group, m
LOADED_RX = _compile_rows("loaded", lx.LOADED)

# single-word forms -> their verb: what a cue the model found means ("denies": a denial)
VERB_BY_FORM: dict[str, lx.Verb] = {f: v for v in lx.REPORTING_VERBS for f in v.forms if "\\" not in f}

# A listed outlet, or a capitalised name ending in a masthead word ("The Daily Ledger").
OUTLET_RX = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(o) for o in sorted(lx.OUTLETS, key=len, reverse=True)) + r"|"
    r"(?:[A-Z][\w.&’'-]*\s+){1,3}(?:" + "|".join(lx.OUTLET_WORDS) + r"))(?![\w-])"
)

TITLE_CUE_RX = re.compile(
    r"(?:\b(?:" + "|".join(re.escape(c) for c in lx.TITLE_CUES) + r"))[\s,:]*$", re.IGNORECASE
)
