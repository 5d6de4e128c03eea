"""One run per spider and state store: a lock row with pid and heartbeat.

A run takes the lock when it starts and refreshes ``heartbeat_at`` every
``STATE_LOCK_HEARTBEAT`` seconds. Another run of the same spider finds the
row and gives up (:class:`RunLocked`) unless the holder is gone: its heartbeat
is older than ``STATE_LOCK_STALE`` seconds, or it ran on this host and its pid
no longer exists (a ``kill -9``). Then the lock is taken over.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from dataclasses import dataclass

from scraper.state.store import StateStore

__all__ = ["LockHolder", "RunLock", "RunLocked"]


@dataclass(frozen=True, slots=True)
class LockHolder:
    pid: int
    host: str
    acquired_at: float
    heartbeat_at: float


class RunLocked(RuntimeError):
    """Another live run of the same spider holds the state store's lock."""

    def __init__(self, spider: str, path: str, holder: LockHolder) -> None:
        age = time.time() - holder.heartbeat_at
        super().__init__(
            f"another run of spider {spider!r} is active (pid {holder.pid} on {holder.host}, "
            f"last heartbeat {age:.0f}s ago; state store {path}); exiting")
        self.holder = holder


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


class RunLock:
    """The lock of ``spider`` in ``store``; ``stale_after`` in seconds."""

    def __init__(self, store: StateStore, spider: str, *, stale_after: float = 120.0) -> None:
        self.store = store
        self.spider = spider
        self.stale_after = stale_after
        self.token = uuid.uuid4().hex
        self.pid = os.getpid()
        self.host = socket.gethostname()
        self.held = False
        self.took_over: LockHolder | None = None

    def holder(self) -> LockHolder | None:
        row = self.store.db.execute(
            "SELECT pid, host, acquired_at, heartbeat_at FROM lock WHERE spider = ?",
            (self.spider,)).fetchone()
        return LockHolder(**dict(row)) if row else None

    def _is_stale(self, holder: LockHolder, now: float) -> bool:
        if now - holder.heartbeat_at > self.stale_after:
            return True
        return holder.host == self.host and not _pid_alive(holder.pid)

    def acquire(self) -> None:
        """Take the lock or raise :class:`RunLocked`."""
        now = time.time()
        with self.store.transaction() as db:
            holder = self.holder()
            if holder is not None and not self._is_stale(holder, now):
                raise RunLocked(self.spider, str(self.store.path), holder)
            self.took_over = holder
            db.execute("INSERT OR REPLACE INTO lock VALUES (?, ?, ?, ?, ?, ?)",
                       (self.spider, self.pid, self.host, self.token, now, now))
        self.held = True

    def heartbeat(self) -> bool:
        """Refresh the heartbeat; False if the lock was lost (taken over)."""
        cursor = self.store.db.execute(
            "UPDATE lock SET heartbeat_at = ? WHERE spider = ? AND token = ?",
            (time.time(), self.spider, self.token))
        self.held = cursor.rowcount == 1
        return self.held

    def release(self) -> None:
        if self.held:
            self.store.db.execute("DELETE FROM lock WHERE spider = ? AND token = ?",
                                  (self.spider, self.token))
            self.held = False
