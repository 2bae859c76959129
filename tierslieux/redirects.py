"""Redirect pages that keep the former addresses of renamed places working.

Regions link to our portrait pages from their own sites: every former slug listed in a portrait's
``aliases`` becomes a page at ``/portraits/<alias>/`` that sends the visitor on to the current page.
"""

from __future__ import annotations

import yaml

from tierslieux.content import PORTRAITS_DIR
from tierslieux.model import Place


def redirect_pages(places: tuple[Place, ...]) -> list[tuple[str, str]]:
    """(src_uri, Markdown) of one page per former slug, rendered by Material's ``redirect.html``."""
    return sorted(
        (f"{PORTRAITS_DIR}/{alias}.md", _redirect_markdown(place))
        for place in places
        for alias in place.aliases
    )


def _redirect_markdown(place: Place) -> str:
    # Both pages sit side by side under portraits/, with directory URLs; validated slugs need no escaping.
    meta = {"template": "redirect.html", "location": f"../{place.slug}/", "search": {"exclude": True}}
    return f"---\n{yaml.safe_dump(meta, sort_keys=True)}---\n"
