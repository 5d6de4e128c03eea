"""What the ``sources`` table and report show, built from plain data.

:func:`build_views` pairs each :class:`SourceScore` with its failure count,
its feature means and the evidence sentences a reader sees;
:func:`select_evidence` is the evidence choice on its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scraper.report_corpus import Article
from scraper.scoring.types import Evidence, SourceScore

__all__ = [
    "EvidenceView",
    "SourceView",
    "build_views",
    "corpus_mean",
    "mean_features",
    "select_evidence",
    "sentence_around",
]

#: How many evidence sentences each source shows.
EVIDENCE_PER_SOURCE = 5
#: Longest sentence shown; longer ones are cut around the finding.
SENTENCE_MAX_CHARS = 320

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s)|\n")


@dataclass(frozen=True, slots=True)
class EvidenceView:
    """One finding as shown: ``sentence`` is the article sentence around it
    (plain text, not escaped) and ``sentence[mark_start:mark_end]`` the
    finding itself; ``url`` the article it comes from ("" if unknown)."""

    kind: str
    url: str
    sentence: str
    mark_start: int
    mark_end: int


@dataclass(frozen=True, slots=True)
class SourceView:
    """One source's row: ``features`` are the per-article feature means
    (findings per sentence, 0..1)."""

    score: SourceScore
    failures: int
    features: dict[str, float]
    evidence: tuple[EvidenceView, ...]

    @property
    def source(self) -> str:
        return self.score.source


def build_views(
    scores: Mapping[str, SourceScore],
    articles: Mapping[str, Sequence[Article]],
    failures: Mapping[str, int],
    min_articles: int = 1,
) -> list[SourceView]:
    """Views of the sources with at least ``min_articles`` articles, best
    score first (ties by name)."""
    views = [
        SourceView(
            score=score,
            failures=failures.get(name, 0),
            features=score.features or mean_features(articles.get(name, ())),
            evidence=tuple(select_evidence(score, articles.get(name, ()))),
        )
        for name, score in scores.items()
        if score.articles >= min_articles
    ]
    return sorted(views, key=lambda v: (-v.score.score, v.source))


def corpus_mean(articles: Sequence[Article]) -> float:
    """Mean article score over the whole corpus (0.0 when empty)."""
    return sum(a.score.score for a in articles) / len(articles) if articles else 0.0


def mean_features(articles: Sequence[Article]) -> dict[str, float]:
    """Mean of each article feature; an article without a feature counts 0."""
    if not articles:
        return {}
    names = sorted({name for a in articles for name in a.score.features})
    return {n: sum(a.score.features.get(n, 0.0) for a in articles) / len(articles) for n in names}


def select_evidence(
    score: SourceScore, articles: Sequence[Article], limit: int = EVIDENCE_PER_SOURCE
) -> list[EvidenceView]:
    """The evidence a reader sees for one source, at most ``limit`` items.

    ``score.evidence`` (the scorer's strongest findings) is used in its order;
    each item is traced back to its article by URL, by index into
    ``articles`` or by matching the finding. When the scorer gave none, the
    findings of ``articles`` are taken one kind at a time, the most frequent
    kind first, so that every kind that shaped the score shows up.
    """
    if score.evidence:
        picked = [(_article_for(ref, ev, articles), ev) for ref, ev in score.evidence]
    else:
        picked = _spread_over_kinds(articles)
    views: list[EvidenceView] = []
    seen: set[tuple[str, int, int]] = set()
    for article, ev in picked:
        key = (article.url if article else "", ev.start, ev.end)
        if key in seen:
            continue
        seen.add(key)
        views.append(_view(article, ev))
        if len(views) == limit:
            break
    return views


def sentence_around(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The sentence(s) of ``text`` holding ``text[start:end]``, trimmed, and
    the span's offsets within it; cut to about :data:`SENTENCE_MAX_CHARS`
    around the span with "…" where text was left out."""
    begin = 0
    for found in _SENTENCE_END.finditer(text, 0, start):
        begin = found.end()
    after = _SENTENCE_END.search(text, end)
    stop = after.end() if after else len(text)
    while begin < start and text[begin].isspace():
        begin += 1
    while stop > end and text[stop - 1].isspace():
        stop -= 1
    room = max(0, SENTENCE_MAX_CHARS - (end - start)) // 2
    prefix = suffix = ""
    if start - begin > room:
        begin, prefix = start - room, "…"
    if stop - end > room:
        stop, suffix = end + room, "…"
    sentence = prefix + text[begin:stop] + suffix
    return sentence, start - begin + len(prefix), end - begin + len(prefix)


def _article_for(ref: str, ev: Evidence, articles: Sequence[Article]) -> Article | None:
    by_url = [a for a in articles if a.url and a.url == ref]
    if by_url:
        return by_url[0]
    if str(ref).isdigit() and int(ref) < len(articles) and ev in articles[int(ref)].score.evidence:
        return articles[int(ref)]
    return next((a for a in articles if ev in a.score.evidence), None)


def _spread_over_kinds(articles: Sequence[Article]) -> list[tuple[Article | None, Evidence]]:
    by_kind: dict[str, list[tuple[Article | None, Evidence]]] = {}
    for article in articles:
        for ev in article.score.evidence:
            by_kind.setdefault(ev.kind, []).append((article, ev))
    queues = sorted(by_kind.values(), key=lambda q: (-len(q), q[0][1].kind))
    out: list[tuple[Article | None, Evidence]] = []
    for round_ in range(max((len(q) for q in queues), default=0)):
        out.extend(q[round_] for q in queues if round_ < len(q))
    return out


def _view(article: Article | None, ev: Evidence) -> EvidenceView:
    url = article.url if article else ""
    if article is None or article.text[ev.start:ev.end] != ev.text:
        return EvidenceView(ev.kind, url, ev.text, 0, len(ev.text))
    sentence, mark_start, mark_end = sentence_around(article.text, ev.start, ev.end)
    return EvidenceView(ev.kind, url, sentence, mark_start, mark_end)
