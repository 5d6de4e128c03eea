"""The direction each finding is allowed to move the outlet score, fixed by what it means.

``tools/fit_outlet_formula.py`` fits only the size of each weight: a feature
marked ``+1`` can only raise the score, ``-1`` only lower it. Fixing the
direction from meaning, not from the 41 rated outlets, leaves fewer free
parameters and a formula whose every weight says what its name says.

Two tables, both written from meaning:

- ``strict``: every feature has a direction.
- ``clear``: only the features whose direction a style guide settles; the
  five marked ``0`` pull both ways in real reporting, so their direction is
  left to the fit.

Honesty note: both tables were written after the old free fit's weights had
been seen (and ``clear``'s free rows after the features' rank correlations
with the ratings on all 41 outlets had been looked at), so the fit script
lets the inner cross-validation choose between them inside each training
fold instead of taking either as given.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["SIGN_TABLES", "SignRow", "sign_table"]


class SignRow(NamedTuple):
    feature: str
    strict: int  # +1 raises the score, -1 lowers it
    clear: int  # the same, 0 where the direction is left to the fit
    reason: str


SIGNS: tuple[SignRow, ...] = (
    SignRow("attribution.named", +1, +1, "a claim tied to a named person or body can be checked and answered for"),
    SignRow("attribution.anonymous", +1, 0,
            "a described source is still a source, but one the reader cannot check: guides discourage it"),
    SignRow("attribution.secondhand", -1, -1, "passing on another outlet's report instead of reporting it"),
    SignRow("attribution.document", +1, +1, "a document or study the reader can look up"),
    SignRow("attribution.unresolved", -1, 0,
            "a cue whose source is not written nearby: vague sourcing, or only a gap of the detector"),
    SignRow("quote.attributed", +1, +1, "the exact words, tied to who said them"),
    SignRow("quote.orphan", -1, -1, "words in quotation marks that nobody is said to have said"),
    SignRow("verification.confirmed", +1, +1, "the outlet says what was checked and by whom"),
    SignRow("verification.unverified", -1, 0,
            "'could not be verified': open about a gap, but also a claim relayed unchecked"),
    SignRow("verification.denied", +1, 0,
            "the party concerned got its reply in, but denials also mark accusations being relayed"),
    SignRow("verification.disputed", +1, +1, "the reader is told that a claim is contested"),
    SignRow("hedge", -1, -1, "'reportedly', 'allegedly': a claim passed on at arm's length"),
    SignRow("loaded", -1, -1, "emotive wording in the outlet's own voice"),
    SignRow("assertion.unsupported", -1, -1, "the writer's own judgement, with no source"),
    SignRow("assertion.speculative", -1, 0,
            "the writer's own forecast: speculation in a news story, but also the stuff of analysis"),
)

SIGN_TABLES: tuple[str, ...] = ("strict", "clear")


def sign_table(name: str) -> dict[str, int]:
    """Feature -> allowed direction (+1, -1, or 0 for either) of table ``name``."""
    if name not in SIGN_TABLES:
        raise ValueError(f"unknown sign table {name!r} (one of {', '.join(SIGN_TABLES)})")
    return {row.feature: getattr(row, name) for row in SIGNS}
