"""Plain-text mode: clean a naive full-page text dump (no HTML)."""

from __future__ import annotations

from cleaners.document import Block, CleanDocument, CleanOptions
from cleaners.errors import InputError
from cleaners.pipeline import finish

__all__ = ["clean_text"]

DEFAULT_OPTIONS = CleanOptions()


def clean_text(text: str, *, options: CleanOptions = DEFAULT_OPTIONS) -> CleanDocument:
    """Clean a naive full-page text dump: first line is the headline."""
    if not isinstance(text, str):
        raise InputError(f"clean_text expects str, got {type(text).__name__}")
    lines = [line.strip() for line in text.splitlines()]
    blocks = [Block(line, "p", f"line {n + 1}") for n, line in enumerate(lines) if line]
    title = blocks[0].text if blocks else None
    return finish(
        blocks[1:], [], title=title, authors=(), published=None, language=None, options=options
    )
