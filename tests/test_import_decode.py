"""``tierslieux.importing.decode``: the encoding whose text reads right, announced; garbled cells given back or refused."""

from __future__ import annotations

import codecs

import pytest

from tierslieux.importing.decode import Undecodable, decoded, mended
from tierslieux.repairs import Unrepairable

TEXT = "Nom;Ville\nCréaTech;Guérande\nTechnopôle;Locminé\nEngagé·e·s;Saint-Lô\n"


@pytest.mark.parametrize(("encoding", "note"), [
    ("utf-8", None),
    ("utf-8-sig", None),
    ("utf-16", "le fichier est enregistré en UTF-16 : il a été lu comme tel"),
    ("cp1252", "le fichier est enregistré en Windows-1252 (l'ancien « CSV » d'Excel), pas en UTF-8 : il a été lu comme "
               "tel (c'est la seule lecture dont les mots n'ont pas de lettre brouillée) ; vérifiez les accents des "
               "fiches"),
    ("mac_roman", "le fichier est enregistré en Mac Roman (le « CSV (Macintosh) » d'Excel pour Mac), pas en UTF-8 : il "
                  "a été lu comme tel (c'est la seule lecture dont les mots n'ont pas de lettre brouillée) ; vérifiez "
                  "les accents des fiches"),
])
def test_each_encoding_of_a_spreadsheet_is_read_and_announced(encoding, note):
    assert decoded(TEXT.encode(encoding)) == (TEXT, note)


def test_inclusive_writing_in_windows_1252_is_not_taken_for_utf_8():
    text = "Nom;Public\nLa Ruche;Engagé·e·s et salarié·e·s\n"  # é· are the bytes E9 B7: a UTF-8 lead and follower
    assert decoded(text.encode("cp1252"))[0] == text


def test_a_stray_byte_is_told_at_its_character_counted_after_the_byte_order_mark():
    raw = codecs.BOM_UTF8 + "Nom;Ville\nÉlan;Rennes\n".encode() + b"L\x92Atelier;Brest\n"
    with pytest.raises(Undecodable) as caught:
        decoded(raw)
    assert caught.value.line == 3
    assert str(caught.value).startswith("caractère illisible (trouvé : l'octet 0x92, au 2e caractère de la ligne")
    with pytest.raises(Undecodable) as caught:
        decoded(codecs.BOM_UTF8 + "Élan\x92".encode("utf-8", "surrogateescape").replace(b"\xc2\x92", b"\x92"))
    assert (caught.value.line, str(caught.value).split(",")[1]) == (1, " au 5e caractère de la ligne")


def test_utf_16_without_its_mark_is_named():
    with pytest.raises(Undecodable, match=r"^fichier en UTF-16 sans marque d'ordre des octets \(trouvé : un octet nul"):
        decoded("Nom;Ville\nÉlan;Rennes\n".encode("utf-16-le"))


@pytest.mark.parametrize(("cell", "letters"), [
    ("LocminÃ©", "Locminé"), ("PAPIfab â€“ atelier", "PAPIfab – atelier"), ("Lâ€™atelier", "L’atelier"),
    ("CrŽaTech", "CréaTech"), ("Technop™le", "Technopôle"), ("GuŽrande", "Guérande"),
])
def test_garbled_letters_in_a_cell_are_given_back_quoting_before_and_after(cell, letters):
    text, repair = mended(cell)
    assert (text, repair.example, repair.each) == (letters, f"« {cell} » lu comme « {letters} »", True)


@pytest.mark.parametrize("cell", [
    "Engagé·e·s", "L’atelier « Fab » — ouvert du lundi au vendredi…", "Tiers-lieu / Coworking / FabLab",
    "TECHNOPÔLE", "Œuvre, cœur", "N° 3, 9h–18h • café", "Côte d’Azur", "Ça 😀 →",
])
def test_french_typography_and_inclusive_writing_are_left_alone(cell):
    assert mended(cell) == (cell, None)


def test_a_cell_that_cannot_be_given_back_is_refused():
    with pytest.raises(Unrepairable) as caught:
        mended("CrÈaTech")
    assert str(caught.value) == (
        "lettres brouillées (trouvé : « CrÈaTech », la trace d'un texte converti d'un encodage à l'autre ; attendu : "
        "le texte avec ses lettres). Retapez le texte de la cellule, ou repartez du fichier d'origine.")
    with pytest.raises(Unrepairable, match="^accents perdus avant l'import"):
        mended("\ufffdlan")


def test_a_file_with_one_odd_word_is_read_in_its_best_encoding_and_the_word_is_told_at_its_cell():
    text, note = decoded("Nom;Ville\nMcÉlan;Guérande\nTechnopôle;Locminé\n".encode("cp1252"))
    assert text == "Nom;Ville\nMcÉlan;Guérande\nTechnopôle;Locminé\n"
    assert note == ("le fichier est enregistré en Windows-1252 (l'ancien « CSV » d'Excel), pas en UTF-8 : il a été lu "
                    "comme tel (c'est la lecture dont le moins de mots ont des lettres brouillées ; ceux-là sont "
                    "signalés à leur cellule) ; vérifiez les accents des fiches")


def test_a_file_whose_readings_tie_is_refused_showing_each_reading():
    with pytest.raises(Undecodable) as caught:
        decoded("Nom\nxÉb étés\n".encode("cp1252"))
    assert (caught.value.line, str(caught.value)) == (2, (
        "encodage incertain (trouvé : « xÉb » en Windows-1252, « ÈtÈs » en Mac Roman ; attendu : un fichier dont les "
        "lettres se lisent). Ouvrez le fichier dans le tableur qui l'a produit et enregistrez-le au format "
        "« CSV UTF-8 »."))
