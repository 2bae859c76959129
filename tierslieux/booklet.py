"""A region's booklet takes each portrait from its rendered page rather than rendering it a second time.

``partials/portrait.html`` marks what a booklet shows between ``<!-- livret -->`` and ``<!-- /livret -->``: the
summary, the fiche, the trainings, the body and the photos, not the breadcrumb, the map, the neighbours nor the
edit link. A contributor cannot forge these markers: the body went through nh3, which drops every comment, and
every other string was escaped by Jinja. Inside a booklet, a portrait's ids get its slug as prefix (the booklet
holds many portraits on one page) and its headings go one level down (its name is a level 2 heading).
"""

from __future__ import annotations

import re

_PART = re.compile(r"<!-- livret -->(.*?)<!-- /livret -->", re.DOTALL)
# A start or end tag as Jinja and nh3 write them: attribute values are always double-quoted and never hold a raw
# quote, so a `>` inside a value does not end the tag. Text never holds a raw `<`.
_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*)(\s*/?)>')
_LINKED = re.compile(r'(\s(?:id|href)=")(#?)([^"]*)"')
_HEADING = re.compile(r"h([1-5])")


def booklet_part(page_html: str, prefix: str) -> str:
    """What a booklet shows of a portrait's rendered page: its ids and same-page links prefixed, headings down."""
    kept = "".join(_PART.findall(page_html))
    return _TAG.sub(lambda tag: _retagged(tag, prefix), kept)


def _retagged(tag: re.Match, prefix: str) -> str:
    closing, name, attributes, end = tag.groups()
    if _HEADING.fullmatch(name):
        name = f"h{int(name[1]) + 1}"
    if attributes:
        attributes = _LINKED.sub(lambda found: _prefixed(found, prefix), attributes)
    return f"<{closing}{name}{attributes}{end}>"


def _prefixed(attribute: re.Match, prefix: str) -> str:
    start, hash_sign, value = attribute.groups()
    if start.endswith('id="'):
        return f'{start}{prefix}{value}"'
    if hash_sign:  # a link to an id of the same page
        return f'{start}#{prefix}{value}"'
    return attribute.group(0)
