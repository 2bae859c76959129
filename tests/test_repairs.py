"""What spreadsheets do to values, undone where the intent is certain, each repair said in a user's words."""

from __future__ import annotations

import pytest

from tierslieux.repairs import (
    Repair,
    Unrepairable,
    departement_of,
    email,
    phone,
    postal_code,
    update_date,
    website,
)


@pytest.mark.parametrize(("text", "written"), [
    ("02 99 00 00 00", "02 99 00 00 00"), ("0299000000", "02 99 00 00 00"), ("02.99.00.00.00", "02 99 00 00 00"),
    ("02\u00a099\u00a000\u00a000\u00a000", "02 99 00 00 00"), ("+33 2 99 00 00 00", "02 99 00 00 00"),
    ("+33 (0)2 99 00 00 00", "+33 (0)2 99 00 00 00"), ("0033299000000", "02 99 00 00 00"),
    ("+262 262 00 00 00", "02 62 00 00 00"), ("299000000", "02 99 00 00 00"), ("36 46", "36 46"),
    ("+44 20 7946 0000", "+44 20 7946 0000"),
])
def test_phones_are_written_the_french_way_when_they_are_french(text, written):
    assert phone(text)[0] == written


def test_a_repair_says_what_it_did_and_shows_it():
    assert phone("+33 2 99 00 00 00")[1] == Repair("écrit à la française, par paires de chiffres",
                                                   "+33 2 99 00 00 00 lu comme 02 99 00 00 00")
    assert phone("02 99 00 00 00")[1] is None
    assert postal_code("1000") == ("01000", Repair("zéro initial rétabli (le tableur l'avait effacé)",
                                                   "1000 lu comme 01000"))
    assert postal_code("35 000") == ("35000", None)


@pytest.mark.parametrize(("text", "written"), [
    ("www.exemple.fr", "https://www.exemple.fr"), ("exemple.fr/lieu", "https://exemple.fr/lieu"),
    ("http://exemple.fr", "http://exemple.fr"), ("exemple fr", "exemple fr"), ("facebook", "facebook"),
    ("https://a.example.org http://b.example.org", "https://a.example.org"),
])
def test_websites_get_their_scheme_and_a_cell_of_several_keeps_the_first(text, written):
    assert website(text)[0] == written


@pytest.mark.parametrize(("text", "written"), [
    ("a@example.org", "a@example.org"), ("a@example.org|b@example.org", "a@example.org"),
    ("a@example.org ; b@example.org", "a@example.org"), ("mailto:a@example.org", "a@example.org"),
    ("epn@blanzy71 fr", "epn@blanzy71 fr"),  # a typo, left for the check to tell
])
def test_a_cell_of_several_e_mails_keeps_the_first(text, written):
    assert email(text)[0] == written


@pytest.mark.parametrize(("code", "departement"), [
    ("35000", "35"), ("01000", "01"), ("20000", "2A"), ("20200", "2B"), ("97400", "974"), ("97600", "976"),
    ("98000", None), ("3500", None),
])
def test_the_departement_of_a_postal_code(code, departement):
    assert departement_of(code) == departement


def test_dates_are_read_the_french_way_and_an_excel_serial_number_is_told_as_a_date():
    assert update_date("4/05/2026")[0] == "2026-05-04"
    assert update_date("2026-05-04") == ("2026-05-04", None)
    with pytest.raises(Unrepairable, match=r"^nombre à la place d'une date \(trouvé : 45292, .* le 01/01/2024 ;"):
        update_date("45292")

