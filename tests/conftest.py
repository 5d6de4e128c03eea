"""Session fixtures: local site servers on 127.0.0.1 in subprocesses (port 0);
the session fails if any process it started is still alive at its end."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawlutil import ROOT, start_server, stop_server
from tests.faultserver import start_fault_server, stop_fault_server
from tests.leakcheck import leftover_processes, mark_session, stop_own_multiprocessing

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


@pytest.fixture(scope="module")
def fault_server() -> Iterator[str]:
    """The fault server (tests/faultserver.py), one per test module: its request
    counts (``hits``) then hold only that module's crawls."""
    proc, url = start_fault_server()
    yield url
    stop_fault_server(proc)


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_SESSION] = mark_session()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if a process started by a test outlived it (then end it)."""
    value = session.config.stash.get(_SESSION, None)
    if value is None:
        return
    stop_own_multiprocessing()
    leftovers = leftover_processes(value)
    if not leftovers:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    lines = [f"{len(leftovers)} process(es) started by the tests are still alive:"]
    lines += [f"  pid {pid}: {cmd}" for pid, cmd in leftovers]
    if reporter is not None:
        reporter.write_line("\n".join(lines), red=True, bold=True)
    for pid, _ in leftovers:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


_SESSION = pytest.StashKey[str]()
