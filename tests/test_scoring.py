"""Unit tests of the scoring stage: one block per kind, typed evidence and its
offsets, score range, outlet aggregation and its interval."""

from __future__ import annotations

import pytest

from scraper.scoring import SOURCE_TYPES, ArticleScore, Evidence, score_article, score_sources
from scraper.scoring.article import FEATURES, formula

ARTICLE = (
    "Harbour master Ines Duarte said the channel was dredged last year. "
    "“The pumps failed twice this week,” said engineer Tom Aalto.\n\n"
    "Two officials said the audit had been delayed. According to the Harbour Tribune, the audit was "
    "finished in May. The photographs have not been verified. The tanker was reportedly hijacked."
)


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
        ("Rumours circulating online said the dam had burst.", "attribution.secondhand"),
        ("According to a survey of 400 skippers, most want a new pier.", "attribution.document"),
        ("The photographs have not been verified.", "verification.unverified"),
        ("The board said it was doubtful about the accuracy of the figures.", "verification.unverified"),
        ("The port authority confirmed that the vessel sank.", "verification.confirmed"),
        ("The water board denied any wrongdoing.", "verification.denied"),
        ("The casualty count is disputed.", "verification.disputed"),
        ("The tanker was reportedly hijacked.", "hedge"),
        ("It is hard to believe that nobody on the quay noticed.", "assertion.unsupported"),
        ("The new tax is likely to hurt bakers.", "assertion.speculative"),
        ("The new tax will undoubtedly hurt bakers.", "assertion.unsupported"),
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


def test_attribution_has_cue_source_and_type() -> None:
    art = score_article(ARTICLE)
    named = next(e for e in art.evidence if e.kind == "attribution.named")
    assert ARTICLE[named.cue_start : named.cue_end] == "said"
    assert ARTICLE[named.source_start : named.source_end] == "Harbour master Ines Duarte"
    assert named.source_type == "named" and named.source_type in SOURCE_TYPES
    outlet = next(e for e in art.evidence if e.kind == "attribution.secondhand")
    assert outlet.source_type == "outlet" and "Harbour Tribune" in outlet.speaker
    for e in art.evidence:
        assert ARTICLE[e.start : e.end] == e.text
        assert ARTICLE[e.sentence_start : e.sentence_start + len(e.sentence)] == e.sentence
        assert e.start <= e.cue_start <= e.cue_end <= e.end
        if e.source_start >= 0:
            assert e.start <= e.source_start < e.source_end <= e.end


def test_quote_attributed_and_orphan() -> None:
    art = score_article("“We will open the lock on Monday,” said Harbour Master Ines Duarte.")
    q = [e for e in art.evidence if e.kind == "quote.attributed"]
    assert q and q[0].speaker == "Harbour Master Ines Duarte"
    assert "quote.orphan" in kinds("“Nobody told us the lock would close for a month.”")


def test_quote_across_paragraphs_and_straight_marks() -> None:
    text = 'Ines Duarte said: "The lock is old.\n\n"It will need a new gate within two years, and nobody has paid for it."'
    ks = [e.kind for e in score_article(text).evidence if e.kind.startswith("quote.")]
    assert ks == ["quote.attributed", "quote.attributed"]


def test_transcript_speaker_labels_name_each_quotation() -> None:
    text = ('The council published the exchange on Friday.\n\n"ABADI: Will the ferry run in winter?\n\n'
            '"LINDQVIST: Only twice a week, and only if the harbour stays open.\n\n"ABADI: Thank you."')
    art = score_article(text)
    quotes = [(e.text[:10], e.speaker) for e in art.evidence if e.kind.startswith("quote.")]
    assert quotes == [('"ABADI: Wi', "Abadi"), ('"LINDQVIST', "Lindqvist"), ('"ABADI: Th', "Abadi")]
    cues = [text[e.cue_start:e.cue_end] for e in art.evidence if e.kind == "attribution.named"]
    assert cues == [":", ":", ":"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Councillor Brandt is insisting that the ferry will run all winter.", "Councillor Brandt"),
        ("Brandt has not mentioned the ferry since the vote.", "Brandt"),
        ("Ana Lindqvist has been telling residents that the harbour stays open.", "Ana Lindqvist"),
    ],
)
def test_a_source_before_an_auxiliary_or_negation_is_found(text: str, speaker: str) -> None:
    found = [e for e in score_article(text).evidence if e.kind == "attribution.named"]
    assert [e.speaker for e in found] == [speaker]


