"""URL helpers: the registered domain a record is filed under."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

import tldextract

__all__ = ["registered_domain"]

# The bundled public-suffix snapshot only: never fetch the list at run time.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=4096)
def _domain_of_host(host: str) -> str:
    parts = _EXTRACT(host)
    if parts.domain and parts.suffix:
        return f"{parts.domain}.{parts.suffix}"
    labels = [label for label in host.split(".") if label]
    if len(labels) >= 2 and not host.replace(".", "").isdigit():
        return ".".join(labels[-2:])  # unlisted suffix such as .test: last two labels
    return host


def registered_domain(url: str) -> str:
    """``https://www.bbc.co.uk/news/x`` -> ``bbc.co.uk``; IPs stay as they are."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return _domain_of_host(host) if host else ""
