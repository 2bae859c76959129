"""What Markdown may be asked to chew on: the limits of a portrait's or a region's text, checked in one pass.

Python-Markdown looks for the end of every ``[`` and ``(`` of a link up to the end of the paragraph, and
nests lists, quotes and blocks by recursion: 20 KB of ``[`` took minutes to build, and a list nested a few
hundred times, or 2,000 ``**`` around a word (each pair an element inside the one before), made the build crash
(RecursionError). No portrait needs more than a few levels of either, so
a text that nests deeper is refused before the build, with its line; under these limits, the time Markdown
takes grows with the length of the text only.
"""

from __future__ import annotations

import re

from tierslieux.characters import BODY
from tierslieux.problems import Problem, french_number
from tierslieux.schema import USER_PART, user_part_message

MAX_BODY_CHARACTERS = 32_000  # some 5,000 words: thirty times a portrait of the examples
MAX_BRACKETS = 20  # ``[`` (or ``(``, ``<``) opened and not yet closed, at any point of the text
MAX_BLOCKS = 12  # lists, quotes and indented blocks inside one another
MAX_EMPHASIS = 500  # unescaped ``*`` and ``_`` in one paragraph: at most 250 italics or bolds inside one another
# Headings, boxes (admonitions ``!!!``, details ``???``) and HTML elements whose content is Markdown
# (``<div markdown>``): Markdown compares each with the others of the page.
# Each with the text that each of them holds once at least (a line start, the word markdown): a quick count first.
MAX_SECTIONS = {
    "de titres": (100, "\n", re.compile(r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|=+[ \t]*$|-+[ \t]*$)", re.MULTILINE)),
    "d'encadrés (!!! ou ???)": (100, "\n", re.compile(r"^[ \t]*(?:!!!|\?\?\?)", re.MULTILINE)),
    "de blocs HTML avec l'attribut markdown": (
        20, "markdown", re.compile(r"<[A-Za-z][^>]*?\smarkdown\b", re.IGNORECASE),
    ),
}
_PAIRS = {"[": "]", "(": ")", "<": ">"}  # links scan for the end of each; so does Python's HTML parser
_LITERAL = {"[": "« \\[ »", "(": "« \\( »", "<": "« &lt; »"}
_BRACKETS = {  # an escaped bracket, or a bracket; for HTML, a « < » that may start a tag
    "[": re.compile(r"\\.|[\[\]]"), "(": re.compile(r"\\.|[()]"), "<": re.compile(r"<(?=[A-Za-z/!?])|>"),
}
_CONTAINERS = re.compile(r"(?:(?:[*+-]|\d{1,9}[.)])[ \t]+|>[ \t]?)")  # list items and quotes opened on one line
_EMPHASIS = re.compile(r"\\.|[*_]")  # an escaped character, or a mark that may open or close italics or bold
_BLANK_LINE = re.compile(r"\n[ \t]*\n")  # where a paragraph ends: Markdown nests inline elements within one only
# Lines that start with enough blanks and markers, as each level takes a character; found after a line feed, since re
# looks for a leading character quickly, where « ^ » would be tried at every position of the text.
_MAYBE_DEEP = re.compile(rf"\n([ \t>*+\-0-9.)]{{{MAX_BLOCKS + 1},}})")
_WEB_ADDRESS = re.compile(r"(?i)https?://[^\s<>()\[\]\"']+")  # as a link or an image of the text may hold one


def body_problems(path: str, body: str, first_line: int) -> list[Problem]:
    """Where ``body`` (starting at file line ``first_line``) is longer, or nests deeper, than Markdown may chew on."""
    if len(body) > MAX_BODY_CHARACTERS:
        return [Problem(path, first_line, BODY, (
            f"texte trop long (trouvé : {french_number(len(body))} caractères ; attendu : "
            f"{french_number(MAX_BODY_CHARACTERS)} au plus). Un portrait se lit en quelques minutes : raccourcissez-le, "
            "et donnez les détails sur le site du lieu."
        ))]
    for candidate in _MAYBE_DEEP.finditer("\n" + body):  # start(): where the line starts in body
        depth = _block_depth(candidate[1])
        if depth > MAX_BLOCKS:
            number = first_line + body.count("\n", 0, candidate.start())
            return [Problem(path, number, BODY, (
                f"texte trop imbriqué (trouvé : {depth} niveaux de listes, de citations ou de retraits les uns dans "
                f"les autres ; attendu : {MAX_BLOCKS} au plus). Remettez ces lignes à plat : moins de retrait en "
                "début de ligne, moins de « - », « > » ou « 1. » à la suite."
            ))]
    problems = [_bracket_problem(path, body, first_line, opening) for opening in _PAIRS
                if body.count(opening) > MAX_BRACKETS]
    problems.append(_user_part_problem(path, body, first_line))
    if body.count("*") + body.count("_") > MAX_EMPHASIS:
        problems.append(_emphasis_problem(path, body, first_line))
    lowered = body.lower()
    for kind, (limit, each_holds, pattern) in MAX_SECTIONS.items():
        if lowered.count(each_holds) + 1 <= limit:
            continue
        found = pattern.findall(body)
        if len(found) > limit:
            problems.append(Problem(path, first_line, BODY, (
                f"trop {kind} (trouvé : {len(found)} ; attendu : {limit} au plus). Regroupez le texte en moins "
                "de parties."
            )))
    return [problem for problem in problems if problem is not None]


def _user_part_problem(path: str, body: str, first_line: int) -> Problem | None:
    """The first web address of the text with a user part: https://www.francetravail.fr@evil.example/ leads to
    evil.example, as it would in the front matter."""
    if "@" not in body and "\\" not in body:
        return None
    for address in _WEB_ADDRESS.finditer(body):
        if USER_PART.match(address[0]):
            line = first_line + body.count("\n", 0, address.start())
            return Problem(path, line, BODY, user_part_message(address[0]))
    return None


def _block_depth(line: str) -> int:
    """How many blocks the line is in: four columns of indentation each, then each list marker or ``>``."""
    stripped = line.lstrip(" \t")
    indent = len(line[:len(line) - len(stripped)].expandtabs(4))
    depth = indent // 4
    position = 0
    while match := _CONTAINERS.match(stripped, position):
        depth += 1
        position = match.end()
    return depth


def _bracket_problem(path: str, body: str, first_line: int, opening: str) -> Problem | None:
    """Where more than MAX_BRACKETS ``opening`` characters are open at once.

    A backslash escapes a bracket before Markdown looks for links; HTML tags are looked for before any escape.
    """
    closing = _PAIRS[opening]
    depth = 0
    for match in _BRACKETS[opening].finditer(body):
        char = match[0]
        if char == opening:
            depth += 1
            if depth > MAX_BRACKETS:
                line = first_line + body.count("\n", 0, match.start())
                return Problem(path, line, BODY, (
                    f"trop de « {opening} » ouverts à la fois (trouvé : plus de {MAX_BRACKETS} « {opening} » sans leur "
                    f"« {closing} » ; attendu : {MAX_BRACKETS} au plus). Fermez chaque « {opening} » par un "
                    f"« {closing} », ou écrivez {_LITERAL[opening]} pour un « {opening} » qui n'ouvre rien."
                ))
        elif char == closing:
            depth = max(depth - 1, 0)
    return None



def _emphasis_problem(path: str, body: str, first_line: int) -> Problem | None:
    """The first paragraph with more than MAX_EMPHASIS unescaped ``*`` and ``_``."""
    starts = [0] + [blank.end() for blank in _BLANK_LINE.finditer(body)]
    for start, end in zip(starts, starts[1:] + [len(body)], strict=True):
        marks = sum(1 for match in _EMPHASIS.finditer(body, start, end) if match[0] in "*_")
        if marks > MAX_EMPHASIS:
            return Problem(path, first_line + body.count("\n", 0, start), BODY, (
                f"trop de « * » et de « _ » dans un même paragraphe (trouvé : {french_number(marks)} ; attendu : {MAX_EMPHASIS} au "
                "plus). Ils mettent le texte en italique ou en gras : gardez-en quelques-uns, écrivez « \\* » ou "
                "« \\_ » pour le caractère lui-même, ou coupez le paragraphe par une ligne vide."
            ))
    return None
