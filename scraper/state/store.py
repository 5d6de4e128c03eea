"""The crawl state store: what one spider learned in earlier runs.

One SQLite file per spider (``STATE_PATH``), in WAL mode, written by one
process at a time (the crawl, guarded by :mod:`scraper.state.lock`), each change
its own short transaction (autocommit). A reader (``scrapy sources``, a
notebook) can open it while a crawl runs.

Tables (schema version :data:`SCHEMA_VERSION`, kept in ``PRAGMA user_version``):

``pages``
    per URL: ``content_hash`` (sha1 hex of the emitted article text, see
    :func:`scraper.pipelines.processing.content_hash`), ``etag`` / ``last_modified``
    (validators of the response that article came from, sent back as
    ``If-None-Match`` / ``If-Modified-Since``), ``outcome`` (``article``,
    ``unchanged`` or a failure reason), ``version`` (1 for the first emitted
    article, +1 per changed re-emission), ``fetched_at`` (ISO 8601 UTC).
``pending``
    requests scheduled but not finished, keyed by ``key`` (the request
    fingerprint of the first request, kept across redirects and retries in
    ``request.meta["state_key"]``); ``request`` is the pickled
    :meth:`scrapy.Request.to_dict`; ``state`` is ``queued`` or
    ``inflight``. Re-issued when a run resumes after a crash.
``templates``
    per source: an opaque JSON blob (the site-template learner's ``to_dict()``).
``source_scores``
    per source: ``count``, ``sum`` and ``sum_sq`` of article scores (0..1).
``runs``
    one row per run: ``started_at``, ``finished_at`` and ``close_reason``
    (``finished`` for a successful run, NULL while running or after a crash).
``lock``
    at most one row per spider, see :mod:`scraper.state.lock`.
``outputs`` (schema 2)
    per run: the local line-format feed files it opened (paths after
    ``%(time)s`` and ``%(batch_id)d`` are filled in), so that the run after a
    crash can read the last record of time-stamped files it cannot name itself
    (:mod:`scraper.state.recovery`).
"""

from __future__ import annotations

import json
import math
import pickle
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

__all__ = ["SCHEMA_VERSION", "PageState", "RunRecord", "ScoreStats", "StateError", "StateStore",
           "utc_now"]

