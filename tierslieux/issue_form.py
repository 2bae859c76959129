"""The « Proposer un lieu » issue form: its questions, the form file made from them, and the portrait made from an issue.

- ``python -m tierslieux.issue_form form`` writes ``.github/ISSUE_TEMPLATE/proposer-un-lieu.yml`` from the
  schema and ``regions/`` (a test checks that the committed file is up to date);
- ``python -m tierslieux.issue_form portrait ISSUE.md --issue N --message-file OUT`` turns the body of a
  submitted issue into ``portraits/<slug>.md``, validated like any portrait, or writes to OUT, in French,
  what to fix. The workflow ``.github/workflows/proposition.yml`` calls it; the issue body is untrusted input.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from tierslieux.content import (
    PORTRAITS_DIR,
    RESERVED_SLUGS,
    Content,
    load_content,
    long_slug,
    problems_if_added,
    slugify,
)
from tierslieux.files import write_file
from tierslieux.frontmatter import normalise_newlines, write_document
from tierslieux.model import french_sort_key
from tierslieux.problems import ContentError, Problem, echo, format_plain
from tierslieux.schema import load_schema, theme_labels

FORM_PATH = Path(".github/ISSUE_TEMPLATE/proposer-un-lieu.yml")
NO_RESPONSE = "_No response_"  # what GitHub writes under a question left empty
FORM_SOURCE = "formulaire"  # the path of problems found in the answers themselves
# Questions that are not one front matter field: the fields each one fills ("body" is the Markdown text).
COMPOSITE_FIELDS = {"coordinates": ("latitude", "longitude"), "body": ()}
COMPOSITE_LABELS = {"coordinates": "Coordonnées", "body": "Présentation du lieu"}


@dataclass(frozen=True)
class Question:
    """One question of the form; its label is the schema's title of the field it fills."""

    id: str  # a front matter field, or a key of COMPOSITE_FIELDS
    kind: str  # input, textarea, dropdown or checkboxes
    description: str
    placeholder: str = ""

    @property
    def label(self) -> str:
        return COMPOSITE_LABELS.get(self.id) or load_schema("portrait")["properties"][self.id]["title"]

    @property
    def fields(self) -> tuple[str, ...]:
        return COMPOSITE_FIELDS.get(self.id, (self.id,))

    @property
    def required(self) -> bool:
        return bool(set(self.fields) & set(load_schema("portrait")["required"]))


def _summary_length() -> int:
    return load_schema("portrait")["properties"]["summary"]["maxLength"]


QUESTIONS = (
    Question("name", "input", "Le nom sous lequel le lieu est connu ; il donne aussi l'adresse de sa page.",
             "La Fabrique du Bocage"),
    Question("region", "dropdown", "La région où se trouve le lieu."),
    Question("commune", "input", "La commune où se trouve le lieu.", "Saint-Lô"),
    Question("postal_code", "input", "Les cinq chiffres du code postal.", "50000"),
    Question("address", "input", "Le numéro et la rue, si le lieu accueille du public.", "12 rue des Ateliers"),
    Question("coordinates", "input", (
        "La latitude puis la longitude du lieu, en degrés décimaux. Sur openstreetmap.org, faites un clic droit "
        "sur le lieu puis « Afficher l'adresse » : les deux nombres s'affichent à gauche. Vous pouvez aussi "
        "coller le lien d'une carte OpenStreetMap ou Google Maps centrée sur le lieu."
    ), "48.1173, -1.6778"),
    Question("summary", "textarea", (
        f"Une ou deux phrases, {_summary_length()} caractères au plus : ce que le lieu propose, et à qui."
    )),
    Question("website", "input", "L'adresse complète du site, qui commence par https://.", "https://exemple.fr"),
    Question("themes", "checkboxes", "Les thèmes des formations proposées par le lieu."),
    Question("trainings", "textarea", (
        "Une formation par ligne : son intitulé. Durée, public et modalités pourront être précisés "
        "ensuite dans la fiche."
    )),
    Question("body", "textarea", (
        "Quelques paragraphes pour présenter le lieu : son histoire, son équipe, sa façon de former. "
        "La mise en forme Markdown est acceptée."
    )),
)

