"""The sitemap past the protocol's 50,000 addresses: an index of several sitemaps.

``overrides/sitemap.xml`` lists every address the site wants indexed. A sitemap may hold 50,000 of them at most
(sitemaps.org); past that, the hook hands the template's output here, which cuts its entries into parts of
``MAX_URLS``, each wrapped as the template wraps them, and makes ``sitemap.xml`` the index of the parts
(``overrides/partials/sitemap-index.html``).
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment

SITEMAP = "sitemap.xml"
MAX_URLS = 50_000  # the sitemaps protocol's limit for one file
INDEX_TEMPLATE = "partials/sitemap-index.html"  # XML: .html keeps MkDocs from publishing the template
_ENTRY = re.compile(r"[ \t]*<url>.*?</url>[ \t]*\n?", re.DOTALL)


def sitemap_files(sitemap: str, site_url: str, env: Environment, limit: int = MAX_URLS) -> dict[str, str]:
    """``{"sitemap.xml": sitemap}`` when it lists ``limit`` addresses at most; else the index as ``sitemap.xml``
    and its parts, ``sitemap-1.xml``, ``sitemap-2.xml``…, at ``site_url``."""
    entries = list(_ENTRY.finditer(sitemap))
    if len(entries) <= limit:
        return {SITEMAP: sitemap}
    head, tail = sitemap[:entries[0].start()], sitemap[entries[-1].end():]
    parts = {
        f"sitemap-{number}.xml": head + "".join(entry[0] for entry in entries[start:start + limit]) + tail
        for number, start in enumerate(range(0, len(entries), limit), 1)
    }
    index = env.get_template(INDEX_TEMPLATE).render(locations=[site_url.rstrip("/") + "/" + name for name in parts])
    return {SITEMAP: index, **parts}


def write_sitemap_parts(sitemap: str, site_url: str, env: Environment, site_dir: Path) -> str:
    """``sitemap.xml`` as the site should publish it; the parts of an index, if it is one, written into ``site_dir``."""
    files = sitemap_files(sitemap, site_url, env)
    for name, text in files.items():
        if name != SITEMAP:
            (site_dir / name).write_text(text, encoding="utf-8")
    return files[SITEMAP]