SCHEMA_VERSION = 2  # 2: the outputs table

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL DEFAULT '',
    content_hash TEXT,
    etag TEXT,
    last_modified TEXT,
    outcome TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 0,
    fetched_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pending (
    key TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    request BLOB NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued',
    added_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS templates (
    source TEXT PRIMARY KEY,
    blob TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS source_scores (
    source TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    sum REAL NOT NULL,
    sum_sq REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    spider TEXT NOT NULL,
    pid INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    close_reason TEXT,
    counts TEXT
);
CREATE TABLE IF NOT EXISTS outputs (
    run_id INTEGER NOT NULL,
    path TEXT NOT NULL,
    PRIMARY KEY (run_id, path)
);
CREATE TABLE IF NOT EXISTS lock (
    spider TEXT PRIMARY KEY,
    pid INTEGER NOT NULL,
    host TEXT NOT NULL,
    token TEXT NOT NULL,
    acquired_at REAL NOT NULL,
    heartbeat_at REAL NOT NULL
);
"""


class StateError(RuntimeError):
    """The state file cannot be used (newer schema, not a database)."""


def utc_now() -> str:
    """UTC now in ISO 8601 with microseconds (sortable as text)."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


@dataclass(frozen=True, slots=True)
class PageState:
    """What the store knows about one URL (see the ``pages`` table)."""

    url: str
    source: str
    content_hash: str | None
    etag: str | None
    last_modified: str | None
    outcome: str
    version: int
    fetched_at: str


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One crawl run; ``close_reason`` is None while running or after a crash."""

    id: int
    spider: str
    pid: int
    started_at: str
    finished_at: str | None
    close_reason: str | None


@dataclass(frozen=True, slots=True)
class ScoreStats:
    """Running statistics of one source's article scores (each in 0..1)."""

    count: int
    sum: float
    sum_sq: float

    @property
    def mean(self) -> float:
        return self.sum / self.count if self.count else 0.0

    @property
    def stdev(self) -> float:
        """Population standard deviation."""
        if not self.count:
            return 0.0
        return math.sqrt(max(self.sum_sq / self.count - self.mean**2, 0.0))


class StateStore:
    """SQLite-backed state of one spider. Not thread-safe: use it from the reactor thread."""

    def __init__(self, path: str | Path, *, timeout: float = 10.0) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise StateError(f"{self.path}: not a usable state store: {exc}") from exc

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StateError(f"{self.path}: schema version {version} is newer than "
                             f"this code's {SCHEMA_VERSION}; upgrade news-corpus")
        if version < SCHEMA_VERSION:
            with self.transaction():
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def transaction(self) -> _Transaction:
        """``with store.transaction():`` groups statements (BEGIN IMMEDIATE ... COMMIT)."""
        return _Transaction(self.db)

    def close(self) -> None:
        self.db.close()

    # --- pages ----------------------------------------------------------------
    def page(self, url: str) -> PageState | None:
        row = self.db.execute("SELECT * FROM pages WHERE url = ?", (url,)).fetchone()
        return PageState(**dict(row)) if row else None

    def record_article(self, url: str, source: str, content_hash: str, etag: str | None,
                       last_modified: str | None, fetched_at: str) -> int:
        """Record an emitted article version; returns its version number."""
        prior = self.page(url)
        version = (prior.version if prior else 0) + 1
        self.db.execute(
            "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, 'article', ?, ?)",
            (url, source, content_hash, etag, last_modified, version, fetched_at))
        return version

    def record_outcome(self, url: str, source: str, outcome: str, fetched_at: str) -> None:
        """Record a fetch that emitted no new article (``unchanged`` or a failure
        reason); the stored hash and validators stay as they were."""
        self.db.execute(
            "INSERT INTO pages (url, source, outcome, fetched_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET outcome = excluded.outcome, "
            "fetched_at = excluded.fetched_at",
            (url, source, outcome, fetched_at))

    def page_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM pages").fetchone()[0])

    # --- pending requests ----------------------------------------------------
    def add_pending(self, key: str, url: str, request: dict[str, Any]) -> bool:
        """Remember a scheduled request; False if ``key`` was already pending."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO pending VALUES (?, ?, ?, 'queued', ?)",
            (key, url, pickle.dumps(request, protocol=4), utc_now()))
        return cursor.rowcount == 1

    def mark_inflight(self, key: str) -> None:
        self.db.execute("UPDATE pending SET state = 'inflight' WHERE key = ?", (key,))

    def finish_pending(self, key: str) -> None:
        self.db.execute("DELETE FROM pending WHERE key = ?", (key,))

    def pending(self, *, inflight_only: bool = False) -> Iterator[tuple[str, dict[str, Any]]]:
        """``(key, request dict)`` of unfinished requests, oldest first."""
        query = "SELECT key, request FROM pending"
        if inflight_only:
            query += " WHERE state = 'inflight'"
        for row in self.db.execute(query + " ORDER BY added_at").fetchall():
            yield row["key"], pickle.loads(row["request"])  # our own local file

    def finish_pending_url(self, url: str) -> int:
        """Forget the unfinished requests for ``url``; returns how many there were."""
        return self.db.execute("DELETE FROM pending WHERE url = ?", (url,)).rowcount

    def pending_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM pending").fetchone()[0])

    def clear_pending(self) -> None:
        self.db.execute("DELETE FROM pending")

    # --- templates ------------------------------------------------------------
    def load_templates(self) -> dict[str, Any]:
        """``{source: blob}`` as saved by :meth:`save_templates`."""
        rows = self.db.execute("SELECT source, blob FROM templates").fetchall()
        return {row["source"]: json.loads(row["blob"]) for row in rows}

    def save_templates(self, templates: dict[str, Any]) -> None:
        """Replace the blobs of the given sources (others are kept)."""
        now = utc_now()
        with self.transaction():
            for source, blob in templates.items():
                self.db.execute("INSERT OR REPLACE INTO templates VALUES (?, ?, ?)",
                                (source, json.dumps(blob, sort_keys=True), now))

    # --- score statistics -------------------------------------------------------
    def add_score(self, source: str, score: float) -> None:
        self.db.execute(
            "INSERT INTO source_scores VALUES (?, 1, ?, ?) ON CONFLICT(source) DO UPDATE SET "
            "count = count + 1, sum = sum + excluded.sum, sum_sq = sum_sq + excluded.sum_sq",
            (source, score, score * score))

    def score_stats(self) -> dict[str, ScoreStats]:
        rows = self.db.execute("SELECT * FROM source_scores").fetchall()
        return {row["source"]: ScoreStats(row["count"], row["sum"], row["sum_sq"]) for row in rows}

    # --- runs -------------------------------------------------------------------
    def start_run(self, spider: str, pid: int) -> int:
        cursor = self.db.execute(
            "INSERT INTO runs (spider, pid, started_at) VALUES (?, ?, ?)", (spider, pid, utc_now()))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def finish_run(self, run_id: int, reason: str, counts: dict[str, int]) -> None:
        self.db.execute("UPDATE runs SET finished_at = ?, close_reason = ?, counts = ? WHERE id = ?",
                        (utc_now(), reason, json.dumps(counts, sort_keys=True), run_id))

    def add_output(self, run_id: int, path: str | Path) -> None:
        """Remember that run ``run_id`` writes records to the local file ``path``."""
        self.db.execute("INSERT OR IGNORE INTO outputs VALUES (?, ?)", (run_id, str(path)))

    def outputs(self, run_ids: Iterable[int]) -> list[Path]:
        """The output files of the runs ``run_ids``, in the order they were opened."""
        ids = list(run_ids)
        if not ids:
            return []
        rows = self.db.execute(
            f"SELECT path FROM outputs WHERE run_id IN ({', '.join('?' * len(ids))}) ORDER BY rowid",
            ids).fetchall()
        return [Path(row["path"]) for row in rows]

    def runs(self, spider: str) -> list[RunRecord]:
        rows = self.db.execute(
            "SELECT id, spider, pid, started_at, finished_at, close_reason FROM runs "
            "WHERE spider = ? ORDER BY id", (spider,)).fetchall()
        return [RunRecord(**dict(row)) for row in rows]

    def previous_run(self, spider: str, before: int | None = None) -> RunRecord | None:
        """The latest run (before run id ``before``), whatever its outcome."""
        runs = [r for r in self.runs(spider) if before is None or r.id < before]
        return runs[-1] if runs else None

    def last_success(self, spider: str) -> datetime | None:
        """Start time of the latest run that closed with reason ``finished``."""
        row = self.db.execute(
            "SELECT max(started_at) FROM runs WHERE spider = ? AND close_reason = 'finished'",
            (spider,)).fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.db.execute("COMMIT" if exc_type is None else "ROLLBACK")
