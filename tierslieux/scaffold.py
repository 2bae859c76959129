"""``make new``: a new portrait made from ``modeles/portrait.md``, its required fields asked for or given, then checked.

Each value comes from a command-line flag, else from a make variable (``make new NOM="La Forge" REGION=normandie``),
else from a question in the terminal. The portrait is checked with every other file before it is written;
answers that the check refuses are asked again.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Container
from dataclasses import dataclass
from pathlib import Path

from tierslieux.content import (
    PORTRAITS_DIR,
    RESERVED_SLUGS,
    Content,
    load_content,
    long_slug,
    place_key,
    problems_if_added,
    slugify,
)
from tierslieux.departements import DEPARTEMENTS
from tierslieux.files import write_file
from tierslieux.frontmatter import write_yaml
from tierslieux.issue_answers import parse_coordinates
from tierslieux.model import french_sort_key
from tierslieux.problems import ContentError, Problem, echo
from tierslieux.schema import load_schema

TEMPLATE = Path("modeles/portrait.md")


@dataclass(frozen=True)
class Answer:
    """One value to ask for: its flag, its make variable, its question, and the front matter fields it fills."""

    flag: str
    variable: str
    question: str
    fields: tuple[str, ...]


ANSWERS = (
    Answer("--name", "NOM", "Nom du lieu", ("name",)),
    Answer("--region", "REGION", "Région (son numéro dans la liste, ou son nom)", ("region",)),
    Answer("--commune", "COMMUNE", "Commune", ("commune",)),
    Answer("--postal-code", "CODE_POSTAL", "Code postal (cinq chiffres)", ("postal_code",)),
    Answer("--coordinates", "COORDONNEES", "Coordonnées (latitude, longitude, ou lien d'une carte)",
           ("latitude", "longitude")),
    Answer("--summary", "RESUME", "Résumé (une ou deux phrases)", ("summary",)),
)


class Refused(ValueError):
    """An answer that cannot be turned into a value: its flag, and the French reason."""

    def __init__(self, flag: str, reason: str):
        super().__init__(reason)
        self.flag = flag


def fill_template(template: str, values: dict[str, object]) -> str:
    """The template with each given top-level field written in place of its line or of its commented example."""
    return set_fields(template, values, append=False)


def set_fields(text: str, values: dict[str, object], *, append: bool = True) -> str:
    """``text`` with each field of ``values`` written in place, its comment kept; ``None`` removes the field.

    A field's block (its line and the lines under it), else the commented example of an optional field
    (``# address: …`` and the commented lines under it), is replaced. A field in neither is added at the end of
    the front matter if ``append``, else ValueError. Only the front matter is touched when ``text`` has one.
    """
    lines = text.split("\n")
    start, end = 0, len(lines)
    if lines[0].rstrip() == "---":
        start, end = 1, next(i for i, line in enumerate(lines[1:], 1) if line.rstrip() in ("---", "..."))
    front = lines[start:end]
    for field, value in values.items():
        found = _block(front, field)
        if found is None and not append:
            raise ValueError(f"{TEMPLATE} has no line « {field}: »")
        first, last, comment = found or (len(front), len(front), "")
        front[first:last] = [] if value is None else _yaml_lines(field, value, comment)
    return "\n".join(lines[:start] + front + lines[end:])


_VALUE_AND_COMMENT = re.compile(r"""(?P<value>\s*"(?:[^"\\]|\\.)*"|\s*'(?:[^']|'')*'|[^#]*?)(?P<comment>\s+#.*)?""")


def _block(lines: list[str], field: str) -> tuple[int, int, str] | None:
    """Where ``field`` is written (first line, end, comment of its first line), else its commented example."""
    for prefix, continued in (("", re.compile(r"[ \t]|- |-$")), ("# ", re.compile(r"#\s{2,}\S"))):
        key = f"{prefix}{field}:"
        first = next((i for i, line in enumerate(lines) if line.startswith(key) and line[len(key):][:1] in ("", " ", "\t")),
                     None)
        if first is None:
            continue
        last = first + 1
        while last < len(lines) and (continued.match(lines[last]) or (not prefix and not lines[last].strip())):
            last += 1
        while last > first + 1 and not lines[last - 1].strip():
            last -= 1  # blank lines after the block belong to no field
        match = _VALUE_AND_COMMENT.fullmatch(lines[first][len(prefix) + len(field) + 1:])
        # A comment is told from the text only on a line that holds the whole value, or no value at all.
        whole = match and (last == first + 1 or not match["value"].strip())
        return first, last, (match["comment"] or "") if whole else ""
    return None


