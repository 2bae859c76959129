import tracemalloc

import pytest
import yaml

from projects import FIXTURES, REPO
from tierslieux.frontmatter import _Loader, _read_quickly, dotted, plain_value, read_document


def test_reads_fields_body_and_key_lines():
    document, problems = read_document("portraits/x.md", "---\nname: A\ntrainings:\n  - title: B\n---\nCorps\n")
    assert problems == []
    assert document.data == {"name": "A", "trainings": [{"title": "B"}]}
    assert document.body == "Corps\n"
    assert document.line_of(("trainings", 0, "title")) == 4
    assert document.line_of(("trainings", 0, "missing")) == 4


def test_accepts_crlf_line_endings_and_a_byte_order_mark():
    document, problems = read_document("portraits/x.md", "\ufeff---\r\nname: A\r\ncommune: B\r\n---\r\nCorps\r\n")
    assert problems == []
    assert document.data == {"name": "A", "commune": "B"}
    assert document.line_of(("commune",)) == 3
    assert document.body == "Corps\n"


def test_keeps_dates_as_text_for_the_schema_to_check():
    document, _ = read_document("portraits/x.md", "---\nupdated: 2026-03-14\n---\n")
    assert document.data == {"updated": "2026-03-14"}


def test_remembers_what_was_typed_without_quotes():
    document, _ = read_document("portraits/x.md", '---\na: 01000\nb: "01000"\n---\n')
    assert document.data == {"a": 512, "b": "01000"}
    assert document.plain_text_of(("a",)) == "01000"
    assert document.plain_text_of(("b",)) is None


def test_refuses_python_specific_tags():
    _, problems = read_document("portraits/x.md", "---\nname: !!python/object:os.system {}\n---\n")
    assert [str(p) for p in problems] == [
        "portraits/x.md:2: name: étiquette YAML refusée (trouvé : « !!python/object:os.system » ; attendu : une "
        "valeur sans étiquette). Supprimez « !!python/object:os.system » ; si la valeur elle-même commence par "
        "« ! », mettez-la entre guillemets."
    ]


@pytest.mark.parametrize("line, field, tag", [
    ("photo: !!binary R0lGODlh", "photo", "!!binary"),
    ('name: !!str 01000', "name", "!!str"),
    ("name: !lieu Atelier", "name", "!lieu"),
    ("name: ! Atelier", "name", "!"),
    ("themes: !!set {numerique}", "themes", "!!set"),
    ("trainings:\n  - title: !!python/name:os.system", "trainings[0].title", "!!python/name:os.system"),
    ("!!str name: Atelier", "name", "!!str"),
])
def test_refuses_every_explicit_tag_naming_the_field(line, field, tag):
    _, problems = read_document("portraits/x.md", f"---\nregion: bretagne\n{line}\n---\n")
    assert [(p.line, p.field, p.message.split(" ; ")[0]) for p in problems] == [
        (3 + line.count("\n"), field, f"étiquette YAML refusée (trouvé : « {tag} »")
    ]


def test_refuses_anchors_and_aliases_where_they_are_written():
    text = "---\ntrainings:\n  - title: &titre Initiation\n  - title: *titre\n---\n"
    _, problems = read_document("portraits/x.md", text)
    assert [str(p) for p in problems] == [
        "portraits/x.md:3: trainings[0].title: ancre YAML refusée (trouvé : « &titre » ; attendu : une valeur sans "
        "ancre). Supprimez « &titre », et écrivez la valeur en entier partout où elle sert.",
        "portraits/x.md:4: trainings[1].title: renvoi YAML refusé (trouvé : « *titre » ; attendu : la valeur écrite "
        "en entier). Remplacez « *titre » par la valeur elle-même : les ancres et les renvois n'ont pas leur place "
        "dans un en-tête.",
    ]


def test_text_with_ampersands_stars_and_exclamation_marks_is_not_an_anchor():
    text = '---\nname: R&D * Atelier !\nsummary: "&a *b !c"\nthemes: [a&b]\n---\n'
    document, problems = read_document("portraits/x.md", text)
    assert problems == []
    assert document.data == {"name": "R&D * Atelier !", "summary": "&a *b !c", "themes": ["a&b"]}


def test_the_alias_bomb_is_refused_without_being_expanded():
    text = (FIXTURES / "invalid" / "alias-bomb.md").read_text(encoding="utf-8")
    tracemalloc.start()
    try:
        _, problems = read_document("portraits/alias-bomb.md", text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(p.line, p.field) for p in problems] == [(9, "a"), (10, "b[0]")]
    assert peak < 2_000_000  # 9**9 values once expanded: gigabytes


def test_a_syntax_error_after_the_markers_is_still_reported_as_such():
    _, problems = read_document("portraits/x.md", "---\nname: R&D\ncommune: [a, b\n---\n")
    assert [(p.line, p.field, p.message.split(" (")[0]) for p in problems] == [
        (4, "en-tête", "erreur de syntaxe YAML")
    ]


_SYNTAX_FIX = ("attendu : des lignes « clé: valeur » bien indentées). Vérifiez cette ligne et la précédente : "
               "deux-points suivi d'une espace, indentation par espaces, guillemets fermés ; mettez entre guillemets "
               "un texte qui contient « : » ou « # ».")


