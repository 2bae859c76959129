import tracemalloc

import pytest
import yaml

from projects import FIXTURES, REPO
from tierslieux.frontmatter import _Loader, _read_quickly, dotted, plain_value, read_document, write_document
from tierslieux.problems import Problem


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


def test_a_file_without_front_matter_or_never_closed_is_refused_with_the_fix():
    assert [str(p) for p in read_document("portraits/x.md", "# Un titre bien plus long que quarante caractères\n")[1]] == [
        "portraits/x.md:1: en-tête: le fichier ne commence pas par un en-tête YAML (trouvé : « # Un titre bien plus "
        "long que quarante c » ; attendu : une ligne « --- »). Ajoutez en tête du fichier les champs entre deux "
        "lignes « --- »."
    ]
    assert [str(p) for p in read_document("portraits/x.md", "---\nname: A\n")[1]] == [
        "portraits/x.md:1: en-tête: l'en-tête YAML n'est jamais fermé (trouvé : aucune seconde ligne « --- » ; "
        "attendu : une ligne « --- » après le dernier champ). Ajoutez-la avant le texte du portrait."
    ]


def test_dashes_followed_by_spaces_open_and_close_the_front_matter_and_lone_cr_end_lines():
    document, problems = read_document("portraits/x.md", "--- \nname: A\n---  \nCorps\n")
    assert (problems, document.data, document.body) == ([], {"name": "A"}, "Corps\n")
    document, problems = read_document("portraits/x.md", "---\rname: A\r---\rCorps\r")
    assert (problems, document.data, document.body) == ([], {"name": "A"}, "Corps\n")


CONTROL = ("caractère de contrôle refusé (trouvé : U+001B{} ; attendu : du texte, des tabulations et des retours à la "
           "ligne). Supprimez-le : il vient souvent d'un copier-coller ; au besoin, retapez le texte autour.")


@pytest.mark.parametrize(("text", "line", "field", "where"), [
    ("Titre\x1b\n---\ntexte\n", 1, "texte", ", colonne 6"),  # no front matter: the whole file is text
    ("\x1bTitre\n", 1, "texte", ", colonne 1"),
    ("---\n\x1b\nname: A\n---\n", 2, "en-tête", ", colonne 1"),  # above every key
    ('---\nname: "A\\e"\n---\n', 2, "name", ""),  # written by a YAML escape
    ('---\nname: A\ntrainings:\n  - title: "\\x1b"\n---\n', 4, "trainings[0].title", ""),
])
def test_a_control_character_is_located_in_the_file_or_in_the_value_an_escape_wrote(text, line, field, where):
    assert read_document("portraits/x.md", text) == (None, [Problem("portraits/x.md", line, field,
                                                                      CONTROL.format(where))])


def test_lines_of_keys_values_items_and_the_whole_front_matter():
    document, _ = read_document("portraits/x.md", "---\nname: A\ntrainings:\n  - title: B\n  - title: C\n---\n")
    assert [document.line_of(location) for location in [(), ("trainings",), ("trainings", 1)]] == [1, 3, 5]


@pytest.mark.parametrize(("text", "found"), [("---\n---\n", "rien"), ("---\nbonjour\n---\n", "le texte « bonjour »"),
                                             ("---\n- a\n---\n", "une liste")])
def test_a_front_matter_without_fields_says_what_it_holds(text, found):
    assert [str(p) for p in read_document("portraits/x.md", text)[1]] == [
        f"portraits/x.md:1: en-tête: l'en-tête ne contient pas de champs (trouvé : {found} ; attendu : des lignes "
        "« clé: valeur »). Écrivez un champ par ligne, par exemple « name: Mon lieu »."
    ]


def test_the_careful_reading_builds_the_data_the_quick_one_leaves_to_it():
    document, problems = read_document("portraits/x.md", "---\n<<: {name: A}\nzone: B\n---\n")
    assert (problems, document.data) == ([], {"name": "A", "zone": "B"})


NESTING = ("imbrication trop profonde (trouvé : plus de 20 niveaux de listes ou de champs les uns dans les autres ; "
           "attendu : 20 au plus). Une fiche n'en demande que trois ou quatre : simplifiez cette valeur, ou écrivez-la "
           "comme un texte entre guillemets.")


@pytest.mark.parametrize(("value", "line", "field"), [
    ("[" * 20 + "]" * 20, 2, "x[0]"), ("{a: " * 20 + "1" + "}" * 20, 2, "x.a"), ("\n  " + "- " * 20 + "a", 3, "x[0]"),
])
def test_twenty_levels_inside_a_field_are_too_deep_however_written(value, line, field):
    assert read_document("portraits/x.md", f"---\nx: {value}\n---\n") == (
        None, [Problem("portraits/x.md", line, field, NESTING)])


@pytest.mark.parametrize("value", ["[" * 19 + "]" * 19, "{a: " * 19 + "1" + "}" * 19, "\n  " + "- " * 19 + "a"])
def test_nineteen_levels_inside_a_field_are_read(value):
    document, problems = read_document("portraits/x.md", f"---\nx: {value}\n---\n")
    assert problems == [] and document.data["x"] is not None


