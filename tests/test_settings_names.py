"""Our settings carry their feature's prefix; the names from before are still read, with a warning."""

from __future__ import annotations

import logging

import pytest
from scrapy import Request
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler

from scraper.addons import DefaultFeeds
from scraper.middlewares.routing import HostRoutingMiddleware

OURS = {"feed.jsonl": {"format": "jsonlines"}}


def _feeds(settings: Settings) -> dict:
    DefaultFeeds().update_settings(settings)
    return settings.getdict("FEEDS")


def test_output_feeds_are_the_default_feeds(caplog: pytest.LogCaptureFixture) -> None:
    settings = get_project_settings()
    settings.set("OUTPUT_FEEDS", OURS, priority="cmdline")
    with caplog.at_level(logging.WARNING):
        assert _feeds(settings) == OURS
    assert "deprecated" not in caplog.text
    assert set(_feeds(get_project_settings())) == set(get_project_settings().getdict("OUTPUT_FEEDS"))


def test_default_feeds_still_read_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    settings = get_project_settings()
    settings.set("DEFAULT_FEEDS", OURS, priority="cmdline")
    with caplog.at_level(logging.WARNING):
        assert _feeds(settings) == OURS
    assert "DEFAULT_FEEDS is deprecated: use OUTPUT_FEEDS" in caplog.text


def _proxy(settings: dict) -> str | None:
    middleware = HostRoutingMiddleware.from_crawler(get_crawler(settings_dict=settings))
    request = Request("http://news.test/a")
    middleware.process_request(request)
    return request.meta.get("proxy")


def test_routing_hosts_route(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert _proxy({"ROUTING_HOSTS": '{"*.test": "http://127.0.0.1:9"}'}) == "http://127.0.0.1:9"
    assert "deprecated" not in caplog.text
    assert _proxy({}) is None


def test_host_routes_still_read_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert _proxy({"HOST_ROUTES": {"*.test": "http://127.0.0.1:9"}}) == "http://127.0.0.1:9"
    assert "HOST_ROUTES is deprecated: use ROUTING_HOSTS" in caplog.text
