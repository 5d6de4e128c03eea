"""The crawl process imports scraper.pipelines.processing for the pool's plumbing only:
the workers' libraries must not come with it (each would cost every crawl
process their RSS for nothing)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKER_ONLY = ("trafilatura", "readability", "langdetect", "htmldate", "justext", "lxml",
               "cleaners")


def loaded_after(statement: str) -> set[str]:
    """Top-level modules of WORKER_ONLY loaded by ``statement`` in a fresh interpreter."""
    code = f"import sys\n{statement}\nprint(' '.join(sorted(m for m in sys.modules if '.' not in m)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                            timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split()) & set(WORKER_ONLY)


def test_processing_imports_no_cleaner() -> None:
    assert loaded_after("import scraper.pipelines.processing") == set()


def test_worker_init_loads_what_workers_run() -> None:
    loaded = loaded_after("from scraper.pipelines.processing import ProcessingOptions, init_worker\n"
                          "init_worker(ProcessingOptions(), 0)")
    assert {"trafilatura", "readability", "lxml", "cleaners", "langdetect"} <= loaded
