"""What the ``sources`` table and report show, built from plain data.

:func:`build_views` pairs each :class:`SourceScore` with its failure count,
its feature means and the evidence sentences a reader sees;
:func:`select_evidence` is the evidence choice on its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scraper.report.corpus import Article
from scraper.scoring.sources import feature_means, pick_evidence
from scraper.scoring.text import find_quotes, split_sentences
from scraper.scoring.types import SOURCE_TYPES, EvidenceRef, SourceScore

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


@dataclass(frozen=True, slots=True)
class EvidenceView:
    """One finding as shown: ``sentence`` is the article sentence around it
    (plain text, not escaped), ``sentence[mark_start:mark_end]`` the cue and
    ``sentence[source_start:source_end]`` its source (-1 when none);
    ``url`` and ``title`` name the article it comes from, ``source_type`` a
    key of :data:`~scraper.scoring.types.SOURCE_TYPES` ("" when none)."""

    kind: str
    url: str
    sentence: str
    mark_start: int
    mark_end: int
    title: str = ""
    source_start: int = -1
    source_end: int = -1
    source_type: str = ""

    @property
    def source_label(self) -> str:
        """The source type in words ("" when the finding has none)."""
        return SOURCE_TYPES.get(self.source_type, "")


@dataclass(frozen=True, slots=True)
class SourceView:
    """One source's row: ``features`` its profile, the share of all its
    sentences holding each finding (0..1)."""

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
    """Mean article score over the corpus, articles in an unsupported language
    left out (0.0 when none)."""
    scores = [a.score.score for a in articles if a.score.score is not None]
    return sum(scores) / len(scores) if scores else 0.0


def mean_features(articles: Sequence[Article]) -> dict[str, float]:
    """Mean of each article feature; an article without a feature counts 0."""
    if not articles:
        return {}
    names = sorted({name for a in articles for name in a.score.features})
    return feature_means([a.score.features for a in articles], names=names)


def select_evidence(
    score: SourceScore, articles: Sequence[Article], limit: int = EVIDENCE_PER_SOURCE
) -> list[EvidenceView]:
    """The evidence a reader sees for one source, at most ``limit`` items.

    ``score.evidence`` (the scorer's strongest findings, each carrying its
    article's URL and title) is used in its order. When the scorer gave none,
    the findings of ``articles`` are taken one kind at a time, the most
    frequent kind first, so that every kind that shaped the score shows up.
    """
    texts = {a.url: a.text for a in articles if a.url}
    picked = list(score.evidence) if score.evidence else _spread_over_kinds(articles)
    views: list[EvidenceView] = []
    seen: set[tuple[str, int, int]] = set()
    for ref in picked:
        key = (ref.url, ref.evidence.start, ref.evidence.end)
        if key in seen:
            continue
        seen.add(key)
        views.append(_view(ref, texts.get(ref.url)))
        if len(views) == limit:
            break
    return views


def sentence_around(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The sentence(s) of ``text`` holding ``text[start:end]`` (cut by the
    scorer's own splitter), trimmed, and the span's offsets within it; cut to
    about :data:`SENTENCE_MAX_CHARS` around the span with "…" where text was left out."""
    holding = [s for s in split_sentences(text, find_quotes(text)) if s.start < max(end, start + 1) and start < s.end]
    begin = min([start, *(s.start for s in holding)])
    stop = max([end, *(s.end for s in holding)])
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


def _spread_over_kinds(articles: Sequence[Article]) -> list[EvidenceRef]:
    """All findings of ``articles``, the scorer's way (:func:`pick_evidence`),
    ranked by how often their kind occurs: the most frequent kind first."""
    refs = [EvidenceRef(a.url, a.title, ev) for a in articles for ev in a.score.evidence]
    counts = Counter(ref.evidence.kind for ref in refs)
    return list(pick_evidence(refs, lambda ref: (-counts[ref.evidence.kind], ref.evidence.kind), len(refs)))


def _view(ref: EvidenceRef, text: str | None) -> EvidenceView:
    """The finding in its sentence: the sentence the scorer stored with it,
    else the article text around it, else the finding alone (stale offsets)."""
    ev = ref.evidence
    cue_start, cue_end = ev.cue()
    if ev.sentence and ev.sentence_start >= 0:
        base, body = ev.sentence_start, ev.sentence
        if body[ev.start - base : ev.end - base] != ev.text:
            body = ""
    elif text is not None and text[ev.start : ev.end] == ev.text:
        base, body = 0, text
    else:
        body = ""
    if not body:
        return EvidenceView(ev.kind, ref.url, ev.text, 0, len(ev.text), ref.title, source_type=ev.source_type)
    if base:  # the stored sentence: only cut it when it is long
        sentence, a, _ = _trim(body, ev.start - base, ev.end - base)
    else:
        sentence, a, _ = sentence_around(body, ev.start, ev.end)
    shift = a - (ev.start - base)

    def rel(pos: int) -> int:
        return pos - base + shift if pos >= 0 else -1

    src_start, src_end = rel(ev.source_start), rel(ev.source_end)
    if src_start < 0 or src_end > len(sentence) or (src_start < rel(cue_end) and rel(cue_start) < src_end):
        src_start = src_end = -1  # not shown, or overlapping the cue
    return EvidenceView(ev.kind, ref.url, sentence, rel(cue_start), rel(cue_end), ref.title,
                        src_start, src_end, ev.source_type)


def _trim(body: str, start: int, end: int) -> tuple[str, int, int]:
    """``body`` cut to about :data:`SENTENCE_MAX_CHARS` around ``[start, end)``."""
    room = max(0, SENTENCE_MAX_CHARS - (end - start)) // 2
    begin, stop, prefix, suffix = 0, len(body), "", ""
    if start > room:
        begin, prefix = start - room, "…"
    if stop - end > room:
        stop, suffix = end + room, "…"
    return prefix + body[begin:stop] + suffix, start - begin + len(prefix), end - begin + len(prefix)
