"""Cheap language and script identification.

Two cheap signals come first, langdetect only where they cannot decide:

* :func:`script_profile`: letters per Unicode script (Latin, Cyrillic, ...),
  counted with one regex per script (C speed; pure-ASCII text short-cuts);
* :func:`stopword_hits`: hits of a few very common, language-distinctive
  function words (the lexicon :data:`STOPWORDS`).

:func:`detect_language` reads a bounded sample (``SAMPLE_CHARS``) of the
document, so its cost does not grow with page length. langdetect is seeded
(``DetectorFactory.seed = 0``), so its answers are deterministic.
"""

from __future__ import annotations

import re
from collections import Counter

from langdetect import DetectorFactory, LangDetectException, detect_langs

__all__ = [
    "SAMPLE_CHARS",
    "STOPWORDS",
    "detect_language",
    "dominant_script",
    "langdetect_best",
    "script_profile",
    "stopword_hits",
]

DetectorFactory.seed = 0

SAMPLE_CHARS = 2000
"""At most this many characters of a document are read to detect its language."""

_SCRIPT_RANGES = {
    "latin": "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff",
    "cyrillic": "\u0400-\u052f",
    "greek": "\u0370-\u03ff\u1f00-\u1fff",
    "arabic": "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff",
    "hebrew": "\u0590-\u05ff",
    "devanagari": "\u0900-\u097f",
    "cjk": "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
    "hangul": "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f",
    "thai": "\u0e00-\u0e7f",
}
_SCRIPT_RX = {name: re.compile(f"[{chars}]+") for name, chars in _SCRIPT_RANGES.items()}
_LETTERS = re.compile(r"[^\W\d_]+")
_ASCII_LETTERS = re.compile(r"[A-Za-z]+")
# Anything outside Latin letters, common punctuation and symbols.
_NOT_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\u2000-\u206f\u20a0-\u20cf\u2100-\u214f]")
_LATIN_LETTERS = _SCRIPT_RX["latin"]

# Common function words that tell these languages apart: words shared by two
# of them ("de", "la", "que", "para", "in", ...) are left out on purpose.
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to is was that with for on are have has it this from by were "
                    "which be been not but they he she his their will would said at or".split()),
    "de": frozenset("der die das und ist nicht ein eine einen dem den mit sich auf für von zu "
                    "im auch sie wird wurde werden hat haben sind aus bei nach über noch wie "
                    "oder".split()),
    "fr": frozenset("le les des du et est une dans pour pas qui sur au aux avec ce cette elle "
                    "sont ont été mais plus par nous vous leur ses".split()),
    "es": frozenset("el los las del y por una con lo más pero sus fue está han ha al también "
                    "cuando muy sin hasta desde porque".split()),
    "pt": frozenset("o os dos em na nos nas uma com não é ao pelo pela foi seu sua também são "
                    "isso ele ela eles foram já há pelos pelas onde após aos".split()),
    "it": frozenset("di che è per non della gli sono anche alla nel nella degli delle dei questo "
                    "questa stato più essere loro tra hanno".split()),
    "nl": frozenset("het een van dat op zijn niet voor aan maar om ook bij nog wordt werd hij zij "
                    "worden naar heeft dit deze".split()),
}


def script_profile(text: str) -> Counter[str]:
    """Letters per script in ``text``; letters of no listed script count as ``other``."""
    profile: Counter[str] = Counter()
    if text.isascii() or _NOT_LATIN.search(text) is None:
        rx = _ASCII_LETTERS if text.isascii() else _LATIN_LETTERS
        latin = sum(map(len, rx.findall(text)))
        if latin:
            profile["latin"] = latin
        return profile
    total = sum(map(len, _LETTERS.findall(text)))
    for name, rx in _SCRIPT_RX.items():
        count = sum(map(len, rx.findall(text)))
        if count:
            profile[name] = count
    other = total - sum(profile.values())
    if other > 0:
        profile["other"] = other
    return profile


def dominant_script(profile: Counter[str], *, majority: float = 0.5) -> str | None:
    """The script holding more than ``majority`` of the letters, if any."""
    total = sum(profile.values())
    if not total:
        return None
    script, count = max(sorted(profile.items()), key=lambda item: item[1])
    return script if count > majority * total else None


_STOPWORD_LANGUAGE = {word: language for language, words in STOPWORDS.items() for word in words}


def stopword_hits(text: str, *, distinct: bool = False) -> Counter[str]:
    """Stopword hits per language of :data:`STOPWORDS` in ``text``
    (with ``distinct``: how many different stopwords of each language)."""
    words = _LETTERS.findall(text.casefold())
    found = [_STOPWORD_LANGUAGE.get(word) for word in (set(words) if distinct else words)]
    return Counter(language for language in found if language is not None)


def _stopword_language(text: str, *, min_hits: int = 8) -> str | None:
    hits = stopword_hits(text)
    if not hits:
        return None
    ranked = sorted(hits.items(), key=lambda item: (-item[1], item[0]))
    best, count = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    return best if count >= min_hits and count >= 2 * second else None


def langdetect_best(text: str) -> tuple[str, float] | None:
    """langdetect's best guess and its probability, or None when it has none."""
    try:
        guesses = detect_langs(text)
    except LangDetectException:
        return None
    if not guesses:
        return None
    return str(guesses[0].lang), float(guesses[0].prob)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text`` (read on a bounded sample), or None when undecidable."""
    sample = text[:SAMPLE_CHARS]
    language = _stopword_language(sample)
    if language is not None:
        return language
    if not _LETTERS.search(sample):
        return None
    best = langdetect_best(sample[: SAMPLE_CHARS // 2])
    return best[0] if best else None
