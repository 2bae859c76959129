"""The Content-Security-Policy of the site's pages and of the standalone map, fixed before any content is read.

The hook puts ``site_policy`` on every HTML file the build writes (pages, redirects, the 404, the map embeds, any
other HTML file), and ``build_map.py`` puts ``standalone_policy`` on the standalone map. Neither depends on a page:
no page of the site holds an inline script that a browser runs. Material's inline scripts are published as files
(``tierslieux/theme_scripts.py``), the redirect page and each map load theirs from files, and the data a page's
scripts read sits in data blocks (``#__config``, JSON-LD), which a policy does not govern. A script that contributor
text would smuggle into a page, whatever the trick, is refused: the policy was written before the text was read.
Only map tiles come from another site.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from markupsafe import escape

_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


class PolicyError(Exception):
    """A page the policy cannot be added to, or tiles whose host a policy cannot name."""


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


def site_policy(tiles_url: str) -> str:
    """The policy of every page of the site: scripts and styles from its own files only, images from itself and the
    tiles."""
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        # Material and Leaflet set styles through the CSSOM (element.style), which CSP allows: no 'unsafe-inline'.
        "style-src 'self'",
        f"img-src 'self' data: {tile_source(tiles_url)}",  # data: for the icons of Material's and Leaflet's CSS
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def standalone_policy(tiles_url: str) -> str:
    """The policy of the standalone map file: it has no site, its scripts and styles are data: URLs."""
    return "; ".join([
        "default-src 'none'",
        # data: scripts are the libraries and the map's script build_map.py wrote into the file, from our templates.
        "script-src data:",
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