def _yaml_lines(field: str, value: object, comment: str) -> list[str]:
    if isinstance(value, (list, dict)):
        written = write_yaml({field: value}).rstrip("\n").split("\n")
        return [written[0] + comment, *written[1:]] if written[0] == f"{field}:" else written
    # JSON scalars are YAML scalars: strings come out double-quoted and escaped, numbers as they are.
    return [f"{field}: {json.dumps(value, ensure_ascii=False)}{comment}"]


_REGION_NICKNAMES = {"sud": "provence-alpes-cote-d-azur", "paca": "provence-alpes-cote-d-azur",
                     "aura": "auvergne-rhone-alpes", "bfc": "bourgogne-franche-comte", "idf": "ile-de-france"}


def region_slug(text: str, content: Content, *, numbered: bool = True) -> str:
    """The region meant by a slug, a name with or without « Région », and a number: of the list that ``make new``
    shows if ``numbered``, else the region's INSEE code (11 is Île-de-France), as lists of places write it."""
    regions = sorted(content.regions.values(), key=lambda region: french_sort_key(region.name))
    text = text.strip()
    if text.isdigit():
        if numbered and 1 <= int(text) <= len(regions):
            return regions[int(text) - 1].slug
        found = next((region.slug for region in regions if not numbered and int(region.code) == int(text)), None)
        if found:
            return found
    name = slugify(re.sub(r"(?i)^r[ée]gion\s+", "", re.sub("[’ʼ‘`´]", "'", text)))  # every apostrophe is one
    name = _REGION_NICKNAMES.get(name, name)
    for region in regions:
        if name in (region.slug, region.slug.removeprefix("la-")):
            return region.slug
    raise Refused("--region", (
        f"région inconnue (trouvé : « {text} » ; attendu : un numéro de 1 à {len(regions)} ou un nom de la liste)"
        if numbered else f"région inconnue (trouvé : « {text} »{_departement_hint(text)} ; attendu : un nom comme "
        "Bretagne ou Région Bretagne, un identifiant comme bretagne, ou un code INSEE de région comme 53)"
    ))


def _departement_hint(text: str) -> str:
    name = DEPARTEMENTS.get(text.zfill(2))
    return f", le numéro du département {name}, pas d'une région" if name else ""


def taken_slugs(content: Content) -> set[str]:
    """The file names a new place cannot have: every portrait's, and every former one (``aliases``)."""
    return {place.slug for place in content.places} | {alias for place in content.places for alias in place.aliases}


def free_slug(name: str, commune: str, taken: Container[str]) -> str:
    """The file name of a new place: its name's slug, else ``<nom>-<commune>`` when another place has it.

    Two places of one name in two towns both exist (« Cosens » at Arles and at Nice); the first keeps the plain
    name. A third of the same name and town, which the duplicate check refuses anyway, would be numbered.
    """
    slug = slugify(name)
    if slug not in taken:
        return slug
    slug = "-".join(part for part in (slug, slugify(commune)) if part)
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def coordinates(text: str) -> tuple[float, float]:
    found = parse_coordinates(text)
    if found is None:
        raise Refused("--coordinates", (
            f"coordonnées illisibles (trouvé : « {text} » ; attendu : la latitude puis la longitude, "
            "comme 48.1173, -1.6778)"
        ))
    return found


def value_of(answer: Answer, text: str, content: Content) -> dict[str, object]:
    """The front matter values of one answer; raises Refused if it cannot be read."""
    text = " ".join(text.split())
    if answer.flag == "--region":
        return {"region": region_slug(text, content)}
    if answer.flag == "--coordinates":
        return dict(zip(answer.fields, coordinates(text), strict=True))
    if answer.flag == "--postal-code":
        return {"postal_code": text.replace(" ", "")}
    return {answer.fields[0]: text}


def values_of(answers: dict[str, str], content: Content) -> dict[str, object]:
    """Front matter values from every answer; raises Refused naming the first answer that cannot be read."""
    values: dict[str, object] = {}
    for answer in ANSWERS:
        values.update(value_of(answer, answers[answer.flag], content))
    return values


