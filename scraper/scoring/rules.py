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
    "gated",
    "iter_rows",
    "iter_verbs",
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


def gated(table: str, lowered: str) -> bool:
    """Can ``table`` match a sentence whose lower-cased text is ``lowered``?"""
    return any(t in lowered for t in lx.TRIGGERS[table])


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
_FIRST_WORD: dict[str, list[tuple[lx.Verb, str]]] = {}
for _verb in lx.REPORTING_VERBS:
    for _form in _verb.forms:
        _FIRST_WORD.setdefault(_form.split("\\s+")[0], []).append((_verb, _form))
_LOWER_WORD_RX = re.compile(r"[a-z]+")
_REST_RX = {form: re.compile(r"\s+" + form.split("\\s+", 1)[1] + r"(?![\w-])")
            for v in lx.REPORTING_VERBS for form in v.forms if "\\s+" in form}


class VerbMatch:
    """A reporting-verb occurrence (``start``/``end`` into the text)."""

    __slots__ = ("verb", "start", "end", "form")

    def __init__(self, verb: lx.Verb, start: int, end: int, form: str) -> None:
        self.verb, self.start, self.end, self.form = verb, start, end, form


def iter_verbs(text: str, pos: int, endpos: int) -> Iterator[VerbMatch]:
    """Reporting verbs in ``text[pos:endpos]``: lower-case whole words looked
    up in a dict (multi-word forms like "pointed out" checked after)."""
    for m in _LOWER_WORD_RX.finditer(text, pos, endpos):
        cands = _FIRST_WORD.get(m.group())
        if not cands:
            continue
        a, b = m.start(), m.end()
        if (a and (text[a - 1].isalnum() or text[a - 1] in "-_")) or (b < len(text) and (text[b].isalnum() or text[b] in "-_")):
            continue
        for verb, form in cands:
            if "\\s+" in form:
                rest = _REST_RX[form].match(text, b, endpos)
                if rest:
                    yield VerbMatch(verb, a, rest.end(), form)
                    break
            else:
                yield VerbMatch(verb, a, b, form)
                break

OUTLET_RX = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(o) for o in sorted(lx.OUTLETS, key=len, reverse=True)) + r")(?![\w-])"
)

TITLE_CUE_RX = re.compile(
    r"(?:\b(?:" + "|".join(re.escape(c) for c in lx.TITLE_CUES) + r"))[\s,:]*$", re.IGNORECASE
)
