"""Per-source aggregation: first version (plain mean); see issue #4."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from scraper.scoring.types import ArticleScore, SourceScore

__all__ = ["score_sources"]


def score_sources(pairs: Iterable[tuple[str, ArticleScore]]) -> dict[str, SourceScore]:
    grouped: dict[str, list[ArticleScore]] = defaultdict(list)
    for source, score in pairs:
        grouped[source].append(score)
    out = {}
    for source, scores in grouped.items():
        mean = sum(s.score for s in scores) / len(scores)
        out[source] = SourceScore(source, mean, min(s.score for s in scores),
                                  max(s.score for s in scores), len(scores), mean)
    return out
