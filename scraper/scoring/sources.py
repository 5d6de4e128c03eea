"""Outlet (source) score with its uncertainty (see README, "Outlet score").

The outlet score is the article formula applied to the trimmed mean
features of the outlet's own articles:

    score = clip(bias + sum(w_f * sqrt(tmean_f + 1e-4)), 0, 1)

``tmean_f`` being the mean of feature ``f`` after cutting the
``floor(n * trim)`` lowest and highest of its ``n`` article values (``trim``
from the formula file, 10%: a transcript or a digest among forty articles
does not set the outlet's profile). It depends on that outlet's articles
only, never on which other outlets are in the same input. Articles without a score (a language the scorer does
not read, or no text) are left out and counted in ``unsupported``.

The 90% interval is a percentile bootstrap of that statistic over the
outlet's articles (``BOOTSTRAP`` resamples with seed ``SEED``, the same for
every outlet, so it is deterministic), widened to at least
``1.645 * spread / sqrt(n)`` where ``spread`` is the typical per-article
spread measured on abp-dev: an outlet seen once gets the uncertainty of one
article, not a zero-width interval. Above ``BOOTSTRAP_MAX`` articles the
delta-method normal interval is used (what the bootstrap converges to).
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from scraper.scoring.article import FEATURES, TRANSFORM_EPS, formula, formula_value, score_features
from scraper.scoring.types import ArticleScore, EvidenceRef, SourceScore

__all__ = ["BOOTSTRAP", "EVIDENCE_PER_SOURCE", "INTERVAL", "SEED", "contributions", "interval", "score_sources",
           "trim_count", "trimmed_means"]

INTERVAL = 0.90  # central mass of the reported interval (low, high)
BOOTSTRAP = 500  # resamples per outlet
BOOTSTRAP_MAX = 150  # above this many articles: delta-method normal interval
SEED = 20231
EVIDENCE_PER_SOURCE = 6  # findings kept per source
_Z = 1.6449  # two-sided 90% normal quantile

Pair = (tuple[str, ArticleScore] | tuple[str, ArticleScore, str] | tuple[str, ArticleScore, str, str])


def _trim() -> float:
    return float(formula().get("trim", 0.0))


def trim_count(n: int, trim: float) -> int:
    """Values cut from each end of ``n``: floor(n * trim) (as tools/outlet_cv.py)."""
    return int(n * trim + 1e-9)


def feature_means(rows: Sequence[Mapping[str, float]], idx: Sequence[int] | None = None,
                  names: Iterable[str] = FEATURES, trim: float = 0.0) -> dict[str, float]:
    """Per feature, the mean over ``rows`` (or the rows ``idx``) without the
    ``trim_count`` lowest and highest values; a row without it counts 0."""
    pick = range(len(rows)) if idx is None else idx
    n = len(pick)
    k = trim_count(n, trim)
    if k == 0:
        return {f: sum(rows[i].get(f, 0.0) for i in pick) / n for f in names}
    return {f: sum(sorted(rows[i].get(f, 0.0) for i in pick)[k : n - k]) / (n - 2 * k) for f in names}


def trimmed_means(rows: Sequence[Mapping[str, float]], idx: Sequence[int] | None = None,
                  trim: float | None = None) -> dict[str, float]:
    """The outlet's feature profile: :func:`feature_means` at the formula's trim."""
    return feature_means(rows, idx, FEATURES, _trim() if trim is None else trim)


def contributions(rows: Sequence[dict[str, float]], weights: dict[str, float],
                  ranges: dict[str, list[float]], trim: float | None = None) -> list[float]:
    """Each article's linearised contribution to the outlet value (delta
    method: the formula's slope at the outlet's trimmed means times the
    article's influence on each, i.e. its value held to the trimmed range
    minus the winsorised mean, over 1 - 2 * trim; no slope where a mean is
    held at its range)."""
    t = _trim() if trim is None else trim
    n = len(rows)
    k = trim_count(n, t)
    mean = trimmed_means(rows, trim=t)
    slope = {f: (float(w) / (2.0 * math.sqrt(mean[f] + TRANSFORM_EPS))
                 if ranges.get(f, (0.0, 1.0))[0] <= mean[f] <= ranges.get(f, (0.0, 1.0))[1] else 0.0)
             for f, w in weights.items()}
    infl: dict[str, list[float]] = {}
    for f in slope:
        values = [r.get(f, 0.0) for r in rows]
        ordered = sorted(values)
        lo, hi = ordered[k], ordered[n - 1 - k]
        held = [min(max(v, lo), hi) for v in values]
        centre = sum(held) / n
        infl[f] = [(v - centre) / (1.0 - 2.0 * k / n) for v in held]
    return [sum(slope[f] * infl[f][i] for f in slope) for i in range(n)]


def interval(rows: Sequence[dict[str, float]]) -> tuple[float, float]:
    """The unclipped 90% interval of the outlet value over articles ``rows``."""
    n = len(rows)
    point = formula_value(trimmed_means(rows))
    floor = _Z * float(formula().get("spread", 0.1)) / math.sqrt(n)
    if n > BOOTSTRAP_MAX:
        g = contributions(rows, formula()["weights"], formula().get("range", {}))
        half = max(_Z * math.sqrt(sum(v * v for v in g) / (n - 1)) / math.sqrt(n), floor)
        return point - half, point + half
    rng = random.Random(SEED)
    draws = sorted(formula_value(trimmed_means(rows, rng.choices(range(n), k=n))) for _ in range(BOOTSTRAP))
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
        features = trimmed_means(rows)
        lo, hi = interval(rows)
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
