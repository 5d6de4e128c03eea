"""The shared tail of cleaning: blocks in, CleanDocument out.

Both entry points end here: :func:`cleaners.api.clean_html` after extraction,
:func:`cleaners.text.plaintext.clean_text` after splitting a text dump into blocks.

Order: cruft rules (:mod:`cleaners.rules.engine`), then, for a text dump, the block
model's cut (:mod:`cleaners.model.blocks`: what lies outside the article's span, and
what inside it the model reads as surely not body), then the article's
language (on a bounded sample), then untranslated fragments
(:mod:`cleaners.rules.untranslated`). Cutting a fragment can leave a block that a cruft rule matches ("Read more
[читать далее]"), and cutting a menu changes the model's view of its
neighbours, so the steps repeat until a round removes nothing (at most
``CleanOptions.max_rounds`` times): the output is a fixed point, and cleaning it again
removes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from cleaners.rules.engine import match_block, remove_cruft
from cleaners.document import Block, CleanDocument, CleanOptions, Removal
from cleaners.text.language import detect_language
from cleaners.model.blocks import load_model, score
from cleaners.rules.untranslated import remove_foreign

__all__ = ["finish"]


def _split_lines(blocks: list[Block]) -> list[Block]:
    """One block per line: the output joins blocks with ``\\n``, so a block must
    hold no line break of its own."""
    out: list[Block] = []
    for block in blocks:
        lines = block.text.splitlines()
        if len(lines) == 1 and lines[0] == block.text.strip():
            out.append(block)
            continue
        out.extend(replace(block, text=line.strip()) for line in lines if line.strip())
    return out


# Prose next to the span joins it down to CleanOptions.widen_min_score: the model
# reads a clean article's first paragraphs less surely than a dump's middle.
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")


def _widen(kept: list[Block], probs: list[float], first: int, last: int, options: CleanOptions) -> tuple[int, int]:
    """The span grown upwards over the body paragraphs right above it (stops
    at the first line that is not prose: a headline, a menu item). Not
    downwards: below an article, prose next to it is a teaser's blurb."""
    def joins(i: int) -> bool:
        text = kept[i].text
        return (len(text.split()) >= options.widen_min_words and _SENTENCE_END.search(text) is not None
                and probs[i] >= options.widen_min_score and match_block(text) is None)

    while first > 0 and joins(first - 1):
        first -= 1
    return first, last


def _model_cut(kept: list[Block], rule: Callable[[int], str], options: CleanOptions) -> tuple[list[int], list[Removal]]:
    """Text mode: the block model's article span (first to last block it reads as
    body) and, inside it, the blocks it reads as surely not body. ``kept`` carry
    the model's scores. Indices of the kept blocks and one removal per block
    taken out (``rule(i)`` names it); nothing when the model finds no body."""
    if not kept:
        return [], []
    model = load_model()
    keep, inside = model.thresholds["span_keep"], model.thresholds["inside_keep"]
    probs = [b.score if b.score is not None else 1.0 for b in kept]
    body = [i for i, p in enumerate(probs) if p >= keep]
    if not body:
        return list(range(len(kept))), []
    first, last = _widen(kept, probs, body[0], body[-1], options)
    stays: list[int] = []
    removals: list[Removal] = []
    for i, block in enumerate(kept):
        p = probs[i]
        # A single line between two body blocks stays (a subheading, a list item):
        # inside the span only runs of two or more low blocks go (menus, teasers).
        sandwiched = 0 < i < len(kept) - 1 and probs[i - 1] >= inside and probs[i + 1] >= inside
        if first <= i <= last and (p >= inside or sandwiched or block.kind in ("quote", "pre")):
            stays.append(i)
        else:
            removals.append(Removal("boilerplate", rule(i), block.text, block.locator))
    return stays, removals


def finish(
    blocks: list[Block],
    removed: list[Removal],
    *,
    title: str | None,
    authors: tuple[str, ...],
    published: str | None,
    language: str | None,
    options: CleanOptions,
    mode: str = "text",
) -> CleanDocument:
    """Remove cruft and untranslated fragments from ``blocks``; assemble the document.

    ``mode``: ``text`` (a dump's lines: the block model cuts what lies outside
    the article after the rules) or ``html`` (the blocks were scored during
    extraction, and the rules only fire where that score says "not body").
    """
    notes: list[str] = []
    kept = _split_lines(blocks)
    origin = list(range(len(kept)))  # input position of each kept block
    found: list[tuple[int, int, Removal]] = []  # (position, sequence, removal)
    detected: str | None = None
    text_model = mode == "text" and options.block_model
    for _ in range(options.max_rounds):
        if text_model and kept:
            # The rules see the model's reading: an end marker above body lines
            # cuts nothing but itself (the tail valve).
            scores = score([b.text for b in kept], template=options.template)
            kept = [replace(b, score=p) for b, p in zip(kept, scores.probs)]
        if options.cruft_rules:
            cruft = remove_cruft(
                kept,
                title=title,
                template=options.template,
                max_tail_share=options.max_tail_share,
                max_teaser_blocks=options.max_teaser_blocks,
                gate=mode == "html",
                options=options.rules,
            )
            found += [(origin[i], len(found) + n, r) for n, (i, r) in enumerate(zip(cruft.removed_at, cruft.removed))]
            kept, origin = cruft.kept, [origin[i] for i in cruft.kept_at]
            notes += cruft.notes
            published = published or cruft.published
        after_rules = len(found)  # the rules' own pass is a fixed point already
        if text_model:
            # Before the language is read: a dump's menus may be in another
            # language than its article.
            # Read again without what the rules took: an article's last paragraph
            # above a comment section reads as body once the section is gone.
            rescored = score([b.text for b in kept], template=options.template)
            kept = [replace(b, score=p) for b, p in zip(kept, rescored.probs)]
            stays, cut = _model_cut(kept, rescored.rule, options)
            staying = set(stays)
            cut_at = [i for i in range(len(kept)) if i not in staying]
            found += [(origin[i], len(found) + n, r) for n, (i, r) in enumerate(zip(cut_at, cut))]
            kept, origin = [kept[i] for i in stays], [origin[i] for i in stays]
        if options.detect_language:
            sample = options.language_sample_chars
            detected = detect_language("\n".join(b.text for b in kept), sample_chars=sample) if kept else None
        if options.remove_foreign:
            foreign = remove_foreign(kept, language=detected or language, options=options.foreign)
            found += [(origin[i], len(found) + n, r) for n, (i, r) in enumerate(zip(foreign.removed_at, foreign.removed))]
            kept, origin = foreign.kept, [origin[i] for i in foreign.kept_at]
        if len(found) == after_rules:
            break  # the steps after the rules removed nothing: another round would remove nothing
    if text_model:
        kept = [replace(b, score=None) for b in kept]
    removed = list(removed) + [removal for _, _, removal in sorted(found, key=lambda t: t[:2])]
    text = "\n".join(b.text for b in kept)
    rejection = None if len(text) >= options.min_text_chars else "no_article_text"
    return CleanDocument(
        text=text,
        title=title,
        authors=authors,
        published=published,
        language=language or detected,
        removed=tuple(removed),
        rejection=rejection,
        notes=tuple(dict.fromkeys(notes)),  # a note repeated by a later round once
    )
