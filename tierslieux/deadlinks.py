"""``make liens``: is every place's website, and every training's link, still alive?

Each address is asked once (HEAD, then GET when HEAD is refused), by a bounded pool of threads with a limit per
host, an overall deadline per address, a User-Agent that says who asks, and no cookies. tierslieux/http_probe.py
asks: it reads the head of an answer only, and never asks a loopback, private or link-local address, checked
after name resolution and on every redirect (``LIENS_LOCAL=oui``, for the tests only, allows 127.0.0.1). Redirects
are followed one by one; a permanent one is reported with its target, so that the portrait can be updated. Each
dead or moved link becomes a ``Problem`` on the line of the portrait that holds it. Never run by the pull request
check: the weekly workflow ``.github/workflows/liens.yml`` runs it and keeps one issue up to date with its report.
"""

from __future__ import annotations

import argparse
import http.client
import os
import ssl
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from tierslieux.content import Content, load_content
from tierslieux.files import read_file
from tierslieux.frontmatter import Location, dotted, read_document
from tierslieux.http_probe import (
    HEAD_BYTES,
    HeadTooLong,
    InvalidAddress,
    RefusedAddress,
    Resolver,
    ask,
    normalise,
    resolve_name,
)
from tierslieux.problems import ContentError, Problem, echo, format_plain

USER_AGENT = "tiers-lieux-formation-liens/1.0 (verification hebdomadaire des liens des portraits)"
POOL = 8  # requests at once, all hosts together
PER_HOST = 2  # requests at once to one host: a small site is never hammered
TIMEOUT = 15.0  # seconds for one address, from the name's resolution to the last redirect's headers
PERMANENT = (301, 308)
REDIRECTS = (301, 302, 303, 307, 308)
MOST_REDIRECTS = 10
REFUSED = "adresse refusée"


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


def check_links(links: list[Link], *, timeout: float = TIMEOUT, pool: int = POOL, per_host: int = PER_HOST,
                local: bool = False, resolve: Resolver = resolve_name) -> dict[str, Outcome]:
    """The outcome of each distinct address; hosts take turns, so that a pool thread seldom waits for its host.
    ``local`` allows 127.0.0.1 (LIENS_LOCAL=oui); ``resolve`` turns a name into addresses (patched in tests)."""
    urls = list(dict.fromkeys(link.url for link in links))
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        by_host[_host(url)].append(url)
    turns = [url for turn in zip_longest(*by_host.values()) for url in turn if url is not None]
    limits = {host: threading.Semaphore(per_host) for host in by_host}

    def ask_one(url: str) -> Outcome:
        with limits[_host(url)]:
            return fetch(url, timeout, local=local, resolve=resolve)

    with ThreadPoolExecutor(max_workers=pool) as executor:
        return dict(zip(turns, executor.map(ask_one, turns), strict=True))


def _host(url: str) -> str:
    """The host and port that the per-host limit counts; a malformed address is its own host, and fails alone."""
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return url


def fetch(url: str, timeout: float, *, local: bool = False, resolve: Resolver = resolve_name) -> Outcome:
    """HEAD, then GET if HEAD is refused (many servers answer it 403, 404 or 405); redirects followed one by one,
    all within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    try:
        return _follow(url, deadline, local, resolve)
    except RefusedAddress:
        return Outcome(error=REFUSED)
    except ssl.SSLError:  # before ValueError and OSError: a certificate error is both
        return Outcome(error="la connexion sécurisée (TLS) a échoué : certificat invalide ou protocole refusé")
    except TimeoutError:
        return Outcome(error=f"pas de réponse en {timeout:g} secondes".replace(".", ","))  # 0,5 in French
    except InvalidAddress:  # also a redirect to a malformed or non-web address (ftp:, mailto:…)
        return Outcome(error="adresse invalide, ou redirection vers une adresse qui n'est pas une page web")
    except HeadTooLong:
        return Outcome(error=f"en-têtes de réponse trop longs (plus de {HEAD_BYTES // 1024} Kio)")
    except http.client.HTTPException:
        return Outcome(error="le serveur ne répond pas en HTTP")
    except OSError:
        return Outcome(error="connexion impossible : le nom de domaine n'existe plus, ou le serveur ne répond pas")


def _follow(url: str, deadline: float, local: bool, resolve: Resolver) -> Outcome:
    permanent = False
    for hop in range(MOST_REDIRECTS + 1):
        answer = ask("HEAD", url, deadline, user_agent=USER_AGENT, local=local, resolve=resolve)
        if answer.status >= 400:
            answer = ask("GET", url, deadline, user_agent=USER_AGENT, local=local, resolve=resolve)
        if answer.status not in REDIRECTS or answer.location is None:
            return Outcome(status=answer.status, moved_to=normalise(url) if permanent else None)
        permanent = permanent or (hop == 0 and answer.status in PERMANENT)
        url = urljoin(url, answer.location)
    return Outcome(error="trop de redirections (une boucle ?)")


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
    if outcome.error == REFUSED:  # nothing else is told about such an address: the report is public
        return (f"{REFUSED} : le lien, ou une de ses redirections, mène à une adresse locale, privée ou réservée, "
                f"que make liens ne demande jamais (trouvé : {url} ; attendu : l'adresse d'un site public). "
                "Remplacez-la par l'adresse publique du site.")
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
    parser.add_argument("--delai", type=float, default=TIMEOUT, help="secondes accordées à chaque adresse")
    args = parser.parse_args(argv)
    local = os.environ.get("LIENS_LOCAL", "")
    if local not in ("", "oui"):
        echo(f"LIENS_LOCAL : valeur inconnue (trouvé : « {local} » ; attendu : oui, pour les tests seulement, ou "
             "rien). Retirez LIENS_LOCAL.", file=sys.stderr)
        return 2
    try:
        content = load_content(args.root)
    except ContentError as error:
        echo(format_plain(error.problems), file=sys.stderr)
        return 1
    links = place_links(content)
    outcomes = check_links(links, timeout=args.delai, local=local == "oui")
    problems = link_problems(args.root, links, outcomes)
    for problem in problems:
        echo(str(problem))
    dead = sum(1 for link in links if outcomes[link.url].dead)
    echo(f"{_count(len(links), 'lien vérifié', 'liens vérifiés')} ({_count(len(outcomes), 'adresse', 'adresses')}) : "
         f"{_count(dead, 'mort', 'morts')}, "
         f"{_count(len(problems) - dead, 'redirection permanente', 'redirections permanentes')}.")
    return 1 if dead else 0


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number < 2 else plural}"


if __name__ == "__main__":
    sys.exit(main())
