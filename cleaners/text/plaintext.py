"""Plain-text mode: clean a naive full-page text dump (no HTML).

One block per non-empty line, located as ``line N`` (1-based, in the input).
The block model (:mod:`cleaners.model.blocks`) finds where the article's body starts;
the headline is the nearest line above it that reads like a headline (short,
one sentence, no leading metadata, not a byline). Without a model verdict it
is the first line that is not header cruft (weather widget, date line,
breadcrumb), when that reads like a headline. The rules and the model's cut
of what lies outside the article follow in :func:`cleaners.pipeline.finish`. A dump that starts straight with a paragraph (for instance
``date 2024-11-03 Officials said on Sunday ...``) has no headline line: ``title`` is None
and that paragraph stays in the body.
"""

from __future__ import annotations

import re

from cleaners.model.blocks import load_model, score
from cleaners.rules.engine import header_end, match_block, strip_prefixes
from cleaners.document import Block, CleanDocument, CleanOptions, HeadlineOptions
from cleaners.errors import InputError
from cleaners.extraction.header import is_furniture
from cleaners.pipeline import finish

__all__ = ["clean_text", "looks_like_headline"]

DEFAULT_OPTIONS = CleanOptions()
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]?\s+\S")
_LETTER = re.compile(r"[^\W\d_]")


def looks_like_headline(text: str, options: HeadlineOptions = DEFAULT_OPTIONS.headline) -> bool:
    """Short, a single sentence, has letters, and no metadata prefix."""
    return (
        len(text) <= options.max_chars
        and _LETTER.search(text) is not None
        and _SENTENCE_BREAK.search(text) is None
        and not strip_prefixes(text)[1]
    )


def clean_text(text: str, *, options: CleanOptions = DEFAULT_OPTIONS) -> CleanDocument:
    """Clean a naive full-page text dump: the headline line becomes ``title``.

    Never raises anything but :class:`cleaners.errors.CleanerError`.
    """
    if not isinstance(text, str):
        raise InputError(f"clean_text expects str, got {type(text).__name__}")
    blocks = [
        Block(line.strip(), "p", f"line {number}")
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]
    title: str | None = None
    start = header_end(blocks, template=options.template, options=options.rules)
    at = _headline_at(blocks, start, options)
    if at is not None:
        title = blocks[at].text
        blocks = blocks[:at] + blocks[at + 1:]
    return finish(
        blocks, [], title=title, authors=(), published=None, language=None, options=options
    )


# The headline is looked for CleanOptions.headline.reach lines above the article's first body line.
# Caption, credit and form-field marks: such a line is no headline.
_NOT_HEADLINE = re.compile(r"[()/|©@]|\b(?:getty|photo|photograph|illustration|image|please|enter)\b",
                           re.IGNORECASE)


def _headline_at(blocks: list[Block], start: int, options: CleanOptions) -> int | None:
    """Index of the headline: the nearest headline-like line above the first line
    the block model reads as body (a dump starts with menus, not the headline);
    without a model verdict, the first line after the header cruft."""
    first = _first_body(blocks, start, options)
    heads = options.headline
    if first is not None:
        for index in range(first - 1, max(start, first - heads.reach) - 1, -1):
            text = blocks[index].text
            if (looks_like_headline(text, heads) and heads.min_words <= len(text.split()) <= heads.max_words
                    and not text.rstrip("\"'”’").endswith(".") and not is_furniture(text)
                    and not _NOT_HEADLINE.search(text) and match_block(text) is None):
                return index
    if start < len(blocks) and looks_like_headline(blocks[start].text, heads) and (first is None or start < first):
        return start
    return None


def _first_body(blocks: list[Block], start: int, options: CleanOptions) -> int | None:
    """The first line after ``start`` the block model reads as body (not headline-like)."""
    if not options.block_model or start >= len(blocks):
        return None
    model = load_model()
    scores = score([b.text for b in blocks], template=options.template, model=model)
    keep = model.thresholds["span_keep"]
    return next((i for i in range(start, len(blocks))
                 if scores.probs[i] >= keep and not looks_like_headline(blocks[i].text, options.headline)), None)
