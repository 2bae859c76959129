"""The sitemap past the protocol's 50,000 addresses: an index of several sitemaps, each a valid urlset."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from jinja2 import Environment, FileSystemLoader

from projects import REPO
from tierslieux.sitemap import MAX_URLS, SITEMAP, sitemap_files

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE = "https://tiers-lieux.example.org/"


def _sitemap(count: int) -> str:
    entries = "".join(f"\n    <url>\n         <loc>{SITE}portraits/lieu-{n}/</loc>\n    </url>" for n in range(count))
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NS[1:-1]}">{entries}\n</urlset>\n'


def _env() -> Environment:
    return Environment(loader=FileSystemLoader(REPO / "overrides"), autoescape=True)


def test_a_sitemap_within_the_limit_is_left_as_the_template_wrote_it():
    sitemap = _sitemap(3)
    assert sitemap_files(sitemap, SITE, _env(), limit=3) == {SITEMAP: sitemap}
    assert MAX_URLS == 50_000


def test_past_the_limit_sitemap_xml_becomes_an_index_of_parts_that_keep_every_address_once():
    files = sitemap_files(_sitemap(5), SITE, _env(), limit=2)
    assert list(files) == [SITEMAP, "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]
    index = ET.fromstring(files[SITEMAP])
    assert index.tag == f"{NS}sitemapindex"
    assert [loc.text for loc in index.iter(f"{NS}loc")] == [f"{SITE}sitemap-{n}.xml" for n in (1, 2, 3)]
    parts = [ET.fromstring(files[f"sitemap-{n}.xml"]) for n in (1, 2, 3)]
    assert {part.tag for part in parts} == {f"{NS}urlset"}
    assert [[loc.text for loc in part.iter(f"{NS}loc")] for part in parts] == [
        [f"{SITE}portraits/lieu-{n}/" for n in numbers] for numbers in ((0, 1), (2, 3), (4,))]
    assert files["sitemap-3.xml"].startswith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset ')


def test_the_built_site_keeps_one_sitemap_and_never_publishes_the_index_template(example_site):
    assert ET.parse(example_site / SITEMAP).getroot().tag == f"{NS}urlset"
    assert not list(example_site.rglob("sitemap-*"))
