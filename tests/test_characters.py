"""Characters a contributor's text may not hold, located in a file or in values, and the keys of look-alike names."""

from __future__ import annotations

import pytest

from tierslieux.characters import (
    commune_key,
    describe,
    invisible_in_name,
    invisible_message,
    name_key,
    refused_in_file,
    refused_in_values,
    refused_message,
)
from tierslieux.problems import Problem

CONTROL = ("caractère de contrôle refusé (trouvé : {} ; attendu : du texte, des tabulations et des retours à la ligne). "
           "Supprimez-le : il vient souvent d'un copier-coller ; au besoin, retapez le texte autour.")
BIDI = ("caractère de sens d'écriture refusé (trouvé : {} ; attendu : du texte sans caractère qui change le sens de "
        "lecture). Supprimez-le : il fait lire le texte autrement qu'il n'est écrit.")
PORTRAIT = '---\nname: Lieu\naddress:\n  street: "1 rue{}"\ncity: Brest\n---\nLe texte{}\n'


@pytest.mark.parametrize(("in_header", "in_body", "expected"), [
    ("\x1b", "", Problem("p.md", 4, "address", CONTROL.format("U+001B, colonne 17"))),  # a nested key: its parent
    ("", "\u202e", Problem("p.md", 7, "texte", BIDI.format("U+202E (RIGHT-TO-LEFT OVERRIDE), colonne 9"))),
    ("\x1b", "\x7f", Problem("p.md", 4, "address", CONTROL.format("U+001B, colonne 17"))),  # the first one only
])
def test_the_first_refused_character_of_a_file_is_located_with_its_field(in_header, in_body, expected):
    text = PORTRAIT.format(in_header, in_body)
    assert refused_in_file("p.md", text, text.index("Le texte"), "entête") == [expected]


def test_a_file_without_refused_character_has_no_problem():
    text = PORTRAIT.format("\t", "\u00e9")
    assert refused_in_file("p.md", text, text.index("Le texte"), "entête") == []


@pytest.mark.parametrize(("text", "body_start", "expected"), [
    ("\x00---\nname: x\n", 99, Problem("p.md", 1, "entête", CONTROL.format("U+0000, colonne 1"))),  # above any key
    ("---\nname: x\x85", 99, Problem("p.md", 2, "name", CONTROL.format("U+0085, colonne 8"))),  # last line, no \n
    ("---\nname: x\n\x9f", 12, Problem("p.md", 3, "texte", CONTROL.format("U+009F, colonne 1"))),  # where body starts
    ("---\nname: x\n\x9f", 13, Problem("p.md", 3, "name", CONTROL.format("U+009F, colonne 1"))),
    ("---\nname: x\nlist:\n- a\x08\ncity: y\n", 99, Problem("p.md", 4, "list", CONTROL.format("U+0008, colonne 4"))),
])
def test_a_refused_character_is_named_by_the_key_on_its_line_or_above(text, body_start, expected):
    assert refused_in_file("p.md", text, body_start, "entête") == [expected]


def test_refused_characters_of_values_and_keys_are_found_with_their_location():
    data = {"a": ["ok", "x\x85y"], "b\u2066": "v", "c": {"d": "\x00"}, "n": 3, "e": None}
    assert list(refused_in_values(data)) == [
        (("a", 1), "\x85"), (("b\u2066",), "\u2066"), (("c", "d"), "\x00"),
    ]
    assert list(refused_in_values(["\ufffe"], ("x",))) == [(("x", 0), "\ufffe")]
    assert list(refused_in_values({"a": "\t\n"})) == []


@pytest.mark.parametrize(("char", "where", "expected"), [
    ("\x1b", "", CONTROL.format("U+001B")),
    ("\x1b", "colonne 3", CONTROL.format("U+001B, colonne 3")),
    ("\u202a", "", BIDI.format("U+202A (LEFT-TO-RIGHT EMBEDDING)")),
    ("\u2069", "colonne 2", BIDI.format("U+2069 (POP DIRECTIONAL ISOLATE), colonne 2")),
])
def test_the_message_says_what_kind_of_character_is_refused(char, where, expected):
    assert refused_message(char, where) == expected


def test_the_message_of_a_control_character_needs_no_location():
    assert refused_message("\x07") == CONTROL.format("U+0007")


@pytest.mark.parametrize(("name", "found"), [
    ("Tiers\u200blieu", "\u200b"),  # zero-width space (format)
    ("Tiers-lieu\u00ad", "\u00ad"),  # soft hyphen (format)
    ("Lieu\ue000", "\ue000"),  # private use
    ("Lieu\u0378", "\u0378"),  # unassigned
    ("Lieu\u2028x", "\u2028"),  # line separator
    ("Lieu\u2029x", "\u2029"),  # paragraph separator
    ("Le\u00a0Lieu\u200d", "\u200d"),  # a no-break space shows; the joiner after it does not
    ("Le Lieu", None),
    ("Le\u00a0Lieu", None),  # not printable for Python, but it shows: a space
])
def test_a_name_may_not_hold_a_character_that_shows_nothing(name, found):
    assert invisible_in_name(name) == found


def test_the_invisible_character_message_names_it_by_its_code_point():
    assert invisible_message("\u200b") == (
        "caractère invisible refusé dans un nom (trouvé : U+200B (ZERO WIDTH SPACE) ; attendu : des lettres, des "
        "chiffres, des espaces et des signes visibles). Supprimez-le : deux noms qui s'affichent pareil doivent "
        "s'écrire pareil."
    )


@pytest.mark.parametrize(("char", "shown"), [
    ("\x1b", "U+001B"), ("\x9f", "U+009F"), ("\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)"), ("é", "U+00E9 (LATIN SMALL "
     "LETTER E WITH ACUTE)"), ("\U0001f600", "U+1F600 (GRINNING FACE)"),
])
def test_a_character_is_described_by_its_code_point_and_name_never_by_itself(char, shown):
    assert describe(char) == shown


@pytest.mark.parametrize(("name", "key"), [
    ("  Le   Tiers-Lieu ", "le tiers-lieu"),
    ("LE TIERS-LIEU", "le tiers-lieu"),
    ("Ｌｅ Ｔｉｅｒｓ", "le tiers"),  # full-width forms
    ("Сafé Ιle", "cafe ile"),  # a Cyrillic С, a Greek Ι
    ("ILE", "ile"),  # upper case first: the skeleton reads a capital I as l
    ("Tiers\u200blieu", "tierslieu"),
])
def test_names_that_look_alike_have_one_key(name, key):
    assert name_key(name) == key


@pytest.mark.parametrize(("commune", "key"), [
    ("CHALON SUR SAÔNE", "chalonsursaone"),
    ("Chalon-sur-Saône", "chalonsursaone"),
    ("St-Lô", "saintlo"),
    ("Saint Lô", "saintlo"),
    ("Ste Anne d'Auray", "sainteannedauray"),
    ("Stella-Plage", "stellaplage"),  # « St » only as a word
])
def test_a_commune_written_several_ways_has_one_key(commune, key):
    assert commune_key(commune) == key


@pytest.mark.parametrize(("text", "expected"), [
    ("\nname: x\x1b\n", Problem("p.md", 2, "name", CONTROL.format("U+001B, colonne 8"))),  # a file's first line empty
    ("name: x\x1b", Problem("p.md", 1, "name", CONTROL.format("U+001B, colonne 8"))),  # a key at the very start
])
def test_lines_columns_and_keys_count_from_the_file_s_first_character(text, expected):
    assert refused_in_file("p.md", text, 99, "entête") == [expected]
