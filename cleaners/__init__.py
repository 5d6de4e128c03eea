"""cleaners: HTML or plain text in, the article's own text out.

A pure library (no Scrapy): every function takes and returns plain data.
Every removal is recorded with the rule that made it, so a user can audit it.
"""

from cleaners.api import clean_html
from cleaners.text.plaintext import clean_text
from cleaners.document import Block, CleanDocument, CleanOptions, ForeignOptions, HeadlineOptions, Removal, RuleOptions
from cleaners.errors import CleanerError, InputError
from cleaners.extraction.core import ExtractOptions
from cleaners.extraction.header import HeaderOptions
from cleaners.extraction.outside import OutsideOptions
from cleaners.extraction.standfirst import StandfirstOptions
from cleaners.extraction.vote import VoteOptions

__all__ = [
    "Block",
    "CleanDocument",
    "CleanOptions",
    "CleanerError",
    "ExtractOptions",
    "ForeignOptions",
    "HeaderOptions",
    "HeadlineOptions",
    "InputError",
    "OutsideOptions",
    "Removal",
    "RuleOptions",
    "StandfirstOptions",
    "VoteOptions",
    "clean_html",
    "clean_text",
]