INTRO = (
    "Merci de proposer un lieu ! Quand l'équipe du site ajoutera l'étiquette « à publier » à ce ticket, "
    "la fiche sera créée automatiquement et vérifiée ; s'il manque quelque chose, un message vous dira quoi "
    "corriger. Elle sera publiée après relecture.\n\n"
    "**Tout ce que vous écrivez ici sera public.** N'indiquez pas de coordonnées personnelles."
)


# The form -----------------------------------------------------------------------------------------------------


def issue_form(content: Content) -> dict:
    """The GitHub issue form, as data: region names from ``regions/``, themes from the schema's vocabulary."""
    regions = sorted((region.name for region in content.regions.values()), key=french_sort_key)
    return {
        "name": "Proposer un lieu",
        "description": "Proposer le portrait d'un lieu, sans rien installer.",
        "title": "Proposer un lieu : ",
        "body": [
            {"type": "markdown", "attributes": {"value": INTRO}},
            *(_form_element(question, regions) for question in QUESTIONS),
        ],
    }


def _form_element(question: Question, regions: list[str]) -> dict:
    attributes: dict = {"label": question.label, "description": question.description}
    if question.placeholder:
        attributes["placeholder"] = question.placeholder
    if question.kind == "dropdown":
        attributes["options"] = regions
    if question.kind == "checkboxes":
        attributes["options"] = [{"label": label} for label in theme_labels().values()]
    element = {"type": question.kind, "id": question.id, "attributes": attributes}
    if question.required:
        element["validations"] = {"required": True}
    return element


def form_text(content: Content) -> str:
    """The YAML of the form file, with a header saying where it comes from."""
    header = (
        "# Generated by `python -m tierslieux.issue_form form` from schema/portrait.schema.json and regions/:\n"
        "# edit those, then run the command again.\n"
    )
    return header + yaml.dump(issue_form(content), Dumper=_FormDumper, allow_unicode=True, sort_keys=False, width=1000)


class _FormDumper(yaml.SafeDumper):
    """Writes text of several lines as a literal block, as people write it in a form file."""


_FormDumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None
))


# The answers --------------------------------------------------------------------------------------------------

_HEADING = re.compile(r"### (.+?)\s*")
_CHECKBOX = re.compile(r"[-*] \[([ xX])\] (.+?)\s*")
_BULLET = re.compile(r"(?:[-*•]|\d+[.)])\s+")
_NUMBER = r"-?\d{1,3}(?:[.,]\d+)?"
_COORDINATES = (  # a marker on the place first, then the centre of the map
    re.compile(rf"mlat=({_NUMBER})&mlon=({_NUMBER})"),  # openstreetmap.org/?mlat=48.1173&mlon=-1.6778
    re.compile(rf"[#&?]map=\d+/({_NUMBER})/({_NUMBER})"),  # openstreetmap.org/#map=17/48.1173/-1.6778
    re.compile(rf"@({_NUMBER}),({_NUMBER})"),  # google.com/maps/@48.1173,-1.6778,15z
    re.compile(rf"\s*({_NUMBER})\s*[,;\s]\s*({_NUMBER})\s*"),  # 48.1173, -1.6778 or 48,1173 -1,6778
)


def read_answers(body: str) -> dict[str, str]:
    """The answer to each question, by id, from the Markdown that GitHub writes for a submitted form.

    GitHub writes the questions in the order of the form, each under a « ### label » heading. A heading
    that names the current question or an earlier one is part of an answer, such as the presentation.
    """
    order = {question.label: index for index, question in enumerate(QUESTIONS)}
    answers: dict[str, list[str]] = {}
    current = -1
    for line in normalise_newlines(body).split("\n"):
        heading = _HEADING.fullmatch(line)
        if heading and order.get(heading[1], -1) > current:
            current = order[heading[1]]
            answers[QUESTIONS[current].id] = []
        elif current >= 0:
            answers[QUESTIONS[current].id].append(line)
    texts = {key: "\n".join(lines).strip() for key, lines in answers.items()}
    return {key: "" if text == NO_RESPONSE else text for key, text in texts.items()}


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """(latitude, longitude) from a pair of numbers or a map link, or None."""
    for pattern in _COORDINATES:
        match = pattern.search(text) if pattern is not _COORDINATES[-1] else pattern.fullmatch(text)
        if match:
            return float(match[1].replace(",", ".")), float(match[2].replace(",", "."))
    return None


