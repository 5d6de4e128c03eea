"""Which archives a ``scrapy crawl warc`` reads, and which of their records it keeps.

No Scrapy import. Inputs:

* ``-a path=P[,P...]``: a local archive, a folder of them (walked recursively,
  in sorted order) or an ``http(s)://`` URL;
* ``-a paths=FILE``: one such entry a line (``#`` comments), plain or gzipped
  (like Common Crawl's ``warc.paths.gz``); ``-a base=URL`` (or folder)
  prefixes the entries that are not absolute.

:class:`RecordFilter` holds ``-a domains=``, ``-a seeds=``, ``-a since=`` and
``-a url_allow=`` / ``-a url_deny=``.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from scraper.discovery.seeds import Outlet
from scraper.discovery.urls import registered_domain
from scraper.warc.records import is_archive

__all__ = ["InputError", "RecordFilter", "expand", "is_remote", "read_paths_file", "resolve"]


class InputError(ValueError):
    """A paths file that cannot be read, or a bad filter argument."""


def is_remote(entry: str) -> bool:
    return urlsplit(entry).scheme.lower() in {"http", "https"}


def read_paths_file(path: str | Path) -> list[str]:
    """The entries of a paths list, plain or gzipped (told apart by magic bytes)."""
    try:
        raw = Path(path).read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
    except (OSError, EOFError) as exc:
        raise InputError(f"cannot read paths file {path}: {exc}") from exc
    lines = raw.decode("utf-8", errors="replace").splitlines()
    return [ln.split("#", 1)[0].strip() for ln in lines if ln.split("#", 1)[0].strip()]


def resolve(entry: str, base: str | None) -> str:
    """``entry`` made absolute against ``base`` (a URL or a folder), if it is not already."""
    if not base or is_remote(entry) or Path(entry).is_absolute():
        return entry
    if is_remote(base):
        return urljoin(base if base.endswith("/") else base + "/", entry.lstrip("/"))
    return str(Path(base) / entry)


def expand(entries: Iterable[str]) -> Iterator[str]:
    """Entries with local folders replaced by the archives inside them (sorted);
    files and URLs pass as they are (a missing file fails when it is read)."""
    for entry in entries:
        path = Path(entry)
        if not is_remote(entry) and path.is_dir():
            yield from sorted(str(p) for p in path.rglob("*") if p.is_file() and is_archive(p.name))
        else:
            yield entry


def _patterns(value: str | None, what: str) -> re.Pattern[str] | None:
    if not value:
        return None
    try:
        return re.compile(value)
    except re.error as exc:
        raise InputError(f"bad regex in {what}: {exc}") from exc


def _since(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(f"since must be a date, YYYY-MM-DD: {value!r}") from exc


@dataclass(frozen=True)
class RecordFilter:
    """Which archived pages to keep. ``domains``: registered domains (None: all);
    ``outlets``: seeds by domain, whose ``allow``/``deny`` apply to their
    pages; ``allow``/``deny``: patterns searched in every URL, as in the seeds
    file; ``since``: the first WARC-Date (UTC) kept."""

    domains: frozenset[str] | None = None
    outlets: dict[str, Outlet] = field(default_factory=dict)
    allow: re.Pattern[str] | None = None
    deny: re.Pattern[str] | None = None
    since: date | None = None

    @classmethod
    def build(cls, *, domains: str | None = None, outlets: Iterable[Outlet] = (),
              url_allow: str | None = None, url_deny: str | None = None,
              since: str | None = None) -> RecordFilter:
        by_domain = {o.domain: o for o in outlets}
        names = {d.strip().lower() for d in (domains or "").split(",") if d.strip()}
        names |= set(by_domain)
        return cls(domains=frozenset(names) or None, outlets=by_domain,
                   allow=_patterns(url_allow, "url_allow"), deny=_patterns(url_deny, "url_deny"),
                   since=_since(since))

    def reason(self, url: str, fetched_at: str | None) -> str | None:
        """Why a record is left out (a ``warc/skipped/<reason>`` stat), or None to keep it."""
        if self.since is not None and (fetched_at is None
                                       or date.fromisoformat(fetched_at[:10]) < self.since):
            return "before_since"
        domain = registered_domain(url)
        if self.domains is not None and domain not in self.domains:
            return "domain"
        outlet = self.outlets.get(domain)
        if outlet is not None and not outlet.accepts(url):
            return "outlet_rule"
        if self.allow is not None and not self.allow.search(url):
            return "url_allow"
        if self.deny is not None and self.deny.search(url):
            return "url_deny"
        return None
