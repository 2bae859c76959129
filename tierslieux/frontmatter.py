"""Reading a Markdown file's YAML front matter with the line of every key, and writing one.

PyYAML's own loaders silently keep the last of two duplicate keys and forget where each value was
written; contributors need both, so the document is composed into nodes first, checked, then built.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from tierslieux.problems import Problem

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
HEADER = "en-tête"  # the field named in problems about the front matter block as a whole


class _Loader(_BaseLoader):
    """A safe loader that keeps dates as text, so that the schema, not YAML, decides what a date is."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

Location = tuple  # a path into the data: ("trainings", 0, "title")


@dataclass
class Document:
    """A file's front matter as data, the node behind each value, and its Markdown body."""

    path: str
    data: object
    body: str
    offset: int  # file line of the first YAML line, minus one
    keys: dict[Location, yaml.Node] = field(default_factory=dict)
    values: dict[Location, yaml.Node] = field(default_factory=dict)

    def line_of(self, location: Location) -> int:
        """The file line of the key at ``location``, or of its closest enclosing key."""
        location = tuple(location)
        while location:
            node = self.keys.get(location) or self.values.get(location)
            if node is not None:
                return node.start_mark.line + self.offset
            location = location[:-1]
        return self.offset - 1  # the opening '---'

    def plain_text_of(self, location: Location) -> str | None:
        """What the contributor typed for a scalar value, if it was written without quotes."""
        node = self.values.get(tuple(location))
        if isinstance(node, yaml.ScalarNode) and not node.style:
            return node.value
        return None


def normalise_newlines(text: str) -> str:
    """Drop a UTF-8 byte order mark and turn CRLF and CR line endings into LF."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def read_document(path: str, text: str) -> tuple[Document | None, list[Problem]]:
    """Split ``text`` into front matter and body and parse the front matter, reporting problems."""
    text = normalise_newlines(text)
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, [Problem(path, 1, HEADER, (
            f"le fichier ne commence pas par un en-tête YAML (trouvé : {_quote(lines[0][:40])} ; "
            "attendu : une ligne « --- »). Ajoutez en tête du fichier les champs entre deux lignes « --- »."
        ))]
    end = next((i for i, line in enumerate(lines[1:], 1) if line.rstrip() in ("---", "...")), None)
    if end is None:
        return None, [Problem(path, 1, HEADER, (
            "l'en-tête YAML n'est jamais fermé (trouvé : aucune seconde ligne « --- » ; "
            "attendu : une ligne « --- » après le dernier champ). Ajoutez-la avant le texte du portrait."
        ))]
    document = Document(path, None, "\n".join(lines[end + 1:]), offset=2)
    problems = _parse_into(document, "\n".join(lines[1:end]) + "\n")
    return (None if problems else document), problems


class _Dumper(yaml.SafeDumper):
    """Indents list items under their key, as contributors write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def write_yaml(data: dict) -> str:
    """Front matter fields as contributors write them, quoted wherever YAML would misread a value."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def write_document(data: dict, body: str) -> str:
    """A Markdown file with ``data`` as its front matter."""
    body = body.strip()
    return f"---\n{write_yaml(data)}---\n" + (f"\n{body}\n" if body else "")


def _parse_into(document: Document, yaml_text: str) -> list[Problem]:
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None or not isinstance(node, yaml.MappingNode):
            found = "rien" if node is None else _node_kind(node)
            return [Problem(document.path, document.offset - 1, HEADER, (
                f"l'en-tête ne contient pas de champs (trouvé : {found} ; attendu : des lignes « clé: valeur »). "
                "Écrivez un champ par ligne, par exemple « name: Mon lieu »."
            ))]
        problems = _index_nodes(document, node, ())
        if not problems:
            document.data = loader.construct_document(node)
        return problems
    except yaml.MarkedYAMLError as error:
        return [_syntax_problem(document, error)]
    finally:
        loader.dispose()


def _index_nodes(document: Document, node: yaml.Node, location: Location) -> list[Problem]:
    """Record the node of every key and value, and report keys written twice in one mapping."""
    document.values[location] = node
    problems = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            line = key_node.start_mark.line + document.offset
            if key in seen:
                problems.append(Problem(document.path, line, dotted(location + (key,)), (
                    f"clé en double (trouvé : « {key} » déjà écrit ligne {seen[key]} ; attendu : une seule fois). "
                    "YAML ne garderait que la dernière valeur : supprimez ou fusionnez l'une des deux."
                )))
                continue
            seen[key] = line
            document.keys[location + (key,)] = key_node
            problems += _index_nodes(document, value_node, location + (key,))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems += _index_nodes(document, item, location + (index,))
    return problems


def _syntax_problem(document: Document, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + document.offset if mark else document.offset
    detail = " ; ".join(part for part in (error.context, error.problem) if part)
    return Problem(document.path, line, HEADER, (
        f"erreur de syntaxe YAML (trouvé : {detail} ; attendu : des lignes « clé: valeur » bien indentées). "
        "Vérifiez cette ligne et la précédente : deux-points suivi d'une espace, indentation par espaces, "
        "guillemets fermés ; mettez entre guillemets un texte qui contient « : » ou « # »."
    ))


def _node_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "une liste"
    return f"le texte {_quote(node.value)}"


def _quote(text: str) -> str:
    return f"« {text} »"


def dotted(location: Location) -> str:
    """("trainings", 0, "title") -> "trainings[0].title"."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
