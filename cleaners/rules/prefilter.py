"""Which rules could match a line, from its first character alone.

Most lines a page is made of (menu items, teaser titles, every line that
extraction left out) match no rule, and testing one against all the rule
patterns costs tens of microseconds, most of it in patterns that could never
start with that line's first character. :func:`first_chars` reads a
pattern's parse tree for the characters its matches can start with, as a
one-character pattern; a rule whose pattern cannot start with a line's first
character cannot match the line, and is not tried.

The analysis only ever answers "maybe" where it is unsure (an opcode it does
not know, ``.``, a back-reference, a pattern that matches the empty string):
the prefilter can let a rule through needlessly, never hold one back. It
reads the standard library's regex parser (``re._parser``, ``sre_parse``
before Python 3.11), which is not a public API: if that moves, every rule is
simply tried on every line, as before.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+
    from re import _constants as _sre, _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre
    import sre_parse as _sre_parse

__all__ = ["first_chars"]

_CATEGORIES = {
    _sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_NOT_DIGIT: r"\D",
    _sre.CATEGORY_SPACE: r"\s", _sre.CATEGORY_NOT_SPACE: r"\S",
    _sre.CATEGORY_WORD: r"\w", _sre.CATEGORY_NOT_WORD: r"\W",
}
_REPEATS = tuple(getattr(_sre, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
                 if hasattr(_sre, name))
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)  # lookarounds are left unchecked: a superset
_ATOMIC = getattr(_sre, "ATOMIC_GROUP", None)
# The flags that change what one character class matches (IGNORECASE is set per atom).
_CLASS_FLAGS = re.ASCII | re.UNICODE | re.LOCALE


class _Unsure(Exception):
    """The analysis met something it does not model: any character may start a match."""


def _escape(code: int) -> str:
    return re.escape(chr(code))


def _char_class(items: list[tuple[Any, Any]]) -> str:
    """``[...]`` source of one parsed character class."""
    parts: list[str] = []
    negate = ""
    for op, av in items:
        if op == _sre.NEGATE:
            negate = "^"
        elif op == _sre.LITERAL:
            parts.append(_escape(av))
        elif op == _sre.RANGE:
            parts.append(f"{_escape(av[0])}-{_escape(av[1])}")
        elif op == _sre.CATEGORY and av in _CATEGORIES:
            parts.append(_CATEGORIES[av])
        else:
            raise _Unsure
    return f"[{negate}{''.join(parts)}]"


def _atom(op: Any, av: Any) -> str:
    """Source of one character-consuming item."""
    if op == _sre.LITERAL:
        return _escape(av)
    if op == _sre.NOT_LITERAL:
        return f"[^{_escape(av)}]"
    return _char_class(av)


def _sequence(items: Any, ignore_case: bool, out: list[str]) -> bool:
    """Collect the first atoms of a sequence of parsed items into ``out``;
    whether the whole sequence can match the empty string."""
    for op, av in items:
        if not _item(op, av, ignore_case, out):
            return False
    return True


def _item(op: Any, av: Any, ignore_case: bool, out: list[str]) -> bool:
    """Collect the first atoms of one parsed item; whether it can match empty."""
    if op in (_sre.LITERAL, _sre.NOT_LITERAL, _sre.IN):
        out.append(f"(?{'' if ignore_case else '-'}i:{_atom(op, av)})")
        return False
    if op == _sre.BRANCH:
        empty = False
        for branch in av[1]:
            empty = _sequence(branch, ignore_case, out) or empty
        return empty
    if op == _sre.SUBPATTERN:
        _group, add, delete, inner = av
        scoped = (ignore_case or bool(add & re.IGNORECASE)) and not delete & re.IGNORECASE
        return _sequence(inner, scoped, out)
    if op in _REPEATS:
        low, high, inner = av
        if high == 0:
            return True
        return _sequence(inner, ignore_case, out) or low == 0
    if _ATOMIC is not None and op == _ATOMIC:
        return _sequence(av, ignore_case, out)
    if op in _ZERO_WIDTH:
        return True
    raise _Unsure  # ANY, back-references, conditionals, anything newer


def first_chars(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A pattern of one character that matches every character a match of
    ``pattern`` can start with (and maybe more); None when that can be any
    character, or the empty string matches, or the analysis cannot tell."""
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
        atoms: list[str] = []
        if _sequence(parsed, bool(pattern.flags & re.IGNORECASE), atoms):
            return None
        return re.compile("|".join(dict.fromkeys(atoms)), pattern.flags & _CLASS_FLAGS)
    except (_Unsure, re.error, RecursionError, AttributeError, TypeError, ValueError):
        return None
