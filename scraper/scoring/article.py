"""Article findings and score: sentences -> typed evidence -> features -> score.

Per sentence: the learned model (:mod:`scraper.scoring.model`) says whether
it reports what someone said or thought and where the cue is; the rules of
:mod:`scraper.scoring.speakers` find the cue's source and its type; the
lexicon tables add verification, hedges, loaded wording and unsupported
assertions; quotations are tied to a speaker. See the README section
"Scoring" for every feature, the formula and its validation.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from operator import itemgetter
from typing import Any

from scraper.scoring import lexicons as lx
from scraper.scoring.features import tokenize
from scraper.scoring.model import Cue, load_model
from scraper.scoring.rules import (
    BY_REQUEST_RX,
    DESCRIBED_RX,
    HEDGE_ROWS,
    LOADED_RX,
    NOT_CUE_ROWS,
    ROW_KIND,
    SECONDHAND_RX,
    SPECULATIVE_ROWS,
    VERB_BY_FORM,
    TRIGGER_SETS,
    VERIFICATION_ROWS,
    iter_needed_rows,
    iter_rows,
    substrings_by_sentence,
    substrings_in,
)
from scraper.scoring.speakers import (
    Context,
    Speaker,
    before_relative,
    classify_np,
    has_proper_name,
    last_chunk,
    lead_np,
    strip_aux,
)
from scraper.scoring.text import Quote, Sentence, find_quotes, split_sentences
from scraper.scoring.types import ArticleScore, Evidence

__all__ = ["FEATURES", "KIND_OF_TYPE", "article_features", "feature_value", "find_evidence", "formula",
           "formula_value", "language_supported", "position", "score_article", "score_features"]

#: Evidence kind of an attribution, by its source type.
KIND_OF_TYPE: dict[str, str] = {
    "named": "attribution.named",
    "unnamed": "attribution.anonymous",
    "anonymous": "attribution.anonymous",
    "outlet": "attribution.secondhand",
    "document": "attribution.document",
}
#: The article features: share of sentences holding each kind of finding.
#: Every one is a highlighted finding in the report.
FEATURES: tuple[str, ...] = (
    "attribution.named", "attribution.anonymous", "attribution.secondhand", "attribution.document",
    "attribution.unresolved", "quote.attributed", "quote.orphan", "verification.confirmed",
    "verification.unverified", "verification.denied", "verification.disputed", "hedge", "loaded",
    "assertion.unsupported", "assertion.speculative",
)
FORMULA_FILE = "outlet_formula.json"
TRANSFORM_EPS = 1e-4  # keeps the square root's slope finite at 0 (``sqrt`` formula files)
#: Model probability from which a strict verb ("noted", "added") with no
#: source found is still a cue (shown unresolved); below it, the verb's other
#: sense. Chosen on PolNeAR dev (bench/scoring.py), see README "Scoring".
STRICT_SURE = 0.7

_NEGATION_BEFORE_RX = re.compile(r"\b(?:not|n[’']t|cannot|unable\s+to|never|no)\s+(?:\w+\s+){0,2}$", re.I)
_PASSIVE_BEFORE = frozenset("was were been being be is are".split())
_DETERMINERS = frozenset("the a an this that these those such".split())
_ROWS_ONE_BY_ONE = {"verification": VERIFICATION_ROWS, "hedge": HEDGE_ROWS, "speculative": SPECULATIVE_ROWS}
_NOT_CUE_WORDS = {f"not_cue__{name}": words for name, words in lx.NOT_CUE_WORDS.items()}
_TABLES = {"secondhand": SECONDHAND_RX, "loaded": LOADED_RX}
_ALSO_FORMS = frozenset(f for f, v in VERB_BY_FORM.items() if v.also)  # "denies", "confirmed", ...
_POST_NP_END_RX = re.compile(r"\s*(?:[,.;:!?—]|$|(?:who|of|for|at|in|from|with|on|to)\b)")
_APPOSITIVE_RX = re.compile(r",\s*((?:[A-Z][\w’'.-]*\s*){1,4})(?=[,.;:!?—]|$)")
_ACCORDING_RX = re.compile(r"according\s+to\s+([^,.;:“”\"]{1,80})", re.I)
# where the source after "according to" ends: a clause or a new subject and verb
_ACCORDING_END_RX = re.compile(r"\s+(?:that|who|whom|which|whose|because|when|the\s+\w+\s+(?:is|was|were|are|has|had))\b")
_WORD_RX = re.compile(r"[\w’'-]+")
# verification rows that are also speech acts of their subject
_SPEECH_ACT_ROWS = frozenset(
    {"verification__rejected_claims", "verification__challenged_account", "verification__cast_doubt"}
)
_COLON_BEFORE_RX = re.compile(r":\s*$")
_QUOTE_START_RX = re.compile(r"[\"“‘']")
#: A transcript's speaker label opening a quotation: ``"PENCE: Well, ...``.
_TRANSCRIPT_LABEL_RX = re.compile(r"[\"“‘']\s*((?:[A-Z][A-Z.’'-]+\s){0,2}[A-Z][A-Z’'-]+):\s")
_EN_FUNCTION_WORDS = frozenset(
    "the a an of to in and or is are was were that this it for on with as by at from be has have had not "
    "but he she they his her their said will would".split()
)


@dataclass(slots=True)
class _Sentence:
    """Findings of one sentence while it is being read."""

    span: Sentence
    quotes: list[int]
    evidence: list[Evidence] = field(default_factory=list)
    speakers: list[tuple[int, Speaker]] = field(default_factory=list)
    sources: list[tuple[int, int]] = field(default_factory=list)  # source span of each speaker (-1, -1: none)
    lowered: str = ""
    #: the table triggers the sentence holds (``rules.substrings_in`` of
    #: ``lowered``): which tables can match it
    present: frozenset[str] = frozenset()

    def add(self, text: str, kind: str, start: int, end: int, rule: str, speaker: str = "",
            cue: tuple[int, int] = (-1, -1), source: tuple[int, int] = (-1, -1), source_type: str = "") -> None:
        s = self.span
        if cue[0] < 0:
            cue = (start, end)
        self.evidence.append(Evidence(kind, start, end, text[start:end], rule=rule, speaker=speaker,
                                      sentence_start=s.start, sentence=text[s.start:s.end],
                                      cue_start=cue[0], cue_end=cue[1], source_start=source[0],
                                      source_end=source[1], source_type=source_type))


def _in_quotes(pos: int, quotes: list[Quote], idx: list[int]) -> bool:
    return bool(idx) and any(quotes[i].start <= pos < quotes[i].end for i in idx)


def _never(pos: int) -> bool:
    return False


_TRAILING_AUX_RX = re.compile(
    r"(?:\s+(?:had|has|have|been|be|was|were|is|are|did|does|do|not|n[’']t|simply|also|just|never|would|could|"
    r"will|may|might|should|can|then|still|already|repeatedly|long))+$", re.I)


def _span_of(text: str, phrase: str, lo: int, hi: int) -> tuple[int, int]:
    """Where ``phrase`` (without trailing auxiliaries) last occurs in ``text[lo:hi]``."""
    k = text.rfind(phrase, lo, hi) if phrase else -1
    if k < 0:
        return -1, -1
    return k, k + len(_TRAILING_AUX_RX.sub("", phrase))


def _speaker_for(text: str, st: _Sentence, quotes: list[Quote], vstart: int, vend: int,
                 ing: bool, ctx: Context, content_from: int = -1) -> tuple[Speaker, int, int] | None:
    """The source of the cue ``text[vstart:vend]`` and its span (-1, -1 when
    the source is not written in this sentence, e.g. a shared subject).
    ``content_from`` is the end of an earlier cue of the sentence that has its
    source: what follows that cue is its content, so the source of a later
    cue is looked for there, never across it ("X stated that Y was urged"
    does not make X the source of "urged"); a participle after a comma
    ("X said ..., adding") shares that cue's speaker."""
    s = st.span
    floor = max(s.start, content_from)
    for i in st.quotes:
        if quotes[i].end <= vstart:
            floor = max(floor, quotes[i].end)
    for ch in ";:":
        k = text.rfind(ch, floor, vstart)
        if k >= 0:
            floor = k + 1
    left = strip_aux(text[floor:vstart], progressive=ing)
    stripped = left.rstrip()
    if stripped == "" or stripped.endswith((",", "”", '"', "’")):
        after = text[vend : s.end]
        np = lead_np(after)
        if np:
            k = after.find(np)
            if _POST_NP_END_RX.match(after, k + len(np)):
                appos = _APPOSITIVE_RX.match(after, k + len(np))
                sp = classify_np(np, ctx, appositive=appos.group(1) if appos else "")
                if sp is not None:
                    a = vend + k
                    end = vend + appos.end(1) if appos and sp.cls == "named" and sp.name != np else a + len(np)
                    return sp, a, len(text[:end].rstrip(" ."))
    if not stripped:
        return None
    if stripped.endswith(","):
        segs = stripped[:-1].split(",")
        if ing and content_from >= 0 and st.speakers:
            return st.speakers[-1][1], *st.sources[-1]  # "X alleged ..., vowing": X
        if ing:
            np = lead_np(segs[-1])
            sp = classify_np(np, ctx) if np else None
            return (sp, *_span_of(text, np, floor, vstart)) if sp else None
        if len(segs) >= 2:
            head, _ = last_chunk(segs[-2])
            sp = classify_np(head, ctx, appositive=segs[-1])
            if sp is None:
                sp = classify_np(segs[-1], ctx)
            if sp is None:
                return None
            a, b = _span_of(text, head.strip(), floor, vstart)
            if a >= 0 and sp.name != head.strip() and sp.name in segs[-1]:
                b = floor + len(stripped) - 1  # "The mayor, Ana Costa," : through the name
            return sp, a, b
    chunk, shared = last_chunk(stripped)
    if shared:  # "X denied it and stated": X
        if st.speakers:
            return st.speakers[-1][1], *st.sources[-1]
        np = lead_np(stripped.rsplit(",", 1)[-1])
        sp = classify_np(np, ctx) if np else None
        return (sp, *_span_of(text, np, floor, vstart)) if sp else None
    sp = classify_np(chunk, ctx)
    if sp is None:
        chunk = before_relative(stripped)
        sp = classify_np(chunk, ctx) if chunk else None
    if sp is None:
        return None
    return sp, *_span_of(text, chunk.strip(), floor, vstart)