def test_a_passive_participle_keeps_its_subject_out_of_the_source() -> None:
    art = score_article("The song was written by a local choir after the flood.")
    assert not any(e.kind == "attribution.named" and e.speaker == "The song" for e in art.evidence)


def test_an_unknown_transcript_label_does_not_inherit_the_previous_speaker() -> None:
    text = '"LINDQVIST: Only twice a week.\n\n"HOST: Thank you."'
    speakers = [e.speaker for e in score_article(text).evidence if e.kind.startswith("quote.")]
    assert speakers[0] == "Lindqvist" and speakers[1] != "Lindqvist"


def test_scare_quotes_are_not_speech() -> None:
    assert not kinds("Residents called the plan “reckless” on Monday.") & {"quote.orphan", "quote.attributed"}


def test_pronoun_speaker_resolves_to_the_one_person_before() -> None:
    art = score_article("Mayor Ines Duarte spoke on Monday.\nShe said, “The lock opens at noon on every weekday.”")
    q = [e for e in art.evidence if e.kind == "quote.attributed"]
    assert q and q[0].speaker == "Mayor Ines Duarte"


def test_pronoun_without_antecedent_is_not_a_named_source() -> None:
    art = score_article("She said the lock would open at noon.")
    assert "attribution.named" not in {e.kind for e in art.evidence}


def test_evidence_roundtrip() -> None:
    art = score_article(ARTICLE)
    again = ArticleScore.from_dict(art.to_dict())
    assert again.evidence == art.evidence and again.score == pytest.approx(art.score, abs=1e-4)
    assert Evidence.from_dict({"kind": "hedge", "start": 0, "end": 1, "text": "x"}).rule == ""


def test_score_range_and_features() -> None:
    art = score_article(ARTICLE)
    assert art.score is not None and 0.0 <= art.score <= 1.0
    assert set(art.features) == set(FEATURES)
    assert all(0.0 <= v <= 1.0 for v in art.features.values())
    assert set(formula()["weights"]) == set(FEATURES)  # every weighted feature is a highlighted finding
    assert score_article("").score is None


def test_outlet_score_is_the_formula_on_the_share_of_all_its_sentences() -> None:
    """The profile pools the articles' sentences: each article's shares
    count in proportion to its sentences."""
    from scraper.scoring.article import score_features

    arts = [score_article(ARTICLE), score_article("The bridge is likely to collapse. The corrupt elites do not care.")]
    out = score_sources([("a.example", a) for a in arts])["a.example"]
    total = sum(a.sentences for a in arts)
    pooled = {f: sum(a.features[f] * a.sentences for a in arts) / total for f in FEATURES}
    assert out.features == pytest.approx(pooled)
    assert out.score == pytest.approx(score_features(pooled))
    assert out.low <= out.score <= out.high


def test_a_short_odd_article_weighs_by_its_sentences_not_as_one_article_in_two() -> None:
    """One loaded two-sentence piece beside a careful ten-sentence report: the
    loaded share of the outlet is 2 of 12 sentences, not the mean of 1.0 and 0."""
    careful = score_article(" ".join(f"Harbour master Ines Duarte said pier {i} was dredged last year." for i in range(10)))
    odd = score_article("The corrupt elites and their thugs ruined the harbour. The regime's puppets lie.")
    assert careful.sentences == 10 and odd.sentences == 2 and odd.features["loaded"] == 1.0
    assert careful.features["loaded"] == 0.0
    out = score_sources([("a.example", careful), ("a.example", odd)])["a.example"]
    assert out.features["loaded"] == pytest.approx(2 / 12)


