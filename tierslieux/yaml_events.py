"""The parser's events and errors, in a contributor's terms: where in the data each node starts, and what a
YAML syntax error was, in French.

frontmatter.py reads the events to refuse anchors, aliases, tags and deep nesting before anything is composed,
and names the place of each (``EventPlace``); it words libyaml's syntax errors with ``syntax_found``.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

Location = tuple  # a path into the data: ("trainings", 0, "title")


@dataclass
class _Collection:
    """A mapping or a sequence whose events are being read."""

    location: Location
    is_mapping: bool
    key: str | None = None  # in a mapping, the key whose value comes next
    index: int = 0  # in a sequence, the index of the next item


class EventPlace:
    """Follows the parser's events to tell where in the data each node starts: ("trainings", 0, "title")."""

    def __init__(self):
        self.open: list[_Collection] = []

    def enter(self, event: yaml.Event) -> Location | None:
        """The location of the node this event starts, or None for an event that starts no node."""
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.open.pop()
            self._done("?")
            return None
        if not isinstance(event, yaml.NodeEvent):
            return None
        location = self._location(event)
        if isinstance(event, yaml.CollectionStartEvent):
            self.open.append(_Collection(location, isinstance(event, yaml.MappingStartEvent)))
        else:
            self._done(event.value if isinstance(event, yaml.ScalarEvent) else "?")
        return location

    def _location(self, event: yaml.NodeEvent) -> Location:
        if not self.open:
            return ()
        parent = self.open[-1]
        if not parent.is_mapping:
            return parent.location + (parent.index,)
        if parent.key is None:  # the node is a key: name it by itself when it is text
            return parent.location + (event.value,) if isinstance(event, yaml.ScalarEvent) else parent.location
        return parent.location + (parent.key,)

    def _done(self, text: str) -> None:
        """A whole node has been read: it was a key, a value, or a sequence item."""
        if not self.open:
            return
        parent = self.open[-1]
        if not parent.is_mapping:
            parent.index += 1
        else:
            parent.key = text if parent.key is None else None


# libyaml's account of a syntax error, in a contributor's words; an account not listed here is quoted as it is.
_SYNTAX_PROBLEMS = {
    "mapping values are not allowed in this context": (
        "un « : » de trop : une valeur qui contient « : » sans guillemets, ou une ligne plus en retrait que la "
        "précédente"
    ),
    "found unexpected end of stream": "des guillemets ouverts qui ne sont jamais fermés",
    "did not find expected key": (
        "du texte là où une nouvelle ligne « clé: valeur » était attendue : après des guillemets fermés, ou sur "
        "une ligne mal alignée"
    ),
    "did not find expected ',' or ']'": "un « [ » qui n'est pas fermé par « ] » sur la même ligne",
    "did not find expected ',' or '}'": "un « { » qui n'est pas fermé par « } » sur la même ligne",
    "found unknown escape character": "entre guillemets, une barre oblique inverse « \\ » que YAML ne sait pas lire",
    "did not find expected alphabetic or numeric character": "un « & » ou un « * » en début de valeur",
    "did not find expected comment or line break": "du texte juste après « | » ou « > » en début de valeur",
    "mapping keys are not allowed in this context": "un « ? » en début de valeur",
    "did not find expected '-' indicator": "un élément de liste « - » mal aligné avec les autres",
    "did not find expected node content": "une valeur qui manque, ou un caractère qui ne peut pas la commencer",
}


_TAB = "une tabulation, que YAML refuse en début de ligne ou de valeur : mettez des espaces"


def syntax_found(error: yaml.MarkedYAMLError, yaml_text: str) -> str:
    """What libyaml stumbled on, in French: the character it could not read, or its account translated."""
    if error.problem and error.problem.startswith("found a tab character"):
        return _TAB
    if error.problem == "found character that cannot start any token" and error.problem_mark:
        lines = yaml_text.split("\n")
        row, column = error.problem_mark.line, error.problem_mark.column
        char = lines[row][column:column + 1] if row < len(lines) else ""
        if char == "\t":
            return _TAB
        if char:
            return f"« {char} » en début de valeur, que YAML réserve : mettez la valeur entre guillemets"
    if error.problem in _SYNTAX_PROBLEMS:
        return _SYNTAX_PROBLEMS[error.problem]
    return " ; ".join(part for part in (error.context, error.problem) if part)