def _according_source(text: str, st: _Sentence, cue: Cue, ctx: Context) -> tuple[Speaker, int, int] | None:
    m = _ACCORDING_RX.match(text, cue.start, st.span.end)
    if not m:
        return None
    np = _ACCORDING_END_RX.split(m.group(1))[0].rstrip()
    appos = ""
    if "," in text[m.end(1) : m.end(1) + 2]:
        am = _APPOSITIVE_RX.match(text, m.start(1) + len(np), st.span.end)
        appos = am.group(1) if am else ""
    sp = classify_np(np, ctx, appositive=appos)
    if sp is None:
        return None
    return sp, m.start(1), m.start(1) + len(np)


def _remember(ctx: Context, sp: Speaker) -> None:
    ctx.last = sp
    ctx.last_sentence = ctx.sentence
    if sp.cls == "named" and sp.name[:1].isupper() and sp.name.lower() not in ("he", "she", "it", "they"):
        ctx.last_person = sp.name


def _attribute(text: str, st: _Sentence, sp: Speaker, cue: tuple[int, int], source: tuple[int, int],
               rule: str, ctx: Context) -> None:
    """Record an attribution; its span covers the cue and the source, unless
    an earlier cue of the sentence already spans that source ("X alleged
    ..., vowing"): then only the cue, so that no finding swallows another's
    content (the source span still points at X)."""
    shared = source[0] >= 0 and source in st.sources
    a = min(cue[0], source[0]) if source[0] >= 0 and not shared else cue[0]
    b = cue[1] if shared else max(cue[1], source[1])
    st.add(text, KIND_OF_TYPE[sp.cls], a, b, rule, sp.name, cue=cue, source=source, source_type=sp.cls)
    st.speakers.append((a, sp))
    st.sources.append(source)
    _remember(ctx, sp)


