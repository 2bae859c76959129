"""The Content-Security-Policy of each page, computed from the page itself when it is written.

The hook calls ``with_policy`` on every HTML page the build writes (pages, redirects, the 404, the map
embeds), and ``build_map.py`` on the standalone map. A page may run its own files and the inline scripts
found in it when it is built (by their SHA-256), nothing else: a script that contributor text would smuggle
in later, or one added by a browser extension's injection, is refused. Only map tiles come from another site.
Hashes are taken only from pages rendered from our templates, where contributor text is escaped or sanitised;
any other HTML file gets the policy without hashes, and no contributor file is published as HTML.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from markupsafe import escape

# An opening tag, then its end found apart: one expression with a lazy `(.*?)</script>` costs three times as much.
_SCRIPT_START = re.compile(r"<(?i:script\b)([^>]*)>")
_SCRIPT_END = re.compile(r"</script\s*>", re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\{[^}]*\}")
# Script types a browser runs; any other (application/json, application/ld+json) is a data block.
_JAVASCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


class PolicyError(Exception):
    """A page the policy cannot be added to, or tiles whose host a policy cannot name."""


def script_hashes(html: str) -> list[str]:
    """The CSP hash sources of the inline scripts of ``html`` that a browser would run, in page order, once each."""
    hashes = []
    for attributes, code in _inline_scripts(html):
        kind = _TYPE.search(attributes)
        if _SRC.search(attributes) or (kind.group(1).lower() if kind else "") not in _JAVASCRIPT_TYPES:
            continue
        digest = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii")
        if f"'sha256-{digest}'" not in hashes:
            hashes.append(f"'sha256-{digest}'")
    return hashes


def _inline_scripts(html: str) -> Iterator[tuple[str, str]]:
    """The attributes and code of each ``<script>`` element of ``html``; an unclosed one runs nothing."""
    position = 0
    while (start := _SCRIPT_START.search(html, position)) and (end := _SCRIPT_END.search(html, start.end())):
        yield start[1], html[start.end():end.start()]
        position = end.end()


def tile_source(tiles_url: str) -> str:
    """The CSP source of a Leaflet tile URL template: its scheme and host, ``{s}`` subdomains as ``*``."""
    parts = urlsplit(tiles_url)
    host = _PLACEHOLDER.sub("*", parts.netloc)
    if parts.scheme not in ("http", "https") or "*" in host.removeprefix("*."):
        raise PolicyError(
            f"mkdocs.yml : extra.map.tiles (trouvé : {tiles_url!r} ; attendu : une adresse http(s) dont seul le "
            "premier nom d'hôte varie, par exemple https://{s}.tile.example.org/{z}/{x}/{y}.png)."
        )
    return f"{parts.scheme}://{host}"


def site_policy(html: str, tiles_url: str) -> str:
    """The policy of a page of the site: its own files and inline scripts, images from itself and the tiles."""
    return "; ".join([
        "default-src 'self'",
        " ".join(["script-src 'self'", *script_hashes(html)]),
        # Material and Leaflet set styles through the CSSOM (element.style), which CSP allows: no 'unsafe-inline'.
        "style-src 'self'",
        f"img-src 'self' data: {tile_source(tiles_url)}",  # data: for the icons of Material's and Leaflet's CSS
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def standalone_policy(html: str, tiles_url: str) -> str:
    """The policy of the standalone map file: it has no site, its libraries and styles are data: URLs."""
    return "; ".join([
        "default-src 'none'",
        # data: scripts are the libraries build_map.py wrote into the file; no other page loads this file.
        " ".join(["script-src data:", *script_hashes(html)]),
        "style-src data:",
        f"img-src data: {tile_source(tiles_url)}",
        "base-uri 'none'",
        "form-action 'none'",
    ])


def with_policy(html: str, policy: str) -> str:
    """``html`` with ``policy`` in a ``<meta http-equiv>`` as the first child of ``<head>``, before any script."""
    head = _HEAD.search(html)
    if head is None:
        raise PolicyError("page HTML sans <head> : la politique de sécurité (CSP) ne peut pas y être ajoutée.")
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">'
    return html[:head.end()] + meta + html[head.end():]
