"""Article score: first version (a small lexicon); see issue #4 for the target."""

from __future__ import annotations

import re

from scraper.scoring.types import ArticleScore, Evidence

__all__ = ["score_article"]

_PATTERNS = {
    "attribution.named": re.compile(r"\b(?:[A-Z][a-z]+ )+(?:said|stated|told|disclosed)\b"),
    "attribution.secondhand": re.compile(r"\baccording to (?:NYT|Reuters|AP|reports?)\b", re.I),
    "verification.unverified": re.compile(r"\b(?:has|have) not been (?:independently )?verified\b", re.I),
    "verification.denied": re.compile(r"\bden(?:y|ies|ied)\b", re.I),
    "hedge": re.compile(r"\b(?:reportedly|allegedly)\b", re.I),
}
_WEIGHTS = {"attribution.named": 1.0, "verification.unverified": 0.5, "verification.denied": 0.2,
            "attribution.secondhand": -0.5, "hedge": -0.3}


def score_article(text: str) -> ArticleScore:
    sentences = max(1, len(re.findall(r"[.!?](?:\s|$)", text)))
    evidence = sorted(
        (Evidence(kind, m.start(), m.end(), m.group(0))
         for kind, rx in _PATTERNS.items() for m in rx.finditer(text)),
        key=lambda e: e.start,
    )
    features = {kind: sum(1 for e in evidence if e.kind == kind) / sentences for kind in _PATTERNS}
    raw = 0.5 + sum(_WEIGHTS[k] * v for k, v in features.items())
    return ArticleScore(min(1.0, max(0.0, raw)), sentences, features, tuple(evidence))
