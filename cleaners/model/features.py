"""Features of a page's blocks for the block model (:mod:`cleaners.model.blocks`).

One function for both entry points: a block is its text, its place in the
page's sequence of blocks, and, for HTML, what its node says (:class:`HtmlInfo`).
Features are sparse (name -> value); absent means 0. Names are stable: the
model's weight file is keyed by them, and removal records quote the decisive ones.

Shared by both modes: length, punctuation and sentence shape, stopword density
in the page's language (:mod:`cleaners.model.stoplists`), capitalisation, digits,
repetition within the page and in the source's learned template, position,
similarity to the title, whether a cruft rule matches. HTML only: link density,
the block's tag, its ancestors' tags and class/id words. Neighbour features
(the blocks before and after) carry the sequence; the model's second stage adds
its first stage's neighbouring probabilities (:func:`context_features`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from cleaners.rules.engine import is_prose, match_block
from cleaners.model.stoplists import page_language, stopword_density, words
from cleaners.rules.templates import normalise_line

__all__ = ["HtmlInfo", "Features", "block_features", "context_features", "class_words"]

Features = dict[str, float]

_SENT_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
_SENT_BREAK = re.compile(r"[.!?。！？][\"'”’)]?\s+\S|[。！？]")
_SEPARATOR_CHARS = "|•·»›"
_ADDRESS_MARKS = ("@", "http://", "https://", "www.", "©")
_PUNCT = re.compile(r"[^\w\s]")
_DIGIT = re.compile(r"\d")
_UPPER = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-ſА-ЯΑ-Ω]")
_CAP_WORD = re.compile(r"(?:^|(?<=\s))[A-ZÀ-ÖØ-ÞА-ЯΑ-Ω]")
_CLASS_WORD = re.compile(r"[a-z]{3,}")
_HEAD_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Ancestors whose presence is a feature of its own: page regions and containers.
REGIONS = ("nav", "footer", "header", "aside", "form", "article", "main", "li", "table", "figure",
           "blockquote", "button", "label", "select")
WINDOW = 2
RULE_FEATURE_CHARS = 100


@dataclass(frozen=True, slots=True)
class HtmlInfo:
    """What a block's node says: the share of its text inside links, its tag,
    the tags of its ancestors, the class/id words of it and its nearest ancestors."""

    link_density: float
    tag: str
    ancestors: frozenset[str]
    words: frozenset[str]


def class_words(value: str) -> set[str]:
    """Words of a class or id attribute ("story-body__text" -> story, body, text)."""
    return set(_CLASS_WORD.findall(value.lower()))


def _own(text: str, tokens: list[str], language: str | None) -> Features:
    size = len(text)
    split = text.split()
    n_words = len(split)
    punct = len(_PUNCT.findall(text))
    digits = len(_DIGIT.findall(text))
    letters = max(size - punct - digits - (len(text) - len("".join(split))), 1)
    f: Features = {
        "bias": 1.0,
        "len": math.log1p(size) / 6,
        "words": math.log1p(n_words) / 5,
        "short": float(size < 25),
        "long": float(size > 150),
        "sent_end": float(_SENT_END.search(text) is not None),
        "colon_end": float(text.endswith(":")),
        "sentences": min(len(_SENT_BREAK.findall(text)), 5) / 5,
        "commas": min(text.count(",") / max(n_words, 1), 1.0),
        "punct": punct / max(size, 1),
        "caps": len(_CAP_WORD.findall(text)) / max(n_words, 1),
        "upper": len(_UPPER.findall(text)) / letters,
        "digits": digits / max(size, 1),
        "seps": float(any(c in text for c in _SEPARATOR_CHARS) or " / " in text or " > " in text),
        "address": float(any(mark in text for mark in _ADDRESS_MARKS)),
        "prose": float(is_prose(text)),
        "upper_start": float(text[:1].isupper()),
    }
    stop = stopword_density(text, language, tokens)
    f["stop"] = stop
    f["stop_lo"] = float(stop < 0.1 and n_words >= 3)
    f["stop_hi"] = float(stop > 0.3)
    # Markers are short; the memoised rule match covers them.
    f["rule"] = float(size <= RULE_FEATURE_CHARS and match_block(text, body_seen=True) is not None)
    return {k: v for k, v in f.items() if v}


def _html(info: HtmlInfo | None, vocabulary: frozenset[str]) -> Features:
    if info is None:
        return {}
    f: Features = {"html": 1.0, "links": info.link_density,
                   "links_hi": float(info.link_density > 0.5), "all_link": float(info.link_density > 0.9)}
    tag = info.tag
    kind = "h" if tag in _HEAD_TAGS else tag if tag in ("p", "li", "td", "div", "span", "a") else "other"
    f[f"tag:{kind}"] = 1.0
    for region in REGIONS:
        if region in info.ancestors:
            f[f"in:{region}"] = 1.0
    for word in info.words & vocabulary:
        f[f"cls:{word}"] = 1.0
    return f


def _title_similarity(tokens: list[str], title: set[str]) -> float:
    if not title or not tokens:
        return 0.0
    own = set(tokens)
    return len(own & title) / len(own | title)


_FAR = 10


def _distance_to_other(marked: list[int], count: int) -> list[float]:
    """For each index, the distance to the nearest *other* marked index (capped, 0..1)."""
    out = [1.0] * count
    for n, i in enumerate(marked):
        for j in range(max(0, i - _FAR), min(count, i + _FAR + 1)):
            if j != i:
                out[j] = min(out[j], abs(i - j) / _FAR)
    return out


def block_features(
    texts: Sequence[str],
    *,
    title: str | None = None,
    template: frozenset[str] = frozenset(),
    html: Sequence[HtmlInfo | None] | None = None,
    vocabulary: frozenset[str] = frozenset(),
) -> list[Features]:
    """First-stage features of every block of one page, in page order."""
    count = len(texts)
    if not count:
        return []
    language = page_language(texts)
    tokens = [words(t) for t in texts]
    title_words = set(words(title)) if title else set()
    sims = [_title_similarity(t, title_words) for t in tokens]
    title_at = next((i for i, s in enumerate(sims) if s >= 0.8), None)
    lines = [normalise_line(t) for t in texts]
    repeats = Counter(lines)
    own = [_own(t, tok, language) for t, tok in zip(texts, tokens)]
    # Position is read against the page's prose, not its ends: a dump puts menus
    # above the article, a clean text starts with it, and both should read alike.
    prose = [i for i, f in enumerate(own) if "prose" in f]
    far = _distance_to_other(prose, count)
    out: list[Features] = []
    before = 0
    for i, text in enumerate(texts):
        f = dict(own[i])
        if prose:
            f["prose_rank"] = before / len(prose)
            f["in_prose_span"] = float(prose[0] <= i <= prose[-1])
        f["prose_far"] = far[i]
        if "prose" in own[i]:
            before += 1
        if sims[i]:
            f["title_sim"] = sims[i]
        if title_at is not None:
            f["after_title" if i > title_at else "before_title" if i < title_at else "title_line"] = 1.0
        if repeats[lines[i]] > 1:
            f["rep_page"] = 1.0
        if template and lines[i] in template:
            f["template"] = 1.0
        if html is not None:
            f.update(_html(html[i], vocabulary))
        for name, j in (("prev", i - 1), ("next", i + 1)):
            if 0 <= j < count:
                other = own[j]
                f[f"{name}_prose"] = other.get("prose", 0.0)
                f[f"{name}_len"] = other.get("len", 0.0)
                f[f"{name}_stop"] = other.get("stop", 0.0)
                f[f"{name}_short"] = other.get("short", 0.0)
                if html is not None and html[j] is not None:
                    f[f"{name}_links"] = html[j].link_density  # type: ignore[union-attr]
        window = [own[j] for j in range(max(0, i - WINDOW), min(count, i + WINDOW + 1)) if j != i]
        if window:
            f["win_prose"] = sum(w.get("prose", 0.0) for w in window) / len(window)
            f["win_stop"] = sum(w.get("stop", 0.0) for w in window) / len(window)
        out.append({k: v for k, v in f.items() if v})
    return out


CONTEXT = 3


# What the second stage sees of a block itself, besides its first-stage verdict.
_SECOND_OWN = ("bias", "short", "prose", "len", "sent_end", "colon_end", "html", "rule")


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p)) / 5


def context_features(base: Sequence[Features], first: Sequence[float]) -> list[Features]:
    """Second-stage features: the first stage's verdict on the block and on the
    blocks around it, and a few shape features (a short line between two body
    paragraphs stays, a run of teasers goes)."""
    count = len(first)
    before = [0.0] * count  # highest first-stage probability before / after each block
    after = [0.0] * count
    for i in range(1, count):
        before[i] = max(before[i - 1], first[i - 1])
    for i in range(count - 2, -1, -1):
        after[i] = max(after[i + 1], first[i + 1])
    out: list[Features] = []
    for i, f in enumerate(base):
        g = {name: f[name] for name in _SECOND_OWN if name in f}
        g["p1"] = _logit(first[i])
        g["p1_prev"] = first[i - 1] if i > 0 else 0.0
        g["p1_next"] = first[i + 1] if i + 1 < count else 0.0
        around = [first[j] for j in range(max(0, i - CONTEXT), min(count, i + CONTEXT + 1)) if j != i]
        g["p1_win"] = sum(around) / len(around) if around else 0.0
        g["p1_before"] = before[i]
        g["p1_after"] = after[i]
        out.append({k: v for k, v in g.items() if v})
    return out
