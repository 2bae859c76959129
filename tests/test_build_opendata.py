"""Integration: the open data, the feed, the « Chiffres » and « Données ouvertes » pages of real strict builds."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

from projects import FIXTURES, build_site, make_project
from tierslieux.feed import ATOM

NS = {"atom": ATOM}
SITE = "https://tiers-lieux-formation.example.org/"


def _read(site, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_the_site_publishes_the_csv_the_json_and_the_enriched_geojson(example_site):
    rows = list(csv.DictReader(io.StringIO(_read(example_site, "data/lieux.csv").removeprefix("\ufeff"),
                                           newline="")))
    records = json.loads(_read(example_site, "data/lieux.json"))
    features = json.loads(_read(example_site, "data/lieux.geojson"))["features"]
    assert len(rows) == len(records) == len(features) == 18
    assert features[0]["properties"]["url"] == f"{SITE}portraits/{features[0]['properties']['slug']}/"
    assert {"code_postal", "departement", "code_region", "nom_region", "updated"} <= set(features[0]["properties"])
    per_region = {}
    for row in rows:
        per_region[row["region"]] = per_region.get(row["region"], 0) + 1
    bretagne = json.loads(_read(example_site, "data/lieux/bretagne.geojson"))["features"]
    assert len(bretagne) == per_region["bretagne"]


def test_every_page_links_the_feed_which_has_one_entry_per_place(example_site):
    for page in ("index.html", "carte/index.html", "portraits/exemple-ruche-creusoise/index.html"):
        assert re.search(r'<link rel="alternate feed" type="application/atom\+xml" title="[^"]+" href="[./]*flux.xml">',
                         _read(example_site, page)), page
    feed = ET.fromstring((example_site / "flux.xml").read_bytes())
    assert len(feed.findall("atom:entry", NS)) == 18


def test_the_figures_page_draws_each_chart_above_its_table_and_the_totals_add_up(example_site):
    page = _read(example_site, "chiffres/index.html")
    assert page.count('<figure class="tl-chart">') == page.count('<details class="tl-chart__table">') == 6
    assert page.count("<details") == page.count("<details class=\"tl-chart__table\">")  # closed: no open attribute
    charts = page.split('<figure class="tl-chart">')[1:]
    totals = [re.findall(r'<tfoot><tr><th scope="row">Total</th><td>(\d+)</td>', chart) for chart in charts]
    assert totals[0] == totals[2] == ["18"]  # regions and départements: each place once
    assert totals[1] == []  # themes: a place has several or none, their sum would mislead
    assert totals[3] == totals[4]  # modalities and certifying or not: each training once
    assert '<th scope="row">Finistère (29)</th>' in page
    assert '<a href="../regions/bretagne/">Bretagne</a>' in page
    assert "<script" not in page.split('<article', 1)[1].split("</article>", 1)[0]
    locations = {doc["location"] for doc in json.loads(_read(example_site, "search/search_index.json"))["docs"]}
    assert not any(location.startswith("chiffres/") for location in locations)  # a search wants places


def test_the_home_page_shows_live_counts_apart_from_the_programme_figures(example_site):
    page = _read(example_site, "index.html")
    live = page.index("<strong>18 lieux</strong>")
    programme = page.index('<h2 id="le-programme-deffinov-tiers-lieux-en-chiffres">')
    assert live < programme < page.index("<strong>50 millions d'euros</strong>")
    assert "<strong>41 formations</strong>" in page and "chiffres-du-site" not in page
    assert '<a href="chiffres/">Chiffres</a>' in page


def test_the_open_data_page_describes_each_file_and_says_the_licence_is_to_be_chosen(example_site):
    page = _read(example_site, "donnees-ouvertes/index.html")
    for path in ("data/lieux.csv", "data/lieux.json", "data/lieux.geojson", "flux.xml"):
        assert f'href="../{path}"' in page
    assert "<dt><code>code_postal</code> — Code postal</dt>" in page
    assert "<dt><code>intitule</code> — Intitulé</dt>" in page
    assert ("<dt><code>latitude</code> — Latitude</dt>\n  <dd><p>Nombre décimal. En degrés décimaux WGS84, avec un "
            "point : 48.1173.</p></dd>") in page  # the kind, then the schema's description: said once
    assert ("<dt><code>formations</code> — Formations</dt>\n  <dd><p>Objet ou liste d&#39;objets JSON ; dans le "
            "tableau CSV, la cellule contient son texte JSON.") in page
    assert not re.search(r"<dd><p>([a-zé]|[^<]*(Json|wgs84|\bcsv\b))", page)  # no acronym or sentence put in the wrong case
    assert "La licence de réutilisation de ces données n'est pas encore choisie" in page
    assert 'href="../donnees-ouvertes/"' in _read(example_site, "a-propos/index.html")


def test_the_licence_of_mkdocs_yml_is_named_and_linked_and_contributor_text_in_charts_stays_text(tmp_path):
    project = make_project(tmp_path / "projet", [FIXTURES / "opendata" / "type-hostile.md"])
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").unlink()
    (project / "mkdocs.yml").write_text(config.replace("extra:\n", (
        "extra:\n  data:\n    licence:\n      name: Licence Ouverte 2.0\n"
        "      url: https://www.etalab.gouv.fr/licence-ouverte-open-licence/\n"), 1), encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = _read(tmp_path / "site", "donnees-ouvertes/index.html")
    assert ('sous la licence <a href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/">Licence Ouverte '
            '2.0</a>') in page
    assert "pas encore choisie" not in page
    figures = _read(tmp_path / "site", "chiffres/index.html")
    assert "<img src=x" not in figures
    assert figures.count("&lt;img src=x onerror=alert(8)&gt;") == 2  # the bar's label and the table's row


def test_hostile_names_stay_data_in_every_published_file(hostile_site):
    _, site = hostile_site
    name = "<img src=x onerror=alert(1)>"
    rows = list(csv.DictReader(io.StringIO(_read(site, "data/lieux.csv").removeprefix("\ufeff"), newline="")))
    assert name in {row["nom"] for row in rows}
    assert name in {record["nom"] for record in json.loads(_read(site, "data/lieux.json"))}
    assert name in {f["properties"]["name"] for f in json.loads(_read(site, "data/lieux.geojson"))["features"]}
    ET.fromstring((site / "flux.xml").read_bytes())  # the feed's escaping is tested in test_feed.py
    assert name not in _read(site, "flux.xml")
