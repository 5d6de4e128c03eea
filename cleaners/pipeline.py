"""The shared tail of cleaning: blocks in, CleanDocument out.

Both entry points end here: :func:`cleaners.api.clean_html` after extraction,
:func:`cleaners.plaintext.clean_text` after splitting a text dump into blocks.
"""

from __future__ import annotations

from cleaners.cruft import remove_cruft
from cleaners.document import Block, CleanDocument, CleanOptions, Removal
from cleaners.language import detect_language

__all__ = ["finish"]


def finish(
    blocks: list[Block],
    removed: list[Removal],
    *,
    title: str | None,
    authors: tuple[str, ...],
    published: str | None,
    language: str | None,
    options: CleanOptions,
) -> CleanDocument:
    """Remove cruft from ``blocks`` and assemble the document."""
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
