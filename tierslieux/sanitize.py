"""Cleaning the HTML rendered from contributor Markdown before it reaches a page."""

from __future__ import annotations

import re

import nh3

_ATTRIBUTES = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES["*"] = {"id", "class", "title", "lang"}  # heading anchors and Markdown extensions' classes
# Ids and classes the theme and the site's own code use: Material reads its settings from the element with id
# « __config » and finds its parts by « __… » ids; « md-… » and « tl-… » classes are the theme's and the site's
# components. A body (``{: #__config }``, ``<div class="md-header">``) must not take them.
_THEME_IDS = ("__",)
_THEME_CLASSES = ("md-", "tl-", "__")
_ELSEWHERE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:|[/\\]{2}")  # an address with a scheme, or protocol-relative


def clean_html(html: str) -> str:
    """Keep the formatting Markdown produces; drop scripts, event handlers, styles, comments, javascript: links, and
    the ids and classes of the theme. A level-one heading becomes level two: the page's own (the place's or the
    region's name) is its only one. A link whose address was dropped is its text alone, an image whose source was
    dropped goes: the HTML stays valid."""
    cleaned = _LEVEL_ONE.sub(r"<\1h2", _CLEANER.clean(html))
    return _SOURCELESS_IMAGE.sub("", _ADDRESSLESS_LINK.sub(r"\1", cleaned))


def _kept(tag: str, attribute: str, value: str) -> str | None:
    """The value an attribute keeps, or none to drop it."""
    if attribute == "id":
        return None if value.startswith(_THEME_IDS) else value
    if attribute == "class":
        return " ".join(name for name in value.split() if not name.startswith(_THEME_CLASSES)) or None
    if attribute == "href" and value.startswith("#"):  # a link to an id of the page: the body's own, or none
        return None if value[1:].startswith(_THEME_IDS) else value
    if attribute == "src" and _ELSEWHERE.match(value):
        return None  # an image from another site: a request the site never makes (and the CSP would refuse)
    return value


# Made once: ``nh3.clean`` would build its settings again for each of thousands of bodies, half of its time.
_CLEANER = nh3.Cleaner(attributes=_ATTRIBUTES, attribute_filter=_kept)
_LEVEL_ONE = re.compile(r"<(/?)h1\b")  # in nh3's output, a « < » always starts a tag
# In nh3's output, a « > » inside an attribute is written « &gt; »: a tag ends at the first « > ». Links never nest.
_ADDRESSLESS_LINK = re.compile(r"<a\b(?![^>]*\shref=)[^>]*>(.*?)</a>", re.S)
_SOURCELESS_IMAGE = re.compile(r"<img\b(?![^>]*\ssrc=)[^>]*>")
