"""Plain-text mode: clean a naive full-page text dump (no HTML).

One block per non-empty line, located as ``line N`` (1-based, in the input).
The headline is the first line that is not header cruft (weather widget, date
line, breadcrumb), provided it reads like a headline: short, one sentence, no
leading metadata. A dump that starts straight with a paragraph (for instance
``date 2023-05-26 On Thursday, ...``) has no headline line: ``title`` is None
and that paragraph stays in the body.
"""

from __future__ import annotations

import re

from cleaners.cruft import header_end, strip_prefixes
from cleaners.document import Block, CleanDocument, CleanOptions
from cleaners.errors import InputError
from cleaners.pipeline import finish

__all__ = ["clean_text", "looks_like_headline"]

DEFAULT_OPTIONS = CleanOptions()
MAX_HEADLINE_CHARS = 200
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]?\s+\S")
_LETTER = re.compile(r"[^\W\d_]")


def looks_like_headline(text: str) -> bool:
    """Short, a single sentence, has letters, and no metadata prefix."""
    return (
        len(text) <= MAX_HEADLINE_CHARS
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
    start = header_end(blocks, template=options.template)
    if start < len(blocks) and looks_like_headline(blocks[start].text):
        title = blocks[start].text
        blocks = blocks[:start] + blocks[start + 1:]
    return finish(
        blocks, [], title=title, authors=(), published=None, language=None, options=options
    )
