from tierslieux.frontmatter import dotted, read_document


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
    assert [(p.line, p.field) for p in problems] == [(2, "en-tête")]


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
