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
from tierslieux.sanitize import shift_headings

BOOKLET_STYLES_DIR = "stylesheets/livrets"
_PART_START, _PART_END = "<!-- livret -->", "<!-- /livret -->"
_BODY = re.compile(r"<!-- corps -->(.*?)<!-- /corps -->", re.DOTALL)
# Jinja and nh3 escape every `<` and `>` of text and attribute values, and never leave a raw `"` in a value: a `<…>`
# is a tag, and a quoted value ends at the next quote. Only headings and tags with an id or a same-page link change.
_TAG = re.compile(r'<(/?)h([1-5])([^<>]*)>|<[a-zA-Z][^<>]*?\s(?:id="|href="#)[^<>]*>')
_LINKED = re.compile(r'(\s(?:id="|href="#))([^"]*)"')
_ADDRESSED = re.compile(r'<[a-zA-Z][^<>]*\s(?:href|src)="[^<>]*>')  # a tag with an address, of a page or a file
_ADDRESS = re.compile(r'(\s(?:href|src)=")([^"#][^"]*)"')


def booklet_part(page_html: str, prefix: str, page_url: str, booklet_url: str) -> str:
    """What a booklet shows of a portrait's rendered page: its ids and same-page links prefixed, headings down, and
    its relative addresses (photos, region, links of the body) made relative to the booklet, at ``booklet_url``,
    rather than to the portrait's page, at ``page_url``."""
    kept = _BODY.sub(lambda body: shift_headings(body[1], 1), "".join(_marked_parts(page_html)))
    kept = _TAG.sub(lambda tag: _retagged(tag, prefix), kept)
    return _ADDRESSED.sub(lambda tag: _ADDRESS.sub(
        lambda address: f'{address[1]}{_relocated(address[2], page_url, booklet_url)}"', tag[0]), kept)


def _marked_parts(page_html: str) -> list[str]:
    """What lies between each ``<!-- livret -->`` and the next ``<!-- /livret -->`` (a regular expression's lazy
    match would be three times slower on thousands of pages)."""
    parts, start = [], page_html.find(_PART_START)
    while start != -1:
        end = page_html.find(_PART_END, start)
        if end == -1:
            break
        parts.append(page_html[start + len(_PART_START):end])
        start = page_html.find(_PART_START, end)
    return parts


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


def _retagged(tag: re.Match, prefix: str) -> str:
    closing, level, attributes = tag.groups()
    if level:
        tag_text = f"<{closing}h{int(level) + 1}{attributes}>"
    else:
        tag_text = tag.group(0)
    return _LINKED.sub(lambda attribute: f'{attribute[1]}{prefix}{attribute[2]}"', tag_text)


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