def _is_question(text: str, st: _Sentence, quotes: list[Quote]) -> bool:
    """A direct question in the writer's voice ("Why did the minister say
    nothing?") reports no one's statement."""
    body = text[st.span.start : st.span.end].rstrip().rstrip("”’\"'")  # a closer whose opener is in an earlier paragraph
    return body.endswith("?") and not _in_quotes(st.span.start + len(body) - 1, quotes, st.quotes)


def _claim_context(text: str, st: _Sentence, cue: tuple[int, int]) -> bool:
    """Is a denial or confirmation about a claim? Not a court outcome or a
    decision: "was denied bail", "denied him entry", "confirmed her as judge"."""
    head = text[st.span.start : cue[0]]
    before = head.split()
    if before and before[-1].lower() in _PASSIVE_BEFORE or _NEGATION_BEFORE_RX.search(head):
        return False
    after = [w.lower() for w in _WORD_RX.findall(text[cue[1] : st.span.end])[:4]]
    if after and (after[0] in lx.PERSON_OBJECTS or after[0] == "as"):
        return False
    return not any(w in lx.NON_CLAIM_OBJECTS for w in after[:3])


def _outside_frames(text: str, st: _Sentence, cues: list[Cue], lows: list[str]) -> list[Cue]:
    """The cues that are not inside an obligation, permission or enabling
    frame (``lexicons.NOT_CUE_FRAMES``): "are now allowed to speak", "must
    report", "would help the board to decide" state a rule or a purpose,
    not what someone said."""
    rows = [r for r in NOT_CUE_ROWS if not _NOT_CUE_WORDS[r[0]].isdisjoint(lows)]
    if not rows:
        return cues  # no frame word among the sentence's tokens
    stretches = [m.span("x") for _, rx, _ in rows for m in rx.finditer(text, st.span.start, st.span.end)]
    if not stretches:
        return cues
    return [c for c in cues if not any(a < c.end and c.start < b for a, b in stretches)]