@dataclass
class Proposal:
    """What an issue proposes: the front matter and text of a portrait, and what is wrong with the answers."""

    data: dict
    body: str
    problems: list[Problem]

    @property
    def slug(self) -> str:
        return slugify(self.data.get("name", ""))


def proposal_from_answers(answers: dict[str, str], content: Content) -> Proposal:
    """Turn the answers into front matter, in the schema's field order; answers that cannot be read are problems."""
    proposal = Proposal({}, answers.get("body", ""), [])
    for question in QUESTIONS:
        text = answers.get(question.id, "")
        if question.id == "body":
            continue
        if question.kind in ("input", "dropdown") or question.id == "summary":
            text = " ".join(text.split())
        if not text or (question.kind == "checkboxes" and not _checked(text)):
            if question.required:
                proposal.problems.append(_form_problem(question.id, (
                    f"réponse manquante (trouvé : rien ; attendu : {question.label.lower()}). "
                    f"Complétez la rubrique « {question.label} »."
                )))
            continue
        _READERS.get(question.id, _read_text)(question, text, content, proposal)
    order = list(load_schema("portrait")["properties"])
    proposal.data = dict(sorted(proposal.data.items(), key=lambda item: order.index(item[0])))
    return proposal


def _form_problem(field: str, message: str) -> Problem:
    return Problem(FORM_SOURCE, 0, field, message)


def _read_text(question: Question, text: str, content: Content, proposal: Proposal) -> None:
    proposal.data[question.id] = text


def _read_postal_code(question: Question, text: str, content: Content, proposal: Proposal) -> None:
    proposal.data["postal_code"] = text.replace(" ", "")


def _read_region(question: Question, text: str, content: Content, proposal: Proposal) -> None:
    slugs = {region.name: slug for slug, region in content.regions.items()}
    if text in slugs or text in content.regions:
        proposal.data["region"] = slugs.get(text, text)
        return
    names = ", ".join(sorted(slugs, key=french_sort_key))
    proposal.problems.append(_form_problem("region", (
        f"région inconnue (trouvé : « {text} » ; attendu : une des régions {names}). "
        "Choisissez la région dans la liste."
    )))


def _read_coordinates(question: Question, text: str, content: Content, proposal: Proposal) -> None:
    coordinates = parse_coordinates(text)
    if coordinates:
        proposal.data["latitude"], proposal.data["longitude"] = coordinates
        return
    proposal.problems.append(_form_problem("coordinates", (
        f"coordonnées illisibles (trouvé : « {text} » ; attendu : la latitude puis la longitude en degrés "
        "décimaux, comme 48.1173, -1.6778). Sur openstreetmap.org, faites un clic droit sur le lieu puis "
        "« Afficher l'adresse » et recopiez les deux nombres."
    )))


def _read_themes(question: Question, text: str, content: Content, proposal: Proposal) -> None:
    themes = {label: theme for theme, label in theme_labels().items()}
    chosen = _checked(text)
    proposal.data["themes"] = [themes[label] for label in chosen if label in themes]
    for label in chosen:
        if label not in themes:
            proposal.problems.append(_form_problem("themes", (
                f"thème inconnu (trouvé : « {label} » ; attendu : un des thèmes {', '.join(themes)}). "
                "Cochez les thèmes dans la liste."
            )))


def _read_trainings(question: Question, text: str, content: Content, proposal: Proposal) -> None:
    titles = (" ".join(_BULLET.sub("", line, count=1).split()) for line in text.split("\n"))
    proposal.data["trainings"] = [{"title": title} for title in titles if title]


_READERS = {
    "postal_code": _read_postal_code,
    "region": _read_region,
    "coordinates": _read_coordinates,
    "themes": _read_themes,
    "trainings": _read_trainings,
}


def _checked(text: str) -> list[str]:
    """The labels of the ticked boxes, '- [X] Numérique' -> 'Numérique'."""
    return [match[2] for match in map(_CHECKBOX.fullmatch, text.split("\n")) if match and match[1] != " "]


# From an issue to a portrait ----------------------------------------------------------------------------------


