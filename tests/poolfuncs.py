"""Page functions for the pool tests: importable by module name, so worker
processes (started by forkserver) can unpickle them."""

from __future__ import annotations

import os
import time
from typing import Any

from scraper.pipelines.processing import clean_in_worker

CRASH_MARKER = b"<!-- kill the worker -->"


def _record(page: dict[str, Any], detail: str) -> dict[str, Any]:
    return {"type": "failure", "url": page["url"], "source": page["source"], "reason": "probe",
            "status": page["status"], "detail": detail, "fetched_at": page["fetched_at"]}


def worker_pid(page: dict[str, Any]) -> dict[str, Any]:
    """A failure record whose ``detail`` is the worker's pid (after a short nap,
    so that concurrent pages spread over the workers)."""
    time.sleep(0.05)
    return _record(page, str(os.getpid()))


def crash_on_marker(page: dict[str, Any]) -> dict[str, Any]:
    """Kill the worker process (as the OOM killer would) on a marked page; clean the others."""
    if CRASH_MARKER in page["body"]:
        os._exit(70)
    return clean_in_worker(page)
