"""Outlet (source) score with its uncertainty (see README, "Outlet score").

The outlet's profile of a feature is the share of all its sentences that
hold that kind of finding (its articles' shares weighted by their
sentences: a three-line brief weighs less than a long report). The outlet
score is the fitted formula on that profile:

    score = clip(bias + sum(w_f * position_f(profile_f)), 0, 1)

``position_f`` being the profile's mid-rank among the rated outlets the
formula was fitted on (frozen into the formula file; see
:func:`scraper.scoring.article.position`). It depends on that outlet's
articles only, never on which other outlets are in the same input. Articles
without a score (a language the scorer does not read, or no text) are left
out and counted in ``unsupported``.

The 90% interval is a percentile bootstrap of that statistic over the
outlet's articles (``BOOTSTRAP`` resamples with seed ``SEED``, the same for
every outlet, so it is deterministic), widened to at least
``1.645 * spread / sqrt(n)`` where ``spread`` is the typical per-article
spread measured on abp-dev: an outlet seen once gets the uncertainty of one
article, not a zero-width interval. Above ``BOOTSTRAP_MAX`` articles the
bootstrap resamples ``BOOTSTRAP_MAX`` fixed groups of articles instead of
the articles (the same statistic; the cost of a 150-article outlet).
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from scraper.scoring.article import FEATURES, formula, formula_value, score_features
from scraper.scoring.types import ArticleScore, EvidenceRef, SourceScore

__all__ = ["BOOTSTRAP", "BOOTSTRAP_MAX", "EVIDENCE_PER_SOURCE", "INTERVAL", "SEED", "article_spread", "bootstrap",
           "feature_means", "interval", "pooled_shares", "score_sources"]

INTERVAL = 0.90  # central mass of the reported interval (low, high)
BOOTSTRAP = 500  # resamples per outlet
BOOTSTRAP_MAX = 150  # above this many articles: resample groups of articles
SEED = 20231
EVIDENCE_PER_SOURCE = 6  # findings kept per source
_Z = 1.6449  # two-sided 90% normal quantile

Pair = (tuple[str, ArticleScore] | tuple[str, ArticleScore, str] | tuple[str, ArticleScore, str, str])


def feature_means(rows: Sequence[Mapping[str, float]], idx: Sequence[int] | None = None,
                  names: Iterable[str] = FEATURES) -> dict[str, float]:
    """Per feature, the plain mean over ``rows`` (or the rows ``idx``); a row
    without it counts 0."""
    pick = range(len(rows)) if idx is None else idx
    n = max(1, len(pick))
    return {f: sum(rows[i].get(f, 0.0) for i in pick) / n for f in names}


def pooled_shares(rows: Sequence[Mapping[str, float]], sentences: Sequence[int],
                  idx: Sequence[int] | None = None, names: Iterable[str] = FEATURES) -> dict[str, float]:
    """The outlet's profile: per feature, the sentences holding it among all
    the sentences of ``rows`` (or the rows ``idx``), i.e. the article shares
    weighted by their sentence counts (at least 1 each); a row without a
    feature counts 0 (as tools/outlet_cv.profile, "pooled")."""
    pick = range(len(rows)) if idx is None else idx
    weight = [max(1, sentences[i]) for i in pick]
    total = sum(weight)
    return {f: sum(rows[i].get(f, 0.0) * w for i, w in zip(pick, weight)) / total for f in names}


def _units(rows: Sequence[Mapping[str, float]], sentences: Sequence[int],
           names: Sequence[str]) -> list[tuple[list[float], float]]:
    """What the bootstrap resamples: per article, its sentences holding each
    feature and its sentence count; above ``BOOTSTRAP_MAX`` articles, the
    sums over ``BOOTSTRAP_MAX`` groups (article i in group i mod
    ``BOOTSTRAP_MAX``), so a large outlet costs what a 150-article one does."""
    groups = min(len(rows), BOOTSTRAP_MAX)
    hits = [[0.0] * len(names) for _ in range(groups)]
    weight = [0.0] * groups
    for i, (row, n) in enumerate(zip(rows, sentences)):
        w = max(1, n)
        g = i % groups
        weight[g] += w
        for j, k in enumerate(names):
            hits[g][j] += row.get(k, 0.0) * w
    return list(zip(hits, weight))


def bootstrap(rows: Sequence[Mapping[str, float]], sentences: Sequence[int],
              f: dict[str, Any] | None = None) -> list[float]:
    """``BOOTSTRAP`` resampled outlet values (unclipped, sorted; seed ``SEED``)."""
    names = list(FEATURES)
    units = _units(rows, sentences, names)
    m = len(units)
    rng = random.Random(SEED)
    draws = []
    for _ in range(BOOTSTRAP):
        pick = rng.choices(range(m), k=m)
        total = sum(units[i][1] for i in pick)
        prof = {k: sum(units[i][0][j] for i in pick) / total for j, k in enumerate(names)}
        draws.append(formula_value(prof, f))
    return sorted(draws)


def article_spread(rows: Sequence[Mapping[str, float]], sentences: Sequence[int],
                   f: dict[str, Any] | None = None) -> float:
    """The bootstrap sd of the outlet value times sqrt(articles): the
    uncertainty one article carries (``spread`` in the formula file is its
    median over the fitted outlets)."""
    draws = bootstrap(rows, sentences, f)
    mean = sum(draws) / len(draws)
    return math.sqrt(sum((d - mean) ** 2 for d in draws) / (len(draws) - 1)) * math.sqrt(len(rows))


def interval(rows: Sequence[Mapping[str, float]], sentences: Sequence[int]) -> tuple[float, float]:
    """The unclipped 90% interval of the outlet value over articles ``rows``
    (with their sentence counts): the bootstrap percentiles, widened to at
    least ``1.645 * spread / sqrt(n)`` either side of the point value."""
    point = formula_value(pooled_shares(rows, sentences))
    floor = _Z * float(formula().get("spread", 0.1)) / math.sqrt(len(rows))
    draws = bootstrap(rows, sentences)
    tail = (1.0 - INTERVAL) / 2.0
    lo, hi = draws[int(tail * BOOTSTRAP)], draws[int((1.0 - tail) * BOOTSTRAP) - 1]
    return min(lo, point - floor), max(hi, point + floor)


def _strength(kind: str) -> float:
    return abs(float(formula()["weights"].get(kind, 0.0)))


def pick_evidence(refs: Sequence[EvidenceRef], key: Callable[[EvidenceRef], Any],
                  limit: int) -> tuple[EvidenceRef, ...]:
    """At most ``limit`` of ``refs``, ranked by ``key`` (ties keep their order):
    the first of each kind before any kind repeats, then the rest in rank order."""
    ranked = sorted(refs, key=key)
    out: list[EvidenceRef] = []
    taken: set[int] = set()
    used: set[str] = set()
    for i, ref in enumerate(ranked):  # first pass: one per kind
        if ref.evidence.kind not in used and len(out) < limit:
            out.append(ref)
            taken.add(i)
            used.add(ref.evidence.kind)
    for i, ref in enumerate(ranked):
        if len(out) >= limit:
            break
        if i not in taken:
            out.append(ref)
    return tuple(out)


def _evidence(items: list[tuple[str, str, ArticleScore]]) -> tuple[EvidenceRef, ...]:
    """The strongest findings, one per (article, kind, sentence), strongest
    kinds first, spread over kinds before repeating one."""
    seen: set[tuple[str, str, int]] = set()
    refs: list[EvidenceRef] = []
    for url, title, art in items:
        for e in art.evidence:
            if _strength(e.kind) == 0.0:
                continue
            mark = (url, e.kind, e.sentence_start if e.sentence else e.start)
            if mark in seen:
                continue
            seen.add(mark)
            refs.append(EvidenceRef(url, title, e))
    return pick_evidence(refs, lambda ref: -_strength(ref.evidence.kind), EVIDENCE_PER_SOURCE)


def score_sources(pairs: Iterable[Pair]) -> dict[str, SourceScore]:
    """Aggregate article scores per source.

    ``pairs`` holds ``(source, ArticleScore[, url[, title]])``; the URL and
    title travel with each evidence item to the report.
    """
    grouped: dict[str, list[tuple[str, str, ArticleScore]]] = defaultdict(list)
    unsupported: dict[str, int] = defaultdict(int)
    for pair in pairs:
        source, art = pair[0], pair[1]
        url = str(pair[2]) if len(pair) > 2 else ""
        title = str(pair[3]) if len(pair) > 3 else ""
        if not art.language_supported or art.score is None:
            unsupported[source] += 1
            continue
        grouped[source].append((url, title, art))
    out: dict[str, SourceScore] = {}
    for source, items in grouped.items():
        n = len(items)
        rows = [a.features for _, _, a in items]
        sentences = [a.sentences for _, _, a in items]
        features = pooled_shares(rows, sentences)
        lo, hi = interval(rows, sentences)
        out[source] = SourceScore(
            source=source,
            score=score_features(features),
            low=min(1.0, max(0.0, lo)),
            high=min(1.0, max(0.0, hi)),
            articles=n,
            raw_mean=sum(a.score or 0.0 for _, _, a in items) / n,
            features=features,
            evidence=_evidence(items),
            unsupported=unsupported.get(source, 0),
        )
    return out
