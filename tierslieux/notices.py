"""Notices: what is valid but not finished, told to whoever runs ``make check`` or builds the site, never to visitors.

A notice is a ``Problem`` that fails nothing: a region without its presentation (its page shows a short sentence
for visitors instead), the example repository address that hides the edit links, a commune that the official table
does not know for its postcode (the place then has no INSEE code in the national files).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from tierslieux.communes import commune_code, communes_of
from tierslieux.content import Content
from tierslieux.model import Place
from tierslieux.placeholder import placeholder_notices
from tierslieux.problems import Problem

_COMMUNE_LINE = re.compile(r"^commune[ \t]*:", re.MULTILINE)

PLACEHOLDER_REPOSITORY = "github.com/EXEMPLE/"  # mkdocs.yml's repo_url until the site has its repository


def has_text(body: str) -> bool:
    """Whether a region's Markdown body says anything."""
    return bool(body.strip())


def content_notices(content: Content) -> list[Problem]:
    """One notice per region whose file has no presentation under its front matter."""
    return sorted(
        Problem(region.source, 1, "présentation",
                "pas encore de texte (trouvé : rien sous l'en-tête ; attendu : quelques phrases sur la région). "
                "En attendant, sa page et son livret disent aux visiteurs qu'elle n'a pas encore de présentation ; "
                "écrivez-la sous la ligne « --- » qui ferme l'en-tête.")
        for region in content.regions.values() if not has_text(region.body)
    )


def commune_notices(root: Path, places: Iterable[Place]) -> list[Problem]:
    """A notice for each place with no ``code_insee`` whose commune the official table does not give for its
    postcode."""
    return [Problem(place.source, _commune_line(root / place.source), "commune", _commune_message(place))
            for place in places if place.code_insee is None and commune_code(place.commune, place.postal_code) is None]


def _commune_line(path: Path) -> int:
    text = path.read_text(encoding="utf-8-sig")
    found = _COMMUNE_LINE.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def _commune_message(place: Place) -> str:
    names = communes_of(place.postal_code)
    expected = (f"une commune de ce code postal dans la table officielle : {', '.join(names)}" if names
                else "un code postal que la table officielle des communes connaît")
    return (
        f"commune inconnue pour son code postal (trouvé : « {place.commune} » au {place.postal_code} ; attendu : "
        f"{expected}). Vérifiez l'orthographe de la commune et le code postal, ou ajoutez la ligne code_insee : "
        "sans code INSEE, le lieu en manque dans les fichiers nationaux."
    )


def is_placeholder_repository(repo_url: str | None) -> bool:
    return PLACEHOLDER_REPOSITORY in (repo_url or "")


def repository_notice(repo_url: str | None, line: int) -> Problem | None:
    """A notice while ``repo_url`` is the example address: the edit links would lead nowhere, so they are hidden."""
    if not is_placeholder_repository(repo_url):
        return None
    return Problem("mkdocs.yml", line, "repo_url",
                   f"adresse d'exemple (trouvé : « {repo_url} » ; attendu : l'adresse du dépôt du site sur GitHub). "
                   "Les liens « Modifier cette fiche » sont masqués ; remplacez EXEMPLE par le propriétaire du dépôt.")


def format_notices(notices: list[Problem]) -> str:
    """One notice per line, each marked as such: they fail nothing."""
    return "\n".join(f"Remarque : {notice}" for notice in notices)


def site_notices(content: Content, root: Path, config: Mapping) -> list[Problem]:
    """Every notice of the project in ``root``: its regions without text, its portraits that keep the template's
    example text, and the example repository address in its configuration (mkdocs.yml's settings)."""
    notices = content_notices(content) + placeholder_notices(root, content.places)
    notices += commune_notices(root, content.places)
    repository = repository_notice(config["repo_url"], _line_of(Path(config["config_file_path"]), "repo_url:"))
    return notices + [repository] if repository else notices


def _line_of(path: Path, start: str) -> int:
    """The number of the first line of ``path`` that starts with ``start``, else 1."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next((number for number, line in enumerate(lines, start=1) if line.startswith(start)), 1)
