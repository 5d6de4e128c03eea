"""Downloader middlewares of the project."""

from __future__ import annotations

import fnmatch
import json
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler

__all__ = ["HostRoutingMiddleware"]


class HostRoutingMiddleware:
    """Send requests for some hostnames through a local server acting as an
    HTTP proxy, so a demo or test site can have real outlet hostnames
    (``daily-ledger.test``) while being served from 127.0.0.1.

    Routes come from the ``HOST_ROUTES`` setting (``{"*.test":
    "http://127.0.0.1:8123"}``, a dict or its JSON) or from a spider attribute
    ``host_routes``. With neither, the middleware does nothing.
    """

    def __init__(self, routes: dict[str, str], crawler: Crawler | None = None) -> None:
        self.routes = routes
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostRoutingMiddleware:
        raw: Any = crawler.settings.get("HOST_ROUTES") or {}
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
