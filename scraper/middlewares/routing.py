"""Downloader middlewares of the project."""

from __future__ import annotations

import fnmatch
import json
import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings

__all__ = ["HostRoutingMiddleware", "routes_setting"]

logger = logging.getLogger(__name__)

# The setting's name before it had its feature's prefix; still read (users' -s overrides).
_OLD_NAME = "HOST_ROUTES"


def routes_setting(settings: BaseSettings) -> Any:
    """``ROUTING_HOSTS``, or the deprecated ``HOST_ROUTES`` (with a warning) where
    that one was set at the same or a higher priority."""
    old = settings.getpriority(_OLD_NAME)
    if old is not None and old >= (settings.getpriority("ROUTING_HOSTS") or 0):
        logger.warning("the setting %s is deprecated: use ROUTING_HOSTS", _OLD_NAME)
        return settings.get(_OLD_NAME)
    return settings.get("ROUTING_HOSTS")


class HostRoutingMiddleware:
    """Send requests for some hostnames through a local server acting as an
    HTTP proxy, so a demo or test site can have real outlet hostnames
    (``daily-ledger.test``) while being served from 127.0.0.1.

    Routes come from the ``ROUTING_HOSTS`` setting (``{"*.test":
    "http://127.0.0.1:8123"}``, a dict or its JSON) or from a spider attribute
    ``host_routes``. With neither, the middleware does nothing.
    """

    def __init__(self, routes: dict[str, str], crawler: Crawler | None = None) -> None:
        self.routes = routes
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostRoutingMiddleware:
        raw: Any = routes_setting(crawler.settings) or {}
        routes = json.loads(raw) if isinstance(raw, str) else dict(raw)
        return cls(routes, crawler)

    def _proxy_for(self, host: str) -> str | None:
        spider = self.crawler.spider if self.crawler is not None else None
        routes = self.routes or (getattr(spider, "host_routes", None) or {})
        for pattern, proxy in routes.items():
            if fnmatch.fnmatch(host, pattern):
                return str(proxy)
        return None

    def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).hostname or ""
        proxy = self._proxy_for(host)
        if proxy and "proxy" not in request.meta:
            request.meta["proxy"] = proxy
        return None
