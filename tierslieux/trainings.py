"""Every training of every place: anchors on portraits, region lists, and the catalogue's data file.

Called by ``pages.py`` (the catalogue page and each region's list) and by the MkDocs hook (``data/formations.json``,
which ``docs/javascripts/formations.js`` filters in the browser).

``data/formations.json`` holds, to stay compact at 10,000 trainings, indexes into small tables::

    {"regions": [{"id", "name"}], "themes": [{"id", "label"}], "modalities": ["présentiel", …],
     "places": [[slug, name, commune, region index, [theme indexes], département « Finistère (29) »]],
     "trainings": [[place index, number on its portrait, title, kind, modality index or null, duration,
                    certification, audience, 1 when certifying else 0]]}

Missing texts are empty strings. Trainings come region by region in French order, then place by place.
"""

from __future__ import annotations

from dataclasses import dataclass

from tierslieux.content import Content
from tierslieux.departements import departement_label
from tierslieux.model import Place, Region, Training, french_sort_key
from tierslieux.schema import load_schema, theme_labels

CATALOGUE_DATA = "data/formations.json"
FRANCE_COMPETENCES = "https://www.francecompetences.fr/recherche"  # its registers' public pages: /rncp/<n>/, /rs/<n>/
MODALITIES: tuple[str, ...] = tuple(load_schema("portrait")["$defs"]["training"]["properties"]["modality"]["enum"])


def training_anchor(number: int) -> str:
    """The id of a portrait's ``number``-th training (from 1): its place in the front matter's list."""
    return f"formation-{number}"


# The definition below, for visitors: the catalogue, « Chiffres » and « Données ouvertes » say it in these words.
CERTIFYING_DEFINITION = (
    "Une formation est certifiante quand son type est « certifiante » ou qu'elle prépare une certification "
    "enregistrée par France Compétences (code RNCP ou RS) ; une attestation de formation n'est pas une certification."
)


def is_certifying(training: Training) -> bool:
    """The one definition of a certifying training: its kind is « certifiante », or it names a certification
    registered at France Compétences (``rncp`` or ``rs``). The text of ``certification`` does not count: it may
    name an attestation, which certifies nothing."""
    return bool(training.rncp or training.rs) or french_sort_key(training.kind or "")[0].startswith("certifiant")


def certification_links(training: Training) -> tuple[tuple[str, str], ...]:
    """The training's registered certifications and their public pages at France Compétences: (« RNCP37674 »,
    https://www.francecompetences.fr/recherche/rncp/37674/)."""
    return tuple((code, f"{FRANCE_COMPETENCES}/{prefix.lower()}/{code.removeprefix(prefix)}/")
                 for prefix, code in (("RNCP", training.rncp), ("RS", training.rs)) if code)


@dataclass(frozen=True)
class TrainingEntry:
    """One training as listed outside its portrait: with its place and its anchor there."""

    place: Place
    training: Training
    number: int

    @property
    def anchor(self) -> str:
        return training_anchor(self.number)

    @property
    def url(self) -> str:
        return f"{self.place.url}#{self.anchor}"

    @property
    def certifying(self) -> bool:
        return is_certifying(self.training)


def trainings_of(places: list[Place]) -> list[TrainingEntry]:
    """The trainings of ``places``, place by place in the given order, each in its portrait's order."""
    return [
        TrainingEntry(place, training, number)
        for place in places
        for number, training in enumerate(place.trainings, start=1)
    ]


def regions_with_trainings(content: Content) -> list[tuple[Region, int]]:
    """Every region in French order with its number of trainings."""
    by_region = content.places_by_region()
    return [(region, sum(len(place.trainings) for place in by_region[region.slug]))
            for region in content.regions_by_name()]


def catalogue_data(content: Content) -> dict:
    """The data of ``/formations/``, as described in the module docstring."""
    regions = content.regions_by_name()
    themes = theme_labels()
    region_index = {region.slug: index for index, region in enumerate(regions)}
    theme_index = {theme: index for index, theme in enumerate(themes)}
    modality_index = {modality: index for index, modality in enumerate(MODALITIES)}
    by_region = content.places_by_region()
    places = [place for region in regions for place in by_region[region.slug]]
    place_index = {place.slug: index for index, place in enumerate(places)}
    return {
        "regions": [{"id": region.slug, "name": region.name} for region in regions],
        "themes": [{"id": theme, "label": label} for theme, label in themes.items()],
        "modalities": list(MODALITIES),
        "places": [[place.slug, place.name, place.commune, region_index[place.region],
                    [theme_index[theme] for theme in place.themes], departement_label(place)] for place in places],
        "trainings": [_row(entry, place_index, modality_index) for entry in trainings_of(places)],
    }


def _row(entry: TrainingEntry, place_index: dict[str, int], modality_index: dict[str, int]) -> list:
    training = entry.training
    return [
        place_index[entry.place.slug], entry.number, training.title, training.kind or "",
        modality_index.get(training.modality), training.duration or "", training.certification or "",
        training.audience or "", int(entry.certifying),
    ]
