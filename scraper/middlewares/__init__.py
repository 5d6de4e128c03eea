"""Downloader and spider middlewares: what happens to a request before and after the download.

security (SSRF guard), robots (robots.txt), redirects (redirects and loops), sniff
(truncated and unreadable bodies), failures (failure reasons), routing (demo/test
host routes), conditional (conditional requests from the state store), resume
(re-issues what a killed run left unfinished)."""
