"""HTML entry point :func:`clean_html` (plain text: :mod:`cleaners.text.plaintext`)."""

from __future__ import annotations

from cleaners.document import Block, CleanDocument, CleanOptions, Removal
from cleaners.errors import CleanerError, InputError
from cleaners.extraction.core import DEFAULT_EXTRACT_OPTIONS, ExtractionError, ExtractOptions, extract
from cleaners.pipeline import finish
from cleaners.valve import restore_if_eaten

__all__ = ["clean_html"]

DEFAULT_OPTIONS = CleanOptions()


def clean_html(
    html: str | bytes, url: str | None = None, *, options: CleanOptions = DEFAULT_OPTIONS,
    extract_options: ExtractOptions = DEFAULT_EXTRACT_OPTIONS,
) -> CleanDocument:
    """Extract the article of an HTML page and strip its cruft.

    ``options`` holds the cleaning thresholds, ``extract_options`` those of
    extraction (the vote and the header strip included).

    Never raises anything but :class:`cleaners.errors.CleanerError`.
    """
    if not isinstance(html, (str, bytes)):
        raise InputError(f"clean_html expects str or bytes, got {type(html).__name__}")
    try:
        extraction = extract(html, url, extract_options)
    except CleanerError:
        raise
    except (RecursionError, MemoryError, LookupError, ValueError, TypeError, AttributeError,
            AssertionError) as err:  # third-party extractors on pathological markup
        raise ExtractionError(f"extraction failed: {type(err).__name__}: {err}") from err

    def run(blocks: list[Block], removed: list[Removal], opts: CleanOptions) -> CleanDocument:
        return finish(blocks, removed, title=extraction.title, authors=extraction.authors,
                      published=extraction.published, language=extraction.language, options=opts, mode="html")

    doc = run(list(extraction.blocks), list(extraction.removed), options)
    return restore_if_eaten(doc, extraction.agreed, extraction.removed, options, run)
