"""Session fixtures: local site servers on 127.0.0.1 in subprocesses (port 0)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawlutil import ROOT, start_server, stop_server

FIXTURE_SITES = ROOT / "tests" / "fixtures" / "sites"


def start_site_server(root: Path, *extra: str) -> tuple[subprocess.Popen[str], str]:
    """Start ``python -m scraper.demo.server`` and return it with its URL."""
    return start_server("scraper.demo.server", str(root), *extra)


@pytest.fixture(scope="session")
def site_server() -> Iterator[str]:
    """The fixture news sites of tests/fixtures/sites, with fault routes."""
    proc, url = start_site_server(FIXTURE_SITES, "--faults")
    yield url
    stop_server(proc)
