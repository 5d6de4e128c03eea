"""Unit tests of the scoring stage: one block per kind, offsets, score range
and monotonicity, source aggregation, gold-set F1 floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.scoring import ArticleScore, Evidence, score_article, score_sources

GOLD = Path(__file__).parent / "data" / "gold_sentences.jsonl"


def kinds(text: str) -> set[str]:
    return {e.kind for e in score_article(text).evidence}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Harbour master Ines Duarte said the channel was dredged last year.", "attribution.named"),
        ("The water board announced that rates would rise.", "attribution.named"),
        ("“The pumps failed twice this week,” said engineer Tom Aalto.", "attribution.named"),
        ("Two officials said the audit had been delayed.", "attribution.anonymous"),
        ("A source familiar with the audit said it was finished.", "attribution.anonymous"),
        ("According to NYT, the audit was finished in May.", "attribution.secondhand"),
        ("Reuters reported that the audit was finished.", "attribution.secondhand"),
        ("Reports circulating on social media said the dam had burst.", "attribution.secondhand"),
        ("The photographs have not been verified.", "verification.unverified"),
        ("The board said it was skeptical of the veracity of these claims.", "verification.unverified"),
        ("The port authority confirmed that the vessel sank.", "verification.confirmed"),
        ("The water board denied any wrongdoing.", "verification.denied"),
        ("The casualty count is disputed.", "verification.disputed"),
        ("The tanker was reportedly hijacked.", "hedge"),
        ("It is difficult to assume that nobody knew.", "assertion.unsupported"),
        ("The new tax is likely to hurt bakers.", "assertion.unsupported"),
        ("The junta's thugs dispersed the march.", "loaded"),
    ],
)
def test_kind_fires(text: str, expected: str) -> None:
    assert expected in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "The said property was sold in 2001.",
        "That said, the season went well.",
        'The film "Heat" was shown at the cinema.',
        "Her booking was confirmed by text message.",
        "He was denied bail by the court.",
        "The baker added flour to the bowl.",
        "The bridge opened in 1990.",
    ],
)
def test_hard_negatives(text: str) -> None:
    assert kinds(text) == set()


def test_quote_attributed_and_orphan() -> None:
    art = score_article("“We will open the lock on Monday,” said Harbour Master Ines Duarte.")
    q = [e for e in art.evidence if e.kind == "quote.attributed"]
    assert q and q[0].speaker == "Harbour Master Ines Duarte"
    assert "quote.orphan" in kinds("“Nobody told us the lock would close for a month.”")


def test_quote_across_paragraphs_and_straight_marks() -> None:
    text = 'Ines Duarte said: "The lock is old.\n\n"It will need a new gate within two years, and nobody has paid for it."'
    ks = [e.kind for e in score_article(text).evidence if e.kind.startswith("quote.")]
    assert ks == ["quote.attributed", "quote.attributed"]


def test_scare_quotes_are_not_speech() -> None:
    assert not kinds("Residents called the plan “reckless” on Monday.") & {"quote.orphan", "quote.attributed"}


def test_pronoun_speaker_resolves() -> None:
    art = score_article("Mayor Ines Duarte spoke on Monday.\nShe said, “The lock opens at noon on every weekday.”")
    q = [e for e in art.evidence if e.kind == "quote.attributed"]
    assert q and q[0].speaker


def test_offsets_are_exact() -> None:
    for line in GOLD.read_text(encoding="utf-8").splitlines()[:120]:
        text = json.loads(line)["text"]
        for e in score_article(text).evidence:
            assert text[e.start : e.end] == e.text
            assert text[e.sentence_start : e.sentence_start + len(e.sentence)] == e.sentence


def test_evidence_roundtrip() -> None:
    art = score_article("The ministry said the photographs have not been verified.")
    again = ArticleScore.from_dict(art.to_dict())
    assert again.evidence == art.evidence
    assert Evidence.from_dict({"kind": "hedge", "start": 0, "end": 1, "text": "x"}).rule == ""


def test_score_range_and_monotonicity() -> None:
    base = "The bridge closed on Monday. Traffic was heavy. The new route is likely to be slow."
    better = base + " Mayor Ines Duarte confirmed that the bridge would reopen in May."
    a, b = score_article(base), score_article(better)
    assert 0.0 <= a.score <= 1.0 and 0.0 <= b.score <= 1.0
    assert b.score > a.score
    assert score_article("").score == pytest.approx(0.5)


def test_sources_shrinkage_and_interval() -> None:
    good = score_article("Mayor Ines Duarte said the bridge had been inspected. The inspection was confirmed by the ministry.")
    poor = score_article("The bridge is likely to collapse. The corrupt elites do not care.")
    pairs = [("few.example", good), ("few.example", good)] + [("many.example", good)] * 60 + [("poor.example", poor)] * 20
    out = score_sources(pairs)
    few, many = out["few.example"], out["many.example"]
    assert few.high - few.low > many.high - many.low
    assert few.low <= few.score <= few.high
    assert few.score < few.raw_mean  # shrunk toward the corpus mean
    assert out["poor.example"].score < many.score
    assert few.evidence and few.evidence[0][1].text  # whole sentences


def test_sources_accepts_urls() -> None:
    art = score_article("Mayor Ines Duarte said the bridge had been inspected.")
    out = score_sources([("a.example", art, "https://a.example/1")])
    assert out["a.example"].evidence[0][0] == "https://a.example/1"


def test_gold_set_f1_floors() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.scoring import evaluate, load_gold

    res = evaluate(load_gold(GOLD))
    assert res["attribution"][2] >= 0.95
    assert res["verification"][2] >= 0.95
    for kind, (_, _, f1, n) in res.items():
        assert f1 >= 0.90, kind


def test_scoring_does_not_import_scrapy() -> None:
    import subprocess
    import sys

    code = "import sys, scraper.scoring; print('scrapy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
