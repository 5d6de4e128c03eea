"""Outlet seeds: declarative specs loaded from TOML and checked as they load.

File format (``seeds/outlets.toml``)::

    [[outlet]]
    name = "Daily Ledger"             # display name
    domain = "daily-ledger.test"      # registered domain; records use it as `source`
    feeds = ["https://daily-ledger.test/feed.xml"]        # RSS 2.0 or Atom
    sitemaps = ["https://daily-ledger.test/sitemap.xml"]  # (news) sitemaps or indexes
    allow = ["/news/"]                # optional regexes; an entry URL must match one
    deny = ["/tag/", "/video/"]       # optional regexes; an entry URL matching one is skipped
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["Outlet", "SeedError", "load_outlets"]


class SeedError(ValueError):
    """The seeds file is missing, unreadable or has an invalid entry."""


@dataclass(frozen=True)
class Outlet:
    name: str
    domain: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    allow: tuple[re.Pattern[str], ...] = field(default=())
    deny: tuple[re.Pattern[str], ...] = field(default=())

    def accepts(self, url: str) -> bool:
        """Whether an entry URL from this outlet's feeds/sitemaps is to be fetched."""
        if self.allow and not any(p.search(url) for p in self.allow):
            return False
        return not any(p.search(url) for p in self.deny)


def _strings(entry: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SeedError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def _patterns(entry: dict[str, Any], key: str, where: str) -> tuple[re.Pattern[str], ...]:
    try:
        return tuple(re.compile(p) for p in _strings(entry, key, where))
    except re.error as exc:
        raise SeedError(f"{where}: bad regex in '{key}': {exc}") from exc


def _outlet(entry: dict[str, Any], where: str) -> Outlet:
    for key in ("name", "domain"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise SeedError(f"{where}: '{key}' is required and must be a non-empty string")
    unknown = set(entry) - {"name", "domain", "feeds", "sitemaps", "allow", "deny"}
    if unknown:
        raise SeedError(f"{where}: unknown keys {sorted(unknown)}")
    feeds, sitemaps = _strings(entry, "feeds", where), _strings(entry, "sitemaps", where)
    for url in feeds + sitemaps:
        if not url.startswith(("http://", "https://")):
            raise SeedError(f"{where}: feed/sitemap URL must be http(s): {url!r}")
    if not feeds and not sitemaps:
        raise SeedError(f"{where}: an outlet needs at least one feed or sitemap")
    return Outlet(
        name=entry["name"].strip(),
        domain=entry["domain"].strip().lower(),
        feeds=feeds,
        sitemaps=sitemaps,
        allow=_patterns(entry, "allow", where),
        deny=_patterns(entry, "deny", where),
    )


def load_outlets(path: str | Path) -> list[Outlet]:
    """Read and check a seeds file; raise :class:`SeedError` with the entry at fault."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SeedError(f"cannot read seeds file {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SeedError(f"{path}: invalid TOML: {exc}") from exc
    entries = data.get("outlet", [])
    if not isinstance(entries, list) or not entries:
        raise SeedError(f"{path}: no [[outlet]] entries")
    outlets = [_outlet(e, f"{path}: outlet #{i + 1}") for i, e in enumerate(entries)]
    names = [o.name for o in outlets]
    if len(set(names)) != len(names):
        raise SeedError(f"{path}: duplicate outlet names")
    return outlets
