"""A generated news site for the incremental / resume tests, plus its own check.

``make_site(root, n)`` writes ``root/gen-news.test/`` with ``n`` distinct
articles, an RSS feed and a sitemap (entry dates ``dates[i]``), and
``root/outlets.toml`` naming that outlet, for ``scrapy crawl feeds -a seeds=...``.
Served by ``python -m scraper.demo.server root`` (see tests/conftest.py).
"""

from __future__ import annotations

import json
import random
import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import pytest

from scraper.discovery.listings import parse_feed, parse_sitemap
from tests.crawlutil import SCRAPY, run_in_group, scrapy_env, serving

HOST = "gen-news.test"

_PEOPLE = ["Maria Olsen", "Tomas Reyes", "Aiko Tanaka", "Priya Nair", "Jonas Berg", "Lena Fischer",
           "Omar Haddad", "Grace Mwangi", "Daniel Costa", "Sofia Russo"]
_ROLES = ["a spokesperson for the council", "the regional health director", "a harbour official",
          "the head of the transport union", "a university economist", "the fire service chief"]
_TOPICS = ["the new ferry timetable", "flood defences on the east bank", "the hospital budget",
           "school bus routes", "the harbour dredging contract", "water prices", "the tram extension",
           "rent controls", "the library closures", "the wind farm permit"]
_VERBS = ["said", "told reporters", "confirmed in a statement", "wrote in a letter to residents",
          "said on Tuesday", "explained at a public meeting"]


def article_html(i: int, edition: int = 0) -> str:
    """Article ``i``; a different ``edition`` gives a changed text."""
    rng = random.Random(i * 1000 + edition)
    topic = _TOPICS[i % len(_TOPICS)]
    title = f"Council report {i}: questions over {topic}"
    paragraphs = []
    for p in range(5):
        person, role, verb = rng.choice(_PEOPLE), rng.choice(_ROLES), rng.choice(_VERBS)
        figure = rng.randint(10, 9000)
        paragraphs.append(
            f"{person}, {role}, {verb} that {topic} would cost about {figure} thousand euros "
            f"over the next {rng.randint(2, 9)} years, according to report number {i}-{p}. "
            f"The figures were checked against the published accounts, and {rng.choice(_PEOPLE)} "
            f"said the committee would review case {i * 7 + p} before the vote in "
            f"{rng.choice(['March', 'June', 'September', 'November'])}.")
    if edition:
        paragraphs.append(f"Update {edition}: the committee published revised figures for case {i}, "
                          "and the vote was moved to the following month after objections.")
    body = "\n".join(f"<p>{text}</p>" for text in paragraphs)
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>"
            f"</head><body><header><nav><a href=\"/\">Home</a></nav></header><main><article>"
            f"<h1>{title}</h1><p class=\"byline\">By {_PEOPLE[i % len(_PEOPLE)]}</p>{body}"
            f"</article></main><footer><p>Gen News</p></footer></body></html>")


def article_url(i: int) -> str:
    return f"http://{HOST}/news/{i:04d}.html"


def make_site(root: Path, n: int, *, dates: list[datetime] | None = None,
              editions: dict[int, int] | None = None, feed_items: int | None = None) -> Path:
    """Write the site; returns the seeds file. ``feed_items``: how many newest
    articles the RSS feed lists (all are in the sitemap)."""
    now = datetime.now(timezone.utc).replace(microsecond=0)
    dates = dates or [now - timedelta(hours=i) for i in range(n)]
    editions = editions or {}
    site = root / HOST
    (site / "news").mkdir(parents=True, exist_ok=True)
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    for i in range(n):
        page = site / "news" / f"{i:04d}.html"
        html = article_html(i, editions.get(i, 0))
        if not page.exists() or page.read_text(encoding="utf-8") != html:
            page.write_text(html, encoding="utf-8")
    urls = "".join(f"<url><loc>{article_url(i)}</loc><lastmod>{dates[i].isoformat()}</lastmod></url>"
                   for i in range(n))
    (site / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n')
    items = "".join(f"<item><title>Report {i}</title><link>{article_url(i)}</link>"
                    f"<pubDate>{format_datetime(dates[i])}</pubDate></item>"
                    for i in range(min(n, feed_items if feed_items is not None else n)))
    (site / "feed.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Gen News'
        f"</title><link>http://{HOST}/</link>{items}</channel></rss>\n")
    seeds = root / "outlets.toml"
    seeds.write_text(f'[[outlet]]\nname = "Gen News"\ndomain = "{HOST}"\n'
                     f'feeds = ["http://{HOST}/feed.xml"]\nsitemaps = ["http://{HOST}/sitemap.xml"]\n')
    return seeds


def test_generated_site_lists_every_article(tmp_path: Path) -> None:
    make_site(tmp_path, 12, feed_items=5)
    sitemap = list(parse_sitemap((tmp_path / HOST / "sitemap.xml").read_bytes()))
    feed = parse_feed((tmp_path / HOST / "feed.xml").read_bytes())
    assert [e.url for e in sitemap] == [article_url(i) for i in range(12)]
    assert all(e.date is not None for e in sitemap + feed)
    assert len(feed) == 5
    assert article_html(3) != article_html(3, edition=1)
    assert len({article_html(i) for i in range(12)}) == 12


# --- running `scrapy crawl feeds` against the generated site -------------------

def feeds_args(seeds: Path, output: Path, url: str, state: Path,
               settings: dict[str, object] | None = None) -> list[str]:
    """``scrapy crawl feeds`` appending every record to ``output`` (``-o``)."""
    args = ["crawl", "feeds", "-a", f"seeds={seeds}", "-o", str(output),
            "-s", "STATE_ENABLED=True", "-s", f"STATE_PATH={state}",
            "-s", "ROUTING_HOSTS=" + json.dumps({"*.test": url}),
            "-s", "SECURITY_ALLOW_PRIVATE_NETWORKS=True", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "CLEANER_WORKERS=1", "-s", "LOG_LEVEL=INFO"]
    for key, value in (settings or {}).items():
        args += ["-s", f"{key}={value}"]
    return args


def crawl_env() -> dict[str, str]:
    return scrapy_env(SCRAPY_SETTINGS_MODULE="scraper.settings")


def run_feeds(tmp_path: Path, seeds: Path, url: str, output: Path, *,
              settings: dict[str, object] | None = None,
              timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return run_in_group(SCRAPY + feeds_args(seeds, output, url, tmp_path / "state.sqlite", settings),
                        cwd=tmp_path, timeout=timeout, env=crawl_env())


@pytest.fixture
def gen_site(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A served, initially empty site root; tests call make_site() on it."""
    root = tmp_path / "site"
    root.mkdir()
    with serving("scraper.demo.server", str(root)) as url:
        yield root, url
