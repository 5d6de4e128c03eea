"""The lexicon tables of ``lexicons.py``, compiled once at import.

Each table becomes one alternation with one named group per row, so a
sentence is scanned once per table and ``match.lastgroup`` names the row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from scraper.scoring import lexicons as lx

__all__ = [
    "BY_REQUEST_RX",
    "DESCRIBED_RX",
    "HEDGE_RX",
    "LOADED_RX",
    "OUTLET_RX",
    "ROW_KIND",
    "SECONDHAND_RX",
    "SPECULATIVE_RX",
    "TITLE_CUE_RX",
    "VERB_BY_FORM",
    "VERIFICATION_RX",
    "gated",
    "iter_rows",
]

ROW_KIND: dict[str, str] = {}


def _group(table: str, name: str) -> str:
    return f"{table}__{name}"


def _compile_rows(table: str, rows: Sequence[lx.Row]) -> re.Pattern[str]:
    parts = []
    for row in rows:
        group = _group(table, row.name)
        ROW_KIND[group] = row.kind
        parts.append(f"(?P<{group}>{row.pattern})")
    return re.compile("|".join(parts), re.IGNORECASE)


_GATES = {table: re.compile("|".join(map(re.escape, words))) for table, words in lx.TRIGGERS.items()}


def gated(table: str, lowered: str) -> bool:
    """Can ``table`` match a sentence whose lower-cased text is ``lowered``?
    (one C-level search for any of the table's trigger substrings)"""
    return _GATES[table].search(lowered) is not None


def iter_rows(rx: re.Pattern[str], text: str, pos: int = 0, endpos: int | None = None) -> Iterator[tuple[str, re.Match[str]]]:
    """Yield ``(row group name, match)`` for every match of a compiled table."""
    for m in rx.finditer(text, pos, len(text) if endpos is None else endpos):
        if m.lastgroup is not None:
            yield m.lastgroup, m


BY_REQUEST_RX = _compile_rows("by_request", lx.BY_REQUEST_PHRASES)
DESCRIBED_RX = _compile_rows("described", lx.DESCRIBED_PHRASES)
SECONDHAND_RX = _compile_rows("secondhand", lx.SECONDHAND_PHRASES)
VERIFICATION_RX = _compile_rows("verification", lx.VERIFICATION)
HEDGE_RX = _compile_rows("hedge", lx.HEDGES)
SPECULATIVE_RX = _compile_rows("speculative", lx.SPECULATIVE)
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
