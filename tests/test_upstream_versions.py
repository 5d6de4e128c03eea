"""The upstream internals the adapters use were checked against a version range.

``cleaners.extraction.trafilatura``, ``cleaners.extraction.readability`` and
``cleaners.extraction.dates`` are the only modules that reach into trafilatura's,
readability-lxml's and htmldate's internals;
each states the range it was checked with. An upgrade outside that range fails
here first, naming the adapter to re-check, instead of failing somewhere deep
in extraction.
"""

from __future__ import annotations

import re
from importlib.metadata import version

import pytest

from cleaners.extraction import dates as dates_adapter
from cleaners.extraction import readability as readability_adapter
from cleaners.extraction import trafilatura as trafilatura_adapter


def _parse(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


@pytest.mark.parametrize("adapter", [trafilatura_adapter, readability_adapter, dates_adapter],
                         ids=lambda m: m.__name__)
def test_installed_upstream_is_in_the_checked_range(adapter: object) -> None:
    name, low, below = adapter.CHECKED_VERSIONS  # type: ignore[attr-defined]
    installed = version(name)
    assert _parse(low) <= _parse(installed) < _parse(below), (
        f"{name} {installed} is outside [{low}, {below}): re-check {adapter.__name__}"  # type: ignore[attr-defined]
        " (the internals it uses) and widen CHECKED_VERSIONS")


def test_version_parse_orders_releases() -> None:
    assert _parse("2.3.1") < _parse("2.4") and _parse("0.8.1") < _parse("0.9") < _parse("0.10")
