"""Article score: sentence findings (with offsets) -> features -> score.

One pass per sentence per lexicon table; see the README section "Scoring" for every
feature, its weight and an example sentence.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from scraper.scoring import lexicons as lx
from scraper.scoring.rules import (
    ANONYMOUS_RX,
    HEDGE_RX,
    LOADED_RX,
    ROW_KIND,
    SECONDHAND_RX,
    SPECULATIVE_RX,
    VERIFICATION_RX,
    gated,
    iter_rows,
    iter_verbs,
)
from scraper.scoring.speakers import Context, Speaker, before_relative, classify_np, last_chunk, lead_np, strip_aux
from scraper.scoring.text import Quote, Sentence, find_quotes, split_sentences
from scraper.scoring.types import ArticleScore, Evidence

__all__ = ["BIAS", "FEATURES", "WEIGHTS", "find_evidence", "score_article", "score_features"]

# Feature -> weight in the article formula (see README, "Scoring").
WEIGHTS: dict[str, float] = {
    "attribution.named": 2.0,
    "quote.attributed": 1.0,
    "verification.confirmed": 1.5,
    "verification.unverified": 1.0,
    "verification.denied": 0.5,
    "verification.disputed": 0.5,
    "attribution.anonymous": -1.0,
    "attribution.secondhand": -1.0,
    "quote.orphan": -1.5,
    "hedge": -0.5,
    "assertion.unsupported": -2.0,
    "loaded": -2.0,
}
FEATURES: tuple[str, ...] = tuple(WEIGHTS)
BIAS = 0.0  # an article with no findings at all scores sigmoid(0) = 0.5

_DET_BEFORE = frozenset(
    "the a an this that these those such his her its their our my your having to be been being was "
    "were is are am get got gets".split()
)
_VERB_FORMS = frozenset(f for v in lx.REPORTING_VERBS for f in v.forms if " " not in f and "\\" not in f)
_PASSIVE = frozenset("be been being".split())
_NEGATION_BEFORE_RX = re.compile(r"\b(?:not|n[’']t|cannot|unable\s+to|never|no)\s+(?:\w+\s+){0,2}$", re.I)
_STRICT_NEXT_RX = re.compile(
    r"\s*(?:that\b|[,:;.!?—]|[\"“‘']|$|"
    r"(?:in|on|during|at)\s+(?:a|an|the|his|her|their|its)\s+(?:\w+\s+)?(?:statement|letter|post|interview|"
    r"speech|email|e-mail|blog|tweet|note|message|briefing|filing|video|report|conference|address)|"
    r"(?:on|via)\s+(?:Telegram|Twitter|X|Facebook|Instagram|social\s+media)\b|"
    r"(?:\w+\s+){1,3}as\s+(?:[\"“]|a\b|an\b|the\b)|(?:to\s+)?(?:reporters|journalists)\b)"
)
_POST_NP_END_RX = re.compile(r"\s*(?:[,.;:!?—]|$|(?:who|of|for|at|in|from|with|on|to)\b)")
_ACCORDING_RX = re.compile(r"\baccording\s+to\s+([^,.;:“”\"]{1,80})", re.I)
# verification rows that are also speech acts of their subject
_SPEECH_ACT_ROWS = frozenset(
    {"verification__rejected_claims", "verification__challenged_account", "verification__cast_doubt"}
)
_COLON_BEFORE_RX = re.compile(r":\s*$")
_QUOTE_START_RX = re.compile(r"[\"“‘']")


@dataclass(slots=True)
class _Sentence:
    """Findings of one sentence while it is being read."""

    span: Sentence
    quotes: list[int]
    evidence: list[Evidence] = field(default_factory=list)
    speakers: list[tuple[int, Speaker]] = field(default_factory=list)
    lowered: str = ""

    def add(self, text: str, kind: str, start: int, end: int, rule: str, speaker: str = "") -> None:
        s = self.span
        self.evidence.append(Evidence(kind, start, end, text[start:end], rule=rule, speaker=speaker,
                                      sentence_start=s.start, sentence=text[s.start:s.end]))


def _in_quotes(pos: int, quotes: list[Quote], idx: list[int]) -> bool:
    return any(quotes[i].start <= pos < quotes[i].end for i in idx)


def _speaker_for(text: str, st: _Sentence, quotes: list[Quote], vstart: int, vend: int,
                 ing: bool, ctx: Context) -> tuple[Speaker, int, int] | None:
    """Find the source of the speech act at ``text[vstart:vend]``."""
    s = st.span
    floor = s.start
    for i in st.quotes:
        if quotes[i].end <= vstart:
            floor = max(floor, quotes[i].end)
    for ch in ";:":
        k = text.rfind(ch, floor, vstart)
        if k >= 0:
            floor = k + 1
    left = strip_aux(text[floor:vstart])
    stripped = left.rstrip()
    if stripped == "" or stripped.endswith((",", "”", '"', "’")):
        after = text[vend : s.end]
        np = lead_np(after)
        if np and _POST_NP_END_RX.match(after, after.find(np) + len(np)):
            sp = classify_np(np, ctx)
            if sp is not None:
                a = vend + after.find(np)
                return sp, a, a + len(np)
    if not stripped:
        return None
    if stripped.endswith(","):
        segs = stripped[:-1].split(",")
        if ing:
            np = lead_np(segs[-1])
            sp = classify_np(np, ctx) if np else None
            return (sp, vstart, vend) if sp else None
        if len(segs) >= 2:
            head, _ = last_chunk(segs[-2])
            sp = classify_np(head, ctx, appositive=segs[-1])
            if sp is None:
                sp = classify_np(segs[-1], ctx)
            return (sp, floor + max(0, left.find(head)), vend) if sp else None
    chunk, shared = last_chunk(stripped)
    if shared:
        return (st.speakers[-1][1], vstart, vend) if st.speakers else None
    sp = classify_np(chunk, ctx)
    if sp is None:
        chunk = before_relative(stripped)
        sp = classify_np(chunk, ctx) if chunk else None
    if sp is None:
        return None
    k = left.rfind(chunk) if chunk else -1
    return sp, (floor + k if k >= 0 else vstart), vend


def _remember(ctx: Context, sp: Speaker) -> None:
    ctx.last = sp
    if sp.cls == "named" and sp.name[:1].isupper() and sp.name.lower() not in ("he", "she", "it", "they"):
        ctx.last_person = sp.name


def _attribute(text: str, st: _Sentence, sp: Speaker, start: int, end: int, rule: str, ctx: Context) -> None:
    st.add(text, f"attribution.{sp.cls}", start, end, rule, sp.name)
    st.speakers.append((start, sp))
    _remember(ctx, sp)


def _reporting_verbs(text: str, st: _Sentence, quotes: list[Quote], ctx: Context) -> None:
    s = st.span
    for m in iter_verbs(text, s.start, s.end):
        verb = m.verb
        before = text[s.start : m.start].split()
        prev = before[-1].lower().strip(",") if before else ""
        after = text[m.end : s.end]
        if _in_quotes(m.start, quotes, st.quotes):
            # "I can confirm that ...": the speaker's own confirmation or denial
            if verb.also and prev in ("i", "we", "can", "do", "will") and not _NEGATION_BEFORE_RX.search(
                    text[s.start : m.start]):
                st.add(text, verb.also, m.start, m.end, f"verb.{verb.name}")
            continue
        if prev in _VERB_FORMS or prev in _DET_BEFORE or (len(before) > 1 and before[-2].lower() in _PASSIVE and prev.endswith("ly")):
            continue  # "the said property", "that said", "was denied bail", "has not been confirmed"
        inverted = text[s.start : m.start].rstrip().endswith((",", "”", '"'))
        if verb.strict and not inverted and not _STRICT_NEXT_RX.match(after):
            continue
        if verb.name == "confirm":
            obj = after.split()[:3]
            if any(w.lower().strip(",.") in lx.CONFIRM_NON_CLAIMS for w in obj) or (obj and obj[0] == "as"):
                continue
        found = _speaker_for(text, st, quotes, m.start, m.end, m.form.endswith("ing"), ctx)
        if found is None:
            continue
        sp, a, b = found
        a, b = min(a, m.start), max(b, m.end)
        _attribute(text, st, sp, a, b, f"verb.{verb.name}", ctx)
        if verb.also and not _NEGATION_BEFORE_RX.search(text[s.start : m.start]):
            st.add(text, verb.also, m.start, m.end, f"verb.{verb.name}")


def _according_to(text: str, st: _Sentence, quotes: list[Quote], ctx: Context) -> None:
    s = st.span
    if "according" not in st.lowered:
        return
    for m in _ACCORDING_RX.finditer(text, s.start, s.end):
        if _in_quotes(m.start(), quotes, st.quotes):
            continue
        np = re.split(r"\s+(?:that|the\s+\w+\s+(?:is|was|were|are|has|had))\b", m.group(1))[0]
        sp = classify_np(np, ctx)
        if sp is not None:
            _attribute(text, st, sp, m.start(), m.start(1) + len(np.rstrip()), "according_to", ctx)


def _rows(table: str, rx: "re.Pattern[str]", text: str, st: _Sentence) -> list[tuple[str, "re.Match[str]"]]:
    if not gated(table, st.lowered):
        return []
    return list(iter_rows(rx, text, st.span.start, st.span.end))


def _phrase_tables(text: str, st: _Sentence, quotes: list[Quote], ctx: Context) -> None:
    for group, m in _rows("secondhand", SECONDHAND_RX, text, st):
        if not _in_quotes(m.start(), quotes, st.quotes):
            st.add(text, "attribution.secondhand", m.start(), m.end(), group)
            st.speakers.append((m.start(), Speaker("secondhand", m.group())))
    s = st.span
    for group, m in _rows("verification", VERIFICATION_RX, text, st):
        kind = ROW_KIND[group]
        if group == "verification__passive_confirmed":
            subj = text[max(s.start, m.start() - 40) : m.start()].split()[-3:]
            if any(w.lower().strip(",.") in lx.CONFIRM_NON_CLAIMS for w in subj):
                continue
        if group in _SPEECH_ACT_ROWS and not st.speakers and not _in_quotes(m.start(), quotes, st.quotes):
            found = _speaker_for(text, st, quotes, m.start(), m.start(), False, ctx)
            if found is not None:
                _attribute(text, st, found[0], min(found[1], m.start()), m.end(), group, ctx)
        st.add(text, kind, m.start(), m.end(), group)
    for group, m in _rows("hedge", HEDGE_RX, text, st):
        if not _in_quotes(m.start(), quotes, st.quotes):
            st.add(text, "hedge", m.start(), m.end(), group)
    for group, m in _rows("loaded", LOADED_RX, text, st):
        if not _in_quotes(m.start(), quotes, st.quotes):
            st.add(text, "loaded", m.start(), m.end(), group)


def _unsupported(text: str, st: _Sentence, quotes: list[Quote]) -> None:
    if st.speakers or any(e.kind.startswith("attribution.") for e in st.evidence):
        return
    for group, m in _rows("speculative", SPECULATIVE_RX, text, st):
        if _in_quotes(m.start(), quotes, st.quotes):
            continue
        st.add(text, "assertion.unsupported", m.start(), m.end(), group)


def _colon_frame(text: str, st: _Sentence, q: Quote, ctx: Context) -> Speaker | None:
    """``Dr. Karimi put it bluntly: "..."``: the subject before a colon."""
    s = st.span
    if not _COLON_BEFORE_RX.search(text, s.start, q.start):
        return None
    np = lead_np(text[s.start : q.start].split(",")[0])
    sp = classify_np(np, ctx) if np else None
    if sp is not None:
        _attribute(text, st, sp, s.start, s.start + len(np), "colon_frame", ctx)
    return sp


def _quotes(text: str, st: _Sentence, quotes: list[Quote], status: dict[int, Speaker | None],
            prev_speaker: Speaker | None, ctx: Context) -> Speaker | None:
    """Tie each speech quotation of the sentence to a speaker (or none)."""
    last = prev_speaker
    for i in st.quotes:
        q = quotes[i]
        if not q.speech or q.start < st.span.start:
            continue
        if q.continues >= 0 and q.continues in status:
            sp = status[q.continues]
        elif st.speakers:
            sp = min(st.speakers, key=lambda p: abs(p[0] - q.start))[1]
        else:
            sp = _colon_frame(text, st, q, ctx)
            if sp is None and prev_speaker is not None and _QUOTE_START_RX.match(text, st.span.start):
                sp = prev_speaker
        status[i] = sp
        if sp is None:
            st.add(text, "quote.orphan", q.start, q.end, "quote")
        else:
            st.add(text, "quote.attributed", q.start, q.end, f"speaker.{sp.cls}", sp.name)
        last = sp
    return last


def find_evidence(text: str) -> tuple[list[Sentence], list[Evidence]]:
    """Every finding in ``text``, in order of sentence, with offsets."""
    quotes = find_quotes(text)
    sentences = split_sentences(text, quotes)
    ctx = Context()
    status: dict[int, Speaker | None] = {}
    evidence: list[Evidence] = []
    qi = 0
    prev_quote_speaker: Speaker | None = None
    for sent in sentences:
        while qi < len(quotes) and quotes[qi].end <= sent.start:
            qi += 1
        idx = []
        j = qi
        while j < len(quotes) and quotes[j].start < sent.end:
            idx.append(j)
            j += 1
        st = _Sentence(sent, idx, lowered=text[sent.start : sent.end].lower())
        _reporting_verbs(text, st, quotes, ctx)
        _according_to(text, st, quotes, ctx)
        _phrase_tables(text, st, quotes, ctx)
        _unsupported(text, st, quotes)
        had_speech = any(quotes[i].speech and quotes[i].start >= sent.start for i in idx)
        spk = _quotes(text, st, quotes, status, prev_quote_speaker, ctx)
        prev_quote_speaker = spk if had_speech else None
        anon = gated("anonymous", st.lowered) and ANONYMOUS_RX.search(text, sent.start, sent.end)
        if anon:
            st.evidence = [_anonymise(e) for e in st.evidence]
        evidence.extend(sorted(st.evidence, key=lambda e: (e.start, e.kind)))
    return sentences, evidence


def _anonymise(e: Evidence) -> Evidence:
    """A sentence saying "who asked not to be named" makes a role or body
    source anonymous (a proper name stays named)."""
    if e.kind != "attribution.named" or (e.speaker and len(e.speaker.split()) >= 2 and e.speaker[0].isupper()):
        return e
    return Evidence("attribution.anonymous", e.start, e.end, e.text, rule=e.rule, speaker=e.speaker,
                    sentence_start=e.sentence_start, sentence=e.sentence)


def score_features(features: dict[str, float]) -> float:
    """The article formula: sigmoid(BIAS + sum(WEIGHTS[f] * features[f]))."""
    z = BIAS + sum(w * features.get(f, 0.0) for f, w in WEIGHTS.items())
    return 1.0 / (1.0 + math.exp(-z))


def score_article(text: str) -> ArticleScore:
    """Score one article's text: higher is better attributed and verified."""
    sentences, evidence = find_evidence(text)
    n = max(1, len(sentences))
    hit: dict[str, set[int]] = {f: set() for f in FEATURES}
    for e in evidence:
        if e.kind in hit:
            hit[e.kind].add(e.sentence_start)
    features = {f: len(starts) / n for f, starts in hit.items()}
    return ArticleScore(score_features(features), len(sentences), features, tuple(evidence))
