"""Loading every region and portrait of a content tree, and the checks that span several files."""

from __future__ import annotations

import functools
import gc
import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tierslieux.body import body_problems
from tierslieux.characters import commune_key, name_key
from tierslieux.document_checks import document_problems
from tierslieux.files import Folder, list_folder, read_file, utf8_text
from tierslieux.frontmatter import Document, dotted, read_document
from tierslieux.model import Place, Region, folded_words, french_sort_key, is_finite_number
from tierslieux.parallel import in_processes
from tierslieux.photos import PHOTO, photo_problems
from tierslieux.problems import ContentError, Problem
from tierslieux.registries import registry_problems
from tierslieux.schema import load_schema, schema_problems

PORTRAITS_DIR = "portraits"
REGIONS_DIR = "regions"
PHOTOS_DIR = f"{PORTRAITS_DIR}/photos"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_SLUG_LENGTH = 120  # a file name far below the 255 bytes file systems allow, whatever a name expands to
REGION_SLUGS = frozenset(load_schema("portrait")["properties"]["region"]["enum"])
# File names the site itself uses in each folder: index.md and README.md are a folder's page, photos/ a folder.
RESERVED_SLUGS = {PORTRAITS_DIR: frozenset({"index", "readme", "photos"}), REGIONS_DIR: frozenset({"index", "readme"})}
_RENAME = {
    PORTRAITS_DIR: "renommez le fichier d'après le nom du lieu, par exemple en ajoutant la commune.",
    REGIONS_DIR: "nommez le fichier d'après sa région, par exemple bretagne.md.",
}


@dataclass(frozen=True)
class Content:
    """All regions by slug and all places sorted by slug."""

    regions: dict[str, Region]
    places: tuple[Place, ...]

    def places_in(self, region: str) -> list[Place]:
        """The places of one region, sorted by name in French order."""
        return self.places_by_region()[region]

    def places_by_region(self) -> dict[str, list[Place]]:
        """The places of each region, sorted by name in French order: lists of their own, for the caller to keep."""
        return {slug: list(places) for slug, places in self._sorted_by_region.items()}

    @functools.cached_property
    def _sorted_by_region(self) -> dict[str, tuple[Place, ...]]:
        """Sorted once per Content: a build asks for them for each kind of page and data file."""
        by_region: dict[str, list[Place]] = {slug: [] for slug in self.regions}
        for place in self.places:
            by_region[place.region].append(place)
        return {slug: tuple(sorted(places, key=lambda place: french_sort_key(place.name)))
                for slug, places in by_region.items()}

    def regions_by_name(self) -> list[Region]:
        """Every region, sorted by name in French order."""
        return sorted(self.regions.values(), key=lambda region: french_sort_key(region.name))


def load_content(root: Path, processes: int = 1) -> Content:
    """Read and check ``regions/`` and ``portraits/`` under ``root``, the portraits shared between ``processes``;
    raise ContentError listing every problem."""
    return _load(root, {}, processes=processes)


def problems_if_added(root: Path, slug: str, text: str) -> list[Problem]:
    """What ``load_content`` would report if ``portraits/<slug>.md`` held ``text``, without touching ``root``."""
    return problems_if_written(root, {slug: text})


def problems_if_written(root: Path, texts: dict[str, str]) -> list[Problem]:
    """What ``load_content`` would report with ``portraits/<slug>.md`` holding each text, without touching ``root``.

    Proposed portraits are checked with all the others (duplicates, former slugs) before any is written.
    """
    try:
        _load(root, {f"{slug}.md": text for slug, text in texts.items()})
    except ContentError as error:
        return error.problems
    return []


def photo_files(root: Path) -> tuple[Path, ...]:
    """The regular files of ``portraits/photos/``, the only ones the site publishes; ``load_content`` refuses others."""
    return list_folder(root, PHOTOS_DIR).files


@contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector while thousands of files are read.

    Reading builds hundreds of thousands of small dicts, lists and nodes, none in a cycle; the collector would
    rescan the ones kept again and again, a quarter of the reading's time at 5,000 portraits.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_content_where(root: Path, keep: Callable[[str], object]) -> Content:
    """``load_content`` of the regions and of the portraits whose text ``keep`` accepts; the others are not parsed."""
    return _load(root, {}, keep)


@_collector_paused()
def _load(
    root: Path, proposed: dict[str, str], keep: Callable[[str], object] | None = None, processes: int = 1
) -> Content:
    """``load_content``, as if ``portraits/`` also held the ``proposed`` texts by file name."""
    problems: list[Problem] = []
    region_folder = list_folder(root, REGIONS_DIR, ".md")
    region_documents = _read_all(region_folder, REGIONS_DIR, "region", {}, problems)
    regions = {_slug_of(d): _build(Region, d) for d, valid in region_documents if valid}
    broken_regions = region_folder.stems() - set(regions)
    portraits = _read_all(list_folder(root, PORTRAITS_DIR, ".md"), PORTRAITS_DIR, "portrait", proposed, problems, keep,
                          processes)
    photos = list_folder(root, PHOTOS_DIR)
    problems += photos.refused
    problems += photo_problems(photos.files, PHOTOS_DIR)
    photo_names = {f"photos/{path.name}" for path in photos.files}
    problems += place_problems(photo_names, [document for document, _ in portraits], regions, broken_regions)
    if problems:
        raise ContentError(problems)
    return Content(regions, tuple(_build(Place, document) for document, _ in portraits))


def _slug_of(document: Document) -> str:
    return _stem(document.path)


def _stem(path: str) -> str:
    """'portraits/x.md' -> 'x', as Path.stem but without building a Path for each of thousands of files."""
    return path.rpartition("/")[2].removesuffix(".md")


def _build(model: type, document: Document):
    return model.from_front_matter(_slug_of(document), document.path, document.data, document.body)


def _read_all(
    folder: Folder, name: str, kind: str, proposed: dict[str, str], problems: list[Problem],
    keep: Callable[[str], object] | None = None, processes: int = 1,
) -> list[tuple[Document, bool]]:
    """Every readable document of ``folder`` (that ``keep`` accepts) with whether it passed its own checks; problems
    are appended."""
    problems += folder.refused
    texts: dict[str, Path | str] = {path.name: path for path in folder.files} | proposed
    read = functools.partial(_read_one, name, kind, keep)
    documents = []
    for document, valid, found in in_processes(read, [(file_name, texts[file_name]) for file_name in sorted(texts)],
                                               processes):
        if document is not None:
            documents.append((document, valid))
        problems += found
    return documents


def _read_one(
    name: str, kind: str, keep: Callable[[str], object] | None, item: tuple[str, Path | str]
) -> tuple[Document | None, bool, list[Problem]]:
    """One file's document (unless ``keep`` refuses its text), whether it passed its own checks, and its problems."""
    file_name, file = item
    source = f"{name}/{file_name}"
    text, read_problem = _text_of(file, source)
    if keep is not None and text is not None and not keep(text):
        return None, False, []
    found = _slug_problems(source, _stem(file_name), name)
    document, read_problems = read_document(source, text) if text is not None else (None, [read_problem])
    found += read_problems
    if document is None:
        return None, False, found
    schema_found = schema_problems(kind, document) + document_problems(document)
    if kind == "portrait":
        schema_found += registry_problems(document)
    schema_found += body_problems(source, document.body, document.body_line)
    return document, not (found or schema_found), found + schema_found


def _text_of(file: Path | str, source: str) -> tuple[str | None, Problem | None]:
    """The text of a listed file, or a proposed text as it is."""
    if isinstance(file, str):
        return file, None
    raw, problem = read_file(file, source)
    if raw is None:
        return None, problem
    return utf8_text(raw, source)


