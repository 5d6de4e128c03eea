"""Cheap language and script identification.

Two cheap signals come first, langdetect only where they cannot decide:

* :func:`script_profile`: letters per Unicode script (Latin, Cyrillic, ...),
  counted with one regex per script (C speed; pure-ASCII text short-cuts);
* :func:`stopword_hits`: hits of a few very common, language-distinctive
  function words (the lexicon :data:`STOPWORDS`).

:func:`detect_language` reads a bounded sample (``CleanOptions.language_sample_chars``) of the
document, so its cost does not grow with page length. langdetect is seeded
(seed 0), so its answers are deterministic.

langdetect's model is loaded on its first use only (2 pages in 700 of the
news corpus need it), and kept sparse: langdetect's own factory holds each of
its 87,598 n-grams as a list of 55 floats (about 60 MB per process), of which
two on average are non-zero; :class:`SparseProbabilities` keeps only those
(about 16 MB, most of it the n-gram keys) and hands langdetect's ``Detector``
the same dense rows, float for float, so its answers are unchanged.
"""

from __future__ import annotations

import json
import os
import re
from array import array
from collections import Counter
from functools import cache
from typing import TYPE_CHECKING

from cleaners.document import CleanOptions

if TYPE_CHECKING:
    from langdetect.detector_factory import DetectorFactory

__all__ = [
    "STOPWORDS",
    "SparseProbabilities",
    "detect_language",
    "dominant_script",
    "langdetect_best",
    "langdetect_factory",
    "script_profile",
    "stopword_hits",
]

LANGDETECT_SEED = 0
"""langdetect draws n-grams at random; a fixed seed makes its answers repeatable."""

_SAMPLE_CHARS = CleanOptions().language_sample_chars

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


class SparseProbabilities(dict[str, int]):
    """n-gram -> its non-zero per-language probabilities; reading an n-gram
    gives the dense list of ``size`` floats langdetect's ``Detector`` indexes
    (a new list each time: the detector only reads it).

    The probabilities of all n-grams sit in two flat arrays, grouped by
    n-gram (``languages[i]`` is the language index of ``probabilities[i]``);
    an n-gram's value is ``start << 6 | count``, its slice of them.
    """

    __slots__ = ("languages", "probabilities", "size")

    def __init__(self) -> None:
        super().__init__()
        self.size = 0
        self.languages = b""
        self.probabilities = array("d")

    def __getitem__(self, ngram: str) -> list[float]:  # type: ignore[override]
        start, count = divmod(dict.__getitem__(self, ngram), 64)
        row = [0.0] * self.size
        languages, probabilities = self.languages, self.probabilities
        for i in range(start, start + count):
            row[languages[i]] = probabilities[i]
        return row


def _profile_files(directory: str) -> list[str]:
    """langdetect's profile files, in the order its ``load_profile`` reads them
    (that order is the language index, which sums run over)."""
    return [os.path.join(directory, name) for name in os.listdir(directory)
            if not name.startswith(".") and os.path.isfile(os.path.join(directory, name))]


def _read_profiles(files: list[str], numbers: dict[str, int]) -> tuple[list[str], array[int], array[int], array[float]]:
    """Language list and flat (n-gram number, language index, probability)
    entries of langdetect's profile ``files``; ``numbers`` gets every n-gram.

    Mirrors ``DetectorFactory.load_profile`` + ``add_profile``: same language
    order, same ``1.0 * freq / n_words`` divisions, every n-gram of every
    profile kept (those longer than 3 with no probability, as there). One
    profile is in memory at a time.
    """
    langlist: list[str] = []
    owners, languages, probabilities = array("I"), array("B"), array("d")
    for index, filename in enumerate(files):
        with open(filename, encoding="utf-8") as f:
            profile = json.load(f)
        langlist.append(profile["name"])
        n_words = profile["n_words"]
        for ngram, freq in profile["freq"].items():
            owner = numbers.setdefault(ngram, len(numbers))
            if 1 <= len(ngram) <= 3:
                owners.append(owner)
                languages.append(index)
                probabilities.append(1.0 * freq / n_words[len(ngram) - 1])
        del profile
    return langlist, owners, languages, probabilities


def _sparse_model(files: list[str]) -> tuple[list[str], SparseProbabilities]:
    """The language list and the sparse model of langdetect's profile ``files``.

    The entries go into flat arrays, then a counting sort groups them by
    n-gram (keeping language order within one): no per-n-gram container is
    ever built, so the build leaves no fragmented heap behind.
    """
    model = SparseProbabilities()  # n-gram -> its number until it gets its slice
    langlist, owners, languages, probabilities = _read_profiles(files, model)
    counts = array("I", bytes(4 * len(model)))
    for owner in owners:
        counts[owner] += 1
    starts, total = array("I", counts), 0
    for owner, count in enumerate(counts):
        starts[owner], total = total, total + count
    model.size = len(langlist)
    grouped_languages = bytearray(len(languages))
    model.probabilities = array("d", bytes(8 * len(probabilities)))
    place = array("I", starts)
    for owner, language, probability in zip(owners, languages, probabilities):
        at = place[owner]
        grouped_languages[at], model.probabilities[at] = language, probability
        place[owner] = at + 1
    model.languages = bytes(grouped_languages)
    del owners, languages, probabilities, place, grouped_languages
    for ngram, owner in model.items():  # values only change: iterating is safe
        model[ngram] = starts[owner] << 6 | counts[owner]
    return langlist, model


@cache
def langdetect_factory() -> DetectorFactory:
    """langdetect's detector factory with the sparse model (:func:`_sparse_model`),
    built on first use, seeded with :data:`LANGDETECT_SEED`."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.langlist, factory.word_lang_prob_map = _sparse_model(
        _profile_files(PROFILES_DIRECTORY))
    factory.seed = LANGDETECT_SEED
    return factory


def langdetect_best(text: str) -> tuple[str, float] | None:
    """langdetect's best guess and its probability, or None when it has none."""
    from langdetect.lang_detect_exception import LangDetectException

    try:
        detector = langdetect_factory().create()
        detector.append(text)
        guesses = detector.get_probabilities()
    except LangDetectException:
        return None
    if not guesses:
        return None
    return str(guesses[0].lang), float(guesses[0].prob)


def detect_language(text: str, *, sample_chars: int = _SAMPLE_CHARS) -> str | None:
    """ISO 639-1 code of ``text`` (read on its first ``sample_chars``), or None when undecidable."""
    sample = text[:sample_chars]
    language = _stopword_language(sample)
    if language is not None:
        return language
    if not _LETTERS.search(sample):
        return None
    best = langdetect_best(sample[: sample_chars // 2])
    return best[0] if best else None
