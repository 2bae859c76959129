"""The schema is the one definition of the fields: these tests keep its promises."""

from __future__ import annotations

import copy
import functools

import pytest

from projects import REPO
from tierslieux.content import load_content
from tierslieux.frontmatter import Document, read_document
from tierslieux.schema import _surely_valid, _validator, is_email, load_schema, schema_problems, theme_labels


def _problems(front_matter: str) -> list[str]:
    """The schema's problems with a valid portrait completed by ``front_matter``, which starts at line 9."""
    base = 'name: A\nregion: bretagne\ncommune: Rennes\npostal_code: "35000"\nlatitude: 48.1\nsummary: S\n'
    if "longitude" not in front_matter:
        front_matter = f"longitude: -1.6\n{front_matter}"
    document, problems = read_document("portraits/x.md", f"---\n{base}{front_matter}---\n")
    assert problems == []
    return [str(problem) for problem in schema_problems("portrait", document)]


def _fields(schema: dict, prefix: str = ""):
    """Every (name, subschema) of the portrait schema, nested objects included."""
    for name, field in schema.get("properties", {}).items():
        field = _resolve(field)
        yield prefix + name, field
        items = _resolve(field.get("items", {}))
        yield from _fields(items, f"{prefix}{name}[].")


def _resolve(field: dict) -> dict:
    if "$ref" in field:
        return {**load_schema("portrait")["$defs"][field["$ref"].rsplit("/", 1)[1]], **field}
    return field


@pytest.mark.parametrize("kind", ["portrait", "region"])
def test_every_field_has_a_french_title_for_the_reference_and_editors(kind):
    untitled = [name for name, field in _fields(load_schema(kind)) if not field.get("title")]
    assert untitled == []


def test_the_region_vocabulary_is_the_regions_folder():
    regions = sorted(path.stem for path in (REPO / "regions").glob("*.md"))
    assert load_schema("portrait")["properties"]["region"]["enum"] == regions


def test_every_theme_has_a_label():
    theme = load_schema("portrait")["$defs"]["theme"]
    assert list(theme_labels()) == theme["enum"]
    assert sorted(theme["x-labels"]) == sorted(theme["enum"])


def test_the_examples_use_every_field_of_the_schema():
    used = set()
    for place in load_content(REPO).places:
        text = (REPO / place.source).read_text(encoding="utf-8")
        document, _ = read_document(place.source, text)
        used |= {key for key in document.data}
        used |= {f"trainings[].{key}" for training in document.data.get("trainings", []) for key in training}
        used |= {f"photos[].{key}" for photo in document.data.get("photos", []) for key in photo}
    # Identifiers of real organisations and certifications are never invented for the fictional examples: the
    # national exports are tested on tests/fixtures/national/, whose places hold valid ones.
    never_invented = {"siret", "rna", "trainings[].rncp", "trainings[].rs"}
    assert {name for name, _ in _fields(load_schema("portrait"))} - used == never_invented


def test_quoted_numbers_are_told_to_drop_the_quotes():
    assert _problems('longitude: "-1.6"\n') == [
        'portraits/x.md:8: longitude: ce n\'est pas un nombre (trouvé : le texte "-1.6" ; attendu : un nombre). '
        "Enlevez les guillemets : -1.6"
    ]


def test_impossible_dates_and_bad_emails_are_refused():
    assert _problems('updated: "2026-02-30"\nemail: contact.exemple.fr\n') == [
        'portraits/x.md:10: email: adresse de courriel invalide (trouvé : "contact.exemple.fr" ; attendu : une '
        "adresse comme contact@exemple.fr). Corrigez-la.",
        'portraits/x.md:9: updated: date invalide (trouvé : "2026-02-30" ; attendu : une date réelle au format '
        'AAAA-MM-JJ). Par exemple : "2026-03-14".',
    ]


