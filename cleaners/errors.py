"""Errors raised by the cleaners package.

Hierarchy::

    CleanerError            base class: the only exception type cleaners raises
     └── InputError         input that cannot be read as a document at all
                            (wrong type, undecodable bytes beyond repair)

Expected outcomes, such as a page with no article text or a page in an
unexpected language, are *not* errors: they come back as a CleanDocument
whose ``rejection`` names the reason, so a crawl can count and record them.
"""

from __future__ import annotations

__all__ = ["CleanerError", "InputError"]


class CleanerError(Exception):
    """Base class of every exception raised by :mod:`cleaners`."""


class InputError(CleanerError, ValueError):
    """The input is not something cleaners can read (e.g. not str or bytes)."""
