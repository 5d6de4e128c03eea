"""What a run does first when the run before it was killed (``kill -9``, OOM).

A killed run leaves three things behind that the next run must not trust:

* the ``JOBDIR`` request queue: Scrapy's disk queues write each request as it
  is pushed, but their index (``active.json``, the queues' ``info.json``) only
  on a clean stop. The next run opens the same files with an empty index and
  pops the killed run's old requests in place of its own pushes: some URLs are
  fetched twice, others never. :func:`discard_stale_queue` removes the queue
  before the scheduler opens it; the state store's ``pending`` table (written
  before each request is queued) re-issues every unfinished request instead;
* the outcomes it recorded: a URL that already has its record from the killed
  run (article or failure, written to the feed before the state commit) is
  not fetched again, or a failure would be written twice.
  :func:`interrupted_since` gives the start of the interrupted job;
* its output: ``-O`` (overwrite) on the file the killed run appended to would
  delete records the store counts as written. :func:`overwritten_feeds` names
  such feeds so the run can refuse to start;
* one record at most written but not committed: the state commit follows the
  feed write in the same ``item_scraped`` dispatch, so only the last line of
  an output file can be missing from the store. :func:`last_records` reads
  the last whole line of each appended ``jsonlines`` file, for the store to
  settle before that request is re-issued (or its record would repeat). The
  files are those this run's ``FEEDS`` name (``-o FILE``) and those the
  killed run recorded in the store's ``outputs`` table as it opened them
  (:func:`interrupted_runs`): the default ``articles-%(time)s.jsonl`` files
  carry the killed run's start time, which the next run cannot name.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from scrapy.settings import BaseSettings
from scrapy.utils.job import job_dir
from w3lib.url import file_uri_to_path

from scraper.feedstorage import LINE_FORMATS
from scraper.state.store import RunRecord

logger = logging.getLogger(__name__)

__all__ = ["ResumeRefused", "discard_stale_queue", "interrupted_runs", "interrupted_since",
           "last_records", "overwritten_feeds"]

TAIL_BYTES = 1 << 22  # a record is at most a few MB (DOWNLOAD_MAXSIZE bounds the text)


class ResumeRefused(RuntimeError):
    """Starting this run as configured would lose records of the killed run."""


def _interrupted(runs: list[RunRecord]) -> list[RunRecord]:
    """The trailing runs that never closed (``close_reason`` NULL), oldest first."""
    tail: list[RunRecord] = []
    for run in reversed(runs):
        if run.close_reason is not None:
            break
        tail.append(run)
    return tail[::-1]


def interrupted_since(runs: list[RunRecord]) -> str | None:
    """Start time of the interrupted job: the first of the trailing runs that
    never closed, or None if the last run closed."""
    tail = _interrupted(runs)
    return tail[0].started_at if tail else None


def interrupted_runs(runs: list[RunRecord]) -> list[int]:
    """Ids of the trailing runs that never closed (the interrupted job), oldest first."""
    return [run.id for run in _interrupted(runs)]


def recorded_since(fetched_at: str, since: str) -> bool:
    """Whether a page fetched at ``fetched_at`` was fetched by the run that
    started at ``since``. Records carry whole seconds
    (:func:`scraper.items.now_iso`) and runs microseconds, so the run's start
    is floored to its second: a page of the run's first second counts too
    (as text, ``09:30:00+00:00`` sorts before ``09:30:00.5+00:00``)."""
    try:
        fetched = datetime.fromisoformat(fetched_at.replace("Z", "+00:00"))
        start = datetime.fromisoformat(since.replace("Z", "+00:00")).replace(microsecond=0)
    except ValueError:
        return fetched_at >= since
    return fetched >= start


def discard_stale_queue(settings: BaseSettings) -> Path | None:
    """Remove ``JOBDIR/requests.queue`` (see the module doc); returns it if removed."""
    jobdir = job_dir(settings)
    if not jobdir:
        return None
    queue = Path(jobdir, "requests.queue")
    if not queue.exists():
        return None
    shutil.rmtree(queue)
    logger.warning("discarded the request queue a killed run left in %s (its index is only "
                   "saved on a clean stop); its unfinished requests come from the state store",
                   queue)
    return queue


def _feed_path(uri: str) -> Path | None:
    if uri.startswith("file:"):
        return Path(file_uri_to_path(uri))
    return None if "://" in uri else Path(uri)


def overwritten_feeds(feeds: dict[str, Any]) -> list[Path]:
    """Existing, non-empty local feed files that this run would truncate (``-O``)."""
    paths = []
    for uri, options in feeds.items():
        if not (options or {}).get("overwrite"):
            continue
        path = _feed_path(str(uri))
        if path is not None and "%(" not in str(path) and path.is_file() and path.stat().st_size:
            paths.append(path)
    return paths


def _last_line(path: Path) -> bytes | None:
    """The last newline-terminated line of ``path`` (a torn tail is no record)."""
    size = path.stat().st_size
    with path.open("rb") as file:
        file.seek(max(0, size - TAIL_BYTES))
        data = file.read()
    end = data.rfind(b"\n")
    if end < 0:
        return None
    start = data.rfind(b"\n", 0, end) + 1
    if start == 0 and size > len(data):
        return None  # longer than TAIL_BYTES: not one of ours
    return data[start:end]


def last_records(feeds: dict[str, Any], files: Iterable[Path] = ()) -> list[dict[str, Any]]:
    """The last record of each existing local ``jsonlines`` feed appended to,
    and of each of ``files`` (the killed run's own output files), each file once."""
    paths: list[Path] = []
    for uri, options in feeds.items():
        options = options or {}
        if options.get("overwrite") or options.get("format") not in LINE_FORMATS:
            continue
        path = _feed_path(str(uri))
        if path is not None and "%(" not in str(path):
            paths.append(path)
    paths.extend(files)
    records = []
    seen: set[Path] = set()
    for path in paths:
        key = path.resolve()
        if key in seen or not path.is_file():
            continue
        seen.add(key)
        line = _last_line(path)
        try:
            record = json.loads(line) if line else None
        except ValueError:
            continue
        if isinstance(record, dict) and isinstance(record.get("url"), str):
            records.append(record)
    return records
