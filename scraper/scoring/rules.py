"""The lexicon tables of ``lexicons.py``, compiled once at import.

Each table becomes one alternation with one named group per row, so a
sentence is scanned once per table and ``match.lastgroup`` names the row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from scraper.scoring import lexicons as lx

__all__ = [
    "ANONYMOUS_RX",
    "HEDGE_RX",
    "LOADED_RX",
    "OUTLET_RX",
    "REPORTING_RX",
    "ROW_KIND",
    "SECONDHAND_RX",
    "SPECULATIVE_RX",
    "TITLE_CUE_RX",
    "VERB_BY_GROUP",
    "VERIFICATION_RX",
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


def iter_rows(rx: re.Pattern[str], text: str, pos: int = 0, endpos: int | None = None) -> Iterator[tuple[str, re.Match[str]]]:
    """Yield ``(row group name, match)`` for every match of a compiled table."""
    for m in rx.finditer(text, pos, len(text) if endpos is None else endpos):
        if m.lastgroup is not None:
            yield m.lastgroup, m


ANONYMOUS_RX = _compile_rows("anonymous", lx.ANONYMOUS_PHRASES)
SECONDHAND_RX = _compile_rows("secondhand", lx.SECONDHAND_PHRASES)
VERIFICATION_RX = _compile_rows("verification", lx.VERIFICATION)
HEDGE_RX = _compile_rows("hedge", lx.HEDGES)
SPECULATIVE_RX = _compile_rows("speculative", lx.SPECULATIVE)
LOADED_RX = _compile_rows("loaded", lx.LOADED)

VERB_BY_GROUP: dict[str, lx.Verb] = {}


def _compile_verbs() -> re.Pattern[str]:
    parts = []
    for verb in lx.REPORTING_VERBS:
        group = _group("verb", verb.name)
        VERB_BY_GROUP[group] = verb
        forms = sorted(verb.forms, key=len, reverse=True)
        parts.append(f"(?P<{group}>{'|'.join(forms)})")
    # lower-case only: "States" in "the United States" is not a verb
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")


REPORTING_RX = _compile_verbs()

OUTLET_RX = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(o) for o in sorted(lx.OUTLETS, key=len, reverse=True)) + r")(?![\w-])"
)

TITLE_CUE_RX = re.compile(
    r"(?:\b(?:" + "|".join(re.escape(c) for c in lx.TITLE_CUES) + r"))[\s,:]*$", re.IGNORECASE
)