def new_portrait(root: Path, content: Content, answers: dict[str, str]) -> tuple[Path | None, list[Problem]]:
    """Write portraits/<slug>.md from the template if the answers make a valid portrait that is not there yet."""
    values = values_of(answers, content)
    slug = slugify(str(values["name"]))
    if not slug:
        raise Refused("--name", f"nom inutilisable (trouvé : « {values['name']} » ; attendu : des lettres ou des chiffres)")
    if slug in RESERVED_SLUGS[PORTRAITS_DIR]:
        raise Refused("--name", (
            f"nom réservé par le site (trouvé : « {values['name']} », qui donnerait l'adresse /{PORTRAITS_DIR}/{slug}/ ; "
            "attendu : un autre nom, par exemple avec la commune)"
        ))
    holder = next((place for place in content.places if place.slug == slug), None)
    if holder is not None and place_key(holder.name, holder.commune) == place_key(values["name"], values["commune"]):
        raise _exists(slug)
    slug = free_slug(str(values["name"]), str(values["commune"]), taken_slugs(content))
    too_long = long_slug(str(values["name"]), slug)
    if too_long:
        raise Refused("--name", too_long)
    path = root / PORTRAITS_DIR / f"{slug}.md"
    if path.exists():
        raise _exists(slug)
    text = fill_template((root / TEMPLATE).read_text(encoding="utf-8"), values)
    problems = problems_if_added(root, slug, text)
    if problems:
        return None, problems
    try:
        write_file(path, text, new=True)
    except FileExistsError:  # a link of that name, even a dangling one, is never written through
        raise _exists(slug) from None
    return path, []


def _exists(slug: str) -> Refused:
    return Refused("--name", f"{PORTRAITS_DIR}/{slug}.md existe déjà : complétez ce portrait, ou précisez le nom")


# Command line -------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None, ask: Callable[[str], str] = input) -> int:
    parser = argparse.ArgumentParser(prog="make new", description=(
        "Crée un portrait à partir de modeles/portrait.md. Chaque valeur absente est demandée."
    ))
    parser.add_argument("--root", type=Path, default=Path("."), help="dossier qui contient portraits/ et regions/")
    for answer in ANSWERS:
        parser.add_argument(answer.flag, default=os.environ.get(answer.variable), help=(
            f"{answer.question} ; ou la variable {answer.variable}"
        ))
    args = parser.parse_args(argv)
    given = {answer.flag: getattr(args, answer.flag[2:].replace("-", "_")) for answer in ANSWERS}
    try:
        content = load_content(args.root)
    except ContentError as error:
        echo(f"Le contenu est déjà invalide : corrigez-le d'abord.\n{error}", file=sys.stderr)
        return 1
    return _create(args.root, given, content, ask)


def _create(root: Path, given: dict[str, str | None], content: Content, ask: Callable[[str], str]) -> int:
    """Ask for what is missing, and again for what is refused, until the portrait is written or input ends."""
    answers = dict(given)
    try:
        while True:
            for answer in ANSWERS:
                if not (answers[answer.flag] or "").strip():
                    answers[answer.flag] = _ask(answer, content, ask)
            try:
                path, problems = new_portrait(root, content, answers)
            except Refused as refused:
                echo(f"Refusé : {refused}.", file=sys.stderr)
                answers[refused.flag] = None
                continue
            if path is not None:
                echo(f"{path.relative_to(root).as_posix()} est créé et valide. Complétez-le : les champs "
                      f"facultatifs y sont en commentaire, décrits sur la page /contribuer/champs/ du site.")
                return 0
            for problem in problems:
                echo(str(problem), file=sys.stderr)
            if not _forget_fields(answers, problems):
                return 1
    except EOFError:
        echo("\nIl manque des valeurs : relancez en les donnant, par exemple make new NOM=… REGION=… "
              "(toutes les options : .venv/bin/python -m tierslieux.scaffold --help).", file=sys.stderr)
        return 1


def _ask(answer: Answer, content: Content, ask: Callable[[str], str]) -> str:
    """Ask until the answer is not empty and can be read."""
    while True:
        text = _question(answer, content, ask)
        if not text.strip():
            continue
        try:
            value_of(answer, text, content)
        except Refused as refused:
            echo(f"Refusé : {refused}.", file=sys.stderr)
            continue
        return text


def _question(answer: Answer, content: Content, ask: Callable[[str], str]) -> str:
    if answer.flag == "--region":
        regions = sorted(content.regions.values(), key=lambda region: french_sort_key(region.name))
        for number, region in enumerate(regions, 1):
            echo(f"{number:3}. {region.name}")
    if answer.flag == "--summary":
        limit = load_schema("portrait")["properties"]["summary"]["maxLength"]
        return ask(f"{answer.question}, {limit} caractères au plus : ")
    return ask(f"{answer.question} : ")


def _forget_fields(answers: dict[str, str | None], problems: list[Problem]) -> bool:
    """Ask again for every answer whose fields the check refused; False if the problems are about none of them."""
    refused = {re.split(r"[.\[]", problem.field, maxsplit=1)[0] for problem in problems}
    if refused & {"latitude", "longitude"}:
        refused.add("region")  # a place outside its region may have the wrong region rather than wrong coordinates
    forgotten = [answer.flag for answer in ANSWERS if refused & set(answer.fields)]
    for flag in forgotten:
        answers[flag] = None
    return bool(forgotten)


if __name__ == "__main__":
    sys.exit(main())
