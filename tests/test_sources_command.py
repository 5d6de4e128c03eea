"""`scrapy sources` run as a user runs it: in a subprocess, from the project root."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scraper.report.corpus import read_corpus
from scraper.scoring import SourceScore, score_sources

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
SMALL = CORPUS / "small.jsonl"
SCRAPY = Path(sys.executable).with_name("scrapy")
SCORED = {"wire-daily.com", "metro-ledger.com", "gossip-wire.net", "tiny-blog.org"}


def run_sources(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRAPY), "sources", *map(str, args)],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )


def expected_scores() -> dict[str, SourceScore]:
    corpus = read_corpus([SMALL])
    return score_sources((a.source, a.score) for a in corpus.articles)


def table_rows(stdout: str) -> dict[str, list[str]]:
    lines = stdout.split("\n\n", 1)[0].splitlines()  # the table ends at the first blank line
    assert lines[0].split()[:2] == ["source", "score"]
    return {line.split()[0]: line.split() for line in lines[1:]}


@pytest.fixture(scope="module")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path_factory.mktemp("report")
    proc = run_sources(SMALL, "--html", out / "out.html", "--json", out / "out.json")
    return proc, out


def test_table_lists_every_source_best_first(small_run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    proc, _ = small_run
    assert proc.returncode == 0, proc.stderr
    rows = table_rows(proc.stdout)
    assert set(rows) == SCORED
    scores = expected_scores()
    order = sorted(scores.values(), key=lambda s: (-s.score, s.source))
    assert list(rows) == [s.source for s in order]
    for s in order:
        name, score, interval, articles = rows[s.source][:4]
        assert score == f"{s.score:.2f}"
        assert interval == f"{s.low:.2f}-{s.high:.2f}"
        assert int(articles) == s.articles


def test_table_counts_failures_per_source(small_run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    proc, _ = small_run
    rows = table_rows(proc.stdout)
    assert {name: int(row[4]) for name, row in rows.items()} == {
        "wire-daily.com": 0, "metro-ledger.com": 0, "gossip-wire.net": 1, "tiny-blog.org": 2,
    }
    assert "only failed fetches, not scored: dead-link.info" in proc.stderr


def test_table_shows_top_features(small_run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    proc, _ = small_run
    gossip = next(line for line in proc.stdout.splitlines() if line.startswith("gossip-wire.net"))
    assert "hedge" in gossip


def test_html_has_every_source_with_its_interval(small_run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, out = small_run
    page = (out / "out.html").read_text(encoding="utf-8")
    for s in expected_scores().values():
        assert page.count(f'id="src-{s.source.replace(".", "-")}"') == 1
        assert f"{s.score:.2f}" in page
        assert f"{s.low:.2f}\u2013{s.high:.2f}" in page
    assert "corpus mean" in page and "<svg" in page


def test_html_escapes_page_content(small_run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, out = small_run
    page = (out / "out.html").read_text(encoding="utf-8")
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;it&#x27;s fake&quot; &amp; &#x27;nothing to see&#x27;" in page
    assert 'href="https://gossip-wire.net/leak?q=&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"' in page


def test_html_is_self_contained(small_run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, out = small_run
    page = (out / "out.html").read_text(encoding="utf-8")
    assert "<link" not in page and "src=" not in page and "@import" not in page


def test_json_output_matches_table(small_run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    proc, out = small_run
    data = json.loads((out / "out.json").read_text(encoding="utf-8"))
    assert [s["source"] for s in data["sources"]] == list(table_rows(proc.stdout))
    assert data["articles"] == 14 and data["failures"] == 5
    gossip = next(s for s in data["sources"] if s["source"] == "gossip-wire.net")
    assert gossip["evidence"] and all(e["url"].startswith("https://gossip-wire.net/") for e in gossip["evidence"])


def test_stdout_shows_evidence_with_cue_source_type_and_meaning(
        small_run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    proc, _ = small_run
    evidence = proc.stdout.split("\n\n", 1)[1]
    assert evidence.startswith("evidence (cue in [brackets], source in {braces})")
    assert "<https://" in evidence and "[" in evidence
    assert "what this score means: " in evidence and "Spearman rho" in evidence


def test_min_articles_leaves_out_small_sources() -> None:
    proc = run_sources(SMALL, "--min-articles", "2")
    assert proc.returncode == 0, proc.stderr
    assert set(table_rows(proc.stdout)) == SCORED - {"tiny-blog.org"}
    assert "fewer than 2 articles: tiny-blog.org" in proc.stderr


def test_bad_lines_are_warnings_with_line_numbers() -> None:
    proc = run_sources(CORPUS / "broken.jsonl", "missing.jsonl")
    assert proc.returncode == 0
    assert "Traceback" not in proc.stderr
    assert "broken.jsonl:2: invalid JSON" in proc.stderr
    assert "broken.jsonl:3: expected a JSON object" in proc.stderr
    assert "broken.jsonl:4: article record has no scores" in proc.stderr
    assert "broken.jsonl:6: last line is cut off" in proc.stderr
    assert "missing.jsonl: no such file" in proc.stderr
    assert set(table_rows(proc.stdout)) == {"wire-daily.com"}


@pytest.mark.parametrize("corpus", ["garbage.jsonl", "missing.jsonl"])
def test_nothing_readable_is_an_error(corpus: str) -> None:
    proc = run_sources(CORPUS / corpus)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "error: no record could be read" in proc.stderr
    assert proc.stdout == ""


def test_no_argument_is_a_usage_error() -> None:
    proc = run_sources()
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "at least one corpus file" in proc.stderr
