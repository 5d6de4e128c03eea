"""The lexicon tables: unique row names, each phrase row fires on an example
of its own and stays quiet on a near miss (invented text)."""

from __future__ import annotations

import pytest

from scraper.scoring import lexicons as lx
from scraper.scoring import score_article

# row group -> (sentence where it fires, near miss where it must not)
EXAMPLES: dict[str, tuple[str, str]] = {
    "verification__not_been_verified": ("The footage has not been verified.", "The footage has been shown twice."),
    "verification__unable_to_verify": ("We were unable to verify the account.", "We were unable to find the pier."),
    "verification__cannot_confirm": ("The ministry could not confirm the toll.", "The ministry could not open the gate."),
    "verification__unverified_adjective": ("Unconfirmed posts spoke of a fire.", "Confirmed bookings rose."),
    "verification__doubts_truth": ("The mayor was sceptical about the accuracy of the count.",
                                   "The mayor was sceptical about the new tram."),
    "verification__yet_to_be_verified": ("The figures are yet to be verified.", "The figures are yet to be printed."),
    "verification__passive_confirmed": ("The death was confirmed by the coroner.",
                                        "Her booking was confirmed by text message."),
    "verification__rejected_claims": ("The club rejected the allegations.", "The judge dismissed the charges."),
    "verification__disputed_passive": ("The toll is disputed.", "The toll is published."),
    "verification__conflicting_accounts": ("There were conflicting accounts of the blast.", "There were accounts of the blast."),
    "hedge__reportedly": ("The tanker was reportedly hijacked.", "The tanker was hijacked."),
    "hedge__appears_to": ("The leak appears to be growing.", "The leak appears on the map."),
    "speculative__impersonal_judgement": ("It is hard to believe the council knew nothing.",
                                          "It is hard to park near the council."),
    "speculative__likely_to": ("The tax is likely to hurt bakers.", "The tax hurt bakers."),
    "speculative__undoubtedly": ("The plan will undoubtedly fail.", "The plan failed."),
    "loaded__elites": ("The elites ignored the town.", "Elite runners crossed the town."),
    "loaded__despot": ("The despot jailed the poets.", "The former dictator Augusto Pinochet died in 2006."),
}


def test_rows_have_unique_names() -> None:
    for table in (lx.VERIFICATION, lx.HEDGES, lx.SPECULATIVE, lx.LOADED, lx.SECONDHAND_PHRASES,
                  lx.BY_REQUEST_PHRASES, lx.DESCRIBED_PHRASES, lx.NOT_CUE_FRAMES):
        names = [r.name for r in table]
        assert len(names) == len(set(names))
    assert len({v.name for v in lx.REPORTING_VERBS}) == len(lx.REPORTING_VERBS)


@pytest.mark.parametrize("row", sorted(EXAMPLES))
def test_row_fires_on_its_example_and_not_on_its_near_miss(row: str) -> None:
    hit, miss = EXAMPLES[row]
    assert row in {e.rule for e in score_article(hit).evidence}
    assert row not in {e.rule for e in score_article(miss).evidence}


@pytest.mark.parametrize("text", [
    "Cyclists are obliged to report it.", "Tenants must explain the delay.", "Two clerks were indicted over it.",
    "The vote followed weeks of talks.", "The grant would help the museum to explain the wreck.",
    "Staff are not authorised to comment.",
])
def test_every_not_cue_frame_holds_a_gate_word(text: str) -> None:
    from scraper.scoring.features import tokenize
    from scraper.scoring.rules import NOT_CUE_ROWS

    matched = [g for g, rx, _ in NOT_CUE_ROWS if rx.search(text)]
    assert matched, text
    lows = tokenize(text, 0, len(text)).lows
    assert all(not lx.NOT_CUE_WORDS[g.split("__")[1]].isdisjoint(lows) for g in matched)
    assert set(lx.NOT_CUE_WORDS) == {r.name for r in lx.NOT_CUE_FRAMES}