def _attributions(text: str, st: _Sentence, quotes: list[Quote], ctx: Context) -> None:
    """Cues from the model, each with its source (or none found)."""
    if _is_question(text, st, quotes):
        return
    s = st.span
    tokens = tokenize(text, s.start, s.end)
    in_quote = (lambda pos: _in_quotes(pos, quotes, st.quotes)) if st.quotes else _never
    p, cues = load_model().decide(tokens, in_quote)
    rule = "model.cue"
    # the verification verbs ("denies", "confirmed") are cues of their own
    verbs = ([Cue(tokens.start(i), tokens.end(i), 1.0) for i, low in enumerate(tokens.lows) if low in _ALSO_FORMS]
             if not _ALSO_FORMS.isdisjoint(tokens.lows) else [])
    if not cues:
        cues, rule = verbs, "verb"
    else:
        cues = sorted(cues + [v for v in verbs if not any(c.start <= v.start < c.end for c in cues)],
                      key=lambda c: c.start)
    if cues:
        cues = _outside_frames(text, st, cues, tokens.lows)
    unresolved: list[tuple[int, int]] = []
    after = -1  # end of the last cue with a source (its content follows it)
    for cue in cues:
        if _in_quotes(cue.start, quotes, st.quotes):
            continue  # a cue inside a quotation is the speaker's, not the outlet's
        low = text[cue.start : cue.end].lower()
        span = (cue.start, cue.end)
        verb = VERB_BY_FORM.get(low.split()[-1])
        if verb is not None and verb.also and not _claim_context(text, st, span):
            continue  # a decision ("denied him bail"), not a statement
        prev = text[s.start : cue.start].split()
        if verb is not None and prev and prev[-1].lower() in _DETERMINERS:
            continue  # "the said property", "that said" (a noun cue keeps its determiner: "the letter")
        if low.startswith("according"):
            found = _according_source(text, st, cue, ctx)
        else:
            found = _speaker_for(text, st, quotes, cue.start, cue.end, low.endswith("ing"), ctx, after)
        if found is None:
            # a strict verb without a source is its other sense ("added flour"), unless the model is sure
            if rule == "model.cue" and not (verb is not None and verb.strict and p < STRICT_SURE):
                unresolved.append(span)
            continue
        sp, a, b = found
        _attribute(text, st, sp, span, (a, b), f"verb.{verb.name}" if rule == "verb" and verb else rule, ctx)
        after = cue.end
        if verb is not None and verb.also:
            st.add(text, verb.also, cue.start, cue.end, f"verb.{verb.name}")
    if not st.speakers:  # a cue whose source we could not find: shown as such, once
        for span in unresolved[:1]:
            st.add(text, "attribution.unresolved", span[0], span[1], "model.cue", cue=span)


