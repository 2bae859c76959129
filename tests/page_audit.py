"""What would let a built page run or load something it should not: read as a browser parses it (html5lib).

Used by the CSP tests, the escaping tests and the property tests on every page of a built site.
"""

from __future__ import annotations

import json
import re

import html5lib

DATA_BLOCKS = {"application/json", "application/ld+json"}  # script types a browser never runs
# The redirect page's own refresh, for browsers without JavaScript (overrides/redirect.html).
OWN_REFRESH = re.compile(r"0; url=\.\./[a-z0-9-]+/")
OWN_CONFIG_BASE = re.compile(r"\.|\.\.(/\.\.)*|/")  # Material's base_url: relative to the page, or absolute on the 404
OWN_WORKER = re.compile(r"(\.\.?/)*(\.\./)?assets/javascripts/workers/search\.[0-9a-f]{8}\.min\.js|/assets/javascripts/"
                        r"workers/search\.[0-9a-f]{8}\.min\.js")


def threats(html: str) -> list[str]:
    """Everything in ``html`` that runs, redirects or configures other than the site's own: an inline script, an event
    handler, a ``javascript:`` address, a ``<base href>``, a ``meta refresh`` and any ``#__config`` but Material's one."""
    doc = html5lib.parse(html, namespaceHTMLElements=False)
    parents = {child: parent for parent in doc.iter() for child in parent}
    found = []
    configs = 0
    for element in doc.iter():
        name = element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""
        found += [f"{name} {attribute}=" for attribute in element.attrib if attribute.lower().startswith("on")]
        found += [f"{name} {attribute}={value}" for attribute, value in element.attrib.items()
                  if re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(("javascript:", "vbscript:"))]
        if name == "script" and not element.get("src") and (element.get("type") or "").lower() not in DATA_BLOCKS:
            found.append(f"script en ligne : {(element.text or '')[:80]!r}")
        if name == "base" and element.get("href") is not None:  # the embeds' <base target="_top"> changes no address
            found.append(f"base href={element.get('href')!r}")
        if name == "meta" and (element.get("http-equiv") or "").lower() == "refresh" and not (
                parents[element].tag == "noscript" and OWN_REFRESH.fullmatch(element.get("content") or "")):
            found.append(f"meta refresh {element.get('content')!r}")
        if element.get("id") == "__config":
            configs += 1
            if configs > 1 or not _is_own_config(name, element):
                found.append(f"#__config {name} {(element.text or '')[:80]!r}")
    return found


def _is_own_config(name: str, element) -> bool:
    """Material's settings: a JSON block whose base is the way to the site root and whose worker is Material's."""
    if name != "script" or element.get("type") != "application/json":
        return False
    try:
        config = json.loads(element.text or "")
    except ValueError:
        return False
    return bool(OWN_CONFIG_BASE.fullmatch(str(config.get("base"))) and OWN_WORKER.fullmatch(str(config.get("search"))))