def test_long_anchors_aliases_and_tags_are_shown_by_their_first_40_characters():
    name = "a" * 50
    _, problems = read_document("portraits/x.md", f"---\nx: &{name} 1\ny: *{name}\nz: !{name} 2\n---\n")
    shown = "a" * 40  # the name; a tag's 40 characters include its « ! »
    assert [problem.message for problem in problems] == [
        f"ancre YAML refusée (trouvé : « &{shown} » ; attendu : une valeur sans ancre). Supprimez « &{shown} », et "
        "écrivez la valeur en entier partout où elle sert.",
        f"renvoi YAML refusé (trouvé : « *{shown} » ; attendu : la valeur écrite en entier). Remplacez « *{shown} » "
        "par la valeur elle-même : les ancres et les renvois n'ont pas leur place dans un en-tête.",
        f"étiquette YAML refusée (trouvé : « !{'a' * 39} » ; attendu : une valeur sans étiquette). Supprimez "
        f"« !{'a' * 39} » ; si la valeur elle-même commence par « ! », mettez-la entre guillemets.",
    ]


def test_written_front_matter_keeps_the_order_the_accents_long_lines_and_indented_lists():
    assert write_document({"zone": "é", "name": "x" * 100, "trainings": [{"title": "B"}], "themes": ["a"]},
                          "  Corps  ") == (
        f"---\nzone: é\nname: {'x' * 100}\ntrainings:\n  - title: B\nthemes:\n  - a\n---\n\nCorps\n")
    assert write_document({"name": "A"}, "  \n") == "---\nname: A\n---\n"


def test_a_syntax_error_without_a_french_account_is_quoted_with_its_context():
    assert [str(p) for p in read_document("portraits/x.md", "---\na: b\nnom\nx: 1\n---\n")[1]] == [
        "portraits/x.md:4: en-tête: erreur de syntaxe YAML (trouvé : while scanning a simple key ; could not find "
        "expected ':' ; attendu : des lignes « clé: valeur » bien indentées). Vérifiez cette ligne et la précédente : "
        "deux-points suivi d'une espace, indentation par espaces, guillemets fermés ; mettez entre guillemets un texte "
        "qui contient « : » ou « # »."
    ]


@pytest.mark.parametrize(("text", "places"), [
    ("? [a]\n: !lieu v\n", [(3, "?")]),  # under a key that is a list
    ("x: &a k\n*a : !t v\n", [(2, "x"), (3, "en-tête"), (3, "?")]),  # under a key that is an alias
    ("x:\n  - a\n  - b\n  - !t c\n", [(5, "x[2]")]),
])
def test_refused_constructs_are_named_by_their_place_under_any_key(text, places):
    assert [(p.line, p.field) for p in read_document("portraits/x.md", f"---\n{text}---\n")[1]] == places


DUPLICATE = ("clé en double (trouvé : « {} » déjà écrit ligne {} ; attendu : une seule fois). YAML ne garderait que la "
             "dernière valeur : supprimez ou fusionnez l'une des deux.")


def test_every_duplicate_key_is_reported_with_the_line_of_its_first_writing():
    text = "---\nname: A\nname: B\nzone: C\nzone: D\ntrainings:\n  - t: 1\n    t: 2\n  - t: 3\nz: 1\n---\n"
    assert read_document("portraits/x.md", text) == (None, [
        Problem("portraits/x.md", 3, "name", DUPLICATE.format("name", 2)),
        Problem("portraits/x.md", 5, "zone", DUPLICATE.format("zone", 4)),
        Problem("portraits/x.md", 8, "trainings[0].t", DUPLICATE.format("t", 7)),
    ])


def test_keys_that_are_lists_are_a_syntax_problem_not_duplicates_nor_a_crash():
    assert [p.message.split(" ; attendu")[0] for p in read_document(
        "portraits/x.md", "---\n? [a]\n: 1\n? [b]\n: 2\n---\n")[1]] == [
        "erreur de syntaxe YAML (trouvé : while constructing a mapping ; found unhashable key"]


def test_a_front_matter_nested_too_deep_from_its_first_line_is_refused():
    assert read_document("portraits/x.md", "---\n" + "- " * 21 + "a\n---\n") == (
        None, [Problem("portraits/x.md", 2, "[0][0]", NESTING)])


def test_long_values_are_written_on_one_line():
    assert write_document({"summary": "mot " * 30}, "") == f"---\nsummary: '{'mot ' * 30}'\n---\n"


@pytest.mark.parametrize("separators", [2, 3])
def test_a_syntax_error_past_line_separators_that_yaml_counts_as_lines_is_still_a_message(separators):
    # libyaml counts U+2028 as a line break, Python's split("\n") does not: the error's row is at or past the lines
    text = "---\na: b" + "\u2028" * separators + "c: `x\n---\n"
    assert [str(p) for p in read_document("portraits/x.md", text)[1]] == [
        f"portraits/x.md:{2 + separators}: en-tête: erreur de syntaxe YAML (trouvé : while scanning for the next token ; found "
        "character that cannot start any token ; attendu : des lignes « clé: valeur » bien indentées). Vérifiez cette "
        "ligne et la précédente : deux-points suivi d'une espace, indentation par espaces, guillemets fermés ; mettez "
        "entre guillemets un texte qui contient « : » ou « # »."
    ]
