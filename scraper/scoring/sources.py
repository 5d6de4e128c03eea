"""Per-source aggregation with uncertainty (see README, "Scoring").

A source's score is its article scores shrunk toward the corpus mean:

    score = (sum(s_i) + PRIOR_WEIGHT * m) / (n + PRIOR_WEIGHT)

where ``m`` is the mean article score over all sources and ``PRIOR_WEIGHT``
the number of "virtual" corpus-average articles every source starts with.
The interval is the central ``INTERVAL`` mass of
``Beta(PRIOR_WEIGHT*m + sum(s_i), PRIOR_WEIGHT*(1-m) + sum(1-s_i))``, whose
mean is exactly ``score``: each article counts as one (fractional) trial, so
a source seen twice gets a wide interval and one seen 200 times a narrow one.
Deterministic: no sampling.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from scraper.scoring.article import WEIGHTS
from scraper.scoring.types import ArticleScore, Evidence, SourceScore

__all__ = ["EVIDENCE_PER_SOURCE", "INTERVAL", "PRIOR_WEIGHT", "beta_ppf", "score_sources"]

PRIOR_WEIGHT = 5.0  # virtual corpus-average articles added to every source
INTERVAL = 0.90  # central mass of the reported interval (low, high)
EVIDENCE_PER_SOURCE = 6  # evidence sentences kept per source

Pair = tuple[str, ArticleScore] | tuple[str, ArticleScore, str]


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-12:
            break
    return h


def _beta_cdf(x: float, a: float, b: float) -> float:
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    ln = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    front = math.exp(ln)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def beta_ppf(q: float, a: float, b: float) -> float:
    """Quantile of Beta(a, b) by bisection (60 steps: ~1e-18 wide)."""
    lo, hi = 0.0, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2.0
        if _beta_cdf(mid, a, b) < q:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2.0


def _strength(e: Evidence) -> float:
    return abs(WEIGHTS.get(e.kind, 0.0))


def _sentence_evidence(items: list[tuple[str, ArticleScore]]) -> tuple[tuple[str, Evidence], ...]:
    """The strongest findings as whole sentences, one per (kind, sentence),
    strongest kinds first, spread over kinds before repeating one."""
    seen: set[tuple[str, str, int]] = set()
    ranked: list[tuple[float, int, str, Evidence]] = []
    for key, art in items:
        for e in art.evidence:
            if e.kind not in WEIGHTS:
                continue
            mark = (key, e.kind, e.sentence_start if e.sentence else e.start)
            if mark in seen:
                continue
            seen.add(mark)
            shown = (Evidence(e.kind, e.sentence_start, e.sentence_start + len(e.sentence), e.sentence,
                              rule=e.rule, speaker=e.speaker, sentence_start=e.sentence_start, sentence=e.sentence)
                     if e.sentence else e)
            ranked.append((_strength(e), len(ranked), key, shown))
    ranked.sort(key=lambda r: (-r[0], r[1]))
    out: list[tuple[str, Evidence]] = []
    used_kinds: set[str] = set()
    for _, _, key, e in ranked:  # first pass: one per kind
        if e.kind not in used_kinds and len(out) < EVIDENCE_PER_SOURCE:
            out.append((key, e))
            used_kinds.add(e.kind)
    for _, _, key, e in ranked:
        if len(out) >= EVIDENCE_PER_SOURCE:
            break
        if (key, e) not in out:
            out.append((key, e))
    return tuple(out)


def score_sources(pairs: Iterable[Pair]) -> dict[str, SourceScore]:
    """Aggregate article scores per source.

    ``pairs`` holds ``(source, ArticleScore)`` or ``(source, ArticleScore,
    url)``; without a URL, evidence is keyed by the article's index within
    its source (``"0"``, ``"1"``, ...).
    """
    grouped: dict[str, list[tuple[str, ArticleScore]]] = defaultdict(list)
    for pair in pairs:
        source, art = pair[0], pair[1]
        key = pair[2] if len(pair) > 2 else str(len(grouped[source]))  # type: ignore[misc]
        grouped[source].append((str(key), art))
    all_scores = [a.score for items in grouped.values() for _, a in items]
    if not all_scores:
        return {}
    m = sum(all_scores) / len(all_scores)
    m = min(max(m, 1e-3), 1 - 1e-3)
    tail = (1.0 - INTERVAL) / 2.0
    out: dict[str, SourceScore] = {}
    for source, items in grouped.items():
        scores = [a.score for _, a in items]
        n, total = len(scores), sum(scores)
        alpha = PRIOR_WEIGHT * m + total
        beta = PRIOR_WEIGHT * (1.0 - m) + (n - total)
        names = sorted({f for _, a in items for f in a.features})
        features = {f: sum(a.features.get(f, 0.0) for _, a in items) / n for f in names}
        out[source] = SourceScore(
            source=source,
            score=alpha / (alpha + beta),
            low=beta_ppf(tail, alpha, beta),
            high=beta_ppf(1.0 - tail, alpha, beta),
            articles=n,
            raw_mean=total / n,
            features=features,
            evidence=_sentence_evidence(items),
        )
    return out
