"""Refuse requests a crawler of public news sites must never make.

:class:`SafeRequestMiddleware` (a downloader middleware) refuses, with
``IgnoreRequest``, which the spiders' errbacks turn into failure records:

* any URL whose scheme is not http(s) (``file:``, ``ftp:``, ``data:``, ...):
  reason ``bad_scheme``, stats ``security/refused_scheme``;
* unless ``SECURITY_ALLOW_PRIVATE_NETWORKS`` is on, any request whose address, *after
  DNS resolution*, is loopback, private, link-local (cloud metadata at
  169.254.169.254), carrier-grade NAT, unspecified, multicast or otherwise not
  globally routable (:data:`BLOCKED_NETWORKS`, plus ``not is_global``):
  reason ``private_address``, stats ``security/refused_private`` (robots.txt
  fetches for such hosts: ``security/refused_private_robots``).

Why a downloader middleware and at which depth. Every request -- start
requests, followed links, feed entries, robots.txt, redirect hops and
meta-refresh hops (RedirectMiddleware schedules each hop as a new request,
which passes the downloader middlewares again) and retries -- goes through
``process_request``, so one check covers all of them, and the refusal keeps
the request, so it becomes a failure record for that URL with a stable reason
and a count. The host is resolved with ``reactor.resolve()``, i.e. through the
resolver Scrapy installed on the reactor (``CachingThreadedResolver``): the
HTTP/1.1 download handler connects through that same resolver and its cache,
so the address checked here is the address connected to (no DNS-rebinding
window while ``DNSCACHE_ENABLED`` is on, the default). A custom
``DNS_RESOLVER`` alone would be the wrong depth: IP-literal URLs never reach a
resolver, a refusal there surfaces as an anonymous DNS error, and it cannot
know about proxies.

Proxies: when a request goes through a proxy (``meta["proxy"]``, e.g. set by
``ROUTING_HOSTS``), the proxy is the address connected to, so the proxy's address
is checked (a ``ROUTING_HOSTS`` proxy on 127.0.0.1 therefore needs
``SECURITY_ALLOW_PRIVATE_NETWORKS``); the target is checked too when it is an IP literal
(the proxy resolves target names itself).

``SECURITY_PRIVATE_NETWORKS_ALLOWED`` lists networks exempt from the refusal (say, an
internal proxy at ``10.1.2.3/32``); empty by default.

Scrapy's redirect and robots.txt middlewares are replaced by
:mod:`scraper.middlewares.redirects` and :mod:`scraper.middlewares.robots`.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable
from urllib.parse import urlsplit


from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import CannotResolveHostError, IgnoreRequest
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.error import DNSLookupError


__all__ = [
    "BLOCKED_NETWORKS",
    "SafeRequestMiddleware",
    "is_blocked_address",
]

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

ALLOWED_SCHEMES = frozenset({"http", "https"})

BLOCKED_NETWORKS: tuple[IPNetwork, ...] = tuple(ipaddress.ip_network(n) for n in (
    "0.0.0.0/8",        # "this network", 0.0.0.0 reaches localhost on Linux
    "10.0.0.0/8",       # private
    "100.64.0.0/10",    # carrier-grade NAT
    "127.0.0.0/8",      # loopback
    "169.254.0.0/16",   # link-local, cloud metadata (169.254.169.254)
    "172.16.0.0/12",    # private
    "192.0.0.0/24",     # IETF protocol assignments
    "192.168.0.0/16",   # private
    "198.18.0.0/15",    # benchmarking
    "224.0.0.0/4",      # multicast
    "240.0.0.0/4",      # reserved, broadcast
    "::/128",           # unspecified
    "::1/128",          # loopback
    "fc00::/7",         # unique local
    "fe80::/10",        # link-local
    "ff00::/8",         # multicast
))


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside an IPv4-mapped (``::ffff:a.b.c.d``), 6to4 or
    NAT64 (``64:ff9b::/96``) IPv6 address."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in ipaddress.ip_network("64:ff9b::/96"):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_blocked_address(address: IPAddress, allowed: Iterable[IPNetwork] = ()) -> bool:
    """True for an address a public crawl must not connect to."""
    inner = _embedded_ipv4(address)
    if inner is not None:
        return is_blocked_address(inner, allowed)
    if any(address.version == net.version and address in net for net in allowed):
        return False
    if any(address.version == net.version and address in net for net in BLOCKED_NETWORKS):
        return True
    return not address.is_global


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


class SafeRequestMiddleware:
    """Refuse non-http(s) URLs always, private addresses unless allowed."""

    def __init__(self, stats: StatsCollector, *, allow_private: bool,
                 allowed_networks: tuple[IPNetwork, ...] = ()) -> None:
        self.stats = stats
        self.allow_private = allow_private
        self.allowed_networks = allowed_networks

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SafeRequestMiddleware:
        settings = crawler.settings
        # The names before the SECURITY_ prefix still count (see README "Settings").
        networks = (settings.getlist("SECURITY_PRIVATE_NETWORKS_ALLOWED")
                    + settings.getlist("PRIVATE_NETWORKS_ALLOWED"))
        allowed = tuple(ipaddress.ip_network(n, strict=False) for n in networks)
        allow_private = (settings.getbool("SECURITY_ALLOW_PRIVATE_NETWORKS")
                         or settings.getbool("ALLOW_PRIVATE_NETWORKS"))
        assert crawler.stats is not None
        return cls(crawler.stats, allow_private=allow_private, allowed_networks=allowed)

    async def process_request(self, request: Request) -> None:
        scheme = urlsplit(request.url).scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            self.stats.inc_value("security/refused_scheme")
            raise IgnoreRequest(f"bad scheme {scheme!r}: only http(s) URLs are fetched")
        if self.allow_private:
            return None
        proxy = request.meta.get("proxy")
        target = urlsplit(request.url).hostname or ""
        if proxy:
            await self._check(urlsplit(proxy).hostname or "", request, role="proxy")
            if _literal(target) is not None:
                await self._check(target, request, role="host")
        else:
            await self._check(target, request, role="host")
        return None

    async def _check(self, host: str, request: Request, *, role: str) -> None:
        address = _literal(host)
        if address is None:
            address = await self._resolve(host)
        if is_blocked_address(address, self.allowed_networks):
            # robots.txt fetches are counted apart: they are no URL of the crawl's own.
            robots = request.meta.get("dont_obey_robotstxt") and request.url.endswith("/robots.txt")
            self.stats.inc_value("security/refused_private_robots" if robots
                                 else "security/refused_private")
            logger.warning("refused %s: %s %s resolves to private network address %s",
                           request.url, role, host, address)
            raise IgnoreRequest(f"private network address {address} ({role} {host})")

    @staticmethod
    async def _resolve(host: str) -> IPAddress:
        """The address the download handler will connect to (same resolver, same cache)."""
        from twisted.internet import reactor

        try:
            resolved = await maybe_deferred_to_future(reactor.resolve(host))  # type: ignore[attr-defined]
        except DNSLookupError as exc:
            raise CannotResolveHostError(str(exc)) from exc
        return ipaddress.ip_address(resolved)
