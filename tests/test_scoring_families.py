"""Regression tests, one per failure family of issue #10 (invented text).

Each of these failed on the rule-only scorer that came before the learned
attribution model and the typed evidence.
"""

from __future__ import annotations

import pytest

from scraper.scoring import ArticleScore, Evidence, score_article, score_sources


def findings(text: str) -> list[Evidence]:
    return list(score_article(text).evidence)


def kinds(text: str) -> set[str]:
    return {e.kind for e in findings(text)}


@pytest.mark.parametrize("text", [
    "Why did the harbour master say nothing about the leak?",
    "Did the council tell anyone that the pier was unsafe?",
])
def test_a_question_is_no_attribution(text: str) -> None:
    assert not {k for k in kinds(text) if k.startswith("attribution.")}


@pytest.mark.parametrize("text", [
    "Nobody told the ferry crew that the pier had been shut.",
    "Everyone said the festival was the best in years.",
])
def test_a_capitalised_sentence_start_is_no_named_source(text: str) -> None:
    assert "attribution.named" not in kinds(text)


def test_an_acronym_is_not_a_clause_word() -> None:
    text = "The WHO said the new vaccine was safe for children."
    named = [e for e in findings(text) if e.kind == "attribution.named"]
    assert named and "WHO" in named[0].speaker
    assert text[named[0].source_start : named[0].source_end] == "The WHO"
    assert text[named[0].cue_start : named[0].cue_end] == "said"


def test_a_quote_said_by_a_relative_with_a_name_is_attributed() -> None:
    text = "“We lost the boat and the nets in one night,” said his mother, Ana Costa."
    found = findings(text)
    assert "quote.orphan" not in {e.kind for e in found}
    quote = [e for e in found if e.kind == "quote.attributed"]
    assert quote and quote[0].speaker == "Ana Costa"


@pytest.mark.parametrize("text", [
    "The spokesman, who asked not to be named, said the talks had stalled.",
    "A ministry official, speaking on condition of anonymity, said the audit was late.",
])
def test_anonymous_by_request_is_not_named(text: str) -> None:
    found = [e for e in findings(text) if e.kind.startswith("attribution.")]
    assert found and all(e.kind == "attribution.anonymous" for e in found)
    assert any(e.source_type == "anonymous" for e in found)


@pytest.mark.parametrize("text", [
    "The magistrate denied him bail.",
    "The judge dismissed the charges against the skipper.",
    "The senate confirmed her as judge on Tuesday.",
    "The consulate denied her a visa last spring.",
])
def test_court_outcomes_are_not_verification(text: str) -> None:
    assert not {k for k in kinds(text) if k.startswith("verification.")}


@pytest.mark.parametrize("text", [
    "Customers may apply online from Monday.",
    "Pupils may bring a packed lunch on the trip.",
    "Visitors might need a permit to park near the castle.",
])
def test_service_sentences_are_not_unsupported_assertions(text: str) -> None:
    assert "assertion.unsupported" not in kinds(text)


@pytest.mark.parametrize("text", [
    "Engineers blasted the rock to widen the channel.",
    "Elite runners finished the course in under three hours.",
    "The former dictator Augusto Pinochet died in 2006.",
])
def test_plain_words_are_not_loaded_language(text: str) -> None:
    assert "loaded" not in kinds(text)


def test_loaded_words_still_fire_in_their_loaded_use() -> None:
    assert "loaded" in kinds("The coastal elites ignored the fishermen again.")
    assert "loaded" in kinds("The dictator's henchmen broke up the march.")


def test_a_study_in_a_journal_is_a_document_not_an_outlet() -> None:
    found = findings("A study in The Lancet found that the drug cut deaths by a third.")
    ks = {e.kind for e in found}
    assert "attribution.document" in ks and "attribution.secondhand" not in ks
    assert any(e.source_type == "document" for e in found)


def test_an_outlet_is_known_by_its_masthead_shape() -> None:
    found = findings("The Harbour Tribune reported that the ferry would be sold.")
    assert any(e.kind == "attribution.secondhand" and e.source_type == "outlet" for e in found)


def test_outlet_score_does_not_depend_on_other_outlets() -> None:
    good = score_article("Mayor Ines Duarte said the bridge had been inspected. The port authority "
                         "confirmed that the vessel sank, its director said.")
    poor = score_article("The bridge is likely to collapse. The corrupt elites do not care. "
                         "“Nobody will fix it.”")
    alone = score_sources([("a.example", good), ("a.example", poor)])["a.example"]
    crowd = score_sources([("a.example", good), ("a.example", poor)] + [("b.example", poor)] * 30)["a.example"]
    assert (alone.score, alone.low, alone.high) == (crowd.score, crowd.low, crowd.high)


def test_a_named_speaker_for_a_quote_scores_above_an_orphan_quote() -> None:
    base = "The lock on the east quay will close for a month. "
    tied = score_article(base + "“Nobody told us it would take so long,” said skipper Ana Costa.")
    orphan = score_article(base + "“Nobody told us it would take so long.”")
    assert tied.score is not None and orphan.score is not None
    assert tied.score > orphan.score


def test_non_english_text_is_not_scored_and_left_out_of_outlets() -> None:
    german = ("Der Bürgermeister sagte am Montag, dass die Brücke im Mai wieder geöffnet werde. "
              "Die Arbeiten an der Brücke hätten länger gedauert, als die Stadt es erwartet habe, "
              "und die Kosten seien deutlich gestiegen.")
    art = score_article(german)
    assert art.language_supported is False and art.score is None
    assert art.to_dict()["language_supported"] is False
    assert ArticleScore.from_dict(art.to_dict()).score is None
    english = score_article("Mayor Ines Duarte said the bridge would reopen in May.")
    out = score_sources([("a.example", english), ("a.example", art)])["a.example"]
    assert out.articles == 1 and out.unsupported == 1
    assert score_article("Die Brücke ist zu.", language="de").language_supported is False
