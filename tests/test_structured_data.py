"""schema.org JSON-LD and link previews: built from the model, read back with extruct as search engines do.

The vocabulary below is a small, offline subset of schema.org: for each type we write, the properties it
accepts (its own and those it inherits), from the type's page on schema.org.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

import extruct
import pytest

from bretagne import PLACES, RASTER_PHOTO
from projects import FIXTURES, REPO, make_project
from tierslieux.content import load_content
from tierslieux.structured_data import iso_duration, json_ld_text, open_graph, place_json_ld, preview_image
from tierslieux.trainings import is_certifying

SITE_URL = "https://tiers-lieux-formation.example.org/"
THING = {"@id", "@type", "name", "description", "url", "sameAs", "image", "identifier", "alternateName"}
PLACE = THING | {"address", "geo", "telephone", "hasMap", "latitude", "longitude", "photo", "containedInPlace",
                 "openingHoursSpecification", "amenityFeature", "isAccessibleForFree", "publicAccess"}
ORGANIZATION = THING | {"address", "email", "telephone", "knowsAbout", "logo", "location", "areaServed", "member",
                        "contactPoint", "foundingDate", "hasCredential", "alumni"}
CREATIVE_WORK = THING | {"provider", "audience", "inLanguage", "about", "keywords", "author", "publisher",
                         "educationalLevel", "teaches", "learningResourceType", "isAccessibleForFree", "timeRequired"}
EVENT = THING | {"location", "startDate", "endDate", "eventAttendanceMode", "organizer", "duration", "offers"}
VOCABULARY = {
    "Place": PLACE,
    "EducationalOrganization": ORGANIZATION | {"openingHours"},
    "Course": CREATIVE_WORK | {"courseCode", "coursePrerequisites", "educationalCredentialAwarded",
                               "hasCourseInstance", "numberOfCredits", "occupationalCredentialAwarded",
                               "availableLanguage", "financialAidEligible", "syllabusSections"},
    "CourseInstance": EVENT | {"courseMode", "courseSchedule", "courseWorkload", "instructor"},
    "PostalAddress": {"@type", "streetAddress", "postalCode", "addressLocality", "addressRegion", "addressCountry",
                      "postOfficeBoxNumber"},
    "GeoCoordinates": {"@type", "latitude", "longitude", "elevation", "address", "addressCountry", "postalCode"},
    "Audience": {"@type", "audienceType", "geographicArea"},
    "EducationalOccupationalCredential": THING | {"credentialCategory", "educationalLevel", "recognizedBy",
                                                  "competencyRequired", "validFor", "validIn"},
    "ItemList": THING | {"itemListElement", "numberOfItems", "itemListOrder"},
    "ListItem": THING | {"position", "item", "nextItem", "previousItem"},
}
COURSE_MODES = {"onsite", "online", "blended"}  # schema.org: courseMode, e.g. "onsite" or "online"


def types_of(node: dict) -> list[str]:
    kind = node["@type"]
    return kind if isinstance(kind, list) else [kind]


def nodes_of(value):
    """Every node with a @type in ``value``, nested ones included."""
    if isinstance(value, dict):
        if "@type" in value:
            yield value
        for child in value.values():
            yield from nodes_of(child)
    elif isinstance(value, list):
        for child in value:
            yield from nodes_of(child)


def assert_schema_org(data) -> None:
    for node in nodes_of(data):
        allowed = set().union(*(VOCABULARY[kind] for kind in types_of(node)))
        unknown = set(node) - allowed - {"@context", "@graph"}
        assert not unknown, f"{types_of(node)}: {sorted(unknown)} not in schema.org's vocabulary"


def json_ld_of(html: str, url: str) -> list[dict]:
    return extruct.extract(html, base_url=url, syntaxes=["json-ld"])["json-ld"]


def graph_of(html: str, url: str) -> dict[str, list[dict]]:
    """The nodes of the portrait's JSON-LD graph by type."""
    (data,) = json_ld_of(html, url)
    assert data["@context"] == "https://schema.org"
    by_type: dict[str, list[dict]] = {}
    for node in data["@graph"]:
        for kind in types_of(node):
            by_type.setdefault(kind, []).append(node)
    return by_type


@pytest.fixture(scope="module")
def content():
    return load_content(REPO)


