"""Cleaning the HTML rendered from contributor Markdown before it reaches a page."""

from __future__ import annotations

import re

import nh3

_ATTRIBUTES = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES["*"] = {"id", "class", "title", "lang"}  # heading anchors and Markdown extensions' classes


def clean_html(html: str, id_prefix: str = "") -> str:
    """Keep the formatting Markdown produces; drop scripts, event handlers, styles and javascript: links.

    With ``id_prefix``, every id and every link to an id of the same page gets it: for a body shown among others.
    """
    if not id_prefix:
        return nh3.clean(html, attributes=_ATTRIBUTES)

    def prefixed(tag: str, attribute: str, value: str) -> str:
        if attribute == "id":
            return id_prefix + value
        if attribute == "href" and value.startswith("#"):
            return f"#{id_prefix}{value[1:]}"
        return value

    return nh3.clean(html, attributes=_ATTRIBUTES, attribute_filter=prefixed)


_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


def shift_headings(html: str, levels: int) -> str:
    """Every heading of cleaned ``html`` ``levels`` lower, down to h6: a body shown under other headings (booklets).

    Only for the output of ``clean_html``, where a ``<`` is always the start of a tag.
    """
    return _HEADING_TAG.sub(lambda tag: f"<{tag[1]}h{min(int(tag[2]) + levels, 6)}", html)
