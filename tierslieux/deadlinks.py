"""``make liens``: is every place's website, and every training's link, still alive?

Each address is asked once (HEAD, then GET when HEAD is refused), by a bounded pool of threads with a limit per
host, a timeout, a User-Agent that says who asks, and no cookies. Redirects are followed; a permanent one is
reported with its target, so that the portrait can be updated. Each dead or moved link becomes a ``Problem`` on
the line of the portrait that holds it. Never run by the pull request check: the weekly workflow
``.github/workflows/liens.yml`` runs it and keeps one issue up to date with its report.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import sys
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from urllib.parse import urlsplit

import requests

from tierslieux.content import Content, load_content
from tierslieux.files import read_file
from tierslieux.frontmatter import Location, dotted, read_document
from tierslieux.problems import ContentError, Problem, format_plain

USER_AGENT = "tiers-lieux-formation-liens/1.0 (verification hebdomadaire des liens des portraits)"
POOL = 8  # requests at once, all hosts together
PER_HOST = 2  # requests at once to one host: a small site is never hammered
TIMEOUT = 15.0  # seconds to connect, then between two bytes of the answer
PERMANENT = (301, 308)


@dataclass(frozen=True)
class Link:
    """One address written in a portrait, and where."""

    source: str
    location: Location
    url: str


@dataclass(frozen=True)
class Outcome:
    """What asking for an address gave: a final status, or a network error; and a permanent redirect's target."""

    status: int | None = None
    error: str | None = None
    moved_to: str | None = None

    @property
    def dead(self) -> bool:
        return self.error is not None or self.status is None or self.status >= 400


def place_links(content: Content) -> list[Link]:
    """Every website and training link of every place, in file order."""
    links = []
    for place in content.places:
        if place.website:
            links.append(Link(place.source, ("website",), place.website))
        links += [Link(place.source, ("trainings", index, "url"), training.url)
                  for index, training in enumerate(place.trainings) if training.url]
    return links


def check_links(links: list[Link], *, timeout: float = TIMEOUT, pool: int = POOL,
                per_host: int = PER_HOST) -> dict[str, Outcome]:
    """The outcome of each distinct address; hosts take turns, so that a pool thread seldom waits for its host."""
    urls = list(dict.fromkeys(link.url for link in links))
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        by_host[_host(url)].append(url)
    turns = [url for turn in zip_longest(*by_host.values()) for url in turn if url is not None]
    limits = {host: threading.Semaphore(per_host) for host in by_host}
    local = threading.local()

    def ask(url: str) -> Outcome:
        if not hasattr(local, "session"):
            local.session = _session()
        with limits[_host(url)]:
            return fetch(local.session, url, timeout)

    with ThreadPoolExecutor(max_workers=pool) as executor:
        return dict(zip(turns, executor.map(ask, turns), strict=True))


def _host(url: str) -> str:
    """The host and port that the per-host limit counts; a malformed address is its own host, and fails alone."""
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return url


def _session() -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))  # accepts none
    session.trust_env = False  # no proxy or .netrc credentials from the machine
    return session


def fetch(session: requests.Session, url: str, timeout: float) -> Outcome:
    """HEAD, then GET if HEAD is refused (many servers answer it 403, 404 or 405); redirects followed."""
    try:
        response = session.head(url, allow_redirects=True, timeout=timeout)
        if response.status_code >= 400:
            response.close()
            response = session.get(url, allow_redirects=True, timeout=timeout, stream=True)  # the body is not read
        response.close()
    except requests.exceptions.SSLError:
        return Outcome(error="la connexion sécurisée (TLS) a échoué : certificat invalide ou protocole refusé")
    except requests.exceptions.Timeout:
        return Outcome(error=f"pas de réponse en {timeout:g} secondes".replace(".", ","))  # 0,5 in French
    except (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema, requests.exceptions.MissingSchema,
            ValueError):  # also a redirect to a malformed or non-web address (ftp:, mailto:…)
        return Outcome(error="adresse invalide, ou redirection vers une adresse qui n'est pas une page web")
    except requests.exceptions.TooManyRedirects:
        return Outcome(error="trop de redirections (une boucle ?)")
    except requests.exceptions.ConnectionError:
        return Outcome(error="connexion impossible : le nom de domaine n'existe plus, ou le serveur ne répond pas")
    except requests.exceptions.RequestException as error:
        return Outcome(error=f"requête impossible ({type(error).__name__})")
    first = response.history[0] if response.history else None
    moved = response.url if first is not None and first.status_code in PERMANENT else None
    return Outcome(status=response.status_code, moved_to=moved)


def link_problems(root: Path, links: list[Link], outcomes: dict[str, Outcome]) -> list[Problem]:
    """A problem per dead or permanently moved link, on the line of the portrait that holds it."""
    lines = _lines_of(root, links)
    problems = []
    for link in links:
        message = link_message(link.url, outcomes[link.url])
        if message:
            problems.append(Problem(link.source, lines[link], dotted(link.location), message))
    return sorted(problems)


def link_message(url: str, outcome: Outcome) -> str | None:
    """The French message for one link, or None when it answers without moving."""
    if outcome.error:
        return (f"lien mort : {outcome.error} (trouvé : {url} ; attendu : une adresse qui répond). Vérifiez "
                "l'adresse dans un navigateur, corrigez-la ou retirez-la.")
    if outcome.dead:
        return (f"lien mort : le serveur répond {outcome.status} (trouvé : {url} ; attendu : une page qui répond "
                "200). Cherchez la nouvelle adresse de la page, ou retirez le lien.")
    if outcome.moved_to:
        return (f"redirection permanente (trouvé : {url} ; attendu : l'adresse où elle mène, {outcome.moved_to}). "
                f"Remplacez l'adresse par {outcome.moved_to}.")
    return None


def _lines_of(root: Path, links: list[Link]) -> dict[Link, int]:
    """The file line of each link: the portraits holding one are read again, by the same reader as the check."""
    documents = {}
    for source in dict.fromkeys(link.source for link in links):
        raw, _ = read_file(root / source, source)
        documents[source], _ = read_document(source, raw.decode("utf-8")) if raw is not None else (None, [])
    return {link: documents[link.source].line_of(link.location) if documents[link.source] else 1 for link in links}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make liens", description="Vérifie les liens des portraits.")
    parser.add_argument("root", nargs="?", default=".", type=Path, help="dossier qui contient portraits/ et regions/")
    parser.add_argument("--delai", type=float, default=TIMEOUT, help="secondes d'attente d'une réponse")
    args = parser.parse_args(argv)
    try:
        content = load_content(args.root)
    except ContentError as error:
        print(format_plain(error.problems), file=sys.stderr)
        return 1
    links = place_links(content)
    outcomes = check_links(links, timeout=args.delai)
    problems = link_problems(args.root, links, outcomes)
    for problem in problems:
        print(problem)
    dead = sum(1 for link in links if outcomes[link.url].dead)
    print(f"{_count(len(links), 'lien vérifié', 'liens vérifiés')} ({_count(len(outcomes), 'adresse', 'adresses')}) : "
          f"{_count(dead, 'mort', 'morts')}, "
          f"{_count(len(problems) - dead, 'redirection permanente', 'redirections permanentes')}.")
    return 1 if dead else 0


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number < 2 else plural}"


if __name__ == "__main__":
    sys.exit(main())
