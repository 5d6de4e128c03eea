"""The public entry points: :func:`clean_html` and :func:`clean_text`."""

from __future__ import annotations

from cleaners.cruft import remove_cruft
from cleaners.document import Block, CleanDocument, CleanOptions, Removal
from cleaners.errors import InputError
from cleaners.extract import extract
from cleaners.language import detect_language

__all__ = ["clean_html", "clean_text"]

DEFAULT_OPTIONS = CleanOptions()


def _finish(
    blocks: list[Block],
    removed: list[Removal],
    *,
    title: str | None,
    authors: tuple[str, ...],
    published: str | None,
    language: str | None,
    options: CleanOptions,
) -> CleanDocument:
    kept, more = remove_cruft(blocks, title=title, template=options.template)
    removed = removed + more
    text = "\n".join(b.text.strip() for b in kept)
    if language is None and options.detect_language and text:
        language = detect_language(text)
    rejection = None if len(text) >= options.min_text_chars else "no_article_text"
    return CleanDocument(
        text=text,
        title=title,
        authors=authors,
        published=published,
        language=language,
        removed=tuple(removed),
        rejection=rejection,
    )


def clean_html(
    html: str | bytes, url: str | None = None, *, options: CleanOptions = DEFAULT_OPTIONS
) -> CleanDocument:
    """Extract the article of an HTML page and strip its cruft.

    Never raises anything but :class:`cleaners.errors.CleanerError`.
    """
    if not isinstance(html, (str, bytes)):
        raise InputError(f"clean_html expects str or bytes, got {type(html).__name__}")
    extraction = extract(html, url)
    return _finish(
        list(extraction.blocks),
        list(extraction.removed),
        title=extraction.title,
        authors=extraction.authors,
        published=extraction.published,
        language=extraction.language,
        options=options,
    )


def clean_text(text: str, *, options: CleanOptions = DEFAULT_OPTIONS) -> CleanDocument:
    """Clean a naive full-page text dump: first line is the headline."""
    if not isinstance(text, str):
        raise InputError(f"clean_text expects str, got {type(text).__name__}")
    lines = [line.strip() for line in text.splitlines()]
    blocks = [Block(line, "p", f"line {n + 1}") for n, line in enumerate(lines) if line]
    title = blocks[0].text if blocks else None
    return _finish(
        blocks[1:], [], title=title, authors=(), published=None, language=None, options=options
    )
