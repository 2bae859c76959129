"""The network the site presents, from ``extra.reseau`` in mkdocs.yml: its name, its kind of place, its programme.

Every generated sentence takes these words from here, so that another network makes the site its own by
configuration alone. Read by the MkDocs hook, which hands the network to the pages and to the templates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tierslieux.schema import load_schema

# A front matter field that only means something for a network with a programme (DEFFINOV for the reference site)
# carries this annotation in the schema: without a programme, no page, data file or published schema shows it.
PROGRAMME_KEYWORD = "x-programme"
_TYPOLOGY = re.compile(r"[A-Z][A-Z0-9_]*")  # the typology's codes: TIERS_LIEUX, ASSO, FRANCE_SERVICES…
EXAMPLE = (
    "par exemple :\n  reseau:\n    nom: Fablabs de Bretagne\n    lieu:\n      singulier: fablab\n"
    "      pluriel: fablabs"
)


class NetworkSetupError(ValueError):
    """mkdocs.yml describes the network wrongly; the message says how to fix it, in French."""


@dataclass(frozen=True)
class Programme:
    """A programme that funds the network's places, named on their pages."""

    name: str
    url: str | None = None  # its page, linked where the programme is named


@dataclass(frozen=True)
class Network:
    name: str
    place: str  # the kind of place, singular: « fablab »
    places: str  # and plural: « fablabs »
    programme: Programme | None = None
    typologies: tuple[str, ...] = ()  # its places' kinds in the national standard's typology: « TIERS_LIEUX »


def network_from_config(extra: dict) -> Network:
    """The network of ``extra.reseau`` in mkdocs.yml: ``nom``, ``lieu`` (``singulier``, ``pluriel``), and
    optionally ``programme`` (``nom``, ``url``) and ``typologie``."""
    settings = extra.get("reseau")
    if not isinstance(settings, dict):
        raise NetworkSetupError(
            f"mkdocs.yml : extra.reseau {_found(settings)} ; attendu : le nom du réseau et le genre de ses lieux, "
            f"{EXAMPLE}). Ajoutez ce bloc sous extra:."
        )
    place = settings.get("lieu")
    if not isinstance(place, dict):
        raise NetworkSetupError(
            f"mkdocs.yml : extra.reseau.lieu {_found(place)} ; attendu : le genre de lieu au singulier et au "
            "pluriel, sur deux lignes : singulier: fablab et pluriel: fablabs)."
        )
    _known_keys(settings, "extra.reseau", ("nom", "lieu", "programme", "typologie"))
    _known_keys(place, "extra.reseau.lieu", ("singulier", "pluriel"))
    programme = settings.get("programme")
    return Network(
        name=_text(settings, "nom", "extra.reseau.nom", "le nom du réseau, par exemple Fablabs de Bretagne"),
        place=_text(place, "singulier", "extra.reseau.lieu.singulier",
                    "le genre de lieu au singulier, par exemple fablab"),
        places=_text(place, "pluriel", "extra.reseau.lieu.pluriel",
                     "le genre de lieu au pluriel, par exemple fablabs"),
        programme=None if programme is None else _programme(programme),
        typologies=_typologies(settings.get("typologie")),
    )


def _typologies(value: object) -> tuple[str, ...]:
    """``extra.reseau.typologie``: one code or a list of codes of the typology of the national standard of places
    (``TIERS_LIEUX``), written in the ``typologie`` column of the national file."""
    codes = [value] if isinstance(value, str) else value if isinstance(value, list) else [] if value is None else None
    if codes is None or not all(isinstance(code, str) and _TYPOLOGY.fullmatch(code) for code in codes):
        raise NetworkSetupError(
            f"mkdocs.yml : extra.reseau.typologie invalide (trouvé : {value!r} ; attendu : un code ou une liste de "
            "codes de la typologie des lieux de médiation numérique, en majuscules, par exemple TIERS_LIEUX). "
            "Corrigez-la, ou retirez-la."
        )
    return tuple(codes)


def _programme(settings: object) -> Programme:
    if not isinstance(settings, dict):
        raise NetworkSetupError(
            f"mkdocs.yml : extra.reseau.programme {_found(settings)} ; attendu : nom, et url si le programme a "
            "une page, un par ligne). "
            "Retirez ce bloc si aucun programme ne finance vos lieux."
        )
    _known_keys(settings, "extra.reseau.programme", ("nom", "url"))
    name = _text(settings, "nom", "extra.reseau.programme.nom", "le nom du programme")
    url = settings.get("url")
    if url is not None and not (isinstance(url, str) and re.match(r"https?://\S+$", url)):
        raise NetworkSetupError(
            f"mkdocs.yml : extra.reseau.programme.url invalide (trouvé : {url!r} ; attendu : l'adresse de la page "
            "du programme, qui commence par https://)."
        )
    return Programme(name, url)


def _known_keys(settings: dict, path: str, keys: tuple[str, ...]) -> None:
    """A misspelt key would be silently ignored (a ``programe`` would hide the programme): refuse it."""
    unknown = sorted(str(key) for key in settings if key not in keys)
    if unknown:
        raise NetworkSetupError(
            f"mkdocs.yml : {path}.{unknown[0]} : champ inconnu (trouvé : « {unknown[0]} » ; attendu : un des "
            f"champs {', '.join(keys)}). Corrigez son nom."
        )


def _text(settings: dict, key: str, path: str, expected: str) -> str:
    value = settings.get(key)
    if not isinstance(value, str) or not value.strip():
        raise NetworkSetupError(f"mkdocs.yml : {path} {_found(value)} ; attendu : {expected}).")
    return " ".join(value.split())


def _found(value: object) -> str:
    return "manquant (trouvé : rien" if value is None else f"invalide (trouvé : {value!r}"


def hidden_fields(kind: str, network: Network) -> frozenset[str]:
    """The fields of the ``kind`` schema a site does not show: the programme's, when the network has none."""
    if network.programme is not None:
        return frozenset()
    properties = load_schema(kind)["properties"]
    return frozenset(name for name, prop in properties.items() if prop.get(PROGRAMME_KEYWORD))
