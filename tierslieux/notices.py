"""Notices: what is valid but not finished, told to whoever runs ``make check`` or builds the site, never to visitors.

A notice is a ``Problem`` that fails nothing: a region without its presentation (its page shows a short sentence
for visitors instead), the example repository address that hides the edit links.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tierslieux.content import Content
from tierslieux.placeholder import placeholder_notices
from tierslieux.problems import Problem

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
    repository = repository_notice(config["repo_url"], _line_of(Path(config["config_file_path"]), "repo_url:"))
    return notices + [repository] if repository else notices


def _line_of(path: Path, start: str) -> int:
    """The number of the first line of ``path`` that starts with ``start``, else 1."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next((number for number, line in enumerate(lines, start=1) if line.startswith(start)), 1)
