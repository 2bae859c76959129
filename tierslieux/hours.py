"""Opening hours in OpenStreetMap's ``opening_hours`` syntax (``horaires_osm``): checked by opening-hours-py, the
maintained parser of the Rust library opening-hours-rs, and shown on a portrait as a week table in French.

Called by ``content.py`` (the check, through ``registries.py``) and by the portrait template (``week_table``). A week
is shown only when the hours are the same in six reference weeks spread over two years: hours that change with the
season, the year, the week number, the week of the month or the sun are shown as written instead, never as a week
they would misdescribe.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import cache

from opening_hours import OpeningHours, ParserError, State

DAYS = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche")
# Mondays of six weeks over two years: every season, odd and even week numbers, first and second weeks of a month.
# No country is given to the parser, so no public holiday applies.
_REFERENCE_MONDAYS = (date(2025, 1, 13), date(2025, 7, 14), date(2025, 9, 1), date(2026, 4, 13), date(2026, 6, 1),
                      date(2026, 10, 12))
# Times of the sun: the parser would place them by a default position, a guess for a place it does not know.
_SUN_EVENTS = re.compile(r"sunrise|sunset|dawn|dusk", re.IGNORECASE)
_POSITION = re.compile(r"--> \d+:(\d+)")
YOHOURS = "https://projets.pavie.info/yohours/"


def hours_error(text: str) -> str | None:
    """None when ``text`` parses as OpenStreetMap opening hours, else the French message of a Problem."""
    try:
        OpeningHours(text)
    except ParserError as error:
        position = _POSITION.search(str(error))
        where = f"l'erreur est vers le caractère {position[1]}" if position else "l'expression est incomplète"
        return (
            f"horaires illisibles au format OpenStreetMap (trouvé : \"{text}\", {where} ; attendu : des règles "
            "comme « Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00 », jours Mo Tu We Th Fr Sa Su, heures sur 24 h). "
            f"Corrigez-les, par exemple avec {YOHOURS}, ou écrivez-les en toutes lettres dans opening_hours."
        )
    return None


@cache
def week_table(text: str) -> tuple[tuple[str, str], ...] | None:
    """Each day of the week with its hours in French (« 9 h – 12 h, 14 h – 18 h 30 », « Fermé »), or None when the
    hours differ from one week of the year to another."""
    if _SUN_EVENTS.search(text):
        return None
    hours = OpeningHours(text)
    weeks = {_week(hours, monday) for monday in _REFERENCE_MONDAYS}
    return next(iter(weeks)) if len(weeks) == 1 else None


def _week(hours: OpeningHours, monday: date) -> tuple[tuple[str, str], ...]:
    return tuple((name, _day(hours, monday + timedelta(days=offset))) for offset, name in enumerate(DAYS))


def _day(hours: OpeningHours, day: date) -> str:
    start = datetime.combine(day, time())
    end = start + timedelta(days=1)
    spans = []
    for begin, finish, state, comment in hours.intervals(start, end):
        if state == State.CLOSED and not comment:
            continue
        span = _span(max(begin, start), min(finish or end, end), start)
        notes = [note for note in (comment, "à confirmer" if state == State.UNKNOWN else "",
                                   "fermé" if state == State.CLOSED else "") if note]
        spans.append(f"{span} ({', '.join(notes)})" if notes else span)
    return ", ".join(spans) or "Fermé"


def _span(begin: datetime, finish: datetime, midnight: datetime) -> str:
    if finish - begin == timedelta(days=1):
        return "toute la journée"
    return f"{_clock(begin - midnight)} – {_clock(finish - midnight)}"


def _clock(since_midnight: timedelta) -> str:
    """« 9 h », « 18 h 30 », « minuit » at the end of the day."""
    minutes = int(since_midnight.total_seconds()) // 60
    if minutes == 24 * 60:
        return "minuit"
    hour, minute = divmod(minutes, 60)
    return f"{hour} h {minute:02d}" if minute else f"{hour} h"
