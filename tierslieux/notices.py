"""Notices: what is valid but not finished, told to whoever runs ``make check`` or builds the site, never to visitors.

A notice is a ``Problem`` that fails nothing: a region without its presentation (its page shows a short sentence
for visitors instead), the example repository address that hides the edit links, the example site address that the
pages keep from visitors, an empty field of the legal pages (which tell visitors it is missing), a commune that the
official table does not know for its postcode (the place then has no INSEE code in the national files).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from tierslieux.communes import commune_code, communes_of
from tierslieux.content import Content
from tierslieux.model import Place
from tierslieux.placeholder import placeholder_notices
from tierslieux.problems import Problem

_COMMUNE_LINE = re.compile(r"^commune[ \t]*:", re.MULTILINE)

PLACEHOLDER_REPOSITORY = "github.com/EXEMPLE/"  # mkdocs.yml's repo_url until the site has its repository
# Names reserved for examples (RFC 2606 and 6761): no site is ever published there, as mkdocs.yml's until set.
EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net", "example")


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


def is_placeholder_site(site_url: str | None) -> bool:
    """Whether ``site_url`` is unset or on a domain reserved for examples, where the site can't be."""
    host = urlsplit(site_url or "").hostname or ""
    return not host or any(host == domain or host.endswith(f".{domain}") for domain in EXAMPLE_DOMAINS)


def public_site_url(site_url: str | None) -> str:
    """The site's address as visitors may be shown it (the embed code, the booklet's cover), or ``""`` while it is an
    example: the pages then leave it out and say so."""
    return "" if is_placeholder_site(site_url) else site_url or ""


def site_notice(site_url: str | None, line: int) -> Problem | None:
    """A notice while ``site_url`` is an example address: the pages keep it from visitors."""
    if not is_placeholder_site(site_url):
        return None
    return Problem("mkdocs.yml", line, "site_url",
                   f"adresse d'exemple (trouvé : « {site_url or ''} » ; attendu : l'adresse où le site est publié). "
                   "Le code pour intégrer les cartes, la couverture des livrets et la déclaration d'accessibilité "
                   "la taisent aux visiteurs ; remplacez-la par l'adresse du site.")


def settings_notices(config_text: str, *, site_url: str | None, repo_url: str | None,
                     missing: list[tuple[str, str]]) -> list[Problem]:
    """The notices about mkdocs.yml (its text given, for the lines): example addresses, and the empty fields of the
    legal pages (``missing``: each one's key and what it holds, from tierslieux.legal.missing_fields)."""
    line = setting_lines(config_text)
    notices = [site_notice(site_url, line("site_url")), repository_notice(repo_url, line("repo_url"))]
    notices += [Problem("mkdocs.yml", line(key), key,
                        f"vide (trouvé : rien ; attendu : {what}). Les pages légales disent aux visiteurs que ce "
                        "renseignement manque ; complétez-le.")
                for key, what in missing]
    return [notice for notice in notices if notice]


def setting_lines(config_text: str) -> Callable[[str], int]:
    """A function giving the line of a setting (``extra.editeur.nom``) in mkdocs.yml, else of its nearest parent,
    else 1. Tags such as ``!ENV`` are kept as they are: only the nodes' places are read."""
    root = yaml.compose(config_text, Loader=yaml.SafeLoader)

    def line(key: str) -> int:
        node, found = root, 1
        for name in key.split("."):
            if not isinstance(node, yaml.MappingNode):
                break
            pair = next(((k, v) for k, v in node.value if k.value == name), None)
            if pair is None:
                break
            found, node = pair[0].start_mark.line + 1, pair[1]
        return found

    return line


def format_notices(notices: list[Problem]) -> str:
    """One notice per line, each marked as such: they fail nothing."""
    return "\n".join(f"Remarque : {notice}" for notice in notices)


def site_notices(content: Content, root: Path, config: Mapping, missing: list[tuple[str, str]]) -> list[Problem]:
    """Every notice of the project in ``root``: its regions without text, its portraits that keep the template's
    example text or name a commune the official table does not know, and its settings (mkdocs.yml's, ``config``):
    example addresses and the legal pages' empty fields (``missing``, from tierslieux.legal.missing_fields)."""
    notices = content_notices(content) + placeholder_notices(root, content.places)
    notices += commune_notices(root, content.places)
    return notices + settings_notices(Path(config["config_file_path"]).read_text(encoding="utf-8"),
                                      site_url=config["site_url"], repo_url=config["repo_url"], missing=missing)