def _rows(table: str, text: str, st: _Sentence) -> list[tuple[str, re.Match[str]]]:
    """The matches of ``table`` in the sentence (none when its gate fails)."""
    if not _gate(st, table):
        return []
    if table in _ROWS_ONE_BY_ONE:
        return list(iter_needed_rows(_ROWS_ONE_BY_ONE[table], text, st.lowered, st.span.start, st.span.end))
    return list(iter_rows(_TABLES[table], text, st.span.start, st.span.end))


def _gate(st: _Sentence, table: str) -> bool:
    """Can ``table`` match the sentence? (``rules.gated``, read from the
    substrings the sentence holds)"""
    return not TRIGGER_SETS[table].isdisjoint(st.present)


def _phrase_tables(text: str, st: _Sentence, quotes: list[Quote], ctx: Context) -> None:
    for group, m in _rows("secondhand", text, st):
        if _in_quotes(m.start(), quotes, st.quotes) or any(e.start <= m.start() < e.end for e in st.evidence):
            continue
        cited = classify_np(lead_np(text[m.end() - 1 : st.span.end]), ctx) if group == "secondhand__citing" else None
        sp = Speaker("document" if cited is not None and cited.cls == "document" else "outlet", m.group())
        _attribute(text, st, sp, (m.start(), m.end()), (m.start(), m.end()), group, ctx)
    s = st.span
    for group, m in _rows("verification", text, st):
        kind = ROW_KIND[group]
        if group == "verification__passive_confirmed":
            subj = text[max(s.start, m.start() - 40) : m.start()].split()[-3:]
            if any(w.lower().strip(",.") in lx.CONFIRM_NON_CLAIMS for w in subj):
                continue
        if group in _SPEECH_ACT_ROWS and not st.speakers and not _in_quotes(m.start(), quotes, st.quotes):
            found = _speaker_for(text, st, quotes, m.start(), m.start(), False, ctx)
            if found is not None:
                _attribute(text, st, found[0], (m.start(), m.end()), (found[1], found[2]), group, ctx)
        st.add(text, kind, m.start(), m.end(), group)
    for table in ("hedge", "loaded"):
        for group, m in _rows(table, text, st):
            if not _in_quotes(m.start(), quotes, st.quotes):
                st.add(text, ROW_KIND[group], m.start(), m.end(), group)


def _unsupported(text: str, st: _Sentence, quotes: list[Quote]) -> None:
    """The writer's own judgement in a sentence with no source. A cue with no
    source inside the judgement ("hard to [believe]") is the writer's: it
    gives way to the judgement."""
    if st.speakers:
        return
    for group, m in _rows("speculative", text, st):
        if not _in_quotes(m.start(), quotes, st.quotes):
            st.evidence = [e for e in st.evidence
                           if not (e.kind == "attribution.unresolved" and m.start() <= e.start < m.end())]
            st.add(text, ROW_KIND[group], m.start(), m.end(), group)


def _colon_frame(text: str, st: _Sentence, q: Quote, ctx: Context) -> Speaker | None:
    """``Dr. Karimi put it bluntly: "..."``: the subject before a colon."""
    s = st.span
    if not _COLON_BEFORE_RX.search(text, s.start, q.start):
        return None
    np = lead_np(text[s.start : q.start].split(",")[0])
    sp = classify_np(np, ctx) if np else None
    if sp is not None:
        colon = text.rfind(":", s.start, q.start)
        _attribute(text, st, sp, (colon, colon + 1), (s.start, s.start + len(np)), "colon_frame", ctx)
    return sp


def _transcript_label(text: str, st: _Sentence, q: Quote, ctx: Context) -> tuple[bool, Speaker | None]:
    """``"WALLACE: Governor, ...``: a capitalised speaker label and a colon
    opening the quotation name its speaker (the colon is the cue). A label
    beats the continued quotation's speaker, even one we cannot classify
    ("HOST:"): a transcript changes speaker at each label."""
    m = _TRANSCRIPT_LABEL_RX.match(text, q.start, q.end)
    if m is None:
        return False, None
    sp = classify_np(m.group(1).title(), ctx)
    if sp is not None:
        _attribute(text, st, sp, (m.end(1), m.end(1) + 1), (m.start(1), m.end(1)), "transcript_label", ctx)
    return True, sp