def test_interval_narrows_with_more_articles_and_is_deterministic() -> None:
    good = score_article(ARTICLE)
    poor = score_article("The bridge is likely to collapse. The corrupt elites do not care.")
    few = [("s", good), ("s", poor)]
    many = few * 30
    a, b = score_sources(few)["s"], score_sources(many)["s"]
    assert b.high - b.low < a.high - a.low
    assert score_sources(few)["s"] == a
    one = score_sources([("s", good)])["s"]
    assert one.high - one.low > 0.05  # one article is not certainty


def test_sources_carry_url_and_title_with_evidence() -> None:
    art = score_article("Mayor Ines Duarte said the bridge had been inspected.")
    out = score_sources([("a.example", art, "https://a.example/1", "Bridge inspected")])
    ref = out["a.example"].evidence[0]
    assert (ref.url, ref.title) == ("https://a.example/1", "Bridge inspected")
    assert ref.evidence.kind == "attribution.named"


def test_scoring_does_not_import_scrapy_or_numeric_libraries() -> None:
    import subprocess
    import sys

    code = ("import sys, scraper.scoring as s; s.score_article('Ann Lee said so.'); "
            "print(sorted(m for m in ('scrapy', 'sklearn', 'numpy', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_model_tables_score_exactly_the_training_features() -> None:
    """The slot tables of the inference path sum the same weights as the
    feature strings the training script fits (no drift between the two)."""
    from scraper.scoring.features import cue_features, sentence_features, tokenize
    from scraper.scoring.model import load_model

    model = load_model()
    text = "“The gate is rusted,” the harbour master told reporters, adding that repairs had been promised."
    toks = tokenize(text, 0, len(text))
    want = sum(model.sentence_weights.get(f, 0.0) for f in sentence_features(toks.lows))
    assert model.sentence_logit(toks) == pytest.approx(want)
    for i in range(len(toks)):
        for in_quote in (False, True):
            want = sum(model.cue_weights.get(f, 0.0) for f in cue_features(toks, i, in_quote))
            assert model.cue_logit(toks, i, in_quote) == pytest.approx(want)


def test_a_quotation_carrying_on_the_previous_speaker_is_no_finding_of_its_own() -> None:
    """The second quotation holds no cue: it is the content of the first
    sentence's attribution (PolNeAR annotates it so), whose speaker is
    already credited; the sentence gets no finding. A quotation continued
    across a paragraph break still is one (test above)."""
    text = "“The lock will open on Monday,” said Harbour Master Ines Duarte. “The gates were tested twice.”"
    art = score_article(text)
    second = text.index("“The gates")
    assert [e.kind for e in art.evidence if e.kind.startswith("quote.")] == ["quote.attributed"]
    assert not [e for e in art.evidence if e.end > second]


def test_interval_of_a_large_outlet_resamples_groups_and_still_narrows() -> None:
    """Above BOOTSTRAP_MAX articles the bootstrap resamples fixed groups of
    articles: deterministic, and narrower than for fewer articles."""
    from scraper.scoring.sources import BOOTSTRAP_MAX

    good = score_article(ARTICLE)
    poor = score_article("The bridge is likely to collapse. The corrupt elites do not care.")
    mid = [("s", good), ("s", poor)] * 40
    big = [("s", good), ("s", poor)] * (BOOTSTRAP_MAX + 60)
    a, b = score_sources(mid)["s"], score_sources(big)["s"]
    assert b.low <= b.score <= b.high and b.high - b.low < a.high - a.low
    assert score_sources(big)["s"] == b


def test_position_is_the_mid_rank_among_the_fitted_outlets() -> None:
    from scraper.scoring.article import position

    knots = [[0.0, 0.25], [0.1, 0.6], [0.3, 1.0]]  # e.g. 0.0 held by two of five outlets
    assert position(0.0, knots) == 0.25 and position(-1.0, knots) == 0.25
    assert position(0.05, knots) == pytest.approx(0.425)
    assert position(0.3, knots) == 1.0 and position(0.9, knots) == 1.0


@pytest.mark.parametrize("n", [3, 9, 40])
def test_fit_and_run_time_compute_the_same_outlet_value(n: int) -> None:
    """tools/outlet_cv.py (numpy, what the formula is fitted with) and
    scraper.scoring (pure Python, what the crawl computes) agree on the
    pooled profile, the mid-rank knots and the formula's value."""
    np = pytest.importorskip("numpy")
    pytest.importorskip("scipy")
    from scraper.scoring.article import formula_value
    from scraper.scoring.sources import pooled_shares
    from tools.outlet_cv import Candidate, Data, fit, predict

    rng = np.random.RandomState(n)
    feats = {f"o{i}.example": [(dict(zip(FEATURES, map(float, rng.rand(len(FEATURES)) ** 3))), int(rng.randint(1, 60)))
                               for _ in range(n)] for i in range(12)}
    pc1 = {o: float(rng.rand()) for o in feats}
    data = Data(feats, pc1, FEATURES)
    f = fit(data, np.arange(8), Candidate(3.0, "pooled", "rank", "pairwise", "clear"))
    as_file = {"transform": "rank", "bias": f.bias, "weights": dict(zip(f.kinds, map(float, f.weights))),
               "knots": {k: [[float(v), float(r)] for v, r in zip(*kn)] for k, kn in zip(f.kinds, f.knots)}}
    want = predict(data, f, np.arange(12))
    for i, o in enumerate(feats):
        rows, sents = [a for a, _ in feats[o]], [m for _, m in feats[o]]
        assert [pooled_shares(rows, sents)[k] for k in FEATURES] == pytest.approx(list(data.profiles("pooled")[i]))
        assert formula_value(pooled_shares(rows, sents), as_file) == pytest.approx(float(want[i]))


def test_the_mean_of_the_chosen_formulas_ships_as_one_formula() -> None:
    """The fit averages the best candidates' predictions; the file holds
    one formula (their mean weights and bias over the same knots) that
    gives exactly that average at run time, and keeps the sign table of
    every member."""
    np = pytest.importorskip("numpy")
    pytest.importorskip("scipy")
    from scraper.scoring.article import formula_value
    from scraper.scoring.signs import sign_table
    from scraper.scoring.sources import pooled_shares
    from tools.fit_outlet_formula import loosest
    from tools.outlet_cv import Candidate, Data, combine, fit_members, predict_members

    rng = np.random.RandomState(5)
    feats = {f"o{i}.example": [(dict(zip(FEATURES, map(float, rng.rand(len(FEATURES)) ** 3))), int(rng.randint(1, 60)))
                               for _ in range(9)] for i in range(12)}
    pc1 = {o: float(rng.rand()) for o in feats}
    data = Data(feats, pc1, FEATURES)
    members = [Candidate(a, "pooled", "rank", "pairwise", t) for a, t in ((1.0, "clear"), (10.0, "strict"), (3.0, "clear"))]
    fs = fit_members(data, np.arange(9), members)
    f = combine(fs)
    assert not np.allclose(fs[0].weights, fs[1].weights)  # the members differ, so the mean is not one of them
    as_file = {"transform": "rank", "bias": f.bias, "weights": dict(zip(f.kinds, map(float, f.weights))),
               "knots": {k: [[float(v), float(r)] for v, r in zip(*kn)] for k, kn in zip(f.kinds, f.knots)}}
    want = predict_members(data, fs, np.arange(12))
    for i, o in enumerate(feats):
        rows, sents = [a for a, _ in feats[o]], [m for _, m in feats[o]]
        assert formula_value(pooled_shares(rows, sents), as_file) == pytest.approx(float(want[i]))
    table = sign_table(loosest(c.signs for c in members))
    assert loosest(c.signs for c in members) == "clear"
    assert all(w * table[k] >= 0 for k, w in as_file["weights"].items())


def test_shipped_weights_keep_the_directions_of_their_sign_table() -> None:
    """Every weight has the sign its meaning allows (scraper/scoring/signs.py),
    and every feature has a row with a reason."""
    from scraper.scoring.signs import SIGNS, sign_table

    assert [r.feature for r in SIGNS] == list(FEATURES) and all(r.reason for r in SIGNS)
    table = sign_table(formula()["signs"])
    assert all(w * table[k] >= 0 for k, w in formula()["weights"].items())
    strict = sign_table("strict")
    assert all(v in (-1, 1) for v in strict.values())
    assert all(c in (0, strict[k]) for k, c in sign_table("clear").items())
