"""Site templates in a real crawl: a line that every page of a source carries
inside its article body is learned, removed from later pages (kind
"template"), and remembered by the state store for the next run."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.crawlutil import run_crawl, serving

pytestmark = pytest.mark.crawl

PAGES = 12
BOILERPLATE = "Support independent local journalism by becoming a member today."
SUBJECTS = ["ferry", "library", "bridge", "school", "market", "hospital", "harbour", "museum",
            "stadium", "tramway", "reservoir", "orchard", "cinema", "pier"]


def article(i: int) -> str:
    subject = SUBJECTS[i]
    paragraphs = [
        f"The council voted on Tuesday to rebuild the {subject} after a survey found structural damage in {1990 + i}.",
        f"Engineer Maria Olsen said the work on the {subject} would begin in the spring and last {i + 3} months.",
        BOILERPLATE,
        f"Residents near the {subject} will be offered temporary access routes, the transport office confirmed.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html lang='en'><head><title>Plans for the {subject}</title></head><body>"
            f"<article><h1>Plans for the {subject}</h1>{body}</article></body></html>")


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, str]:
    root = tmp_path / "site" / "towncrier.test"
    (root / "news").mkdir(parents=True)
    for i in range(PAGES):
        (root / "news" / f"{i}.html").write_text(article(i), encoding="utf-8")
    urls = tmp_path / "urls.txt"
    urls.write_text("\n".join(f"http://towncrier.test/news/{i}.html" for i in range(PAGES)))
    return urls, tmp_path / "site"


def test_recurring_line_is_learned_and_remembered(tmp_path: Path, site: tuple[Path, Path]) -> None:
    urls, root = site
    with serving("scraper.demo.server", str(root)) as url:
        settings = {"STATE_ENABLED": True, "STATE_PATH": str(tmp_path / "state.sqlite"),
                    "CONCURRENT_REQUESTS": 1, "CLEANER_WORKERS": 0}
        first = run_crawl("articles", tmp_path, routes=url, spider_args={"urls": str(urls)},
                          settings=settings)
        assert first.returncode == 0, first.stderr[-3000:]
        articles = first.articles
        assert len(articles) == PAGES
        kept = [a for a in articles if BOILERPLATE in a["text"]]
        dropped = [a for a in articles if BOILERPLATE not in a["text"]]
        assert len(kept) >= 5 and dropped  # learned after min_pages, removed from then on
        for record in dropped:
            assert any(r["kind"] == "template" and r["text"] == BOILERPLATE for r in record["removed"])
            assert "Engineer Maria Olsen said" in record["text"]  # unique lines stay
        db = sqlite3.connect(tmp_path / "state.sqlite")
        assert db.execute("SELECT count(*) FROM templates").fetchone()[0] == 1

        # The next run starts knowing the template: its first new page is clean.
        for i in (PAGES, PAGES + 1):
            (root / "towncrier.test" / "news" / f"{i}.html").write_text(article(i), encoding="utf-8")
        urls.write_text(f"http://towncrier.test/news/{PAGES}.html\n"
                        f"http://towncrier.test/news/{PAGES + 1}.html\n")
        second = run_crawl("articles", tmp_path, routes=url, spider_args={"urls": str(urls)},
                           settings=settings)
        assert second.returncode == 0, second.stderr[-3000:]
        assert len(second.articles) == 2
        assert all(BOILERPLATE not in a["text"] for a in second.articles)
