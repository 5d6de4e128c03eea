"""Plain data types of the scoring stage.

Offsets (``start``, ``end``) are character offsets into the article ``text``
that was scored (the cleaned text of a record), ``text[start:end]`` being the
evidence. Scores are floats in ``[0, 1]``: higher means better attributed and
verified reporting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Evidence", "ArticleScore", "SourceScore"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """One finding: ``kind`` is a dotted name (``attribution.named``,
    ``quote.orphan``, ``verification.unverified``, ``hedge``, ...), and
    ``text == article_text[start:end]`` (character offsets into the scored
    text).

    Optional context, empty when unknown: ``rule`` is the lexicon row or
    heuristic that fired (``verb.say``, ``verification__not_been_verified``);
    ``speaker`` who the finding is tied to (for attributions and quotes, a
    pronoun resolved to its antecedent); ``sentence`` the whole sentence the
    finding is in, which starts at offset ``sentence_start`` (-1 if unknown).
    """

    kind: str
    start: int
    end: int
    text: str
    rule: str = ""
    speaker: str = ""
    sentence_start: int = -1
    sentence: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "start": self.start, "end": self.end, "text": self.text}
        if self.rule:
            out["rule"] = self.rule
        if self.speaker:
            out["speaker"] = self.speaker
        if self.sentence:
            out["sentence_start"] = self.sentence_start
            out["sentence"] = self.sentence
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        return cls(
            str(data["kind"]), int(data["start"]), int(data["end"]), str(data["text"]),
            rule=str(data.get("rule", "")), speaker=str(data.get("speaker", "")),
            sentence_start=int(data.get("sentence_start", -1)), sentence=str(data.get("sentence", "")),
        )


@dataclass(frozen=True, slots=True)
class ArticleScore:
    """Score of one article: ``score`` in [0, 1]; ``features`` maps a feature
    name to its sentence-normalised value (findings per sentence, 0..1);
    ``sentences`` is how many sentences were read."""

    score: float
    sentences: int
    features: dict[str, float] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"score": round(self.score, 4), "sentences": self.sentences}
        out.update({k: round(v, 4) for k, v in self.features.items()})
        out["evidence"] = [e.to_dict() for e in self.evidence]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleScore:
        reserved = {"score", "sentences", "evidence"}
        return cls(
            score=float(data["score"]),
            sentences=int(data.get("sentences", 0)),
            features={k: float(v) for k, v in data.items() if k not in reserved},
            evidence=tuple(Evidence.from_dict(e) for e in data.get("evidence", [])),
        )


@dataclass(frozen=True, slots=True)
class SourceScore:
    """Score of one source (registered domain) over its articles.

    ``score`` is the shrunk mean article score in [0, 1]; ``low``/``high`` the
    bounds of its 90% interval; ``articles`` how many articles it rests on;
    ``features`` the mean of each article feature; ``evidence`` the strongest
    findings, each as ``(url_or_index, Evidence)``.
    """

    source: str
    score: float
    low: float
    high: float
    articles: int
    raw_mean: float = 0.0
    features: dict[str, float] = field(default_factory=dict)
    evidence: tuple[tuple[str, Evidence], ...] = ()