def portrait_from_issue(body: str, root: Path) -> tuple[Path | None, Proposal]:
    """Write ``portraits/<slug>.md`` under ``root`` from an issue body if it makes a valid portrait.

    The portrait is checked with every other file of ``root``, in a scratch copy, exactly as ``make check``
    would check it; nothing is written when there is a problem. Raises ContentError if ``root`` itself is invalid.
    """
    content = load_content(root)
    proposal = proposal_from_answers(read_answers(body), content)
    proposal.problems += _name_problems(proposal, root, content)
    text = write_document(proposal.data, proposal.body)
    usable = proposal.slug and not long_slug(proposal.data["name"], proposal.slug)
    scratch = proposal.slug if usable and not _taken(proposal.slug, root, content) else "proposition"
    reported = {field for problem in proposal.problems for field in _fields_of(problem.field)}
    for problem in problems_if_added(root, scratch, text):
        if problem.path != f"{PORTRAITS_DIR}/{scratch}.md":
            proposal.problems.append(problem)  # about another file, which this portrait would contradict
        elif _top_field(problem.field) not in reported:  # the answer's own problem says it better
            proposal.problems.append(_form_problem(problem.field, problem.message))
    if proposal.problems:
        return None, proposal
    path = root / PORTRAITS_DIR / f"{proposal.slug}.md"
    write_file(path, text, new=True)
    return path, proposal


def _name_problems(proposal: Proposal, root: Path, content: Content) -> list[Problem]:
    name = proposal.data.get("name")
    if name is None:
        return []
    if not proposal.slug:
        return [_form_problem("name", (
            f"nom inutilisable pour l'adresse de la page (trouvé : « {name} » ; attendu : un nom avec des "
            "lettres ou des chiffres). Écrivez le nom en lettres latines."
        ))]
    too_long = long_slug(name, proposal.slug)
    if too_long:
        return [_form_problem("name", f"{too_long}. Raccourcissez le nom, par exemple sans sa forme juridique.")]
    if proposal.slug in RESERVED_SLUGS[PORTRAITS_DIR]:
        return [_form_problem("name", (
            f"nom réservé par le site (trouvé : « {name} », qui donnerait l'adresse /{PORTRAITS_DIR}/{proposal.slug}/, "
            "celle d'une page ou d'un dossier du site ; attendu : un autre nom). Précisez le nom, par exemple avec "
            "la commune."
        ))]
    if not _taken(proposal.slug, root, content):
        return []
    return [_form_problem("name", (
        f"l'adresse de ce lieu est déjà prise (trouvé : « {name} », qui donne /{PORTRAITS_DIR}/{proposal.slug}/ ; "
        f"attendu : un lieu qui n'a pas encore de fiche). Si c'est le même lieu, proposez plutôt de modifier sa "
        "fiche ; sinon, précisez le nom, par exemple avec la commune."
    ))]


def _taken(slug: str, root: Path, content: Content) -> bool:
    """Whether a portrait file or a former address of a renamed place already uses ``slug``."""
    aliases = {alias for place in content.places for alias in place.aliases}
    return (root / PORTRAITS_DIR / f"{slug}.md").exists() or slug in aliases or slug in RESERVED_SLUGS[PORTRAITS_DIR]


def _top_field(field: str) -> str:
    """'trainings[0].title' -> 'trainings'."""
    return re.split(r"[.\[]", field, maxsplit=1)[0]


def _fields_of(question_id: str) -> tuple[str, ...]:
    return COMPOSITE_FIELDS.get(question_id, (question_id,))


# Messages -----------------------------------------------------------------------------------------------------


def commit_message(proposal: Proposal, issue: int | None) -> str:
    """The commit message and pull request text: a title line, a blank line, then the body."""
    lines = [f"Ajoute le portrait : {inert_title(proposal.data['name'])}", ""]
    lines.append(f"Fiche portraits/{proposal.slug}.md créée à partir du formulaire « Proposer un lieu ».")
    if issue is not None:
        lines += ["", f"Closes #{issue}"]
    return "\n".join(lines) + "\n"


