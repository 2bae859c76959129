"""OpenStreetMap opening hours shown as a week in French, only when every week of the year is the same."""

from __future__ import annotations

from tierslieux.hours import week_table


def test_a_week_in_french():
    assert week_table("Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00; PH off") == (
        ("Lundi", "9 h – 12 h, 14 h – 18 h 30"), ("Mardi", "9 h – 12 h, 14 h – 18 h 30"),
        ("Mercredi", "9 h – 12 h, 14 h – 18 h 30"), ("Jeudi", "9 h – 12 h, 14 h – 18 h 30"),
        ("Vendredi", "9 h – 12 h, 14 h – 18 h 30"), ("Samedi", "8 h 30 – 12 h"), ("Dimanche", "Fermé"),
    )


def test_comments_open_ends_and_nights():
    assert dict(week_table('Tu 10:00-17:00 "sur rendez-vous"; Fr 20:00-02:00; Mo 10:00-12:00 unknown')) == {
        "Lundi": "10 h – 12 h (à confirmer)", "Mardi": "10 h – 17 h (sur rendez-vous)", "Mercredi": "Fermé",
        "Jeudi": "Fermé", "Vendredi": "20 h – minuit", "Samedi": "0 h – 2 h", "Dimanche": "Fermé",
    }
    assert set(dict(week_table("24/7")).values()) == {"toute la journée"}


def test_hours_that_change_during_the_year_are_not_a_week():
    for text in ("Jan-Jun Mo 10:00-12:00", "week 1-53/2 Mo 09:00-12:00", "2025 Mo 10:00-12:00",
                 "Mo[1] 10:00-12:00", "sunrise-sunset"):
        assert week_table(text) is None, text