def _slug_problems(source: str, stem: str, folder: str) -> list[Problem]:
    if SLUG.fullmatch(stem) and stem in RESERVED_SLUGS.get(folder, ()):
        return [Problem(source, 1, "nom du fichier", _reserved_message(stem, folder))]
    if SLUG.fullmatch(stem):
        return []
    return [Problem(source, 1, "nom du fichier", (
        f"nom de fichier invalide (trouvé : « {stem} » ; attendu : des minuscules sans accent, des chiffres "
        f"et des tirets). Renommez le fichier en {slugify(stem) or 'mon-lieu'}.md"
    ))]


def _reserved_message(slug: str, folder: str) -> str:
    return (
        f"nom réservé par le site (trouvé : « {slug} » ; attendu : un autre nom que "
        f"{', '.join(sorted(RESERVED_SLUGS[folder]))}). L'adresse /{folder}/{slug}/ est celle d'une page ou d'un "
        f"dossier du site : {_RENAME[folder]}"
    )


def long_slug(name: str, slug: str) -> str | None:
    """Why ``slug``, made from ``name``, can't name a file, or None: past ``MAX_SLUG_LENGTH`` characters."""
    if len(slug) <= MAX_SLUG_LENGTH:
        return None
    return (f"nom trop long pour un nom de fichier (trouvé : « {name} », soit {len(slug)} caractères en nom de "
            f"fichier ; attendu : {MAX_SLUG_LENGTH} au plus)")


def slugify(text: str) -> str:
    """'Échoppe numérique de l'Ouest' -> 'echoppe-numerique-de-l-ouest'."""
    return "-".join(folded_words(text))


def place_problems(
    photo_names: set[str], documents: list[Document], regions: dict[str, Region], broken_regions: set[str]
) -> list[Problem]:
    """Checks that need more than one file: region bounds, duplicate places, photo files, former slugs.

    They read the raw data, so that a portrait with other problems is still checked for these.
    """
    problems = []
    seen: dict[tuple[str, str], Document] = {}
    for document in documents:
        data = document.data
        if isinstance(data.get("region"), str) and data["region"] not in broken_regions:  # else reported apart
            problems += _region_problems(document, regions)
        problems += _photo_problems(photo_names, document)
        if not (isinstance(data.get("name"), str) and isinstance(data.get("commune"), str)):
            continue
        key = place_key(data["name"], data["commune"])
        if key in seen:
            problems.append(_duplicate_problem(document, seen[key]))
        else:
            seen[key] = document
    return problems + _alias_problems(documents)


def _duplicate_problem(document: Document, first: Document) -> Problem:
    name, commune = document.data["name"], document.data["commune"]
    return Problem(document.path, document.line_of(("name",)), "name", (
        f"ce lieu existe déjà (trouvé : « {name} » à {commune}, comme dans {first.path} "
        f"ligne {first.line_of(('name',))} ; attendu : un seul portrait par lieu). "
        "Complétez le portrait existant, ou distinguez les noms s'il s'agit de deux lieux."
    ))


def _alias_problems(documents: list[Document]) -> list[Problem]:
    """A former slug redirects to one place only: it is never a live slug, nor another portrait's alias. Each is
    looked up in a dictionary, with the portrait and index that claimed it: time grows with the number of aliases, not its square."""
    slugs = {_slug_of(document): document for document in documents}
    claimed: dict[str, tuple[Document, int]] = {}
    problems = []
    for document in documents:
        aliases = document.data.get("aliases")
        for index, alias in enumerate(aliases if isinstance(aliases, list) else []):
            if not isinstance(alias, str) or not SLUG.fullmatch(alias):
                continue  # the schema reports it
            location = ("aliases", index)
            if alias in RESERVED_SLUGS[PORTRAITS_DIR]:
                message = _reserved_message(alias, PORTRAITS_DIR)
                problems.append(Problem(document.path, document.line_of(location), dotted(location), message))
            elif alias in slugs or alias in claimed:
                message = _alias_message(alias, document, slugs.get(alias), claimed.get(alias))
                problems.append(Problem(document.path, document.line_of(location), dotted(location), message))
            else:
                claimed[alias] = document, index  # its line only if a message needs it: lines cost a reading
    return problems


