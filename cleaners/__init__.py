"""cleaners: HTML or plain text in, the article's own text out.

A pure library (no Scrapy): every function takes and returns plain data.
Every removal is recorded with the rule that made it, so a user can audit it.
"""

from cleaners.api import clean_html
from cleaners.text.plaintext import clean_text
from cleaners.document import Block, CleanDocument, CleanOptions, Removal
from cleaners.errors import CleanerError, InputError
from cleaners.extraction.core import ExtractOptions

__all__ = [
    "Block",
    "CleanDocument",
    "CleanOptions",
    "CleanerError",
    "ExtractOptions",
    "InputError",
    "Removal",
    "clean_html",
    "clean_text",
]
