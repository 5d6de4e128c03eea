"""A static news-site server for the demo crawl and the tests.

Serves ``<root>/<host>/<path>`` for ``http://<host>/<path>``. The crawler
reaches it as an HTTP proxy (see :class:`scraper.middlewares.routing.HostRoutingMiddleware`),
so pages keep their outlet hostnames while all traffic stays on 127.0.0.1.
Answers conditional requests (ETag / Last-Modified -> 304) and single byte
ranges (``Range: bytes=a-b`` -> 206, as the servers of web archives do) like a
real server.

With ``faults=True`` a few test routes exist on every host:
``/_fault/status/<code>`` answers that status, ``/_fault/delay/<seconds>``
waits before answering (for timeouts), ``/_fault/served/html`` tells how many
HTML pages have been served and ``/_fault/served/paths`` how often each path
was (JSON), for the kill tests. ``delay`` (``--delay S``)
serves every HTML page S seconds late: a slow site.

Run standalone: ``python -m scraper.demo.server ROOT [--port N] [--faults] [--delay S]``;
it prints its URL on the first line of stdout.
"""

from __future__ import annotations

import argparse
import email.utils
import hashlib
import json
import mimetypes
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["SiteServer", "serve_in_thread"]

mimetypes.add_type("application/rss+xml", ".rss")
CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/xml",
                 ".txt": "text/plain; charset=utf-8"}


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path, port: int = 0, faults: bool = False, delay: float = 0.0) -> None:
        self.root = root.resolve()
        self.faults = faults
        self.delay = delay
        self.served_html = 0
        self.served_paths: dict[str, int] = {}
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", port), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the crawler hung up (killed, timed out): expected, not a server bug
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    server: SiteServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _target(self) -> tuple[str, str]:
        parts = urlsplit(self.path)
        if parts.hostname:  # proxy-style absolute URI
            return parts.hostname.lower(), parts.path or "/"
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        return host, parts.path or "/"

    def _send(self, status: int, body: bytes, content_type: str = "text/plain; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _fault(self, path: str) -> bool:
        parts = path.strip("/").split("/")
        if not (self.server.faults and len(parts) == 3 and parts[0] == "_fault"):
            return False
        kind, arg = parts[1], parts[2]
        if kind == "status" and arg.isdigit():
            self._send(int(arg), f"status {arg}\n".encode())
            return True
        if kind == "delay":
            time.sleep(min(float(arg), 60.0))
            self._send(200, b"<html><body><p>late</p></body></html>", CONTENT_TYPES[".html"])
            return True
        if kind == "served" and arg == "html":
            with self.server.lock:
                self._send(200, f"{self.server.served_html}\n".encode())
            return True
        if kind == "served" and arg == "paths":
            with self.server.lock:
                self._send(200, json.dumps(self.server.served_paths).encode(), "application/json")
            return True
        return False

    def _file(self, host: str, path: str) -> Path | None:
        relative = unquote(path).lstrip("/")
        candidate = (self.server.root / host / relative).resolve()
        if not candidate.is_relative_to(self.server.root / host):
            return None  # path traversal
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        host, path = self._target()
        if self._fault(path):
            return
        file = self._file(host, path)
        if file is None:
            self._send(404, b"not found\n")
            return
        stat = file.stat()
        etag = '"' + hashlib.sha1(f"{stat.st_mtime_ns}:{stat.st_size}".encode()).hexdigest()[:16] + '"'
        modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
        validators = {"ETag": etag, "Last-Modified": modified}
        if self.headers.get("If-None-Match") == etag or (
            not self.headers.get("If-None-Match") and self.headers.get("If-Modified-Since") == modified
        ):
            self.send_response(304)
            for name, value in validators.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        content_type = CONTENT_TYPES.get(file.suffix) or (
            mimetypes.guess_type(file.name)[0] or "application/octet-stream")
        if file.suffix == ".html" and self.server.delay:
            time.sleep(self.server.delay)
        wanted = _byte_range(self.headers.get("Range"), stat.st_size)
        if wanted is None:
            self._send(200, file.read_bytes(), content_type, validators)
        elif wanted == (-1, -1):
            self._send(416, b"", content_type, {"Content-Range": f"bytes */{stat.st_size}"})
        else:
            start, end = wanted
            with file.open("rb") as f:
                f.seek(start)
                part = f.read(end - start + 1)
            self._send(206, part, content_type,
                       {**validators, "Content-Range": f"bytes {start}-{end}/{stat.st_size}"})
        if file.suffix == ".html":
            with self.server.lock:
                self.server.served_html += 1
                self.server.served_paths[path] = self.server.served_paths.get(path, 0) + 1


def _byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """``Range: bytes=a-b`` or ``bytes=a-`` -> (first, last) byte; (-1, -1) when
    unsatisfiable; None (answer the whole file) for anything else."""
    if not header or not header.startswith("bytes=") or "," in header:
        return None
    first, _, last = header[6:].strip().partition("-")
    if not first.isdigit() or (last and not last.isdigit()):
        return None
    start = int(first)
    if start >= size:
        return (-1, -1)
    return start, min(int(last) if last else size - 1, size - 1)


def serve_in_thread(root: Path, port: int = 0, faults: bool = False) -> SiteServer:
    """Start a server on 127.0.0.1 in a daemon thread; ``server.shutdown()`` stops it."""
    server = SiteServer(root, port, faults)
    threading.Thread(target=server.serve_forever, name="site-server", daemon=True).start()
    return server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--faults", action="store_true")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each HTML page")
    args = parser.parse_args(argv)
    server = SiteServer(args.root, args.port, args.faults, args.delay)
    print(server.url, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    sys.exit(main())
