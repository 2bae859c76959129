"""Cleaning the HTML rendered from contributor Markdown before it reaches a page."""

from __future__ import annotations

import nh3

_ATTRIBUTES = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES["*"] = {"id", "class", "title", "lang"}  # heading anchors and Markdown extensions' classes


def clean_html(html: str) -> str:
    """Keep the formatting Markdown produces; drop scripts, event handlers, styles, comments and javascript: links."""
    return nh3.clean(html, attributes=_ATTRIBUTES)