@pytest.mark.parametrize(("yaml_text", "line", "found"), [
    ("name: x\nthemes:\n\t- numerique\n", 4,
     "une tabulation, que YAML refuse en début de ligne ou de valeur : mettez des espaces"),
    ("name: x\n\tregion: bretagne\n", 3,
     "une tabulation, que YAML refuse en début de ligne ou de valeur : mettez des espaces"),
    ("name: @lieu\n", 2, "« @ » en début de valeur, que YAML réserve : mettez la valeur entre guillemets"),
    ("name: x\nsummary: Ateliers : bois\n", 3, "un « : » de trop : une valeur qui contient « : » sans guillemets, "
     "ou une ligne plus en retrait que la précédente"),
    ('name: "x\nregion: bretagne\n', 4, "des guillemets ouverts qui ne sont jamais fermés"),
    ("name: 'L'Atelier'\n", 2, "du texte là où une nouvelle ligne « clé: valeur » était attendue : après des "
     "guillemets fermés, ou sur une ligne mal alignée"),
    ('name: "a\\qb"\n', 2, "entre guillemets, une barre oblique inverse « \\ » que YAML ne sait pas lire"),
])
def test_a_syntax_error_says_in_french_what_was_found(yaml_text, line, found):
    """libyaml's own words (« while scanning for the next token ») never reach a contributor."""
    _, problems = read_document("portraits/x.md", f"---\n{yaml_text}---\n")
    assert [str(problem) for problem in problems] == [
        f"portraits/x.md:{line}: en-tête: erreur de syntaxe YAML (trouvé : {found} ; {_SYNTAX_FIX}"
    ]


@pytest.mark.parametrize("text", [
    "name: A\nname: B\n",  # a duplicate key, which PyYAML would silently drop
    "trainings:\n  - title: A\n    title: B\n",
    '1: a\n"1": b\n',  # keys that are not all text
    "<<: {name: A}\ncommune: B\n",  # a merge key
    "name: =\n",  # YAML's "value" tag, which has no constructor
    "[a]: b\n",  # a key that is a list
    "- a\n",  # not a mapping
])
def test_the_quick_reading_leaves_unusual_front_matter_to_the_careful_one(text):
    assert _read_quickly(text) is None


def test_the_quick_reading_builds_what_the_careful_reading_builds():
    paths = [*(REPO / "portraits").glob("*.md"), *(REPO / "regions").glob("*.md"), *FIXTURES.rglob("*.md")]
    compared = 0
    for path in paths:
        document, _ = read_document(path.name, path.read_text(encoding="utf-8"))
        if document is None or not document.source:
            continue
        quick = _read_quickly(document.source)
        if quick is not None:
            careful = yaml.load(document.source, Loader=_Loader)
            assert (quick, [type(v) for v in quick.values()]) == (careful, [type(v) for v in careful.values()])
            compared += 1
    assert compared > 30


def test_lines_of_a_quickly_read_document_are_found_when_asked():
    document, _ = read_document("portraits/x.md", "---\nname: A\ntrainings:\n  - title: B\n---\n")
    assert not document.indexed
    assert document.line_of(("trainings", 0, "title")) == 4
    assert document.plain_text_of(("name",)) == "A"


@pytest.mark.parametrize("value", [
    "01000", "0x1F", "0o17", "0b101", "1_000", "190:20:30", "-.inf", ".NaN", "1.5e+3", "1e3", "48,11", "NO", "yes",
    "On", "off", "~", "null", "", "2026-03-14", "=", "<<", "12:30", "+12", ".5", "abc",
])
def test_the_loader_resolves_plain_values_as_pyyaml_does_without_dates(value):
    expected = yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False))
    if expected == "tag:yaml.org,2002:timestamp":
        expected = "tag:yaml.org,2002:str"
    assert _Loader("").resolve(yaml.ScalarNode, value, (True, False)) == expected


@pytest.mark.parametrize("text, value", [
    ("48.11", 48.11), ("1e308", "1e308"), ("1.0e+308", 1e308), ("01000", 512), ("NO", False), ("Rennes", "Rennes"),
])
def test_plain_value_is_what_yaml_reads_without_quotes(text, value):
    assert plain_value(text) == value


def test_refuses_a_front_matter_that_is_not_a_mapping():
    _, problems = read_document("portraits/x.md", "---\n- a\n- b\n---\n")
    assert [str(p) for p in problems] == [
        "portraits/x.md:1: en-tête: l'en-tête ne contient pas de champs (trouvé : une liste ; attendu : des lignes "
        "« clé: valeur »). Écrivez un champ par ligne, par exemple « name: Mon lieu »."
    ]


def test_reports_duplicate_keys_in_nested_mappings():
    _, problems = read_document("portraits/x.md", "---\ntrainings:\n  - title: A\n    title: B\n---\n")
    assert [(p.line, p.field) for p in problems] == [(4, "trainings[0].title")]


def test_dotted_names_a_location_as_contributors_read_it():
    assert dotted(("trainings", 0, "title")) == "trainings[0].title"
    assert dotted(("name",)) == "name"
