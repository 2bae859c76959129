"""The questions of the « Proposer un lieu » issue form, and the form file made from them.

Each question fills a front matter field (or two, or the text) and takes its label from the schema's title.
``python -m tierslieux.issue_form form`` writes the file; issue_answers.py reads a submitted issue by the same
questions; issue_form.py is the command.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from tierslieux.content import Content
from tierslieux.model import french_sort_key
from tierslieux.problems import Problem
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


def form_problem(field: str, message: str) -> Problem:
    """A problem of the answers themselves, named after the question's field."""
    return Problem(FORM_SOURCE, 0, field, message)


def top_field(field: str) -> str:
    """'trainings[0].title' -> 'trainings'."""
    return re.split(r"[.\[]", field, maxsplit=1)[0]


def question_of(field: str) -> Question | None:
    """The question that fills ``field``, or None."""
    top = top_field(field)
    return next((question for question in QUESTIONS if top == question.id or top in question.fields), None)
