"""The template's placeholder paragraphs (``modeles/portrait.md``), found in a portrait's body.

``make check`` lists the portraits that still hold them, as a notice rather than an error: a portrait may be
published before its text is written, and the page then says « Portrait à venir » only when the body is empty.
``make import`` writes none of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from tierslieux.model import Place
from tierslieux.problems import Problem

TEMPLATE = Path(__file__).resolve().parent.parent / "modeles" / "portrait.md"


@cache
def template_paragraphs() -> frozenset[str]:
    """The template body's paragraphs that are not headings, whitespace folded."""
    body = TEMPLATE.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    return frozenset(text for _, text in _paragraphs(body) if not text.startswith("#"))


@cache
def _template_words() -> tuple[str, ...]:
    """The longest word of each placeholder paragraph: a body holding none of them holds none of the paragraphs."""
    return tuple(max(text.split(), key=len) for text in template_paragraphs())


def placeholder_paragraphs(body: str) -> list[str]:
    """The paragraphs of ``body`` that are the template's placeholder text, in order."""
    return [text for _, text in _placeholders_in(body)]


def _placeholders_in(body: str) -> list[tuple[int, str]]:
    """The placeholder paragraphs of ``body`` with their first line; a body is split into paragraphs only if it may
    hold one (thousands of bodies are checked at each build)."""
    if not any(word in body for word in _template_words()):
        return []
    placeholders = template_paragraphs()
    return [(line, text) for line, text in _paragraphs(body) if text in placeholders]


def is_unwritten(body: str) -> bool:
    """Whether ``body`` holds nothing but headings and the template's placeholder text."""
    placeholders = template_paragraphs()
    return all(text.startswith("#") or text in placeholders for _, text in _paragraphs(body))


def placeholder_notices(root: Path, places: Iterable[Place]) -> list[Problem]:
    """A notice for each portrait whose body still holds the template's text, at the line of the first paragraph."""
    notices = []
    for place in places:
        found = _placeholders_in(place.body)
        if not found:
            continue
        lines_before_body = (root / place.source).read_text(encoding="utf-8").count("\n") - place.body.count("\n")
        others = len(found) - 1
        notices.append(Problem(place.source, lines_before_body + found[0][0], "portrait", (
            f"texte du modèle encore en place (trouvé : « {found[0][1]} »"
            + (f" et {others} autre{'s' * (others > 1)} paragraphe{'s' * (others > 1)} du modèle" if others else "")
            + " ; attendu : le portrait du lieu). Remplacez ce texte par celui du lieu, ou supprimez-le : la page "
            "affiche alors « Portrait à venir »."
        )))
    return notices


def _paragraphs(body: str) -> list[tuple[int, str]]:
    """Each paragraph of ``body`` with the number of its first line (1 for the body's first line), whitespace folded."""
    paragraphs, start, lines = [], 0, []
    for number, line in enumerate(body.replace("\r\n", "\n").split("\n"), 1):
        if line.strip():
            start = start or number
            lines.append(line)
        elif lines:
            paragraphs.append((start, " ".join(" ".join(lines).split())))
            start, lines = 0, []
    if lines:
        paragraphs.append((start, " ".join(" ".join(lines).split())))
    return paragraphs
