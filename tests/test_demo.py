"""The README's first command: `scrapy crawl demo` works offline and reports sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.crawlutil import read_jsonl, run_scrapy

pytestmark = pytest.mark.crawl


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cwd = tmp_path_factory.mktemp("demo")
    proc = run_scrapy(["crawl", "demo", "-s", "CLEANER_WORKERS=2"], cwd=cwd, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Sources of" in proc.stdout
    return cwd / "output" / "demo"


def test_demo_writes_articles_from_several_outlets(demo_dir: Path) -> None:
    articles = read_jsonl(demo_dir / "articles.jsonl")
    sources = {a["source"] for a in articles}
    assert len(sources) >= 4
    assert all(a["type"] == "article" and a["text"] for a in articles)
    assert all(a["scores"]["evidence"] for a in articles)


def test_demo_writes_failures_file_and_report(demo_dir: Path) -> None:
    failures = read_jsonl(demo_dir / "failures.jsonl")
    assert all(f["type"] == "failure" and f["reason"] for f in failures)
    report = (demo_dir / "sources.html").read_text(encoding="utf-8")
    for source in {a["source"] for a in read_jsonl(demo_dir / "articles.jsonl")}:
        assert source in report


def test_demo_report_links_every_evidence_item_to_its_article(demo_dir: Path) -> None:
    """Each evidence item names its article: a link to its URL with its title (issue #12)."""
    import html
    import re

    articles = {a["url"]: a for a in read_jsonl(demo_dir / "articles.jsonl")}
    report = (demo_dir / "sources.html").read_text(encoding="utf-8")
    assert "article unknown" not in report
    items = re.findall(r'<li><span class="kind.*?</li>', report)
    assert len(items) >= 10
    for item in items:
        link = re.search(r'<div class="from"><a href="([^"]+)"[^>]*>([^<]+)</a></div>', item)
        assert link, item
        url = link.group(1).replace("&amp;", "&")
        assert url in articles
        assert link.group(2) == html.escape(articles[url]["title"] or url, quote=True)
    assert '<mark class="cue"' in report and '<mark class="src"' in report
    assert "What this score means" in report


def test_demo_outlets_are_told_apart_by_score(demo_dir: Path) -> None:
    """The outlet that relays rumours (hedges, second-hand claims, orphan
    quotes) scores lowest, clearly below the best one."""
    from scraper.scoring import ArticleScore, score_sources

    articles = read_jsonl(demo_dir / "articles.jsonl")
    scores = score_sources((a["source"], ArticleScore.from_dict(a["scores"])) for a in articles)
    ranked = sorted(scores.values(), key=lambda s: s.score, reverse=True)
    assert ranked[-1].source == "quickwire.test"
    assert ranked[0].score - ranked[-1].score > 0.3
