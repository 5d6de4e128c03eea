"""Unit tests of corpus reading, evidence selection and report rendering."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scraper.report.render import (
    ReportMeta,
    describe_feature,
    render_chart,
    render_evidence,
    render_features,
    render_html,
    render_source,
    render_table,
    top_features,
)
from scraper.report.corpus import Article, read_corpus
from scraper.report.model import (
    SENTENCE_MAX_CHARS,
    EvidenceView,
    SourceView,
    build_views,
    corpus_mean,
    mean_features,
    select_evidence,
    sentence_around,
)
from scraper.scoring.types import ArticleScore, Evidence, EvidenceRef, SourceScore

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
HOSTILE = "Fans said <script>alert(1)</script> \"quoted\" & 'single'."


def article(url: str, text: str, *found: tuple[str, str], source: str = "a.com", score: float = 0.5) -> Article:
    evidence = tuple(Evidence(kind, text.index(s), text.index(s) + len(s), s) for kind, s in found)
    features = {kind: 1.0 for kind, _ in found}
    return Article(url, source, text, ArticleScore(score, 2, features, evidence))


def view(source: str, score: float, low: float, high: float, **kw: object) -> SourceView:
    features = kw.get("features", {"hedge": 0.2})
    evidence = kw.get("evidence", ())
    return SourceView(SourceScore(source, score, low, high, 3, score), 1, features, evidence)  # type: ignore[arg-type]


# -- fixtures -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["small.jsonl"])
def test_fixture_evidence_offsets_match_texts(name: str) -> None:
    for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["type"] != "article":
            continue
        for ev in record["scores"]["evidence"]:
            assert record["text"][ev["start"]:ev["end"]] == ev["text"]


# -- reading ------------------------------------------------------------------


def test_read_corpus_counts_articles_and_failures() -> None:
    corpus = read_corpus([CORPUS / "small.jsonl"])
    assert len(corpus.articles) == 14 and corpus.problems == []
    assert corpus.failures == {"tiny-blog.org": 2, "gossip-wire.net": 1, "dead-link.info": 2}
    assert [len(v) for v in corpus.by_source().values()] == [5, 4, 4, 1]


def test_read_corpus_reports_each_bad_line() -> None:
    corpus = read_corpus([CORPUS / "broken.jsonl", CORPUS / "nope.jsonl"])
    assert [(Path(p.path).name, p.line) for p in corpus.problems] == [
        ("broken.jsonl", 2), ("broken.jsonl", 3), ("broken.jsonl", 4), ("broken.jsonl", 6), ("nope.jsonl", None),
    ]
    assert "cut off" in corpus.problems[3].message
    assert len(corpus.articles) == 2


def test_read_corpus_keeps_first_of_repeated_urls() -> None:
    corpus = read_corpus([CORPUS / "small.jsonl", CORPUS / "small.jsonl"])
    assert len(corpus.articles) == 14 and corpus.duplicates == 14
    assert corpus.failures["dead-link.info"] == 4


def test_read_corpus_reports_malformed_scores(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    record = {"type": "article", "url": "u", "source": "s.com", "text": "t", "scores": {"score": "high"}}
    bad.write_text(json.dumps(record) + "\n" + json.dumps({"type": "page", "source": "s.com"}) + "\n")
    corpus = read_corpus([bad])
    assert [p.line for p in corpus.problems] == [1, 2]
    assert "malformed" in corpus.problems[0].message and "unknown record type" in corpus.problems[1].message


# -- evidence -----------------------------------------------------------------


def test_sentence_around_finds_the_sentence_and_span() -> None:
    text = "First one. Then Ann Lee said it rained! Last."
    start = text.index("Ann Lee said")
    sentence, a, b = sentence_around(text, start, start + len("Ann Lee said"))
    assert sentence == "Then Ann Lee said it rained!"
    assert sentence[a:b] == "Ann Lee said"


def test_sentence_around_cuts_long_sentences() -> None:
    text = "x" * 1000 + " Ann said " + "y" * 1000
    start = text.index("Ann said")
    sentence, a, b = sentence_around(text, start, start + 8)
    assert sentence[a:b] == "Ann said"
    assert sentence.startswith("…") and sentence.endswith("…")
    assert len(sentence) <= SENTENCE_MAX_CHARS + 2


def test_select_evidence_follows_scorer_order_and_carries_url_and_title() -> None:
    one = article("https://a.com/1", "Bob Ray said yes. It was reportedly fine.", ("attribution.named", "Bob Ray said"),
                  ("hedge", "reportedly"))
    two = article("https://a.com/2", "Nobody denied it.", ("verification.denied", "denied"))
    strongest = (EvidenceRef("https://a.com/2", "Two", two.score.evidence[0]),
                 EvidenceRef("https://a.com/1", "One", one.score.evidence[1]),
                 EvidenceRef("https://a.com/1", "One", one.score.evidence[0]))
    score = SourceScore("a.com", 0.5, 0.4, 0.6, 2, evidence=strongest)
    views = select_evidence(score, [one, two])
    assert [(v.kind, v.url, v.title) for v in views] == [
        ("verification.denied", "https://a.com/2", "Two"), ("hedge", "https://a.com/1", "One"),
        ("attribution.named", "https://a.com/1", "One"),
    ]
    assert views[1].sentence == "It was reportedly fine."


def test_select_evidence_marks_cue_and_source_in_the_stored_sentence() -> None:
    text = "Intro here. The harbour master, Ines Duarte, said the lock was shut."
    s0 = text.index("The harbour")
    src = (s0, text.index(", said"))
    cue = (text.index("said"), text.index("said") + 4)
    ev = Evidence("attribution.named", src[0], cue[1], text[src[0]:cue[1]], speaker="Ines Duarte",
                  sentence_start=s0, sentence=text[s0:], cue_start=cue[0], cue_end=cue[1],
                  source_start=src[0], source_end=src[1], source_type="named")
    [v] = select_evidence(SourceScore("a.com", 0.5, 0.4, 0.6, 1, evidence=(EvidenceRef("u", "T", ev),)), [])
    assert v.sentence == text[s0:]
    assert v.sentence[v.mark_start:v.mark_end] == "said"
    assert v.sentence[v.source_start:v.source_end] == "The harbour master, Ines Duarte"
    assert v.source_label == "named person or organisation"
    out = render_evidence([v])
    assert '<mark class="src" title="source">The harbour master, Ines Duarte</mark>' in out
    assert '<mark class="cue" title="cue">said</mark>' in out and "named person or organisation" in out
    assert ">T</a>" not in out and "<span>T</span>" in out  # not an http URL: the title, unlinked


def test_select_evidence_without_scorer_evidence_spreads_over_kinds() -> None:
    one = article("u1", "Ann said a. Bo said b. It reportedly c.", ("named", "Ann said"), ("named", "Bo said"),
                  ("hedge", "reportedly"))
    two = article("u2", "Cy said d.", ("named", "Cy said"))
    views = select_evidence(SourceScore("a.com", 0.5, 0.4, 0.6, 2), [one, two], limit=3)
    assert [v.sentence[v.mark_start:v.mark_end] for v in views] == ["Ann said", "reportedly", "Bo said"]


def test_select_evidence_survives_offsets_that_do_not_match() -> None:
    stale = Article("u", "a.com", "Different text now.", ArticleScore(0.5, 1, {}, (Evidence("hedge", 0, 10, "allegedly"),)))
    [only] = select_evidence(SourceScore("a.com", 0.5, 0.4, 0.6, 1), [stale])
    assert only.sentence == "allegedly" and (only.mark_start, only.mark_end) == (0, 9)


def test_mean_features_counts_missing_features_as_zero() -> None:
    one = article("u1", "Ann said.", ("named", "Ann said"))
    two = article("u2", "Nothing.")
    assert mean_features([one, two]) == {"named": 0.5}
    assert corpus_mean([one, two]) == 0.5 and corpus_mean([]) == 0.0


def test_build_views_sorts_and_filters() -> None:
    scores = {
        "low.com": SourceScore("low.com", 0.2, 0.1, 0.3, 4, features={"hedge": 0.5}),
        "high.com": SourceScore("high.com", 0.9, 0.8, 1.0, 4),
        "one.com": SourceScore("one.com", 0.99, 0.5, 1.0, 1),
    }
    arts = {"high.com": [article("u", "Ann said.", ("named", "Ann said"), source="high.com")]}
    views = build_views(scores, arts, {"low.com": 3}, min_articles=2)
    assert [v.source for v in views] == ["high.com", "low.com"]
    assert views[0].features == {"named": 1.0}  # fallback: mean of article features
    assert views[1].features == {"hedge": 0.5} and views[1].failures == 3


# -- rendering ----------------------------------------------------------------


def test_render_evidence_escapes_and_marks() -> None:
    start = HOSTILE.index("<script>")
    item = EvidenceView("hedge", "javascript:alert(3)", HOSTILE, start, start + len("<script>alert(1)</script>"))
    out = render_evidence([item])
    assert "<script" not in out and "javascript:alert(3)" in out and "href" not in out
    assert '<mark class="cue" title="cue">&lt;script&gt;alert(1)&lt;/script&gt;</mark>' in out
    assert "&quot;quoted&quot; &amp; &#x27;single&#x27;" in out


def test_render_evidence_links_http_urls_escaped() -> None:
    out = render_evidence([EvidenceView("hedge", 'https://x.com/?a="b"&c', "s", 0, 1)])
    assert 'href="https://x.com/?a=&quot;b&quot;&amp;c"' in out
    assert render_evidence([]).startswith('<p class="muted">')


def test_render_chart_has_one_row_per_source_and_the_mean() -> None:
    views = [view("b.com", 0.8, 0.7, 0.9), view("<a>.com", 0.4, 0.2, 0.6)]
    svg = render_chart(views, mean=0.5)
    assert svg.count('<g class="row">') == 2
    assert svg.index("b.com") < svg.index("&lt;a&gt;.com") and "<a>" not in svg
    assert "0.40</tspan> <tspan class=\"range\">0.20\u20130.60" in svg
    assert "corpus mean 0.50" in svg
    mean_x = float(re.search(r'class="mean" x1="([\d.]+)"', svg).group(1))  # type: ignore[union-attr]
    low_x, high_x = (float(re.findall(r'x="([\d.]+)" y="\d+">(?:0\.00|1\.00)</text>', svg)[i]) for i in (0, 1))
    assert mean_x == pytest.approx((low_x + high_x) / 2)


def test_render_features_explains_each_feature_once() -> None:
    views = [view("a.com", 0.5, 0.4, 0.6, features={"hedge": 0.2, "x<y": 0.1}), view("b.com", 0.3, 0.2, 0.4)]
    out = render_features(views)
    assert out.count("<dt>hedge</dt>") == 1 and "<dt>x&lt;y</dt>" in out
    assert describe_feature("hedge") in out
    assert 'style="--share:1.000"' in out and 'style="--share:0.000"' in out
    assert "No features" in render_features([view("a.com", 0.5, 0.4, 0.6, features={})])


def test_describe_feature_falls_back_to_family() -> None:
    assert describe_feature("attribution.brand_new") == describe_feature("attribution")
    assert describe_feature("zzz")


def test_top_features_skips_zeros() -> None:
    assert top_features({"a": 0.0, "b": 0.3, "c": 0.3, "d": 0.1}, n=2) == [("b", 0.3), ("c", 0.3)]


def test_render_source_states_the_numbers() -> None:
    out = render_source(view("a.com", 0.55, 0.41, 0.69))
    assert "0.55" in out and "0.41\u20130.69" in out and "3 articles" in out and "1 failure " in out


def test_render_table_aligns_columns() -> None:
    out = render_table([view("a.com", 0.5, 0.4, 0.6), view("longer-name.org", 0.25, 0.1, 0.3, features={})])
    lines = out.splitlines()
    score_end = lines[0].index("score") + len("score")
    assert [line[:score_end].split()[-1] for line in lines] == ["score", "0.50", "0.25"]
    assert "0.40-0.60" in lines[1] and lines[1].endswith("hedge 0.20") and lines[2].endswith("-")


def test_render_html_is_a_complete_page() -> None:
    meta = ReportMeta(inputs=("<in>.jsonl",), articles=6, failures=1, mean=0.5, notes=("note <b>",))
    page = render_html([view("a.com", 0.5, 0.4, 0.6)], meta)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "&lt;in&gt;.jsonl" in page and "note &lt;b&gt;" in page and "<b>" not in page
    assert "What this score means" in page and "cross-validation" in page and "Spearman rho" in page


def test_score_meaning_names_what_raises_and_lowers_the_score_and_what_was_chosen_inside(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The paragraph follows the formula file: the features by the sign of
    their weights, the figures with the choices made inside the folds, and
    the every-choice-inside figure when the file has one."""
    import scraper.report.render as render

    fake = {"transform": "rank", "bias": 0.5, "weights": {"quote.orphan": -0.2, "attribution.named": 0.3,
                                                          "hedge": 0.001},
            "cv": {"rho": 0.701, "pairs": 0.95, "folds": 5, "outlets": 12, "chosen_inside": "the penalty",
                   "search_rho": 0.601, "search_pairs": 0.9, "members": 3, "search_members": 18,
                   "search_candidates": 72}}
    monkeypatch.setattr(render, "formula", lambda: fake)
    text = render.score_meaning()
    assert "among 12 rated outlets" in text and "named sources raise it" in text
    assert "quotes with no speaker lower it" in text and "hedges" not in text
    assert "the penalty chosen inside each training fold (the mean of the best 3 candidates): Spearman rho 0.701" in text
    assert "also chosen inside the folds" in text and "the mean of the best 18 of 72 candidates) rho is 0.601" in text
    del fake["cv"]["search_rho"]
    assert "also chosen inside" not in render.score_meaning()
