"""Places and regions as read from validated front matter."""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Training:
    title: str
    kind: str | None = None
    audience: str | None = None
    duration: str | None = None
    modality: str | None = None
    certification: str | None = None
    partner: str | None = None
    url: str | None = None
    rncp: str | None = None  # « RNCP37674 »: the certification's number at France Compétences
    rs: str | None = None  # « RS6776 »: the same, in the répertoire spécifique


@dataclass(frozen=True)
class Photo:
    src: str
    alt: str
    credit: str | None = None


MIN_SPAN = 0.01  # degrees: a region's bounds are at least this tall and this wide


@dataclass(frozen=True)
class Region:
    slug: str
    source: str
    name: str
    code: str
    south: float
    west: float
    north: float
    east: float
    body: str = ""
    laureate: bool | None = None

    def contains(self, latitude: float, longitude: float) -> bool:
        return self.south <= latitude <= self.north and self.west <= longitude <= self.east

    @property
    def url(self) -> str:
        return f"regions/{self.slug}/"

    @classmethod
    def from_front_matter(cls, slug: str, source: str, data: dict, body: str) -> Region:
        (south, west), (north, east) = data["bounds"]
        return cls(slug, source, data["name"], data["code"], south, west, north, east, body, data.get("laureate"))


@dataclass(frozen=True)
class Place:
    slug: str
    source: str
    name: str
    region: str
    commune: str
    postal_code: str
    latitude: float
    longitude: float
    summary: str
    address: str | None = None
    departement: str | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    themes: tuple[str, ...] = ()
    trainings: tuple[Training, ...] = ()
    equipment: tuple[str, ...] = ()
    accessibility: str | None = None
    opening_hours: str | None = None
    social: dict[str, str] = field(default_factory=dict)
    photos: tuple[Photo, ...] = ()
    deffinov: str | None = None
    aliases: tuple[str, ...] = ()  # former slugs, each redirected to this place's page
    identifiers: tuple[str, ...] = ()  # the place's identifiers in the lists it was imported from
    geo_precision: str | None = None  # "commune": the coordinates are the town's, not the address's
    code_insee: str | None = None  # as written; communes.place_code_insee derives it when absent
    horaires_osm: str | None = None  # OpenStreetMap's opening_hours syntax, checked by tierslieux.hours
    siret: str | None = None
    rna: str | None = None
    updated: date | None = None
    body: str = ""

    @property
    def url(self) -> str:
        return f"portraits/{self.slug}/"

    @classmethod
    def from_front_matter(cls, slug: str, source: str, data: dict, body: str) -> Place:
        fields = dict(data)
        fields["themes"] = tuple(data.get("themes", ()))
        fields["equipment"] = tuple(data.get("equipment", ()))
        fields["aliases"] = tuple(data.get("aliases", ()))
        fields["identifiers"] = tuple(data.get("identifiers", ()))
        fields["trainings"] = tuple(Training(**item) for item in data.get("trainings", ()))
        fields["photos"] = tuple(Photo(**item) for item in data.get("photos", ()))
        fields["social"] = dict(data.get("social", {}))
        fields["latitude"] = float(data["latitude"])
        fields["longitude"] = float(data["longitude"])
        if "updated" in data:
            fields["updated"] = date.fromisoformat(data["updated"])
        return cls(slug=slug, source=source, body=body, **fields)


@functools.lru_cache(maxsize=65536)  # the same names are sorted again and again: regions, search, exports…
def french_sort_key(text: str) -> tuple[str, str]:
    """Sort key for French names: accents and case are ignored first, so that É sorts with E."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    base = "".join(char for char in folded if not unicodedata.combining(char))
    return base, text


# Every ASCII character but a lower-case letter or a digit, made a space: splitting then gives the words.
_SPACE_BUT_WORDS = str.maketrans({chr(code): " " for code in range(128) if not re.fullmatch("[a-z0-9]", chr(code))})


def folded_words(text: str) -> list[str]:
    """The words of ``text`` in lower case, without accents or ligatures: « L'Œuvre à Vénus » -> l, oeuvre, a, venus."""
    folded = unicodedata.normalize("NFKD", text.casefold().replace("œ", "oe").replace("æ", "ae"))  # casefold: ß -> ss
    return folded.encode("ascii", "ignore").decode().translate(_SPACE_BUT_WORDS).split()  # NFKD's accents: not ASCII


def is_finite_number(value: object) -> bool:
    """A number YAML read as one (not a boolean), neither infinite nor NaN."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
