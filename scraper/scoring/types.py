"""Plain data types of the scoring stage.

Offsets (``start``, ``end``) are character offsets into the article ``text``
that was scored (the cleaned text of a record), ``text[start:end]`` being the
evidence. Scores are floats in ``[0, 1]``: higher means better attributed and
verified reporting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["SOURCE_TYPES", "ArticleScore", "Evidence", "EvidenceRef", "SourceScore"]


#: Source types of an attribution (``Evidence.source_type``).
SOURCE_TYPES: dict[str, str] = {
    "named": "named person or organisation",
    "unnamed": "unnamed but described",
    "anonymous": "anonymous by request",
    "outlet": "another outlet (second-hand)",
    "document": "document or study",
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """One finding: ``kind`` is a dotted name (``attribution.named``,
    ``quote.orphan``, ``verification.unverified``, ``hedge``, ...), and
    ``text == article_text[start:end]`` (character offsets into the scored
    text); the span covers the cue and, for an attribution, its source.

    Optional context, empty when unknown: ``rule`` is the lexicon row,
    heuristic or model that fired (``verb.say``, ``model.cue``); ``speaker``
    who the finding is tied to (for attributions and quotes, a pronoun
    resolved to its antecedent); ``sentence`` the whole sentence the finding
    is in, which starts at offset ``sentence_start`` (-1 if unknown).
    ``cue_start``/``cue_end`` is the cue ("said", "has not been verified"),
    ``source_start``/``source_end`` the source's words (-1 when there are
    none in the text), ``source_type`` a key of :data:`SOURCE_TYPES`.
    """

    kind: str
    start: int
    end: int
    text: str
    rule: str = ""
    speaker: str = ""
    sentence_start: int = -1
    sentence: str = ""
    cue_start: int = -1
    cue_end: int = -1
    source_start: int = -1
    source_end: int = -1
    source_type: str = ""

    def cue(self) -> tuple[int, int]:
        """The cue span (the whole finding when no cue was recorded)."""
        return (self.cue_start, self.cue_end) if self.cue_start >= 0 else (self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "start": self.start, "end": self.end, "text": self.text}
        if self.rule:
            out["rule"] = self.rule
        if self.speaker:
            out["speaker"] = self.speaker
        if self.sentence:
            out["sentence_start"] = self.sentence_start
            out["sentence"] = self.sentence
        if self.cue_start >= 0:
            out["cue"] = [self.cue_start, self.cue_end]
        if self.source_start >= 0:
            out["source"] = [self.source_start, self.source_end]
        if self.source_type:
            out["source_type"] = self.source_type
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        cue = data.get("cue") or (-1, -1)
        src = data.get("source") or (-1, -1)
        return cls(
            str(data["kind"]), int(data["start"]), int(data["end"]), str(data["text"]),
            rule=str(data.get("rule", "")), speaker=str(data.get("speaker", "")),
            sentence_start=int(data.get("sentence_start", -1)), sentence=str(data.get("sentence", "")),
            cue_start=int(cue[0]), cue_end=int(cue[1]), source_start=int(src[0]), source_end=int(src[1]),
            source_type=str(data.get("source_type", "")),
        )


@dataclass(frozen=True, slots=True)
class ArticleScore:
    """Score of one article: ``score`` in [0, 1] (see README, "Article
    score"), or ``None`` when the text is not in a language the scorer reads
    (``language_supported`` False); ``features`` maps a feature name to its
    sentence-normalised value (sentences with the finding per sentence, 0..1);
    ``sentences`` is how many sentences were read."""

    score: float | None
    sentences: int
    features: dict[str, float] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    language_supported: bool = True

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"score": None if self.score is None else round(self.score, 4),
                               "sentences": self.sentences, "language_supported": self.language_supported}
        out.update({k: round(v, 4) for k, v in self.features.items()})
        out["evidence"] = [e.to_dict() for e in self.evidence]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleScore:
        reserved = {"score", "sentences", "evidence", "language_supported"}
        raw = data["score"]
        return cls(
            score=None if raw is None else float(raw),
            sentences=int(data.get("sentences", 0)),
            features={k: float(v) for k, v in data.items() if k not in reserved},
            evidence=tuple(Evidence.from_dict(e) for e in data.get("evidence", [])),
            language_supported=bool(data.get("language_supported", True)),
        )


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    """A finding with the article it comes from: ``url`` and ``title`` as the
    record gave them ("" when the caller had none)."""

    url: str
    title: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class SourceScore:
    """Score of one source (registered domain) over its articles.

    ``score`` is the outlet formula (README, "Outlet score") on the pooled
    features of its articles, in [0, 1]; ``low``/``high`` the bounds of its
    90% bootstrap interval; ``articles`` how many articles it rests on
    (``unsupported`` more were left out: language not read); ``features``
    the share of all its sentences holding each finding; ``evidence`` the strongest findings,
    each with its article's URL and title.
    """

    source: str
    score: float
    low: float
    high: float
    articles: int
    raw_mean: float = 0.0
    features: dict[str, float] = field(default_factory=dict)
    evidence: tuple[EvidenceRef, ...] = ()
    unsupported: int = 0