def _speaker_of_quote(text: str, st: _Sentence, q: Quote, status: dict[int, Speaker | None],
                      prev_speaker: Speaker | None, ctx: Context) -> tuple[Speaker | None, bool]:
    """The speaker of a quotation with no transcript label: the one it
    continues, the nearest source of its sentence, a colon frame, or the
    previous sentence's speaker when the sentence opens with it; and whether
    the quotation is a finding of its own. A new quotation that only carries
    on the previous sentence's speaker is not: it is the content of that
    sentence's attribution (it holds no cue, and PolNeAR annotates it so),
    whose speaker is already credited there."""
    if q.continues >= 0 and q.continues in status:
        return status[q.continues], True
    if st.speakers:
        return min(st.speakers, key=lambda p: abs(p[0] - q.start))[1], True
    sp = _colon_frame(text, st, q, ctx)
    if sp is None and prev_speaker is not None and _QUOTE_START_RX.match(text, st.span.start):
        return prev_speaker, False
    return sp, True


def _quotes(text: str, st: _Sentence, quotes: list[Quote], status: dict[int, Speaker | None],
            prev_speaker: Speaker | None, ctx: Context) -> Speaker | None:
    """Tie each speech quotation of the sentence to a speaker (or none)."""
    last = prev_speaker
    for i in st.quotes:
        q = quotes[i]
        if not q.speech or q.start < st.span.start:
            continue
        labelled, sp = _transcript_label(text, st, q, ctx)
        own = True
        if not labelled:
            sp, own = _speaker_of_quote(text, st, q, status, prev_speaker, ctx)
        status[i] = sp
        if not own:
            pass
        elif sp is None:
            st.add(text, "quote.orphan", q.start, q.end, "quote")
        else:
            st.add(text, "quote.attributed", q.start, q.end, f"speaker.{sp.cls}", sp.name, source_type=sp.cls)
        last = sp
    return last


def _retype(st: _Sentence, text: str) -> None:
    """A sentence saying the source asked not to be named makes every source
    without a proper name in it anonymous; one describing the source
    ("familiar with the talks") makes a bare role or body unnamed."""
    by_request = _gate(st, "by_request") and BY_REQUEST_RX.search(text, st.span.start, st.span.end)
    described = _gate(st, "described") and DESCRIBED_RX.search(text, st.span.start, st.span.end)
    if not (by_request or described):
        return
    new_type = "anonymous" if by_request else "unnamed"
    out = []
    for e in st.evidence:
        if (e.kind.startswith("attribution.") and e.source_type in ("named", "unnamed")
                and not has_proper_name(e.speaker)):
            e = Evidence(KIND_OF_TYPE[new_type], e.start, e.end, e.text, rule=e.rule, speaker=e.speaker,
                         sentence_start=e.sentence_start, sentence=e.sentence, cue_start=e.cue_start,
                         cue_end=e.cue_end, source_start=e.source_start, source_end=e.source_end,
                         source_type=new_type)
        out.append(e)
    st.evidence = out


def find_evidence(text: str) -> tuple[list[Sentence], list[Evidence]]:
    """Every finding in ``text``, in order of sentence, with offsets."""
    quotes = find_quotes(text)
    sentences = split_sentences(text, quotes)
    ctx = Context()
    status: dict[int, Speaker | None] = {}
    evidence: list[Evidence] = []
    qi = 0
    prev_quote_speaker: Speaker | None = None
    lowered = text.lower()
    if len(lowered) == len(text):  # offsets of the lower-cased text are the text's
        lows = [lowered[s.start : s.end] for s in sentences]
        present = substrings_by_sentence(lowered, [(s.start, s.end) for s in sentences])
    else:  # a character whose lower case is longer: lower each sentence
        lows = [text[s.start : s.end].lower() for s in sentences]
        present = [substrings_in(low) for low in lows]
    for number, sent in enumerate(sentences):
        ctx.sentence = number
        while qi < len(quotes) and quotes[qi].end <= sent.start:
            qi += 1
        idx = []
        j = qi
        while j < len(quotes) and quotes[j].start < sent.end:
            idx.append(j)
            j += 1
        st = _Sentence(sent, idx, lowered=lows[number], present=present[number])
        ctx.earlier = text[max(0, sent.start - 400) : sent.start]
        _attributions(text, st, quotes, ctx)
        if st.present:  # with no trigger no table matches: nothing to add, nothing to retype
            _phrase_tables(text, st, quotes, ctx)
            _unsupported(text, st, quotes)
        had_speech = any(quotes[i].speech and quotes[i].start >= sent.start for i in idx)
        spk = _quotes(text, st, quotes, status, prev_quote_speaker, ctx)
        prev_quote_speaker = spk if had_speech else None
        if st.present:
            _retype(st, text)
        evidence.extend(sorted(st.evidence, key=lambda e: (e.start, e.kind)))
    return sentences, evidence


