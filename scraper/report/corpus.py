"""Read scored corpora (JSON Lines written by the store pipeline) into plain data.

Reading never raises on bad input: a missing file, a line that is not JSON, a
torn last line or a record without the fields we need each becomes a
:class:`Problem` naming the file and line, and reading goes on with the rest.
Only article and failure records are used; other record types are reported.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scraper.scoring.types import ArticleScore

__all__ = ["Article", "Corpus", "Problem", "read_corpus"]


@dataclass(frozen=True, slots=True)
class Article:
    """One article record: ``text`` is the cleaned text that ``score`` was
    computed on, so evidence offsets in ``score`` point into it."""

    url: str
    source: str
    text: str
    score: ArticleScore
    title: str = ""


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in the input that was skipped. ``line`` is 1-based, or
    ``None`` when the whole file could not be read."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


@dataclass(slots=True)
class Corpus:
    """Everything read from one or more corpus files.

    ``failures`` counts failure records per source; ``records`` counts the
    valid records read (articles, failures and duplicates); ``duplicates``
    counts article records whose URL was already read (the first one is kept).
    """

    articles: list[Article] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    records: int = 0
    duplicates: int = 0

    def by_source(self) -> dict[str, list[Article]]:
        """Articles grouped by source, each group in input order."""
        grouped: dict[str, list[Article]] = {}
        for article in self.articles:
            grouped.setdefault(article.source, []).append(article)
        return grouped


class _BadRecord(ValueError):
    """A line that is JSON but not a usable record; the message says why."""


def read_corpus(paths: Iterable[str | Path]) -> Corpus:
    """Read every file in ``paths`` in order into one :class:`Corpus`."""
    corpus = Corpus()
    seen_urls: set[str] = set()
    for path in paths:
        for lineno, record in _records(Path(path), corpus.problems):
            try:
                _add_record(corpus, record, seen_urls)
            except _BadRecord as exc:
                corpus.problems.append(Problem(str(path), lineno, str(exc)))
    return corpus


def _records(path: Path, problems: list[Problem]) -> Iterator[tuple[int, Any]]:
    """Yield ``(line number, parsed JSON)`` for each good line of ``path``;
    append a problem for each bad one."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(str(path), None, "no such file"))
        return
    except IsADirectoryError:
        problems.append(Problem(str(path), None, "is a directory, not a corpus file"))
        return
    except OSError as exc:
        problems.append(Problem(str(path), None, f"cannot read: {exc.strerror or exc}"))
        return
    lines = data.split(b"\n")
    last = len(lines) if lines[-1] else len(lines) - 1  # last line that has content
    for lineno, raw in enumerate(lines[:last], start=1):
        if not raw.strip():
            continue
        try:
            yield lineno, json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            problems.append(Problem(str(path), lineno, "not UTF-8 text, line skipped"))
        except json.JSONDecodeError as exc:
            if lineno == last and lines[-1]:
                message = "last line is cut off (no newline at end of file), line skipped"
            else:
                message = f"invalid JSON ({exc.msg} at column {exc.colno}), line skipped"
            problems.append(Problem(str(path), lineno, message))


def _add_record(corpus: Corpus, record: Any, seen_urls: set[str]) -> None:
    if not isinstance(record, dict):
        raise _BadRecord(f"expected a JSON object, got {type(record).__name__}, line skipped")
    kind = record.get("type")
    source = record.get("source")
    if kind not in ("article", "failure"):
        raise _BadRecord(f"unknown record type {kind!r}, line skipped")
    if not isinstance(source, str) or not source:
        raise _BadRecord(f"{kind} record has no source, line skipped")
    if kind == "failure":
        corpus.failures[source] += 1
        corpus.records += 1
        return
    article = _article(record, source)
    corpus.records += 1
    if article.url and article.url in seen_urls:
        corpus.duplicates += 1
        return
    seen_urls.add(article.url)
    corpus.articles.append(article)


def _article(record: dict[str, Any], source: str) -> Article:
    scores = record.get("scores")
    text = record.get("text")
    if not isinstance(scores, dict):
        raise _BadRecord("article record has no scores, line skipped")
    if not isinstance(text, str):
        raise _BadRecord("article record has no text, line skipped")
    try:
        score = ArticleScore.from_dict(scores)
    except (KeyError, TypeError, ValueError) as exc:
        raise _BadRecord(f"article scores are malformed ({exc!r}), line skipped") from None
    return Article(str(record.get("url") or ""), source, text, score, str(record.get("title") or ""))
