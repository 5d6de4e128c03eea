"""Scrapy add-ons of the project."""

from __future__ import annotations

import logging

from scrapy.settings import BaseSettings

__all__ = ["DefaultFeeds"]

logger = logging.getLogger(__name__)

# The setting's name before it had its feature's prefix; still read (users' settings and -s overrides).
_OLD_NAME = "DEFAULT_FEEDS"


class DefaultFeeds:
    """Use ``OUTPUT_FEEDS`` as ``FEEDS`` unless the command line gave feeds.

    Scrapy merges ``-o``/``-O`` into a project's ``FEEDS`` instead of replacing
    it; keeping the defaults aside means ``-O FILE`` writes that one file only.
    The deprecated name ``DEFAULT_FEEDS`` is still read (with a warning) where
    it was set at the same or a higher priority than ``OUTPUT_FEEDS``.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.getdict("FEEDS"):
            name = "OUTPUT_FEEDS"
            old = settings.getpriority(_OLD_NAME)
            if old is not None and old >= (settings.getpriority(name) or 0):
                logger.warning("the setting %s is deprecated: use %s", _OLD_NAME, name)
                name = _OLD_NAME
            settings.set("FEEDS", settings.getdict(name), priority="addon")