@pytest.mark.parametrize("email", [
    '"><script>alert(1)</script>@b.fr',  # a quoted name, which jsonschema-rs accepted
    "a@b.fr?subject=x&body=y",  # a query, which prefills a message
    "a@b.fr|c@d.fr",
    "a@sous_domaine.fr",
    "contact%40x.fr?bcc=spy@evil.example",  # a mailto: link would send a hidden copy
    "a&bcc=spy@evil.example", "a?cc=b@evil.example", "a%0Abcc@evil.example", "a#b@c.fr",
])
def test_an_email_that_is_not_an_address_is_refused(email):
    quoted = email.replace('"', '\\"')
    assert _problems(f'email: "{quoted}"\n') == [
        f'portraits/x.md:9: email: adresse de courriel invalide (trouvé : "{email}" ; attendu : une adresse comme '
        "contact@exemple.fr). Corrigez-la."
    ]


@pytest.mark.parametrize(("email", "accepted"), [
    ("contact@exemple.org", True), ("a.b-c+d@sous-domaine.exemple.fr", True), ("prénom@exemple.fr", True),
    ("contact@café.fr", True), ("o'brien@exemple.ie", True), ('"x"@exemple.fr', False), ("a@b.fr?x", False),
    ("a@b", False), ("a..b@c.fr", False), ("a@-b.fr", False), ("a@b.c", False),
])
def test_the_data_packages_validator_takes_every_email_the_check_lets_through(email, accepted):
    """lieux.csv declares courriels as emails: frictionless must accept every address the check lets through."""
    import validators

    assert is_email(email) == accepted
    if accepted:
        assert validators.email(email)


def test_a_number_where_text_is_expected_is_told_to_be_quoted():
    assert _problems("departement: 35\n") == [
        "portraits/x.md:9: departement: YAML lit 35 comme un nombre (trouvé : un nombre ; attendu : du texte). "
        'Mettez la valeur entre guillemets : "35"'
    ]


def test_patterns_are_explained_with_the_field_description():
    assert _problems('departement: "20"\n') == [
        'portraits/x.md:9: departement: format incorrect (trouvé : "20" ; attendu : le code du département, entre '
        'guillemets : "01" à "95", "2A", "2B", "971" à "976"). Corrigez la valeur.'
    ]


def test_social_networks_need_lowercase_names_and_web_addresses():
    assert _problems("social:\n  Mastodon: https://exemple.org/@a\n  bluesky: exemple.org\n") == [
        "portraits/x.md:10: social.Mastodon: nom de réseau invalide (trouvé : « Mastodon » ; attendu : des "
        "minuscules sans espace, comme mastodon ou linkedin). Renommez la clé.",
        'portraits/x.md:11: social.bluesky: adresse web invalide (trouvé : "exemple.org" ; attendu : une adresse '
        "qui commence par https:// ou http://, sans espace). Recopiez l'adresse complète depuis la barre du "
        "navigateur.",
    ]


def test_a_quoted_text_that_yaml_would_not_read_as_a_number_is_not_told_to_drop_the_quotes():
    assert _problems('longitude: "1e5"\n') == [
        'portraits/x.md:8: longitude: ce n\'est pas un nombre (trouvé : le texte "1e5" ; attendu : un nombre). '
        "Écrivez un nombre en degrés décimaux, avec un point, par exemple 48.1173"
    ]


def test_a_number_too_large_for_yaml_is_not_a_number():
    assert _problems("longitude: 1.0e+999\n") == [
        "portraits/x.md:8: longitude: ce n'est pas un nombre (trouvé : 1.0e+999, l'infini pour YAML ; attendu : "
        "un nombre fini). Écrivez un nombre en degrés décimaux, avec un point, par exemple 48.1173"
    ]


def test_not_a_number_where_text_is_expected_is_told_to_be_quoted():
    assert _problems("address: .nan\n") == [
        "portraits/x.md:9: address: YAML lit .nan comme le nombre nan (trouvé : un nombre ; attendu : du texte). "
        'Mettez la valeur entre guillemets : ".nan"'
    ]


def test_the_year_zero_is_refused_as_jsonschema_refuses_it():
    assert _problems('updated: "0000-01-01"\n') == [
        'portraits/x.md:9: updated: date invalide (trouvé : "0000-01-01" ; attendu : une date réelle au format '
        'AAAA-MM-JJ). Par exemple : "2026-03-14".'
    ]


