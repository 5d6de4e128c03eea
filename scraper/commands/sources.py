"""``scrapy sources CORPUS.jsonl [...]``: score each source of scored corpora.

Reads article and failure records, rebuilds each article's
:class:`~scraper.scoring.ArticleScore`, aggregates them with
:func:`~scraper.scoring.score_sources` and prints one row per source, best
first. ``--html`` writes a self-contained report, ``--json`` the same data as
JSON. Bad input lines are skipped with a warning naming file and line; the
exit code is non-zero only when no record at all could be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from scraper.report.render import ReportMeta, render_evidence_text, render_html, render_table, score_meaning
from scraper.report.corpus import Corpus, read_corpus
from scraper.report.model import SourceView, build_views, corpus_mean
from scraper.scoring import score_sources

__all__ = ["Command"]


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] CORPUS.jsonl [CORPUS.jsonl ...]"

    def short_desc(self) -> str:
        return "Score each source of scored corpora and report why"

    def long_desc(self) -> str:
        return (
            "Read scored corpora (JSON Lines), score each source over its articles and print "
            "one row per source, best first: score, 90% interval, articles, failed fetches "
            "and top features. --html writes a self-contained report with the evidence."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--html", metavar="FILE", help="write an HTML report to FILE")
        parser.add_argument("--json", metavar="FILE", help="write the source scores as JSON to FILE")
        parser.add_argument(
            "--min-articles", metavar="N", type=int, default=1,
            help="leave out sources with fewer than N articles (default: 1)",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError("give at least one corpus file")
        if opts.min_articles < 1:
            raise UsageError("--min-articles must be at least 1")
        self.exitcode = report_sources(args, html=opts.html, json_path=opts.json,
                                       min_articles=opts.min_articles)


def report_sources(paths: list[str], *, html: str | None = None, json_path: str | None = None,
                   min_articles: int = 1) -> int:
    """Print the per-source table of ``paths`` and write the optional reports.

    Returns the exit code: 1 when no record could be read or a report could
    not be written, else 0. Used by the command and by the demo crawl.
    """
    corpus = read_corpus(paths)
    for problem in corpus.problems:
        _warn(str(problem))
    if corpus.records == 0:
        _warn(f"no record could be read from {', '.join(paths)}", level="error")
        return 1
    grouped = corpus.by_source()
    scores = score_sources((a.source, a.score, a.url, a.title) for a in corpus.articles)
    views = build_views(scores, grouped, corpus.failures, min_articles)
    notes = _notes(corpus, scores, min_articles)
    for note in notes:
        _warn(note, level="note")
    sys.stdout.write(render_table(views))
    sys.stdout.write("\n" + render_evidence_text(views))
    sys.stdout.write("\nwhat this score means: " + score_meaning() + "\n")
    ok = True
    if html:
        meta = ReportMeta(
            inputs=tuple(paths),
            articles=len(corpus.articles),
            failures=sum(corpus.failures.values()),
            mean=corpus_mean(corpus.articles),
            generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            notes=tuple(notes) + tuple(str(p) for p in corpus.problems),
        )
        ok &= _write(html, render_html(views, meta))
    if json_path:
        report = json.dumps(_json_report(views, corpus), indent=2, ensure_ascii=False) + "\n"
        ok &= _write(json_path, report)
    return 0 if ok else 1


def _write(path: str, content: str) -> bool:
    try:
        Path(path).write_text(content, encoding="utf-8")
    except OSError as exc:
        _warn(f"cannot write {path}: {exc.strerror or exc}", level="error")
        return False
    return True


def _warn(message: str, level: str = "warning") -> None:
    print(f"sources: {level}: {message}", file=sys.stderr)


def _notes(corpus: Corpus, scores: dict[str, Any], min_articles: int) -> list[str]:
    notes = []
    if corpus.duplicates:
        notes.append(f"{corpus.duplicates} article records repeat an earlier URL; the first one was kept")
    few = sorted(name for name, s in scores.items() if s.articles < min_articles)
    if few:
        notes.append(f"left out, fewer than {min_articles} articles: {', '.join(few)}")
    unsupported = sum(s.unsupported for s in scores.values()) + sum(
        1 for a in corpus.articles if a.source not in scores)
    if unsupported:
        notes.append(f"{unsupported} articles not in English were left out of the scores")
    failed_only = sorted(set(corpus.failures) - set(scores) - {a.source for a in corpus.articles})
    if failed_only:
        notes.append(f"only failed fetches, not scored: {', '.join(failed_only)}")
    return notes


def _json_report(views: list[SourceView], corpus: Corpus) -> dict[str, Any]:
    return {
        "meaning": score_meaning(),
        "articles": len(corpus.articles),
        "failures": sum(corpus.failures.values()),
        "mean": round(corpus_mean(corpus.articles), 4),
        "sources": [
            {
                "source": v.source,
                "score": round(v.score.score, 4),
                "low": round(v.score.low, 4),
                "high": round(v.score.high, 4),
                "raw_mean": round(v.score.raw_mean, 4),
                "articles": v.score.articles,
                "failures": v.failures,
                "features": {k: round(val, 4) for k, val in v.features.items()},
                "evidence": [
                    {"kind": e.kind, "url": e.url, "title": e.title, "sentence": e.sentence,
                     "cue": e.sentence[e.mark_start:e.mark_end],
                     "source": e.sentence[e.source_start:e.source_end] if e.source_start >= 0 else "",
                     "source_type": e.source_type}
                    for e in v.evidence
                ],
            }
            for v in views
        ],
    }
