"""A region's printable booklet: each portrait cut from its rendered page, the edition date, the running footer.

``partials/portrait.html`` marks what a booklet shows between ``<!-- livret -->`` and ``<!-- /livret -->``: the
summary, the fiche, the photos, the trainings and the body, not the breadcrumb, the map, the neighbours nor the
edit link. A contributor cannot forge these markers: the body went through nh3, which drops every comment, and
every other string was escaped by Jinja. Inside a booklet, a portrait's ids get its slug as prefix (the booklet
holds many portraits on one page) and its headings go one level down (its name is a level 2 heading); the body,
between ``<!-- corps -->`` and ``<!-- /corps -->``, goes one level further, under the « Portrait » heading.

The hook also publishes one small stylesheet per region for the running footer: the page's own CSP allows no
inline style, and Chromium prints a margin box's text only from CSS ``content``.
"""

from __future__ import annotations

import functools
import posixpath
import re
from datetime import date
from urllib.parse import urljoin, urlsplit

from tierslieux.model import Place, Region

BOOKLET_STYLES_DIR = "stylesheets/livrets"
_PART_START, _PART_END = "<!-- livret -->", "<!-- /livret -->"
_BODY_START, _BODY_END = "<!-- corps -->", "<!-- /corps -->"
# Jinja and nh3 escape every `<` and `>` of text and attribute values, and never leave a raw `"` in a value: a `<…>`
# is a tag, and a quoted value ends at the next quote. Only headings and tags with an id or an address change.
# The second tag's name and attributes are matched lazily: the first id, href or src ends the search for one.
_CHANGED = re.compile(r'<(/?)h([1-6])\b([^<>]*)>|<[a-zA-Z][^<>]*?\s(?:id|href|src)="[^<>]*>')
_ATTRIBUTE = re.compile(r'(\s)(id|href|src)="([^"]*)"')


def id_prefix(src_uri: str) -> str:
    """``portraits/x.md`` -> ``x-``: the prefix of the ids of a page's body inside its booklet."""
    return f"{posixpath.splitext(posixpath.basename(src_uri))[0]}-"


def booklet_part(page_html: str, prefix: str, page_url: str, booklet_url: str) -> str:
    """What a booklet shows of a portrait's rendered page: its ids and same-page links prefixed, headings down (the
    body's two levels, the rest one), and its relative addresses (photos, region, links of the body) made relative to
    the booklet, at ``booklet_url``, rather than to the portrait's page, at ``page_url``. One pass over each part."""

    def readdressed(attribute: re.Match) -> str:
        space, name, value = attribute.groups()
        if name == "id":
            value = prefix + value
        elif value.startswith("#"):
            value = f"#{prefix}{value[1:]}"
        elif value:
            value = _relocated(value, page_url, booklet_url)
        return f'{space}{name}="{value}"'

    def retagged(tag: re.Match, levels: int) -> str:
        closing, level, attributes = tag.groups()
        text = tag[0] if level is None else f"<{closing}h{min(int(level) + levels, 6)}{attributes}>"
        return _ATTRIBUTE.sub(readdressed, text)

    kept = "".join(piece for inside, piece in _split(page_html, _PART_START, _PART_END) if inside)
    return "".join(_CHANGED.sub(functools.partial(retagged, levels=2 if inside else 1), piece)
                   for inside, piece in _split(kept, _BODY_START, _BODY_END))


def _split(text: str, start: str, end: str) -> list[tuple[bool, str]]:
    """``text`` cut at each ``start`` marker and the next ``end`` marker, markers left out: (inside, piece) pairs, as a
    regular expression's lazy match would cut it, without its cost on thousands of pages."""
    pieces, position = [], 0
    while (opening := text.find(start, position)) != -1 and (closing := text.find(end, opening)) != -1:
        pieces += [(False, text[position:opening]), (True, text[opening + len(start):closing])]
        position = closing + len(end)
    return [*pieces, (False, text[position:])]


def _relocated(address: str, page_url: str, booklet_url: str) -> str:
    """``address``, relative to ``page_url``, as the same target relative to ``booklet_url`` (both site URLs).

    Each ``../`` is taken off against the page's folder first: the theme's files, the region's page and the other
    portraits are then the same address from every portrait, worked out once per booklet.
    """
    if urlsplit(address).scheme or address.startswith("/"):
        return address
    folder = page_url[:page_url.rfind("/") + 1]
    while address.startswith("../") and folder:
        address, folder = address[3:], folder[:folder.rstrip("/").rfind("/") + 1]
    return _relocated_from(address, folder, booklet_url)


@functools.lru_cache(maxsize=4096)
def _relocated_from(address: str, folder: str, booklet_url: str) -> str:
    target = urlsplit(urljoin(f"/{folder}", address))
    path = posixpath.relpath(target.path, f"/{booklet_url}")
    if target.path.endswith("/") and not path.endswith("/"):
        path += "/"
    return path + (f"?{target.query}" if target.query else "") + (f"#{target.fragment}" if target.fragment else "")


def booklet_stylesheet(region: Region) -> str:
    """The path, under the site root, of the stylesheet that writes ``region``'s name at the foot of every page."""
    return f"{BOOKLET_STYLES_DIR}/{region.slug}.css"


def footer_css(region: Region) -> str:
    """The running footer of ``region``'s booklet; the name, written by contributors, is escaped as a CSS string."""
    return (
        "/* Generated by tierslieux/booklet.py: the region's name at the foot of each printed page but the cover. */\n"
        f"@page {{\n  @bottom-left {{\n    content: {css_string(region.name)};\n  }}\n}}\n\n"
        "@page :first {\n  @bottom-left {\n    content: none;\n  }\n}\n"
    )


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string: every character but ASCII letters, digits and spaces as a hexadecimal escape."""
    kept = (char if (char.isascii() and char.isalnum()) or char == " " else f"\\{ord(char):06x}" for char in text)
    return '"' + "".join(kept) + '"'


def edition_date(region: Region, places: list[Place], dates: dict[str, date]) -> date | None:
    """The day of the latest change to the region's file or to one of its portraits (git first, else ``updated``)."""
    days = [dates.get(region.source)] + [dates.get(place.source) or place.updated for place in places]
    return max((day for day in days if day), default=None)
