"""The one way contributor text reaches a page: as HTML through the sanitiser, or as escaped plain text.

Contributor text (portraits, regions, spreadsheets, issue bodies) becomes HTML in exactly two ways:

- a body, rendered by Python-Markdown, goes through ``sanitize.clean_html`` (nh3) and is then marked safe;
- every other string is escaped: by ``escaped`` below, or by Jinja's autoescape in the hook's template environment
  (``overrides/partials/…``, the embed page), where only the sanitised body and the output of this module are
  marked safe.

Material's own templates print ``page.title``, ``page.meta.description`` and the table of contents' titles without
escaping. The hook gives them only values made here: ``escaped`` for the title and the description, and
``escaped_toc`` for the table of contents, whose titles are the text of the sanitised headings, escaped, never the
HTML that Python-Markdown's ``toc`` extension strips tags from (``<!--><scr<b>ipt>`` becomes ``<script>`` there).
JSON-LD goes through ``structured_data.json_ld_text``, OpenGraph through the autoescaped ``partials/meta-tags.html``,
and data for scripts through ``tojson`` or ``build_map.template_inert_json``. ``tests/test_escaping.py`` lists every
place where text is marked safe, and checks that no template of ``overrides/`` marks any.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser
from typing import Protocol

from markupsafe import Markup, escape

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIPPED = {"script", "style", "template"}  # elements whose content is no text of the page
# A heading with an id and what follows it up to the next heading's start or end: a heading's text, as the parser
# below reads it (the sanitiser's output escapes every « < » of text and attribute values).
_HEADING_TEXT = re.compile(r"<h[1-6]\b[^>]*\bid=[^>]*>.*?(?=</?h[1-6]\b|\Z)", re.DOTALL)


def escaped(text: str) -> Markup:
    """``text`` as HTML that shows it as written."""
    return escape(text)


class TocItem(Protocol):
    """An entry of a table of contents, as MkDocs makes them (``mkdocs.structure.toc.AnchorLink``)."""

    id: str
    title: str
    children: list[TocItem]


def escaped_toc(items: Iterable[TocItem], html: str) -> list[TocItem]:
    """``items`` with each title replaced by the escaped text of the heading of ``html`` with its id; an entry whose
    heading ``html`` does not hold (the sanitiser dropped its id) is left out, its children taking its place."""
    titles = heading_titles(html)
    return _retitled(items, titles)


def _retitled(items: Iterable[TocItem], titles: dict[str, Markup]) -> list[TocItem]:
    kept: list[TocItem] = []
    for item in items:
        children = _retitled(item.children, titles)
        if item.id in titles:
            item.title = titles[item.id]
            item.children = children
            kept.append(item)
        else:
            kept.extend(children)
    return kept


def heading_titles(html: str) -> dict[str, Markup]:
    """The escaped text of each heading of ``html`` that has an id, by id; the permalink (``a.headerlink``), scripts
    and styles are no part of it."""
    parser = _HeadingText()
    for heading in _HEADING_TEXT.findall(html):  # the headings alone: parsing whole bodies took a build 4 %
        parser.feed(heading)
        parser.handle_endtag("h1")
    parser.close()
    return {id_: escaped(" ".join("".join(parts).split())) for id_, parts in parser.titles.items()}


class _HeadingText(HTMLParser):
    """Collects the text of each heading with an id, as a browser would show it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.titles: dict[str, list[str]] = {}
        self._heading: str | None = None  # the id of the heading being read
        self._skipped: list[str] = []  # the open elements whose text is left out

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in _HEADINGS and attributes.get("id"):
            self._heading = attributes["id"]
            self.titles.setdefault(self._heading, [])
        elif self._heading is not None and (tag in _SKIPPED or "headerlink" in (attributes.get("class") or "").split()):
            self._skipped.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skipped and self._skipped[-1] == tag:
            self._skipped.pop()
        elif tag in _HEADINGS:
            self._heading, self._skipped = None, []

    def handle_data(self, data: str) -> None:
        if self._heading is not None and not self._skipped:
            self.titles[self._heading].append(data)
