"""Reading a submitted « Proposer un lieu » issue: its answers, the portrait they propose, and the file written.

The issue body is untrusted input, written by anyone: it only ever becomes data, checked like any portrait
(with every other file of the repository) before ``portraits/<slug>.md`` is written, never through a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

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
from tierslieux.issue_questions import (
    COMPOSITE_FIELDS,
    NO_RESPONSE,
    QUESTIONS,
    Question,
    form_problem,
    top_field,
)
from tierslieux.model import french_sort_key
from tierslieux.problems import Problem
from tierslieux.schema import load_schema, theme_labels

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
                proposal.problems.append(form_problem(question.id, (
                    f"réponse manquante (trouvé : rien ; attendu : {question.label.lower()}). "
                    f"Complétez la rubrique « {question.label} »."
                )))
            continue
        _READERS.get(question.id, _read_text)(question, text, content, proposal)
    order = list(load_schema("portrait")["properties"])
    proposal.data = dict(sorted(proposal.data.items(), key=lambda item: order.index(item[0])))
    return proposal


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
    proposal.problems.append(form_problem("region", (
        f"région inconnue (trouvé : « {text} » ; attendu : une des régions {names}). "
        "Choisissez la région dans la liste."
    )))


def _read_coordinates(question: Question, text: str, content: Content, proposal: Proposal) -> None:
    coordinates = parse_coordinates(text)
    if coordinates:
        proposal.data["latitude"], proposal.data["longitude"] = coordinates
        return
    proposal.problems.append(form_problem("coordinates", (
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
            proposal.problems.append(form_problem("themes", (
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
        elif top_field(problem.field) not in reported:  # the answer's own problem says it better
            proposal.problems.append(form_problem(problem.field, problem.message))
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
        return [form_problem("name", (
            f"nom inutilisable pour l'adresse de la page (trouvé : « {name} » ; attendu : un nom avec des "
            "lettres ou des chiffres). Écrivez le nom en lettres latines."
        ))]
    too_long = long_slug(name, proposal.slug)
    if too_long:
        return [form_problem("name", f"{too_long}. Raccourcissez le nom, par exemple sans sa forme juridique.")]
    if proposal.slug in RESERVED_SLUGS[PORTRAITS_DIR]:
        return [form_problem("name", (
            f"nom réservé par le site (trouvé : « {name} », qui donnerait l'adresse /{PORTRAITS_DIR}/{proposal.slug}/, "
            "celle d'une page ou d'un dossier du site ; attendu : un autre nom). Précisez le nom, par exemple avec "
            "la commune."
        ))]
    if not _taken(proposal.slug, root, content):
        return []
    return [form_problem("name", (
        f"l'adresse de ce lieu est déjà prise (trouvé : « {name} », qui donne /{PORTRAITS_DIR}/{proposal.slug}/ ; "
        f"attendu : un lieu qui n'a pas encore de fiche). Si c'est le même lieu, proposez plutôt de modifier sa "
        "fiche ; sinon, précisez le nom, par exemple avec la commune."
    ))]


def _taken(slug: str, root: Path, content: Content) -> bool:
    """Whether a portrait file or a former address of a renamed place already uses ``slug``."""
    aliases = {alias for place in content.places for alias in place.aliases}
    return (root / PORTRAITS_DIR / f"{slug}.md").exists() or slug in aliases or slug in RESERVED_SLUGS[PORTRAITS_DIR]


def _fields_of(question_id: str) -> tuple[str, ...]:
    return COMPOSITE_FIELDS.get(question_id, (question_id,))