@lru_cache(maxsize=1)
def formula() -> dict[str, Any]:
    """The fitted outlet formula (``tools/fit_outlet_formula.py``): bias,
    weights per feature and the cross-validated figures it was shipped with."""
    raw = resources.files("scraper.scoring").joinpath("data").joinpath(FORMULA_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


def position(value: float, knots: Sequence[Sequence[float]]) -> float:
    """Where ``value`` stands among the profiles of the outlets the formula
    was fitted on: ``knots`` are their distinct values, ascending, each with
    its mid-rank (0 lowest, 1 highest); between two knots the line joining
    them, beyond the ends the end's rank."""
    if value <= knots[0][0]:
        return float(knots[0][1])
    if value >= knots[-1][0]:
        return float(knots[-1][1])
    i = bisect.bisect_right(knots, value, key=itemgetter(0))  # no list of the knots' values per call
    (x0, r0), (x1, r1) = knots[i - 1], knots[i]
    return float(r0 + (r1 - r0) * (value - x0) / (x1 - x0))


def feature_value(name: str, share: float, f: dict[str, Any] | None = None) -> float:
    """What the formula reads of feature ``name``: with the ``rank``
    transform, :func:`position` of its share among the fitted outlets; with
    ``sqrt`` (older formula files), ``sqrt(share + 1e-4)`` of the share held
    to the fitted range."""
    f = formula() if f is None else f
    if f.get("transform") == "rank":
        return position(share, f["knots"][name])
    lo, hi = f.get("range", {}).get(name, (0.0, 1.0))
    return math.sqrt(min(max(share, lo), hi) + TRANSFORM_EPS)


def formula_value(features: Mapping[str, float], f: dict[str, Any] | None = None) -> float:
    """bias + sum(weight[f] * feature_value(f, features[f])), unclipped
    (``f``: a formula other than the shipped one, for the fit script)."""
    f = formula() if f is None else f
    return float(f["bias"]) + sum(float(w) * feature_value(k, features.get(k, 0.0), f)
                                  for k, w in f["weights"].items())


def score_features(features: dict[str, float]) -> float:
    """The formula (:func:`formula_value`) clipped to [0, 1]."""
    return min(1.0, max(0.0, formula_value(features)))


def language_supported(text: str, language: str | None = None) -> bool:
    """English only: by the cleaner's language tag when given, else by the
    share of English function words (short texts are given the benefit)."""
    if language:
        return language.lower().split("-")[0] == "en"
    words = [w.lower() for w in _WORD_RX.findall(text[:3000])]
    if len(words) < 20:
        return True
    return sum(w in _EN_FUNCTION_WORDS for w in words) >= 0.12 * len(words)


def article_features(sentences: list[Sentence], evidence: list[Evidence]) -> dict[str, float]:
    """Share of sentences holding each kind of finding."""
    n = max(1, len(sentences))
    hit: dict[str, set[int]] = {f: set() for f in FEATURES}
    for e in evidence:
        if e.kind in hit:
            hit[e.kind].add(e.sentence_start)
    return {f: len(starts) / n for f, starts in hit.items()}


def score_article(text: str, language: str | None = None) -> ArticleScore:
    """Score one article's text (see README, "Article score"). Text in a
    language the scorer does not read gets ``score=None`` and
    ``language_supported=False``; its findings are not computed. An empty
    text gets ``score=None`` too (left out of its outlet's score)."""
    if not language_supported(text, language):
        return ArticleScore(None, 0, {}, (), language_supported=False)
    sentences, evidence = find_evidence(text)
    features = article_features(sentences, evidence)
    score = score_features(features) if sentences else None  # nothing to read, nothing to score
    return ArticleScore(score, len(sentences), features, tuple(evidence))
