"""A fault-injecting HTTP server for the hostile-input and fault tests.

Like scrapy's tests/mockserver: runs in a subprocess on 127.0.0.1, port 0,
and prints its URL on the first line of stdout. Every route works on any
host (absolute-URI proxy requests too), so a crawl can reach it directly or
through ``ROUTING_HOSTS``.

Routes (``<key>`` is any word; it makes the article text unique):

==============================  =============================================
``/article/<key>``              a good English article
``/lang/<code>/<key>``          an article in ``fr``, ``de``, ``es``, ``ru``
                                (UTF-8, charset declared)
``/hostile/<name>``             a hostile page from :data:`HOSTILE` (bodies
                                built here or read from fixtures/hostile/)
``/fixture/<file>``             a file of tests/fixtures/hostile/, with
                                ``{{BASE}}`` replaced by the server URL
``/status/<code>/<key>``        that status; ``?retry_after=N`` adds the header
``/flaky/<n>/<key>``            503 (Retry-After: 0) n times, then the article
``/throttle/<code>/<n>/<key>``  that status n times (``?retry_after=V`` adds
                                the header), then the article
``/delay/<seconds>/<key>``      waits, then the article
``/drip/<seconds>/<key>``       the article, a few bytes at a time over seconds
``/reset/<key>``                headers and part of the body, then a TCP reset
``/partial/<key>``              Content-Length larger than the body, then FIN
``/gzip-truncated/<key>``       Content-Encoding: gzip, stream cut short
``/gzip-bomb/<mb>``             Content-Encoding: gzip, inflates to <mb> MB
``/big/<mb>``                   <mb> MB page with Content-Length
``/big-stream/<mb>``            <mb> MB page without Content-Length
``/redirect-chain/<n>/<key>``   n redirects, then the article
``/redirect-loop/<key>/<a|b>``  a -> b -> a -> ...
``/redirect-to?url=U``          302 to U (any scheme, any host)
``/private/<key>``              an article robots.txt disallows
``/robots.txt``                 ``Disallow: /private/``
``/_hits``                      JSON: path -> number of requests served
``/_times``                     JSON: path -> server clock (s) of each request
==============================  =============================================

Run: ``python -m tests.faultserver [--port N]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request
import zlib
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.crawlutil import start_server, stop_server

__all__ = ["HOSTILE", "FaultServer", "article_html", "hits", "main", "request_times",
           "start_fault_server", "stop_fault_server"]

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "hostile"
HTML = "text/html; charset=utf-8"

PARAGRAPHS = {
    "en": [
        "The regional council of {key} voted on Tuesday to approve a new budget for public "
        "transport, according to minutes published by the council's press office.",
        "Council member Ana Ruiz said the plan would add twelve bus routes by next spring. "
        "\"We have listened to residents,\" she told reporters after the vote in {key}.",
        "Opposition members questioned the cost estimates, which the finance committee said "
        "had been reviewed by an independent auditor earlier this year.",
        "The transport agency confirmed in a written statement that tenders for the new "
        "routes in {key} would open next month and close before the summer.",
    ],
    "fr": [
        "Le conseil régional de {key} a voté mardi un nouveau budget pour les transports "
        "publics, selon le compte rendu publié par le service de presse du conseil.",
        "La conseillère Anne Dubois a déclaré que le plan ajouterait douze lignes de bus "
        "d'ici le printemps prochain. « Nous avons écouté les habitants », a-t-elle dit.",
        "Les élus de l'opposition ont contesté les estimations des coûts, que la commission "
        "des finances dit avoir fait vérifier par un auditeur indépendant à {key}.",
    ],
    "de": [
        "Der Regionalrat von {key} hat am Dienstag einen neuen Haushalt für den öffentlichen "
        "Nahverkehr beschlossen, wie aus dem veröffentlichten Protokoll hervorgeht.",
        "Ratsmitglied Anna Schmidt sagte, der Plan werde bis zum nächsten Frühjahr zwölf neue "
        "Buslinien bringen. „Wir haben den Bürgern zugehört“, sagte sie nach der Abstimmung.",
        "Die Opposition bezweifelte die Kostenschätzungen, die nach Angaben des "
        "Finanzausschusses von einem unabhängigen Prüfer in {key} kontrolliert wurden.",
    ],
    "es": [
        "El consejo regional de {key} aprobó el martes un nuevo presupuesto para el "
        "transporte público, según el acta publicada por la oficina de prensa del consejo.",
        "La concejala Ana Ruiz dijo que el plan añadiría doce líneas de autobús antes de la "
        "próxima primavera. «Hemos escuchado a los vecinos», declaró tras la votación.",
        "Los miembros de la oposición cuestionaron las estimaciones de costes, que según la "
        "comisión de finanzas fueron revisadas por un auditor independiente en {key}.",
    ],
    "ru": [
        "Региональный совет города {key} во вторник утвердил новый бюджет на общественный "
        "транспорт, говорится в протоколе, опубликованном пресс-службой совета.",
        "Депутат Анна Петрова заявила, что план добавит двенадцать автобусных маршрутов к "
        "следующей весне. «Мы выслушали жителей», — сказала она журналистам после голосования.",
        "Представители оппозиции усомнились в оценке расходов, которую, по словам финансового "
        "комитета, проверил независимый аудитор в городе {key}.",
    ],
    "ja": [
        "{key}の地域評議会は火曜日、公共交通機関の新しい予算を承認した。評議会の広報室が公表した議事録で明らかになった。",
        "評議員の山田花子氏は、この計画により来年の春までに十二のバス路線が追加されると述べた。「住民の声を聞いた」と記者団に語った。",
        "野党議員は費用の見積もりに疑問を呈したが、財政委員会は独立した監査人が今年初めに確認したと説明した。",
    ],
}


def article_html(key: str, lang: str = "en", charset_meta: str | None = "utf-8") -> str:
    """A real-looking article page whose text is unique to ``key``."""
    paras = "\n".join(f"<p>{p.format(key=key)}</p>" for p in PARAGRAPHS[lang])
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    return (f'<!DOCTYPE html><html lang="{lang}"><head>{meta}<title>Budget vote {key}</title>'
            f'<meta property="og:type" content="article"></head><body>'
            f'<nav><a href="/">Home</a> <a href="/news/">News</a></nav>'
            f"<article><h1>Budget vote {key}</h1>{paras}</article>"
            f"<footer>Copyright 2026 Example News</footer></body></html>")


# name -> () -> (status, content type or None, body, extra headers)
Page = tuple[int, str | None, bytes, dict[str, str]]


def _fixture(name: str, status: int = 200, content_type: str | None = HTML) -> Callable[[], Page]:
    return lambda: (status, content_type, (FIXTURES / name).read_bytes(), {})


def _deep(depth: int) -> bytes:
    inner = "".join(f"<p>{p.format(key='deep')}</p>" for p in PARAGRAPHS["en"])
    return ("<html><body>" + "<div>" * depth + inner + "</div>" * depth + "</body></html>").encode()


def _with_bytes(junk: bytes) -> bytes:
    page = article_html("junk-" + junk.hex()[:6]).encode()
    cut = page.index(b"</p>") - 10
    return page[:cut] + junk + page[cut:]


HOSTILE: dict[str, Callable[[], Page]] = {
    "empty": lambda: (200, HTML, b"", {}),
    "whitespace": lambda: (200, HTML, b" \n\t \r\n" * 100, {}),
    "pdf": lambda: (200, HTML, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
                    + bytes(range(256)) * 8, {}),
    "jpeg": lambda: (200, HTML, b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 16, {}),
    "gzip-bytes": lambda: (200, HTML, gzip.compress(article_html("gz").encode()), {}),
    "cp1251-nocharset": lambda: (200, "text/html", article_html("Tver", "ru", None).encode("cp1251"), {}),
    "cp1251-meta": lambda: (200, "text/html", article_html("Omsk", "ru", "windows-1251").encode("cp1251"), {}),
    "shift-jis-nocharset": lambda: (200, "text/html", article_html("Nagoya", "ja", None).encode("shift_jis"), {}),
    "latin1-as-utf8": lambda: (200, HTML, article_html("Lyon", "fr", "utf-8").encode("latin-1"), {}),
    "utf8-as-latin1": lambda: (200, "text/html; charset=iso-8859-1",
                               article_html("Nantes", "fr", None).encode("utf-8"), {}),
    "invalid-utf8": lambda: (200, HTML, _with_bytes(b"\xff\xfe\xc3\x28"), {}),
    "nul-bytes": lambda: (200, HTML, _with_bytes(b"\x00\x00\x00"), {}),
    "deep-nesting": lambda: (200, HTML, _deep(10_000), {}),
    "scripts-only": lambda: (200, HTML, ("<html><head>" + "<script>var a = 1;</script>" * 300
                                         + "</head><body>" + "<script>track();</script>" * 300
                                         + "</body></html>").encode(), {}),
    "index": _fixture("index.html"),
    "tag": _fixture("tag.html"),
    "login-wall-403": _fixture("login-wall.html", 403),
    "login-wall-401": lambda: (401, HTML, b"<html><body><h1>Unauthorized</h1></body></html>", {}),
    "paywall-200": _fixture("paywall.html", 200),
    "bot-challenge-403": _fixture("bot-challenge.html", 403),
    "bot-challenge-202": _fixture("bot-challenge.html", 202),
    "bot-challenge-503": _fixture("captcha.html", 503),
}


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int = 0) -> None:
        self.hits: Counter[str] = Counter()
        self.times: dict[str, list[float]] = {}
        self.lock = threading.Lock()
        self.flaky: Counter[str] = Counter()
        self._bombs: dict[int, bytes] = {}
        super().__init__(("127.0.0.1", port), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def bomb(self, megabytes: int) -> bytes:
        with self.lock:
            if megabytes not in self._bombs:
                compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip container
                chunk = b"<p>" + b"\x20" * (1 << 20)
                data = compressor.compress(b"<html><body>")
                for _ in range(megabytes):
                    data += compressor.compress(chunk)
                self._bombs[megabytes] = data + compressor.flush()
            return self._bombs[megabytes]


class _Handler(BaseHTTPRequestHandler):
    server: FaultServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes, content_type: str | None = HTML,
              headers: dict[str, str] | None = None, length: int | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _article(self, key: str) -> None:
        self._send(200, article_html(key).encode())

    def _redirect(self, location: str, status: int = 302) -> None:
        self._send(status, b"", "text/plain", {"Location": location})

    def _abort(self) -> None:
        """Close with a TCP reset (RST), not a clean FIN."""
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:  # noqa: C901 - one flat dispatch table
        parts = urlsplit(self.path)
        path, query = parts.path or "/", parse_qs(parts.query)
        with self.server.lock:
            self.server.hits[path] += 1
            self.server.times.setdefault(path, []).append(time.monotonic())
        seg = path.strip("/").split("/")
        kind, args = seg[0], seg[1:]
        try:
            self._route(kind, args, path, query)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler hung up (size limit, timeout): expected here

    def _route(self, kind: str, args: list[str], path: str, query: dict[str, list[str]]) -> None:
        if path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif path == "/_hits":
            with self.server.lock:
                self._send(200, json.dumps(self.server.hits).encode(), "application/json")
        elif path == "/_times":
            with self.server.lock:
                self._send(200, json.dumps(self.server.times).encode(), "application/json")
        elif kind in {"article", "private"} and args:
            self._article(args[-1])
        elif kind == "lang" and len(args) == 2 and args[0] in PARAGRAPHS:
            self._send(200, article_html(args[1], args[0]).encode())
        elif kind == "hostile" and args and args[0] in HOSTILE:
            status, content_type, body, headers = HOSTILE[args[0]]()
            self._send(status, body, content_type, headers)
        elif kind == "fixture" and args and (FIXTURES / args[0]).is_file():
            name = args[0]
            content_type = HTML if name.endswith(".html") else "application/xml"
            body = (FIXTURES / name).read_bytes().replace(b"{{BASE}}", self.server.url.encode())
            self._send(200, body, content_type)
        elif kind == "status" and args and args[0].isdigit():
            headers = {"Retry-After": query["retry_after"][0]} if "retry_after" in query else {}
            self._send(int(args[0]), f"status {args[0]}\n".encode(), "text/plain", headers)
        elif kind == "flaky" and len(args) == 2 and args[0].isdigit():
            with self.server.lock:
                self.server.flaky[path] += 1
                failing = self.server.flaky[path] <= int(args[0])
            if failing:
                self._send(503, b"try again\n", "text/plain", {"Retry-After": "0"})
            else:
                self._article(args[1])
        elif kind == "throttle" and len(args) == 3 and args[0].isdigit() and args[1].isdigit():
            with self.server.lock:
                self.server.flaky[path] += 1
                failing = self.server.flaky[path] <= int(args[1])
            if failing:
                headers = {"Retry-After": query["retry_after"][0]} if "retry_after" in query else {}
                self._send(int(args[0]), b"slow down\n", "text/plain", headers)
            else:
                self._article(args[2])
        elif kind == "delay" and len(args) == 2:
            time.sleep(min(float(args[0]), 30.0))
            self._article(args[1])
        elif kind == "drip" and len(args) == 2:
            self._drip(float(args[0]), article_html(args[1]).encode())
        elif kind == "reset" and args:
            body = article_html(args[0]).encode()
            self._send(200, body[:200], HTML, length=len(body))
            self._abort()
        elif kind == "partial" and args:
            body = article_html(args[0]).encode()
            self._send(200, body[:200], HTML, length=len(body))
            self.close_connection = True
        elif kind == "gzip-truncated" and args:
            packed = gzip.compress(article_html(args[0]).encode())
            self._send(200, packed[: len(packed) // 2], HTML, {"Content-Encoding": "gzip"})
        elif kind == "gzip-bomb" and args and args[0].isdigit():
            self._send(200, self.server.bomb(int(args[0])), HTML, {"Content-Encoding": "gzip"})
        elif kind in {"big", "big-stream"} and args and args[0].isdigit():
            self._big(int(args[0]), stream=kind == "big-stream")
        elif kind == "redirect-chain" and len(args) == 2 and args[0].isdigit():
            hops = int(args[0])
            if hops == 0:
                self._article(args[1])
            else:
                self._redirect(f"/redirect-chain/{hops - 1}/{args[1]}")
        elif kind == "redirect-loop" and len(args) == 2:
            self._redirect(f"/redirect-loop/{args[0]}/{'b' if args[1] == 'a' else 'a'}")
        elif kind == "redirect-to" and "url" in query:
            self._redirect(query["url"][0])
        else:
            self._send(404, b"not found\n", "text/plain")

    def _drip(self, seconds: float, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", HTML)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        pieces = 20
        step = max(1, len(body) // pieces)
        for start in range(0, len(body), step):
            self.wfile.write(body[start:start + step])
            self.wfile.flush()
            time.sleep(seconds / pieces)

    def _big(self, megabytes: int, *, stream: bool) -> None:
        chunk = ("<p>" + "filler text " * 87 + "</p>\n").encode()[:1024]
        total = megabytes << 20
        self.send_response(200)
        self.send_header("Content-Type", HTML)
        if stream:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(total))
        self.end_headers()
        sent = 0
        while sent < total:
            self.wfile.write(chunk * 64)
            sent += len(chunk) * 64


def start_fault_server() -> tuple[subprocess.Popen[str], str]:
    """Start ``python -m tests.faultserver`` in a subprocess; return it and its URL."""
    return start_server("tests.faultserver")


stop_fault_server = stop_server


def hits(url: str) -> dict[str, int]:
    """Requests served so far, by path (the ``/_hits`` requests left out)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # 127.0.0.1: no proxy
    with opener.open(url + "/_hits", timeout=10) as response:
        served = {str(k): int(v) for k, v in json.loads(response.read()).items()}
    served.pop("/_hits", None)
    served.pop("/_times", None)
    return served


def request_times(url: str) -> dict[str, list[float]]:
    """The server clock (seconds) of every request served so far, by path."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # 127.0.0.1: no proxy
    with opener.open(url + "/_times", timeout=10) as response:
        served = {str(k): [float(t) for t in v] for k, v in json.loads(response.read()).items()}
    for own in ("/_hits", "/_times"):
        served.pop(own, None)
    return served


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    server = FaultServer(args.port)
    print(server.url, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    sys.exit(main())
