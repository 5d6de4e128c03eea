"""Generate a local news site for benchmarks and the distributed-crawl test.

``build_site(root, pages, hosts=4, corpus=None)`` writes
``root/<host>/news/<n>.html`` for ``pages`` article pages spread over
``hosts`` invented outlets (``bench-1.test`` ...), a ``sitemap.xml`` per host
listing its pages, and returns a :class:`Site` (the seeds file to crawl it
with ``scrapy crawl feeds -a seeds=...`` and the article URLs).

Pages are either invented (reporting sentences built from word lists, a
unique headline and figures per page, plus navigation and footer cruft), or,
with ``corpus`` (a folder of ``*/*.html`` news pages), copies of real pages
cycled to reach ``pages``, each copy with a unique sentence added to its last
paragraph. Nothing is written outside ``root``.

Command line: ``python -m bench.sitegen ROOT --pages N [--corpus DIR]``.
"""

from __future__ import annotations

import argparse
import html
import random
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Site", "build_site", "invented_page"]

PLACES = ["Ashby Vale", "Calder Bay", "Wexmoor", "Brackenford", "Kestrel Hill", "Saltmarsh",
          "Millrace", "Hollin Cross", "Duravia", "Fenwick Quay", "Orrin Falls", "Tarn Edge"]
BODIES = ["the harbour authority", "the county council", "the regional water board",
          "the transport ministry", "the fire service", "the coastguard", "the port operator",
          "the health trust", "the energy regulator", "the teachers' union"]
PEOPLE = ["Mara Selby", "Idris Verescu", "Tomas Okafor", "Helen Ashgrove", "Ravi Castellan",
          "Petra Lindqvist", "Owen Marchetti", "Sadia Farrow", "Jonas Whitlock", "Ines Carraway"]
ROLES = ["a spokesperson for", "the chief executive of", "an engineer at", "a councillor on",
         "a senior official at", "the chair of"]
TOPICS = ["flood defences", "a cargo ship fire", "a tram contract", "power cuts", "a boil-water "
          "notice", "a fuel leak", "trade talks", "school closures", "a bridge inspection",
          "ferry delays"]
VERBS = ["said", "told reporters", "confirmed", "stated in a written answer", "added"]
FACTS = ["{n} households were affected by {topic} in {place} on {day}.",
         "Records published by {body} show {n} incidents since {month}.",
         "The work on {topic} is expected to cost {n} thousand pounds, according to {body}.",
         "Inspectors visited {place} {n} times during {month}, the report shows.",
         "About {n} residents attended a public meeting in {place} on {day}."]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August"]


@dataclass(frozen=True)
class Site:
    root: Path
    seeds: Path
    urls: list[str]


def _sentence(rng: random.Random) -> str:
    values = {"n": rng.randint(2, 950), "topic": rng.choice(TOPICS), "place": rng.choice(PLACES),
              "body": rng.choice(BODIES), "day": rng.choice(DAYS), "month": rng.choice(MONTHS)}
    if rng.random() < 0.5:
        return rng.choice(FACTS).format(**values)
    who = f"{rng.choice(PEOPLE)}, {rng.choice(ROLES)} {values['body']}"
    claim = (f"the response to {values['topic']} in {values['place']} "
             f"{rng.choice(['had been slower than planned', 'would be reviewed by ' + MONTHS[rng.randint(0, 7)], 'was on schedule', 'needed another ' + str(values['n']) + ' staff'])}")
    return f"“{claim[0].upper()}{claim[1:]},” {who}, {rng.choice(VERBS)}."


def invented_page(index: int, host: str) -> tuple[str, str]:
    """(title, HTML) of invented article page number ``index``."""
    rng = random.Random(index)
    place, topic = rng.choice(PLACES), rng.choice(TOPICS)
    title = f"{place}: {topic} update no. {index}"
    paragraphs = [f"Report {index} from {place}. " + _sentence(rng)]
    paragraphs += [" ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))
                   for _ in range(rng.randint(5, 9))]
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | {host}</title>
<meta property="article:published_time" content="2026-05-{1 + index % 28:02d}T08:00:00Z">
<meta name="author" content="{rng.choice(PEOPLE)}"></head>
<body>
<header><nav><a href="/">Home</a> <a href="/news/">News</a> <a href="/sport/">Sport</a>
<a href="/weather/">Weather</a></nav></header>
<main><article>
<h1>{html.escape(title)}</h1>
<p class="byline">By {rng.choice(PEOPLE)}</p>
{body}
</article>
<aside class="most-popular"><h2>Most read</h2><ul>
<li><a href="/news/{(index + 1)}.html">{rng.choice(PLACES)} roadworks</a></li>
<li><a href="/news/{(index + 2)}.html">{rng.choice(PLACES)} market</a></li></ul></aside>
</main>
<footer><p>&copy; 2026 {host}. All rights reserved.</p>
<p><a href="/about.html">About us</a> <a href="/privacy.html">Privacy</a></p></footer>
</body></html>
"""
    return title, page


def _corpus_page(source: bytes, index: int) -> bytes:
    """A copy of a real page with a unique sentence closing its last paragraph."""
    marker = f" (Copy {index} of this report.)".encode()
    at = source.lower().rfind(b"</p>")
    return source[:at] + marker + source[at:] if at >= 0 else source + marker


def _sitemap(urls: list[str]) -> str:
    rows = "\n".join(f"  <url><loc>{html.escape(u)}</loc><lastmod>2026-05-01T08:00:00+00:00"
                     f"</lastmod></url>" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{rows}\n</urlset>\n")


def build_site(root: Path, pages: int, hosts: int = 4, corpus: Path | None = None) -> Site:
    """Write the site under ``root`` and its seeds file beside it (``root.parent``)."""
    root.mkdir(parents=True, exist_ok=True)
    sources = sorted(corpus.glob("*/*.html")) if corpus is not None else []
    names = [f"bench-{h + 1}.test" for h in range(hosts)]
    per_host: dict[str, list[str]] = {name: [] for name in names}
    for index in range(pages):
        host = names[index % hosts]
        path = root / host / "news" / f"{index}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        if sources:
            path.write_bytes(_corpus_page(sources[index % len(sources)].read_bytes(), index))
        else:
            path.write_text(invented_page(index, host)[1], encoding="utf-8")
        per_host[host].append(f"http://{host}/news/{index}.html")
    seeds = []
    for host, urls in per_host.items():
        (root / host / "sitemap.xml").write_text(_sitemap(urls), encoding="utf-8")
        (root / host / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
        seeds.append(f'[[outlet]]\nname = "{host}"\ndomain = "{host}"\n'
                     f'sitemaps = ["http://{host}/sitemap.xml"]\n')
    seeds_path = root.parent / f"{root.name}-seeds.toml"
    seeds_path.write_text("\n".join(seeds), encoding="utf-8")
    return Site(root, seeds_path, [u for urls in per_host.values() for u in urls])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--corpus", type=Path)
    args = parser.parse_args(argv)
    site = build_site(args.root, args.pages, args.hosts, args.corpus)
    print(f"{len(site.urls)} pages under {site.root}; seeds: {site.seeds}")


if __name__ == "__main__":
    main()
