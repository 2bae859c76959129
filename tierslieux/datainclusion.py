"""``data/data-inclusion/structures.json`` and ``services.json``: the places and their trainings in the schema of
data·inclusion v1 (``data-inclusion-schema``), the national consolidation of the « offre d'insertion », whose schema
is the only national one that describes a training as a service of a place.

One structure per place that has a date (data·inclusion requires ``date_maj``); one service per training of it,
typed ``formation``, with its ``structure_id``, its thématiques mapped from the place's themes by ``THEMATIQUES``
(the one table of that mapping), and the place's OpenStreetMap hours as ``horaires_accueil``. Only keys the models
define are written, and only values the site knows: nothing is invented, an unknown value is left out. A training
title longer than the 150 characters data·inclusion accepts is left out with its service, never cut.

Called by ``opendata.py``; ``tests/test_datainclusion.py`` validates every record with the package's models.
"""

from __future__ import annotations

from datetime import date

from tierslieux.communes import place_code_insee
from tierslieux.content import Content, slugify
from tierslieux.exports import absolute_url
from tierslieux.feed import place_dates
from tierslieux.mediation import national_phone
from tierslieux.model import Place, Training
from tierslieux.network import Network
from tierslieux.trainings import TrainingEntry, certification_links, trainings_of

STRUCTURES = "data/data-inclusion/structures.json"
SERVICES = "data/data-inclusion/services.json"
SCHEMA_VERSION = "1.0.10"  # the data-inclusion-schema package the tests validate with
DATA_INCLUSION_SCHEMAS = "https://raw.githubusercontent.com/gip-inclusion/data-inclusion-schema/main/schemas/v1"
# Our themes -> data·inclusion's thématiques of a training in them; a theme with no close thématique has none.
THEMATIQUES: dict[str, tuple[str, ...]] = {
    "numerique": ("numerique--maitriser-les-fondamentaux-du-numerique",),
    "entrepreneuriat": ("creer-une-entreprise--definir-son-projet-de-creation-dentreprise",
                        "creer-une-entreprise--structurer-son-projet-de-creation-dentreprise"),
    "insertion": ("choisir-un-metier--identifier-ses-points-forts-et-ses-competences",
                  "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite"),
}
MODES_ACCUEIL = {"présentiel": ("en-presentiel",), "distanciel": ("a-distance",),
                 "hybride": ("a-distance", "en-presentiel")}
_SERVICE_NAME = range(3, 151)  # data·inclusion's bounds of a service's ``nom``


def data_inclusion_files(content: Content, commit_dates: dict[str, date], network: Network,
                         site_url: str | None) -> dict[str, list[dict]]:
    """The structures and the services, by path under the site root."""
    source = slugify(network.name)
    dates = place_dates(content, commit_dates)
    places = [place for place in content.places if place.slug in dates]
    where = {place.slug: _where(place) for place in places}  # shared by a structure and its services
    return {
        STRUCTURES: [_structure(place, dates[place.slug], source, site_url, where[place.slug]) for place in places],
        SERVICES: [_service(entry, dates[entry.place.slug], source, site_url, where[entry.place.slug])
                   for entry in trainings_of(places) if len(entry.training.title) in _SERVICE_NAME],
    }


def _without_empty(record: dict) -> dict:
    return {key: value for key, value in record.items() if value not in (None, [], "")}


def _where(place: Place) -> dict:
    """The address, position and contact a structure and its services share."""
    return {
        "commune": place.commune, "code_postal": place.postal_code, "code_insee": place_code_insee(place),
        "adresse": place.address, "longitude": place.longitude, "latitude": place.latitude,
        "telephone": national_phone(place.phone), "courriel": place.email, "horaires_accueil": place.horaires_osm,
    }


def _structure(place: Place, day: date, source: str, site_url: str | None, where: dict) -> dict:
    return _without_empty({
        "source": source,
        "id": f"{source}--{place.slug}",
        "nom": place.name,
        "date_maj": day.isoformat(),
        "description": place.summary,
        "lien_source": absolute_url(site_url, place.url) if site_url else None,
        "siret": place.siret,
        **where,
        "site_web": place.website,
    })


def _service(entry: TrainingEntry, day: date, source: str, site_url: str | None, where: dict) -> dict:
    place, training = entry.place, entry.training
    return _without_empty({
        "source": source,
        "structure_id": f"{source}--{place.slug}",
        "id": f"{source}--{place.slug}--{entry.anchor}",
        "nom": training.title,
        "description": _description(training, place),
        "lien_source": absolute_url(site_url, entry.url) if site_url else None,
        "date_maj": day.isoformat(),
        "type": "formation",
        "thematiques": sorted({thematique for theme in place.themes for thematique in THEMATIQUES.get(theme, ())}),
        "publics_precisions": training.audience,
        **where,
        "modes_accueil": list(MODES_ACCUEIL.get(training.modality, ())),
        "lien_mobilisation": training.url,
    })


def _description(training: Training, place: Place) -> str:
    """What the training's own fields say, in a sentence: data·inclusion requires a description."""
    details = [
        f"formation {training.kind}" if training.kind else "formation",
        f"proposée par {place.name} ({place.commune})",
        f"durée : {training.duration}" if training.duration else None,
        f"modalité : {training.modality}" if training.modality else None,
        f"certification : {training.certification}" if training.certification else None,
        ", ".join(f"certification enregistrée {code}" for code, _ in certification_links(training)) or None,
        f"partenaire : {training.partner}" if training.partner else None,
    ]
    text = ", ".join(part for part in details if part)
    return f"{text[:1].upper()}{text[1:]}."