def test_a_control_character_written_as_an_escape_is_refused_before_the_schema():
    base = 'name: A\nregion: bretagne\ncommune: Rennes\npostal_code: "35000"\nlatitude: 48.1\nlongitude: -1.6\nsummary: S\n'
    document, problems = read_document("portraits/x.md", f'---\n{base}website: "https://exemple.org\\x1cpage"\n---\n')
    assert document is None
    assert [str(problem) for problem in problems] == [
        "portraits/x.md:9: website: caractère de contrôle refusé (trouvé : U+001C ; attendu : du texte, des "
        "tabulations et des retours à la ligne). Supprimez-le : il vient souvent d'un copier-coller ; au besoin, "
        "retapez le texte autour."
    ]


def _locations(data: dict) -> list[tuple]:
    """Every field, every field of the first item of a list of objects, and an unknown field."""
    locations = [(field,) for field in [*data, "unknown"]]
    for field, value in data.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            locations += [(field, 0, key) for key in [*value[0], "unknown"]]
    return locations


_ODD_VALUES = [
    "", " ", "x" * 600, "é" * 121, "\u00a0", "a\nb", "0000-01-01", "2026-02-29", "2024-02-29", "20260314", "2026-W01-1",
    "2026-03-14\n", "2026-03-14T10:00", "a@b", "@", "ftp://x",
    "https://exemple.org/é", "https:// x", "https://x\x1cy", "01000", "2A", "mastodon", "numerique", "bretagne",
    0, 1, -91, 90, 180.5, 10**30, float("nan"), float("inf"), True, None, [], {}, ["numerique", "numerique"],
    ["numerique"], [{}], [{"title": "T"}], [{"src": "photos/a.svg", "alt": "A"}], {"mastodon": "https://a.b"},
    {"Mastodon": "https://a.b"}, {1: "https://a.b"},
]


def test_the_quick_validator_never_accepts_what_jsonschema_refuses():
    """Every field of the richest example portrait and of a region set to odd values: both validators, compared."""
    portraits = [read_document(path.name, path.read_text(encoding="utf-8"))[0] for path in REPO.glob("portraits/*.md")]
    region = read_document("bretagne.md", (REPO / "regions" / "bretagne.md").read_text(encoding="utf-8"))[0]
    documents = [("portrait", max(portraits, key=lambda document: len(document.data))), ("region", region)]
    disagreements, quick = [], 0
    for kind, document in documents:
        for location in _locations(document.data):
            for value in _ODD_VALUES:
                data = copy.deepcopy(document.data)
                parent = functools.reduce(lambda item, part: item[part], location[:-1], data)
                parent[location[-1]] = value
                if _surely_valid(kind, Document(document.path, data, "", 2, source="")):
                    quick += 1
                    if list(_validator(kind).iter_errors(data)):
                        disagreements.append((location, value))
    assert disagreements == []
    assert quick > 100  # the quick validator does vouch for the valid ones


@pytest.mark.parametrize("url", [
    "https://www.francetravail.fr@evil.example/", "https://user:motdepasse@exemple.fr/", "http://a@b",
    "https://evil.example\\@www.francetravail.fr/", "HTTPS://www.francetravail.fr@evil.example",
])
@pytest.mark.parametrize(("field", "line"), [("website", "website: {}"), ("trainings[0].url",
                                                "trainings:\n  - title: T\n    url: {}"), ("social.mastodon", "social:\n  mastodon: {}")])
def test_a_web_address_with_a_user_part_is_refused_wherever_one_is_accepted(url, field, line):
    problems = _problems(line.format(f"'{url}'") + "\n")
    assert problems == [
        f"portraits/x.md:{9 + line.count(chr(10))}: {field}: adresse web avec un nom d'utilisateur (trouvé : "
        f"\"{url}\" ; attendu : une adresse sans « @ » ni « \\ » avant le premier « / » : ce qui précède « @ » "
        "n'est pas le site, le navigateur irait à l'adresse qui suit). Recopiez l'adresse complète depuis la barre "
        "du navigateur."
    ]


@pytest.mark.parametrize("url", [
    "https://exemple.fr", "https://exemple.fr/@compte", "https://exemple.fr?mail=a@b.fr", "https://exemple.fr:8443/a",
    "https://exemple.fr#a@b", "https://[2001:db8::1]/",
])
def test_an_at_sign_after_the_host_is_an_ordinary_address(url):
    assert _problems(f"website: '{url}'\n") == []