# GitHub reads « @name » as a mention, and « fixes #12 », « closes owner/repo#12 », « resolves https://…/issues/12 »
# or « GH-12 » as references, which close an issue once merged; and « [skip ci] », « [ci skip] », « [no ci] »,
# « [skip actions] » or « [actions skip] », in any case, as an order to skip the workflows of the commit (the
# deploy, once merged). In a title, these characters become look-alikes: every bracket, so that no variant of
# spaces or case slips through.
_INERT = str.maketrans({"@": "\uff20", "#": "\uff03", "/": "\u2215", "[": "\uff3b", "]": "\uff3d"})
_GH_REFERENCE = re.compile(r"\b(GH)-(?=\d)", re.IGNORECASE)


def inert_title(name: str) -> str:
    """A proposed name as it may stand in a commit or pull request title: no mention, no issue reference, no
    order to skip the workflows."""
    return _GH_REFERENCE.sub("\\1\u2011", name.translate(_INERT))


def problems_comment(problems: list[Problem]) -> str:
    """The French comment that tells the author of an issue what to fix, in a code block (no mention, no HTML)."""
    block = "\n".join(answer_problem(problem) for problem in sorted(problems, key=_question_order))
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", block)), default=0))
    count = "ce point" if len(problems) == 1 else f"ces {len(problems)} points"
    return (
        f"Merci pour cette proposition ! Avant de pouvoir la publier, il faut corriger {count} :\n\n"
        f"{fence}text\n{block}\n{fence}\n\n"
        "Pour corriger : ouvrez le menu « ··· » en haut à droite du premier message de ce ticket, choisissez "
        "« Edit », modifiez les réponses concernées sous leur titre, puis enregistrez. L'équipe du site remettra "
        "ensuite l'étiquette « à publier ».\n"
    )


def answer_problem(problem: Problem) -> str:
    """'Code postal : format incorrect …' for a problem of the answers; a problem of another file keeps its place."""
    if problem.path != FORM_SOURCE:
        return str(problem)
    question = _question_of(problem.field)
    index = re.search(r"\[(\d+)\]", problem.field)
    where = f" n° {int(index[1]) + 1}" if index else ""
    return f"{question.label if question else problem.field}{where} : {problem.message}"


def _question_of(field: str) -> Question | None:
    top = _top_field(field)
    return next((question for question in QUESTIONS if top == question.id or top in question.fields), None)


def _question_order(problem: Problem) -> tuple:
    question = _question_of(problem.field)
    return (problem.path != FORM_SOURCE, QUESTIONS.index(question) if question else len(QUESTIONS), problem)


# Command line -------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tierslieux.issue_form", description=(
        "Le formulaire « Proposer un lieu » : l'écrire, ou transformer un ticket rempli en portrait."
    ))
    parser.add_argument("--root", type=Path, default=Path("."), help="dossier qui contient portraits/ et regions/")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("form", help=f"réécrit {FORM_PATH} à partir du schéma et des régions")
    portrait = commands.add_parser("portrait", help="crée portraits/<slug>.md à partir du texte d'un ticket")
    portrait.add_argument("body_file", type=Path, help="le texte du ticket, tel que GitHub l'a écrit")
    portrait.add_argument("--issue", type=int, help="le numéro du ticket, cité dans le message")
    portrait.add_argument("--message-file", type=Path, required=True, help=(
        "où écrire le message de commit (si la fiche est valide) ou le commentaire qui liste les problèmes"
    ))
    args = parser.parse_args(argv)
    try:
        if args.command == "form":
            (args.root / FORM_PATH).parent.mkdir(parents=True, exist_ok=True)
            write_file(args.root / FORM_PATH, form_text(load_content(args.root)))
            echo(f"{FORM_PATH} est à jour.")
            return 0
        return _portrait_command(args)
    except ContentError as error:
        echo(f"Le contenu du dépôt est invalide : corrigez-le d'abord.\n{error}", file=sys.stderr)
        return 2


def _portrait_command(args: argparse.Namespace) -> int:
    body = args.body_file.read_text(encoding="utf-8", errors="replace")
    path, proposal = portrait_from_issue(body, args.root)
    if path is None:
        write_file(args.message_file, problems_comment(proposal.problems))
        echo(format_plain(proposal.problems), file=sys.stderr)
        return 1
    write_file(args.message_file, commit_message(proposal, args.issue))
    echo(path.relative_to(args.root).as_posix())
    return 0


if __name__ == "__main__":
    sys.exit(main())
