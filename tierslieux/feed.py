"""``/flux.xml``: the places added or updated, newest first, as an Atom feed (RFC 4287).

Called by the MkDocs hook. Each place is dated like its page: by the last commit of its file, else by its
``updated`` field; a place with neither has nothing to be listed by and is left out.

Written with ``xml.etree`` from the standard library, which escapes every text: ``mkdocs-rss-plugin`` writes RSS
2.0 and JSON Feed but not Atom, and dates a page from the git history of its own source file, which the pages that
the hook generates from ``portraits/`` do not have.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from uuid import NAMESPACE_URL, uuid5

from tierslieux.content import Content
from tierslieux.exports import absolute_url
from tierslieux.model import Place
from tierslieux.schema import theme_labels

FEED_PATH = "flux.xml"
FEED_LENGTH = 200  # entries: a feed reader wants what changed lately, not 5,000 places
ATOM = "http://www.w3.org/2005/Atom"


def place_dates(content: Content, commit_dates: dict[str, date]) -> dict[str, date]:
    """The date each place's page shows, by slug; places without one are left out."""
    dates = {place.slug: commit_dates.get(place.source) or place.updated for place in content.places}
    return {slug: day for slug, day in dates.items() if day}


def atom_feed(content: Content, commit_dates: dict[str, date], *, site_name: str, site_url: str | None,
              author: str | None = None) -> str:
    """The feed as XML text, newest place first, then by identifier: the same content gives the same bytes. Its
    author is the network (``author``), else the site."""
    dates = place_dates(content, commit_dates)
    places = sorted((place for place in content.places if place.slug in dates),
                    key=lambda place: (-dates[place.slug].toordinal(), place.slug))[:FEED_LENGTH]
    ET.register_namespace("", ATOM)
    feed = ET.Element(_tag("feed"), {"{http://www.w3.org/XML/1998/namespace}lang": "fr"})
    _text(feed, "title", f"{site_name} : lieux ajoutés ou mis à jour")
    _text(feed, "id", _id(FEED_PATH, site_name, site_url))
    _text(feed, "updated", _timestamp(max(dates.values(), default=date(1970, 1, 1))))
    ET.SubElement(feed, _tag("link"), {"rel": "self", "href": absolute_url(site_url, FEED_PATH)})
    ET.SubElement(feed, _tag("link"), {"rel": "alternate", "type": "text/html", "href": absolute_url(site_url, "")})
    ET.SubElement(ET.SubElement(feed, _tag("author")), _tag("name")).text = author or site_name
    labels = theme_labels()
    for place in places:
        _entry(feed, place, dates[place.slug], labels, site_name, site_url)
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _entry(feed: ET.Element, place: Place, day: date, labels: dict[str, str], site_name: str,
           site_url: str | None) -> None:
    entry = ET.SubElement(feed, _tag("entry"))
    url = absolute_url(site_url, place.url)
    _text(entry, "title", place.name)
    ET.SubElement(entry, _tag("link"), {"rel": "alternate", "type": "text/html", "href": url})
    _text(entry, "id", _id(place.url, site_name, site_url))
    _text(entry, "updated", _timestamp(day))
    _text(entry, "summary", f"{place.commune} ({place.postal_code}). {place.summary}")
    for theme in place.themes:
        ET.SubElement(entry, _tag("category"), {"term": theme, "label": labels[theme]})


def _id(path: str, site_name: str, site_url: str | None) -> str:
    """The permanent id of the feed or of an entry: its address, or a name-based UUID for a site without one."""
    return absolute_url(site_url, path) if site_url else f"urn:uuid:{uuid5(NAMESPACE_URL, f'{site_name}/{path}')}"


def _text(parent: ET.Element, name: str, text: str) -> None:
    ET.SubElement(parent, _tag(name)).text = text


def _tag(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"