def test_json_ld_text_cannot_close_its_script_block():
    text = json_ld_text({"name": "</script><script>alert(1)</script> & <!-- >"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert text == ('{"name":"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\u0026 '
                    '\\u003c!-- \\u003e"}')
    assert json.loads(text) == {"name": "</script><script>alert(1)</script> & <!-- >"}


def test_every_example_portrait_carries_its_place_and_courses(example_site, content):
    for place in content.places:
        url = f"{SITE_URL}{place.url}"
        html = (example_site / place.url / "index.html").read_text(encoding="utf-8")
        graph = graph_of(html, url)
        (node,) = graph["Place"]
        assert graph["EducationalOrganization"] == [node]
        assert node["name"] == place.name and node["url"] == url and node["description"] == place.summary
        assert node["geo"] == {"@type": "GeoCoordinates", "latitude": place.latitude, "longitude": place.longitude}
        region = content.regions[place.region]
        address = {"@type": "PostalAddress", "postalCode": place.postal_code, "addressLocality": place.commune,
                   "addressRegion": region.name, "addressCountry": "FR"}
        assert node["address"] == address | ({"streetAddress": place.address} if place.address else {})
        assert node.get("telephone") == place.phone and node.get("email") == place.email
        assert node.get("sameAs", []) == [url for url in (place.website, *sorted(place.social.values())) if url]
        assert node.get("image", []) == [f"{SITE_URL}portraits/{photo.src}" for photo in place.photos]
        courses = graph["Course"]
        assert [course["name"] for course in courses] == [training.title for training in place.trainings]
        for number, (course, training) in enumerate(zip(courses, place.trainings, strict=True), start=1):
            assert course["provider"] == {"@id": node["@id"]}
            assert course["@id"] == f"{url}#formation-{number}"
            assert course["url"] == (training.url or course["@id"])
            instance = course["hasCourseInstance"]
            assert instance["@type"] == "CourseInstance"
            assert instance["courseMode"] == {"présentiel": "onsite", "distanciel": "online",
                                              "hybride": "blended"}[training.modality]
            assert instance["courseMode"] in COURSE_MODES
            credential = course.get("educationalCredentialAwarded")
            assert (credential is not None) is is_certifying(training)  # an attestation is no credential
            if credential:
                assert credential["@type"] == "EducationalOccupationalCredential"
                assert credential["name"] == (training.certification or training.title)
            duration = iso_duration(training.duration)
            assert course.get("timeRequired") == instance.get("courseWorkload") == duration
            assert duration is None or re.fullmatch(r"PT\d+H", duration), duration
        assert_schema_org(graph)
    written = [training.duration for place in content.places for training in place.trainings if training.duration]
    assert {iso_duration(text) for text in written} >= {"PT21H", "PT35H", None}


@pytest.mark.parametrize(("text", "iso"), [
    ("21 heures", "PT21H"), ("1 heure", "PT1H"), ("35 h", "PT35H"), ("3,5 heures", "PT3.5H"), ("1 h 30", "PT1H30M"),
    ("1h30", "PT1H30M"), ("2 H 15 min", "PT2H15M"), ("90 minutes", "PT90M"), (" 7 heures ", "PT7H"),
    ("2 jours", None), ("4 demi-journées", None), ("6 mois, dont 2 en entreprise", None), ("8 semaines", None),
    ("35 heures sur 5 jours", None), ("0 heure", None), ("1,5 h 30", None), ("", None), (None, None),
])
def test_a_duration_is_iso_8601_only_when_it_is_a_length_of_time_in_hours_or_minutes(text, iso):
    assert iso_duration(text) == iso


def test_region_pages_list_their_places_as_an_item_list(bretagne_site):
    url = f"{SITE_URL}regions/bretagne/"
    html = (bretagne_site / "regions" / "bretagne" / "index.html").read_text(encoding="utf-8")
    (data,) = json_ld_of(html, url)
    assert data["@type"] == "ItemList" and data["url"] == url
    names = [item["name"] for item in data["itemListElement"]]
    assert names == ["Atelier de l'Odet", "Exemple – La Fabrique du Bocage", "L'Écluse des savoirs",
                     "Zéphyr numérique & Cie"]
    assert [item["position"] for item in data["itemListElement"]] == [1, 2, 3, 4]
    assert data["numberOfItems"] == 4
    assert data["itemListElement"][0]["url"] == f"{SITE_URL}portraits/atelier-de-l-odet/"
    assert_schema_org(data)


def test_a_name_with_a_closing_script_tag_stays_inside_the_json_ld(hostile_site):
    url, site = hostile_site
    place_url = "portraits/gabarit-js/"
    html = (site / place_url / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    name = "Atelier ${alert(1)} `alert(2)` </script><script>alert(3)</script>"
    assert json.loads(block)["@graph"][0]["name"] == name
    assert graph_of(html, url + place_url)["Place"][0]["name"] == name


def test_every_page_has_opengraph_and_twitter_tags(example_site):
    for page in example_site.rglob("*.html"):
        if page.is_relative_to(example_site / "embed") or page.name == "404.html":
            continue  # maps made for iframes elsewhere, and the error page: not pages to share
        html = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:
            continue  # the redirects of former slugs
        data = extruct.extract(html, syntaxes=["opengraph"], uniform=True)["opengraph"]
        assert len(data) == 1, page
        tags = data[0]
        assert tags["og:locale"] == "fr_FR" and tags["og:site_name"] == "Tiers-lieux de formation", page
        assert tags["og:title"] and tags["og:description"] and tags["@type"] in {"website", "article"}, page
        assert tags["og:url"].startswith(SITE_URL), page
        assert "og:image" not in tags, page  # the examples' photos are SVG
        assert '<meta name="twitter:card" content="summary">' in html, page


def test_the_home_page_preview(example_site):
    html = (example_site / "index.html").read_text(encoding="utf-8")
    tags = extruct.extract(html, syntaxes=["opengraph"], uniform=True)["opengraph"][0]
    assert tags["og:title"] == "Accueil" and tags["og:url"] == SITE_URL and tags["@type"] == "website"
    assert tags["og:description"] == "Trouvez un tiers-lieu de formation près de chez vous, région par région."


def test_a_raster_first_photo_is_the_preview_image(bretagne_site):
    html = (bretagne_site / "portraits" / "atelier-de-l-odet" / "index.html").read_text(encoding="utf-8")
    tags = extruct.extract(html, syntaxes=["opengraph"], uniform=True)["opengraph"][0]
    assert tags["og:image"] == f"{SITE_URL}portraits/{RASTER_PHOTO}"
    assert tags["og:image:alt"].startswith("Un établi d'atelier")
    assert tags["og:title"] == PLACES["atelier-de-l-odet"][0] and tags["@type"] == "article"
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert (bretagne_site / "portraits" / RASTER_PHOTO).is_file()


def test_open_graph_escapes_nothing_itself_and_leaves_out_the_image_it_has_not():
    tags = open_graph(title="A & B", description="d", url="https://x/", site_name="S")
    assert tags == [("og:title", "A & B"), ("og:description", "d"), ("og:url", "https://x/"), ("og:type", "website"),
                    ("og:locale", "fr_FR"), ("og:site_name", "S"), ("twitter:card", "summary")]


def test_only_raster_photos_make_previews(content):
    place = next(p for p in content.places if p.photos)
    assert preview_image(place, SITE_URL) is None  # SVG
    svg, *_ = place.photos
    jpeg = replace(svg, src="photos/atelier.jpg", alt="L'atelier")
    assert preview_image(replace(place, photos=(svg, jpeg)), SITE_URL) == (
        f"{SITE_URL}portraits/photos/atelier.jpg", "L'atelier")  # the first raster one
    assert place_json_ld(place, content.regions[place.region], SITE_URL)["@graph"][0]["image"][0].endswith(".svg")


def test_a_registered_certification_is_the_credential_and_an_attestation_is_none(tmp_path):
    content = load_content(make_project(tmp_path, [FIXTURES / "national" / "fablab-du-bocage-test.md"]))
    (place,) = content.places
    courses = place_json_ld(place, content.regions[place.region], SITE_URL)["@graph"][1:]
    assert [course.get("educationalCredentialAwarded") for course in courses] == [
        {"@type": "EducationalOccupationalCredential", "name": "Développeur web et web mobile",
         "credentialCategory": "certification", "identifier": ["RNCP37674"],
         "url": "https://www.francecompetences.fr/recherche/rncp/37674/"},
        {"@type": "EducationalOccupationalCredential", "name": "Créer des contenus avec l'intelligence artificielle",
         "credentialCategory": "certification", "identifier": ["RS6776"],
         "url": "https://www.francecompetences.fr/recherche/rs/6776/"},
        None,  # « Attestation de fin de formation »
    ]
