"""Reading a Markdown file's YAML front matter with the line of every key, and writing one.

PyYAML's own loaders silently keep the last of two duplicate keys and forget where each value was
written; contributors need both, so the careful reading composes the document into nodes, checks them,
then builds the data. That costs more than the rest of ``make check``, so a quick reading comes first: it
builds the data straight from the nodes and gives up, for the careful reading, wherever the two could
differ. The nodes of a quickly read document are composed again only if a line is asked for.

Anchors, aliases and tags are refused before anything is composed: portraits never need them, and an
alias "bomb" of a few kilobytes would otherwise expand into billions of values. yaml_events.py follows the
parser's events for this, and words libyaml's syntax errors in French.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import yaml

from tierslieux.characters import refused_in_file, refused_in_values, refused_message
from tierslieux.problems import Problem
from tierslieux.yaml_events import EventPlace, Location, syntax_found

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
HEADER = "en-tête"  # the field named in problems about the front matter block as a whole


class _Loader(_BaseLoader):
    """A safe loader that keeps dates as text, so that the schema, not YAML, decides what a date is.

    libyaml asks Python for the tag of every node and tells it the path walked to each one; with no path
    resolver (PyYAML's rarely used ``add_path_resolver``), the implicit resolvers alone decide the tag, and
    saying so directly takes a third off the reading of thousands of files.
    """

    def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is _SCALAR_NODE and implicit[0]:  # a plain scalar: 01000, NO, 48.11
            for tag, regexp in _IMPLICIT_RESOLVERS.get(value[:1], ()):
                if regexp.match(value):
                    return tag
        return _DEFAULT_TAGS[kind]

    def descend_resolver(self, current_node: yaml.Node | None, current_index: object) -> None:
        pass  # no path resolvers

    def ascend_resolver(self) -> None:
        pass


_IMPLICIT_RESOLVERS = {  # dates stay text: the schema says what a date is
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
# Module constants rather than attributes: resolve runs for every node of thousands of files.
_SCALAR_NODE = yaml.ScalarNode
_DEFAULT_TAGS = {
    yaml.ScalarNode: _BaseLoader.DEFAULT_SCALAR_TAG,
    yaml.SequenceNode: _BaseLoader.DEFAULT_SEQUENCE_TAG,
    yaml.MappingNode: _BaseLoader.DEFAULT_MAPPING_TAG,
}


@dataclass
class Document:
    """A file's front matter as data, the node behind each value, and its Markdown body."""

    path: str
    data: object
    body: str
    offset: int  # file line of the first YAML line, minus one
    source: str = ""  # the YAML text of the front matter
    keys: dict[Location, yaml.Node] = field(default_factory=dict)
    values: dict[Location, yaml.Node] = field(default_factory=dict)
    indexed: bool = True  # False until the nodes of a quickly read document are composed

    @property
    def body_line(self) -> int:
        """The file line where the body starts, under the closing ``---``."""
        return self.offset + self.source.count("\n") + 1

    def line_of(self, location: Location) -> int:
        """The file line of the key at ``location``, or of its closest enclosing key."""
        self._index()
        location = tuple(location)
        while location:
            node = self.keys.get(location) or self.values.get(location)
            if node is not None:
                return node.start_mark.line + self.offset
            location = location[:-1]
        return self.offset - 1  # the opening '---'

    def plain_text_of(self, location: Location) -> str | None:
        """What the contributor typed for a scalar value, if it was written without quotes."""
        self._index()
        node = self.values.get(tuple(location))
        if isinstance(node, yaml.ScalarNode) and not node.style:
            return node.value
        return None

    def _index(self) -> None:
        if self.indexed:
            return
        loader = _Loader(self.source)
        try:
            _index_nodes(self, loader.get_single_node(), ())  # the quick reading found no duplicate key
        finally:
            loader.dispose()
        self.indexed = True


def normalise_newlines(text: str) -> str:
    """Drop a UTF-8 byte order mark and turn CRLF and CR line endings into LF."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# Trailing spaces allowed, as by str.rstrip. Each pattern of a line start here begins with a line feed rather than
# « ^ »: re looks for a leading character quickly, where « ^ » is tried at every position of thousands of files.
_CLOSING_LINE = re.compile(r"\n(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)


def read_document(path: str, text: str) -> tuple[Document | None, list[Problem]]:
    """Split ``text`` into front matter and body and parse the front matter, reporting problems."""
    text = normalise_newlines(text)
    first_line, _, rest = text.partition("\n")
    # With the line feed added, in rest: start() is where the front matter ends, end() where the body starts.
    closing = _CLOSING_LINE.search("\n" + rest) if first_line.rstrip() == "---" else None
    refused = refused_in_file(path, text, len(first_line) + closing.end() if closing else 0, HEADER)
    if refused:  # before YAML, which would stop at the first one (ReaderError) without saying where
        return None, refused
    if first_line.rstrip() != "---":
        return None, [Problem(path, 1, HEADER, (
            f"le fichier ne commence pas par un en-tête YAML (trouvé : {_quote(first_line[:40])} ; "
            "attendu : une ligne « --- »). Ajoutez en tête du fichier les champs entre deux lignes « --- »."
        ))]
    if closing is None:
        return None, [Problem(path, 1, HEADER, (
            "l'en-tête YAML n'est jamais fermé (trouvé : aucune seconde ligne « --- » ; "
            "attendu : une ligne « --- » après le dernier champ). Ajoutez-la avant le texte du portrait."
        ))]
    document = Document(path, None, rest[closing.end():], offset=2, source=rest[:closing.start()])
    problems = _refused_constructs(document)
    if problems:
        return None, problems
    document.data = _read_quickly(document.source)
    if document.data is not None:
        document.indexed = False
    else:
        problems = _parse_into(document, document.source)
        if problems:
            return None, problems
    problems = _escaped_characters(document)
    return (None if problems else document), problems


def _escaped_characters(document: Document) -> list[Problem]:
    """Refused characters that the text did not hold but a YAML escape wrote (``"\\e"``, ``"\\u202e"``)."""
    if "\\" not in document.source:
        return []
    return [
        Problem(document.path, document.line_of(location), dotted(location) or HEADER, refused_message(char))
        for location, char in refused_in_values(document.data)
    ]


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
        return [_syntax_problem(document, error, yaml_text)]
    finally:
        loader.dispose()


# Anchors, aliases and tags -------------------------------------------------------------------------------------

# Only a text with one of these characters can hold an anchor (&a), an alias (*a) or a tag (!t): the others are
# not read as events. A finer test (where a node starts) would have to follow every line break libyaml knows.
_MARKERS = "&*!"
_STANDARD_TAG = "tag:yaml.org,2002:"
# Lists and fields inside one another, at most: a portrait needs three (trainings[0].title), a mapping file four.
# Deeper, the readings (libyaml's composer, then Python) recurse until they crash: 30,000 levels take 60 KB.
MAX_NESTING = 20


def _refused_constructs(document: Document) -> list[Problem]:
    """The first anchor, alias and explicit tag of the front matter, and the first node nested too deep, read from
    the parser's events: nothing is composed or built before they are refused."""
    if not (any(marker in document.source for marker in _MARKERS) or _may_nest_too_deep(document.source)):
        return []
    found: dict[str, Problem] = {}
    where = EventPlace()
    try:
        for event in yaml.parse(document.source, Loader=_BaseLoader):
            location = where.enter(event)
            if location is None:
                continue
            line = event.start_mark.line + document.offset
            for kind, message in _constructs_of(event):
                found.setdefault(kind, Problem(document.path, line, dotted(location) or HEADER, message))
            if len(where.open) > MAX_NESTING:
                found["nesting"] = Problem(document.path, line, dotted(location[:2]) or HEADER, _NESTING_MESSAGE)
                break  # a deeper node says nothing more
    except yaml.MarkedYAMLError:
        pass  # the careful reading reports it, unless something was found before
    return list(found.values())


def _may_nest_too_deep(source: str) -> bool:
    """Whether the front matter could nest more than MAX_NESTING levels: a level takes a bracket or a brace, or at
    least one more column of indentation or of « - », « ? », « : » indicators (two levels a column at most)."""
    flows = source.count("[") + source.count("{")
    return flows + 2 > MAX_NESTING or _indented(max((MAX_NESTING - flows - 2) // 2 + 1, 1)).search("\n" + source) is not None


@functools.cache
def _indented(columns: int) -> re.Pattern:
    """A line that starts with at least ``columns`` of indentation and indicators."""
    return re.compile(rf"\n[ \t?:-]{{{columns},}}")


_NESTING_MESSAGE = (
    f"imbrication trop profonde (trouvé : plus de {MAX_NESTING} niveaux de listes ou de champs les uns dans les "
    f"autres ; attendu : {MAX_NESTING} au plus). Une fiche n'en demande que trois ou quatre : simplifiez cette "
    "valeur, ou écrivez-la comme un texte entre guillemets."
)


def _constructs_of(event: yaml.Event) -> list[tuple[str, str]]:
    if isinstance(event, yaml.AliasEvent):
        return [("alias", (
            f"renvoi YAML refusé (trouvé : {_quote('*' + event.anchor[:40])} ; attendu : la valeur écrite en "
            f"entier). Remplacez {_quote('*' + event.anchor[:40])} par la valeur elle-même : les ancres et les "
            "renvois n'ont pas leur place dans un en-tête."
        ))]
    constructs = []
    if event.anchor is not None:
        constructs.append(("anchor", (
            f"ancre YAML refusée (trouvé : {_quote('&' + event.anchor[:40])} ; attendu : une valeur sans ancre). "
            f"Supprimez {_quote('&' + event.anchor[:40])}, et écrivez la valeur en entier partout où elle sert."
        )))
    if event.tag is not None:
        tag = "!!" + event.tag.removeprefix(_STANDARD_TAG) if event.tag.startswith(_STANDARD_TAG) else event.tag
        constructs.append(("tag", (
            f"étiquette YAML refusée (trouvé : {_quote(tag[:40])} ; attendu : une valeur sans étiquette). "
            f"Supprimez {_quote(tag[:40])} ; si la valeur elle-même commence par « ! », mettez-la entre guillemets."
        )))
    return constructs


# The quick reading --------------------------------------------------------------------------------------------


class _Unsure(Exception):
    """The quick reading cannot vouch that its data is what the careful reading would build."""


_SCALARS = {
    "tag:yaml.org,2002:int": _Loader.construct_yaml_int,
    "tag:yaml.org,2002:float": _Loader.construct_yaml_float,
    "tag:yaml.org,2002:bool": _Loader.construct_yaml_bool,
    "tag:yaml.org,2002:null": _Loader.construct_yaml_null,
}


def _read_quickly(yaml_text: str) -> dict | None:
    """The data of a front matter of fields, or None where the careful reading must report on it.

    With anchors and tags refused, the nodes form a tree of implicitly typed values, which is built here
    without PyYAML's constructor machinery; merge keys (``<<``), duplicate keys, keys that are not text and
    anything else unusual are left to the careful reading, which builds the same data or the problem.
    """
    if "<<" in yaml_text:
        return None
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        return _data_of(node, loader) if isinstance(node, yaml.MappingNode) else None
    except (yaml.YAMLError, _Unsure, KeyError):
        return None
    finally:
        loader.dispose()


def _data_of(node: yaml.Node, loader: _Loader) -> object:
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:str":
            return node.value
        return _SCALARS[node.tag](loader, node)  # KeyError for any other tag
    if isinstance(node, yaml.SequenceNode):
        return [_data_of(item, loader) for item in node.value]
    mapping = {}
    for key_node, value_node in node.value:
        key = _data_of(key_node, loader)
        if type(key) is not str or key in mapping:
            raise _Unsure
        mapping[key] = _data_of(value_node, loader)
    return mapping


def plain_value(text: str) -> object:
    """What YAML reads for ``text`` written without quotes as a whole value: ``1.0e+5`` is a number, ``1e5`` text."""
    loader = _Loader("")
    try:
        tag = loader.resolve(yaml.ScalarNode, text, (True, False))
        return _SCALARS[tag](loader, yaml.ScalarNode(tag, text)) if tag in _SCALARS else text
    finally:
        loader.dispose()


# The careful reading ------------------------------------------------------------------------------------------


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


def _syntax_problem(document: Document, error: yaml.MarkedYAMLError, yaml_text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + document.offset if mark else document.offset
    return Problem(document.path, line, HEADER, (
        f"erreur de syntaxe YAML (trouvé : {syntax_found(error, yaml_text)} ; attendu : des lignes « clé: valeur » "
        "bien indentées). Vérifiez cette ligne et la précédente : deux-points suivi d'une espace, indentation par "
        "espaces, guillemets fermés ; mettez entre guillemets un texte qui contient « : » ou « # »."
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