def _alias_message(alias: str, document: Document, live: Document | None,
                   claimant: tuple[Document, int] | None) -> str:
    if live is document:
        return (
            f"ancien nom identique au nom actuel (trouvé : « {alias} » ; attendu : un nom que le fichier portait "
            "avant d'être renommé). Supprimez cette ligne : l'adresse actuelle n'a pas besoin de redirection."
        )
    if live is not None:
        return (
            f"ancien nom encore porté par un autre portrait (trouvé : « {alias} », le nom de {live.path} ; "
            f"attendu : un nom qu'aucun portrait ne porte). Supprimez cette ligne : l'adresse "
            f"/{PORTRAITS_DIR}/{alias}/ est celle de {live.path}."
        )
    line = claimant[0].line_of(("aliases", claimant[1]))
    return (
        f"ancien nom déjà réclamé (trouvé : « {alias} », déjà dans {claimant[0].path} ligne {line} ; "
        "attendu : chaque ancien nom dans un seul portrait). Gardez-le seulement dans le portrait du lieu "
        "qui portait ce nom."
    )


def _region_problems(document: Document, regions: dict[str, Region]) -> list[Problem]:
    slug = document.data.get("region")
    if slug in REGION_SLUGS and slug not in regions:
        return [Problem(document.path, document.line_of(("region",)), "region", (
            f"région sans fichier (trouvé : « {slug} » ; attendu : un fichier {REGIONS_DIR}/{slug}.md). "
            f"Rétablissez le fichier {REGIONS_DIR}/{slug}.md."
        ))]
    region = regions.get(slug)
    latitude, longitude = document.data.get("latitude"), document.data.get("longitude")
    if region is None or not (is_finite_number(latitude) and is_finite_number(longitude)):
        return []  # the schema reports unknown regions and coordinates that are not numbers
    if region.contains(latitude, longitude):
        return []
    if region.contains(longitude, latitude):
        fix = "La latitude et la longitude semblent inversées : échangez leurs valeurs."
    else:
        fix = "Vérifiez les coordonnées (par exemple sur une carte) et la région."
    return [Problem(document.path, document.line_of(("latitude",)), "latitude", (
        f"le lieu est hors de sa région (trouvé : latitude {latitude}, longitude {longitude} ; "
        f"attendu : dans {region.name}, latitude entre {region.south} et {region.north}, "
        f"longitude entre {region.west} et {region.east}). {fix}"
    ))]


def _photo_problems(photo_names: set[str], document: Document) -> list[Problem]:
    photos = document.data.get("photos")
    problems = []
    for index, photo in enumerate(photos if isinstance(photos, list) else []):
        src = photo.get("src") if isinstance(photo, dict) else None
        if not isinstance(src, str) or not PHOTO.fullmatch(src) or src in photo_names:
            continue
        problems.append(Problem(document.path, document.line_of(("photos", index, "src")), f"photos[{index}].src", (
            f"image introuvable (trouvé : « {src} » ; attendu : un fichier {PORTRAITS_DIR}/{src}). "
            f"Ajoutez l'image dans {PORTRAITS_DIR}/photos/ ou corrigez le nom (majuscules comprises)."
        )))
    return problems


def folded(text: str) -> str:
    """Case, accents and spaces ignored: how communes, headers and terms are compared."""
    return " ".join(french_sort_key(text)[0].split())


def place_key(name: object, commune: object) -> tuple[str, str]:
    """What makes two portraits one place: the same name in the same commune, as they look (``name_key``: case,
    accents, spacing, compatibility forms and look-alike letters aside; ``commune_key`` for the commune)."""
    return name_key(str(name or "")), commune_key(str(commune or ""))
