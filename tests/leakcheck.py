"""Every process a test starts must end with its test (issue #12).

The test session puts a marker in its environment (:data:`MARKER`, a fresh
value per session); every process it starts inherits it, and so do their
children (a crawl's forkserver and cleaning workers, scrapyd's jobs), even once
orphaned. At the end of the session, :func:`leftover_processes` lists the
processes still carrying this session's marker, read from ``/proc``.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

__all__ = ["MARKER", "leftover_processes", "mark_session", "stop_own_multiprocessing"]

MARKER = "NEWS_CORPUS_TEST_SESSION"


def mark_session() -> str:
    """Set this session's marker in ``os.environ`` (inherited by every child)."""
    value = os.environ.setdefault(MARKER, uuid.uuid4().hex)
    return value


def _marked(pid: int, needle: bytes) -> bool:
    try:
        return needle in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:  # gone, or not ours to read
        return False


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(
            errors="replace").strip()[:300]
    except OSError:
        return "?"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has ended; only its parent has not reaped it yet


def leftover_processes(value: str, wait: float = 10.0) -> list[tuple[int, str]]:
    """``(pid, command line)`` of live processes marked with ``value``, other
    than this one, after waiting up to ``wait`` seconds for them to end."""
    needle = f"{MARKER}={value}".encode()
    deadline = time.monotonic() + wait
    while True:
        found = [pid for pid in (int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit())
                 if pid != os.getpid() and _marked(pid, needle) and _alive(pid)]
        if not found or time.monotonic() > deadline:
            return [(pid, _cmdline(pid)) for pid in found]
        time.sleep(0.2)


def stop_own_multiprocessing() -> None:
    """End the forkserver and resource tracker that in-process pool tests
    started in this process (multiprocessing keeps them for the process's
    life and has no public call to stop them)."""
    from multiprocessing import forkserver, resource_tracker

    for helper in (forkserver._forkserver, resource_tracker._resource_tracker):  # type: ignore[attr-defined]
        stop = getattr(helper, "_stop", None)
        if stop is not None:
            stop()
