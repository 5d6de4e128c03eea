"""Scrapy add-ons of the project."""

from __future__ import annotations

from scrapy.settings import BaseSettings

__all__ = ["DefaultFeeds"]


class DefaultFeeds:
    """Use ``DEFAULT_FEEDS`` as ``FEEDS`` unless the command line gave feeds.

    Scrapy merges ``-o``/``-O`` into a project's ``FEEDS`` instead of replacing
    it; keeping the defaults aside means ``-O FILE`` writes that one file only.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.getdict("FEEDS"):
            settings.set("FEEDS", settings.getdict("DEFAULT_FEEDS"), priority="addon")
