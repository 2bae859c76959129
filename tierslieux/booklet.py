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
# Jinja and nh3 escape every `<` and `>` of text and attribute values, and never leave a raw `"` in a value: a `<…>`
# is a tag, and a quoted value ends at the next quote. Only headings and tags with an id or a same-page link change.
_TAG = re.compile(r'<(/?)h([1-5])([^<>]*)>|<[a-zA-Z][^<>]*?\s(?:id="|href="#)[^<>]*>')
_LINKED = re.compile(r'(\s(?:id="|href="#))([^"]*)"')


def booklet_part(page_html: str, prefix: str) -> str:
    """What a booklet shows of a portrait's rendered page: its ids and same-page links prefixed, headings down."""
    kept = "".join(_PART.findall(page_html))
    return _TAG.sub(lambda tag: _retagged(tag, prefix), kept)


def _retagged(tag: re.Match, prefix: str) -> str:
    closing, level, attributes = tag.groups()
    if level:
        tag_text = f"<{closing}h{int(level) + 1}{attributes}>"
    else:
        tag_text = tag.group(0)
    return _LINKED.sub(lambda attribute: f'{attribute[1]}{prefix}{attribute[2]}"', tag_text)
