"""Remove untranslated fragments: spans and paragraphs in another language.

The article's script is the one holding most (over 60 %) of its letters; a
page without such a script (a bilingual page) is left alone. Then, per block:

1. a bracketed span mostly in another script (``[нападениям на Россию]``
   inside an English quote) is cut out (``untranslated.bracket_span``);
2. a run of four or more words in another script inside a paragraph of the
   article's script is cut out (``untranslated.script_run``);
3. a paragraph mostly in another script goes (``untranslated.script_block``);
4. a paragraph in the article's script but another language (a German
   paragraph in an English article) goes (``untranslated.language_block``):
   stopword hits decide; langdetect is asked only when they cannot, and only
   agrees to remove when it names the same language the stopwords lean to.

Only minority-script or minority-language text is ever removed, so the
article's script stays the majority and a second pass removes nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from cleaners.document import Block, ForeignOptions, Removal
from cleaners.text.language import (
    STOPWORDS,
    dominant_script,
    langdetect_best,
    script_profile,
    stopword_hits,
)
from cleaners.rules.tables import RULES_BY_NAME

__all__ = ["ForeignResult", "remove_foreign"]

BRACKET = RULES_BY_NAME["untranslated.bracket_span"]
SCRIPT_RUN = RULES_BY_NAME["untranslated.script_run"]
SCRIPT_BLOCK = RULES_BY_NAME["untranslated.script_block"]
LANGUAGE_BLOCK = RULES_BY_NAME["untranslated.language_block"]

_DEFAULT_OPTIONS = ForeignOptions()

_WORD = re.compile(r"\S+")
_NO_SPACE_BEFORE = frozenset(",.;:!?)]}…")


def _is_foreign(profile: Counter[str], script: str, opts: ForeignOptions, *, min_letters: int = 3) -> bool:
    total = sum(profile.values())
    return total >= min_letters and profile.get(script, 0) < opts.foreign_share * total


def _join(left: str, right: str) -> str:
    left, right = left.rstrip(), right.lstrip()
    if not left or not right:
        return left + right
    return left + ("" if right[0] in _NO_SPACE_BEFORE else " ") + right


def _cut_spans(text: str, script: str, opts: ForeignOptions) -> tuple[str, list[tuple[str, str]]]:
    """Remove foreign bracket spans, then foreign word runs; return (text, [(rule, span)])."""
    assert BRACKET.pattern is not None
    cuts: list[tuple[str, str]] = []
    while True:
        for match in BRACKET.pattern.finditer(text):
            if _is_foreign(script_profile(match.group()), script, opts):
                cuts.append((BRACKET.name, match.group().strip()))
                text = _join(text[: match.start()], text[match.end():])
                break
        else:
            break
    run = _foreign_run(text, script, opts)
    while run is not None:
        start, end = run
        cuts.append((SCRIPT_RUN.name, text[start:end]))
        text = _join(text[:start], text[end:])
        run = _foreign_run(text, script, opts)
    return text, cuts


def _foreign_run(text: str, script: str, opts: ForeignOptions) -> tuple[int, int] | None:
    """Offsets of the first run of ``opts.min_run_words``+ words in another script."""
    run_start = run_end = -1
    words = 0
    for match in _WORD.finditer(text):
        profile = script_profile(match.group())
        if not profile:  # digits, punctuation: neither breaks nor extends a run
            continue
        if _is_foreign(profile, script, opts, min_letters=1):
            if words == 0:
                run_start = match.start()
            run_end = match.end()
            words += 1
            continue
        if words >= opts.min_run_words:
            return run_start, run_end
        words = 0
    return (run_start, run_end) if words >= opts.min_run_words else None


def _other_language(text: str, language: str, opts: ForeignOptions) -> str | None:
    """The language a paragraph is in, if it is clearly not ``language``."""
    hits = stopword_hits(text)
    own = hits.get(language, 0)
    others = sorted(((n, lang) for lang, n in hits.items() if lang != language), reverse=True)
    if not others or others[0][0] <= own:
        return None
    count, other = others[0]
    variety = stopword_hits(text, distinct=True).get(other, 0)
    if variety < opts.min_distinct_stopwords - 1:  # "Na Na Na" is not Portuguese
        return None
    if count >= 3 and count >= 2 * own + 1 and variety >= opts.min_distinct_stopwords:
        return other
    best = langdetect_best(text)  # undecided: ask langdetect, but only to confirm
    if best is not None and best[0] == other and best[1] >= opts.langdetect_min_prob:
        return other
    return None


@dataclass(slots=True)
class ForeignResult:
    """Blocks kept and removals made; ``*_at`` index the input blocks."""

    kept: list[Block] = field(default_factory=list)
    kept_at: list[int] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    removed_at: list[int] = field(default_factory=list)

    def remove(self, index: int, removal: Removal) -> None:
        self.removed.append(removal)
        self.removed_at.append(index)


def remove_foreign(
    blocks: list[Block], *, language: str | None, options: ForeignOptions = _DEFAULT_OPTIONS
) -> ForeignResult:
    """Drop foreign spans and paragraphs; ``language`` is the article's (ISO 639-1)."""
    opts = options
    result = ForeignResult()
    profiles = [script_profile(block.text) for block in blocks]
    script = dominant_script(sum(profiles, Counter()), majority=opts.article_script_share)
    if script is None:
        result.kept, result.kept_at = list(blocks), list(range(len(blocks)))
        return result
    check_language = language in STOPWORDS and script == "latin"
    for index, (block, profile) in enumerate(zip(blocks, profiles)):
        text = block.text
        if _is_foreign(profile, script, opts, min_letters=opts.min_block_letters):
            result.remove(index, Removal("untranslated", SCRIPT_BLOCK.name, text, block.locator))
            continue
        if sum(profile.values()) > profile.get(script, 0):
            text, cuts = _cut_spans(text, script, opts)
            for rule, span in cuts:
                result.remove(index, Removal("untranslated", rule, span, block.locator))
            if not script_profile(text):
                if text:
                    result.remove(index, Removal("untranslated", cuts[-1][0], text, block.locator))
                continue
        if (
            check_language
            and language is not None
            and len(text.split()) >= opts.min_language_words
            and block.kind not in ("quote", "pre")
            and _other_language(text, language, opts) is not None
        ):
            result.remove(index, Removal("untranslated", LANGUAGE_BLOCK.name, text, block.locator))
            continue
        result.kept.append(block if text == block.text else replace(block, text=text))
        result.kept_at.append(index)
    return result
