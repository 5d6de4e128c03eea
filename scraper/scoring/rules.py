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
from typing import Any

from scraper.scoring import lexicons as lx

try:  # Python 3.11+; the parser is not a public API: if it moves, no table gets the shared \b
    from re import _constants as _sre, _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre
    import sre_parse as _sre_parse

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


_REPEATS = tuple(getattr(_sre, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
                 if hasattr(_sre, name))
_ATOMIC = getattr(_sre, "ATOMIC_GROUP", None)


def _starts_at_boundary(items: Any) -> bool:
    """Whether every match of the parsed sequence ``items`` begins at ``\\b``."""
    if not items:
        return False
    op, av = items[0]
    if op == _sre.AT:
        return bool(av == _sre.AT_BOUNDARY)
    if op == _sre.BRANCH:
        return all(_starts_at_boundary(branch) for branch in av[1])
    if op == _sre.SUBPATTERN:
        _group, add, _delete, inner = av
        # (?a:\b) and (?L:\b) are other boundaries than the table's own
        return not add & (re.ASCII | re.LOCALE) and _starts_at_boundary(inner)
    if op in _REPEATS:
        low, _high, inner = av
        return low >= 1 and _starts_at_boundary(inner)  # an optional group may be skipped
    if _ATOMIC is not None and op == _ATOMIC:
        return _starts_at_boundary(av)
    return False  # a lookaround, another anchor, a character


def starts_at_word_boundary(pattern: str) -> bool:
    """Can a match of ``pattern`` only start at a word boundary? True when
    its parse tree (the standard library's own) opens with ``\\b`` on every
    branch, through groups that are not optional; a conservative test:
    False says nothing."""
    try:
        return _starts_at_boundary(_sre_parse.parse(pattern))
    except (re.error, RecursionError, AttributeError, TypeError, ValueError):
        return False


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
