"""Session fixtures: local site servers on 127.0.0.1 in subprocesses (port 0)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawlutil import ROOT, scrapy_env

FIXTURE_SITES = ROOT / "tests" / "fixtures" / "sites"


def start_site_server(root: Path, *extra: str) -> tuple[subprocess.Popen[str], str]:
    """Start ``python -m scraper.demo.server`` and return it with its URL."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "scraper.demo.server", str(root), *extra],
        stdout=subprocess.PIPE, text=True, env=scrapy_env(), cwd=ROOT,
    )
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    if not url.startswith("http://127.0.0.1:"):
        proc.kill()
        raise RuntimeError(f"site server did not start: {url!r}")
    return proc, url


@pytest.fixture(scope="session")
def site_server() -> Iterator[str]:
    """The fixture news sites of tests/fixtures/sites, with fault routes."""
    proc, url = start_site_server(FIXTURE_SITES, "--faults")
    yield url
    proc.terminate()
    proc.wait(timeout=10)
    assert proc.stdout is not None
    proc.stdout.close()
