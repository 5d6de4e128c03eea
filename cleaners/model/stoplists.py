"""Stopword tables for the block model, from kept sources, loaded on first use.

English, German, French, Spanish, Portuguese, Italian, Dutch and Russian come
from jusText's stoplists (installed with trafilatura: they are the lists its
paragraph classifier was tuned with); Chinese, which jusText has no list for,
from stopwords-iso (``stopwordsiso``). Nothing here is typed by hand.

A block's stopword density is measured in the page's language: the one whose
table covers most of the page's words (:func:`page_language`), so the feature
means the same in every language the model meets.
"""

from __future__ import annotations

import functools
import json
import pkgutil
import re
from collections import Counter
from collections.abc import Sequence
from importlib.resources import files

__all__ = ["LANGUAGES", "stoplist", "page_language", "stopword_density"]

JUSTEXT_NAMES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish",
                 "pt": "Portuguese", "it": "Italian", "nl": "Dutch", "ru": "Russian"}
LANGUAGES = (*JUSTEXT_NAMES, "zh")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_MAX_ZH_WORD = 4


@functools.cache
def stoplist(language: str) -> frozenset[str]:
    """The stopwords of ``language`` (ISO 639-1), casefolded."""
    if language == "zh":
        data = json.loads(files("stopwordsiso").joinpath("stopwords-iso.json").read_text("utf-8"))
        return frozenset(w for w in data["zh"] if _CJK.search(w))
    name = JUSTEXT_NAMES[language]
    raw = pkgutil.get_data("justext", f"stoplists/{name}.txt") or b""
    return frozenset(w.decode("utf-8").strip().casefold() for w in raw.splitlines() if w.strip())


def words(text: str) -> list[str]:
    """Casefolded letter runs (apostrophes inside a word kept)."""
    return _WORD.findall(text.casefold())


def _zh_hits(text: str) -> tuple[int, int]:
    """(CJK characters covered by a stopword, CJK characters), longest match first."""
    table = stoplist("zh")
    covered = total = i = 0
    while i < len(text):
        if not _CJK.match(text, i):
            i += 1
            continue
        total += 1
        for size in range(_MAX_ZH_WORD, 0, -1):
            if text[i:i + size] in table:
                covered += size
                total += size - 1
                i += size
                break
        else:
            i += 1
    return covered, total


def page_language(texts: Sequence[str], sample_words: int = 400) -> str | None:
    """The table that covers most words of ``texts`` (a bounded sample), or None."""
    sample: list[str] = []
    cjk = 0
    for text in texts:
        sample += words(text)
        cjk += len(_CJK.findall(text))
        if len(sample) >= sample_words or cjk >= sample_words:
            break
    if cjk > len(sample):
        return "zh"
    if not sample:
        return None
    counts = Counter(sample)  # each distinct word looked up once per table
    best, hits = None, 0
    for language in JUSTEXT_NAMES:
        count = sum(counts[w] for w in stoplist(language).intersection(counts))
        if count > hits:
            best, hits = language, count
    return best


def stopword_density(text: str, language: str | None, tokens: Sequence[str] | None = None) -> float:
    """Share of the block's words (CJK: characters) that are stopwords of ``language``."""
    if language is None:
        return 0.0
    if language == "zh":
        covered, total = _zh_hits(text)
        return covered / total if total else 0.0
    tokens = words(text) if tokens is None else tokens
    if not tokens:
        return 0.0
    table = stoplist(language)
    return sum(1 for w in tokens if w in table) / len(tokens)
