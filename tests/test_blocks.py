"""The block model: a small data file, pure-Python inference, both modes.

Invented inputs only: a naive page dump (``fixtures/dumps``) with menus, a
cookie notice, teasers and a footer around one article.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleaners import clean_text
from cleaners.model.blocks import MODEL_FILE, RULE_PREFIX, load_model, score
from cleaners.model.stoplists import LANGUAGES, page_language, stoplist, stopword_density

ROOT = Path(__file__).resolve().parent.parent
DUMPS = Path(__file__).parent / "fixtures" / "dumps"


def _dump(name: str) -> tuple[str, dict[str, list[str]]]:
    return ((DUMPS / f"{name}.txt").read_text("utf-8"),
            json.loads((DUMPS / f"{name}.json").read_text("utf-8")))


def test_weights_are_a_small_json_file_without_text() -> None:
    path = ROOT / "cleaners" / "data" / MODEL_FILE
    assert path.stat().st_size < 20_000
    data = json.loads(gzip.decompress(path.read_bytes()))
    assert set(data) >= {"first", "second", "vocabulary", "thresholds"}
    assert all(isinstance(v, float) for v in data["first"].values())
    assert all(len(word) <= 30 and " " not in word for word in data["vocabulary"])


def test_inference_imports_no_numeric_library() -> None:
    code = ("import sys\nfrom cleaners import clean_text, clean_html\n"
            "clean_text('Menu\\nHome\\nA headline for the test\\n' + 'A sentence of the body, long enough. ' * 5)\n"
            "clean_html('<html><body><p>' + 'A sentence of the body, long enough. ' * 9 + '</p></body></html>')\n"
            "print(' '.join(m for m in ('sklearn', 'numpy', 'scipy') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                            timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "The council said that it would not change the plan before the vote."),
        ("de", "Der Rat sagte, dass er den Plan vor der Abstimmung nicht ändern werde."),
        ("fr", "Le conseil a dit qu'il ne changerait pas le plan avant le vote."),
        ("es", "El consejo dijo que no cambiaría el plan antes de la votación."),
        ("pt", "O conselho disse que não iria mudar o plano antes da votação."),
        ("it", "Il consiglio ha detto che non avrebbe cambiato il piano prima del voto."),
        ("nl", "De raad zei dat hij het plan niet voor de stemming zou veranderen."),
        ("ru", "Совет заявил, что не будет менять план до голосования."),
        ("zh", "委员会表示，在投票之前他们不会改变这个计划。"),
    ],
)
def test_stopword_tables_read_nine_languages(language: str, sentence: str) -> None:
    assert language in LANGUAGES and stoplist(language)
    assert page_language([sentence]) == language
    assert stopword_density(sentence, language) > 0.2


def test_text_mode_keeps_the_article_and_cuts_the_page_around_it() -> None:
    text, spec = _dump("river_dump")
    doc = clean_text(text)
    assert doc.title == spec["title"]
    assert [s for s in spec["kept"] if s not in doc.text] == []
    assert [s for s in spec["gone"] if s in doc.text] == []


def test_model_removals_name_the_model_and_its_features() -> None:
    text, _ = _dump("river_dump")
    doc = clean_text(text)
    by_model = [r for r in doc.removed if r.rule.startswith(f"{RULE_PREFIX}.")]
    assert any(r.text == "Skip to content" for r in by_model)
    names = set(load_model().first) | {"context"}
    for removal in by_model:
        assert removal.locator and removal.locator.startswith("line ")
        assert set(removal.rule[len(RULE_PREFIX) + 1:].split("+")) <= names


def test_cleaning_the_cleaned_dump_removes_nothing() -> None:
    text, _ = _dump("river_dump")
    doc = clean_text(text)
    again = clean_text(f"{doc.title}\n{doc.text}")
    assert again.removed == ()
    assert (again.title, again.text) == (doc.title, doc.text)


def test_a_short_line_between_body_paragraphs_stays() -> None:
    text, _ = _dump("river_dump")
    body = text.split("Share this article")[0]
    marked = body.replace("Residents of the quarter", "Objections\n\nResidents of the quarter")
    doc = clean_text(marked)
    assert "Objections" in doc.paragraphs


def test_scores_are_probabilities_in_page_order() -> None:
    lines = ["Home", "News", "A sentence of the body that is long enough to read as prose, the council said."]
    scores = score(lines)
    assert len(scores.probs) == 3 and all(0.0 <= p <= 1.0 for p in scores.probs)
    assert scores.probs[2] > scores.probs[0]


def test_the_model_vetoes_chrome_only_where_trafilatura_stands_alone() -> None:
    from cleaners.document import Block
    from cleaners.extraction.vote import VoteOptions, vote

    body = [Block(f"Paragraph {n} of an invented story, long enough to be body text.", score=0.9)
            for n in range(4)]
    chrome = Block("Sign up for our briefing", score=0.01)
    kept, removed, route = vote([*body, chrome], None, VoteOptions(), explain=lambda i: f"block_model.f{i}")
    assert route == "first" and kept == body
    assert [(r.rule, r.text) for r in removed] == [("block_model.f4", "Sign up for our briefing")]
    # It never overrules most of an extraction.
    low = [Block(b.text, score=0.01) for b in body]
    kept, removed, _ = vote(low, None, VoteOptions(), explain=lambda i: "block_model.x")
    assert kept == low and removed == []


def test_an_end_marker_above_body_scored_blocks_cuts_only_itself() -> None:
    from cleaners.rules.engine import remove_cruft
    from cleaners.document import Block

    lead = Block("The lead paragraph of an invented story, long enough to count.", score=0.9)
    rest = [Block("Teaser headline one", score=0.1),
            Block("A later paragraph of the story that the model reads as body text.", score=0.8)]
    # The lead is long: without the model's reading, the cut would be small enough to go ahead.
    leads = [Block(f"{lead.text} Part {n}.", score=0.9) for n in range(3)]
    result = remove_cruft([*leads, Block("Most Popular", score=0.05), *rest])
    assert [b.text for b in result.kept] == [b.text for b in leads + rest]
    assert [r.rule for r in result.removed] == ["related.most_popular"]
    assert any(n.startswith("tail_valve related.most_popular") for n in result.notes)
