"""Language identification: deterministic langdetect behind a cheap script check."""

from __future__ import annotations

from langdetect import DetectorFactory, LangDetectException, detect

__all__ = ["detect_language"]

DetectorFactory.seed = 0


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``, or None when undecidable."""
    try:
        return str(detect(text[:2000]))
    except LangDetectException:
        return None
