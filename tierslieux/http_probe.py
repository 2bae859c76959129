"""Asks one web address for its status, for ``make liens``: within an overall deadline, reading at most
``HEAD_BYTES`` bytes, and never of a loopback, private, link-local or reserved address.

The name is resolved here, every address it gives is checked, and the connection goes to the checked address, so
that a second resolution can't swap it. Only the status line and the headers are read; the body never is. Each
redirect is a new ``ask``, checked the same way (deadlinks.py follows them one by one). Each step of the exchange
gets what is left of the deadline: a server that sends one byte a second can't hold it longer.
"""

from __future__ import annotations

import functools
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import SplitResult, quote, urlsplit

HEAD_BYTES = 64 * 1024  # the status line and headers of an answer, at most
PORTS = {"http": 80, "https": 443}
LOCAL = ipaddress.IPv4Address("127.0.0.1")  # the one address LIENS_LOCAL=oui lets the tests reach
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
COMPATIBLE = ipaddress.IPv6Network("::/96")  # IPv4-compatible IPv6 addresses, deprecated: they reach IPv4
TARGET_SAFE = "/?%:@!$&'()*+,;=[]"  # kept as written in a path and query; any other character is percent-encoded


class RefusedAddress(Exception):
    """The address, or one its name resolves to, is not on the public Internet."""


class InvalidAddress(ValueError):
    """Not a web address (http or https with a host), or a malformed one."""


class HeadTooLong(Exception):
    """The status line and headers of an answer are longer than ``HEAD_BYTES``."""


@dataclass(frozen=True)
class Answer:
    status: int
    location: str | None  # the Location header, as sent


Resolver = Callable[[str, int, float], list[str]]


def resolve_name(host: str, port: int, timeout: float) -> list[str]:
    """The addresses of ``host``, asked in a thread: a slow resolver can't outlast the deadline."""
    found: list = []

    def ask() -> None:
        try:
            found.append([info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)])
        except (OSError, UnicodeError) as error:
            found.append(error)

    thread = threading.Thread(target=ask, daemon=True)
    thread.start()
    thread.join(timeout)
    if not found:
        raise TimeoutError("name resolution")
    if isinstance(found[0], Exception):
        raise found[0]
    return found[0]


def allowed(address: str, *, local: bool = False) -> bool:
    """Whether ``address`` is on the public Internet (or is 127.0.0.1, when ``local``); IPv4 inside IPv6 is
    judged as the IPv4 address it reaches."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if local and ip == LOCAL:
        return True
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour or (
            ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in NAT64 else None)
        if inner is not None:
            return _public(inner)
        if ip.teredo or ip in COMPATIBLE:
            return False
    return _public(ip)


def _public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return ip.is_global and not ip.is_multicast


def normalise(url: str) -> str:
    """``url`` as it is asked: an ASCII host, and a path and query whose other characters are percent-encoded."""
    parts = _parts(url)
    return f"{parts.scheme}://{_authority(parts)}{_target(parts)}"


def ask(method: str, url: str, deadline: float, *, user_agent: str, local: bool = False,
        resolve: Resolver = resolve_name) -> Answer:
    """The status and Location of ``method url``, by ``deadline`` (a ``time.monotonic()`` value)."""
    parts = _parts(url)
    port = parts.port or PORTS[parts.scheme]
    addresses = resolve(_ascii_host(parts), port, _left(deadline))
    if not addresses or not all(allowed(address, local=local) for address in addresses):
        raise RefusedAddress(parts.hostname)
    with _connect(addresses, port, parts, deadline) as connection:
        request = (f"{method} {_target(parts)} HTTP/1.1\r\nHost: {_authority(parts)}\r\nUser-Agent: {user_agent}\r\n"
                   "Accept: */*\r\nConnection: close\r\n\r\n")
        connection.settimeout(_left(deadline))
        connection.sendall(request.encode("ascii"))
        return _read_answer(_Head(connection, deadline))


def _parts(url: str) -> SplitResult:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port out of range
    except ValueError as error:
        raise InvalidAddress(url) from error
    if parts.scheme not in PORTS or not parts.hostname:
        raise InvalidAddress(url)
    return parts


def _ascii_host(parts: SplitResult) -> str:
    try:
        return parts.hostname.encode("idna").decode("ascii") if ":" not in parts.hostname else parts.hostname
    except UnicodeError as error:
        raise InvalidAddress(parts.hostname) from error


def _authority(parts: SplitResult) -> str:
    host = _ascii_host(parts)
    host = f"[{host}]" if ":" in host else host
    return f"{host}:{parts.port}" if parts.port and parts.port != PORTS[parts.scheme] else host


def _target(parts: SplitResult) -> str:
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return quote(target, safe=TARGET_SAFE)


def _left(deadline: float) -> float:
    """The seconds left before ``deadline``; none left is a timeout."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("deadline")
    return left


def _connect(addresses: list[str], port: int, parts: SplitResult, deadline: float) -> socket.socket:
    """A connection to the first of the checked ``addresses`` that answers, in TLS for https."""
    error: OSError = ConnectionError(parts.hostname)
    for address in addresses:
        try:
            connection = socket.create_connection((address, port), timeout=_left(deadline))
            break
        except OSError as failure:
            error = failure
    else:
        raise error
    if parts.scheme == "http":
        return connection
    try:
        secure = _tls().wrap_socket(
            connection, server_hostname=_ascii_host(parts), do_handshake_on_connect=False)
        secure.settimeout(_left(deadline))  # the handshake as a whole, not each of its reads
        secure.do_handshake()
    except BaseException:
        connection.close()
        raise
    return secure


@functools.cache
def _tls() -> ssl.SSLContext:
    """The machine's certificate authorities, loaded once for every address: certificates and names checked."""
    return ssl.create_default_context()


def _read_answer(head: _Head) -> Answer:
    """The first final answer: interim ones (1xx, such as 103 Early Hints) are read past."""
    while True:
        words = head.readline().decode("iso-8859-1").split(None, 2)
        if len(words) < 2 or not words[0].startswith("HTTP/") or not (words[1].isdigit() and len(words[1]) == 3):
            raise http.client.BadStatusLine(" ".join(words)[:80])
        headers = http.client.parse_headers(head)
        if not 100 <= int(words[1]) < 200:
            return Answer(int(words[1]), headers.get("Location"))


class _Head:
    """The head of an answer read from a socket, each read within the deadline, at most ``HEAD_BYTES`` in all."""

    def __init__(self, connection: socket.socket, deadline: float):
        self.connection = connection
        self.deadline = deadline
        self.buffer = bytearray()
        self.received = 0

    def readline(self, limit: int = -1) -> bytes:
        """A line, with its line feed; what is left at the end of the answer, without one."""
        while b"\n" not in self.buffer and self._receive():
            pass
        end = self.buffer.find(b"\n") + 1 or len(self.buffer)
        line = bytes(self.buffer[:end])
        del self.buffer[:end]
        return line

    def _receive(self) -> int:
        if self.received >= HEAD_BYTES:
            raise HeadTooLong(self.received)
        self.connection.settimeout(_left(self.deadline))
        chunk = self.connection.recv(min(4096, HEAD_BYTES - self.received))
        self.received += len(chunk)
        self.buffer += chunk
        return len(chunk)
