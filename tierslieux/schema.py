"""The JSON Schemas of the front matter, and their errors told in words a contributor can act on.

``schema/*.schema.json`` is the single definition of the fields: this module validates with it, the
contributor reference is generated from it and editors complete with it.

Two validators read the same schema file: jsonschema-rs says quickly whether a document is valid, and
only for the documents it doubts does jsonschema list the errors that the messages explain.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema_rs

from tierslieux.frontmatter import HEADER, Document, Location, dotted, plain_value
from tierslieux.problems import Problem

if TYPE_CHECKING:
    import jsonschema

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"


@cache
def load_schema(kind: str) -> dict:
    """The schema of a ``portrait`` or a ``region``."""
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


@cache
def _validator(kind: str) -> jsonschema.Draft202012Validator:
    import jsonschema  # a third of a second to import, and only a document with a problem needs it

    checker = jsonschema.FormatChecker()
    checker.checks("email")(is_email)
    return jsonschema.Draft202012Validator(load_schema(kind), format_checker=checker)


@cache
def _quick_validator(kind: str) -> jsonschema_rs.Draft202012Validator:
    """jsonschema-rs, never laxer than jsonschema on the formats we use.

    Its check of ``uri`` is stricter than jsonschema's (which checks no uri without rfc3987): a document it
    refuses only goes to jsonschema. Its ``date`` accepts the year 0, which jsonschema refuses, and its
    ``email`` a quoted name (``"<b>"@x.fr``) or a query (``a@b.fr?subject=…``), so both check these two
    formats with our functions.
    """
    return jsonschema_rs.Draft202012Validator(load_schema(kind), validate_formats=True,
                                              formats={"date": _is_date, "email": is_email})


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
# An address as people write one: no quoted name, no comment, no query, and none of ? % & # in the name, which a
# mailto: link would read as a query (contact%40x.fr?bcc=spy@evil.example: a hidden copy); a domain of letters, digits and hyphens,
# with a top-level domain of letters. The Data Package's validators (frictionless) accept each such address.
_EMAIL = re.compile(
    r"[\w!$'*+/=^`{|}~-]+(?:\.[\w!$'*+/=^`{|}~-]+)*@(?:[^\W_](?:(?:[^\W_]|-)*[^\W_])?\.)+[^\W\d_]{2,}"
)


def is_email(text: object) -> bool:
    """The ``email`` format, for both validators: an address a reader's mail program and a data validator take."""
    return not isinstance(text, str) or bool(_EMAIL.fullmatch(text))


def _is_date(text: str) -> bool:
    """jsonschema's check of the ``date`` format: AAAA-MM-JJ, a day of Python's calendar (years 1 to 9999)."""
    try:
        return bool(_DATE.fullmatch(text) and date.fromisoformat(text))
    except ValueError:
        return False


def _surely_valid(kind: str, document: Document) -> bool:
    """True when jsonschema-rs finds the data valid in a case where jsonschema would agree."""
    if "\\" in document.source:
        # Escapes can write control characters, and the regex engines disagree on some (\x1c to \x1f are
        # spaces for Python's \s, not for Rust's); no plain YAML text can hold them.
        return False
    try:
        return _quick_validator(kind).is_valid(document.data)
    except (ValueError, OverflowError):  # keys that are not text, numbers too large: jsonschema explains
        return False


def theme_labels() -> dict[str, str]:
    """The controlled vocabulary of themes: identifier to French label, in the schema's order."""
    theme = load_schema("portrait")["$defs"]["theme"]
    return {value: theme["x-labels"][value] for value in theme["enum"]}


def schema_problems(kind: str, document: Document) -> list[Problem]:
    """Every way ``document.data`` departs from the schema of ``kind``, one problem each."""
    if _surely_valid(kind, document):
        return []
    errors = list(_validator(kind).iter_errors(document.data))
    mistyped = {tuple(error.absolute_path) for error in errors if error.validator == "type"}
    not_numbers = [location for location in _non_finite(document.data, ()) if location not in mistyped]
    said_otherwise = mistyped.union(not_numbers)
    problems: dict[Problem, None] = {}  # jsonschema reports a missing field once per required list
    for error in errors:
        if error.validator != "type" and tuple(error.absolute_path) in said_otherwise:
            continue  # a value of the wrong type breaks every other rule too; say it once
        for target, message in _explain(error, document):
            problems[Problem(document.path, document.line_of(target), dotted(target) or HEADER, message)] = None
    for location in not_numbers:
        message = _not_a_number(location, document)
        problems[Problem(document.path, document.line_of(location), dotted(location), message)] = None
    return list(problems)


def _non_finite(value: object, location: Location) -> list[Location]:
    """Where YAML read .nan, .inf or -.inf (or a number too large for a float): none is a usable number."""
    if isinstance(value, float):
        return [] if math.isfinite(value) else [location]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _non_finite(item, location + (key,))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in _non_finite(item, location + (index,))]
    return []


def _not_a_number(location: Location, document: Document) -> str:
    value = document.data
    for part in location:
        value = value[part]
    meaning = "« pas un nombre »" if math.isnan(value) else "l'infini"
    return (
        f"ce n'est pas un nombre (trouvé : {document.plain_text_of(location)}, {meaning} pour YAML ; "
        f"attendu : un nombre fini). {_NUMBER_FIX}"
    )


def _explain(error: jsonschema.ValidationError, document: Document) -> list[tuple[tuple, str]]:
    """(location, message) pairs for one validation error."""
    location = tuple(error.absolute_path)
    validator = "propertyNames" if "propertyNames" in error.relative_schema_path else error.validator
    explain = _EXPLAINERS.get(validator, _explain_other)
    return explain(error, location, document)


def _explain_required(error, location, document):
    missing = [name for name in error.validator_value if name not in error.instance]
    return [(location + (name,), _required_message(name, error.schema)) for name in missing]


def _required_message(name: str, schema: dict) -> str:
    title = schema.get("properties", {}).get(name, {}).get("title", name)
    where = "l'en-tête" if schema.get("$id") else "cet élément"
    return (
        f"champ obligatoire absent : {title} (trouvé : rien ; attendu : une ligne « {name}: … »). "
        f"Ajoutez-la dans {where}."
    )


def _explain_additional(error, location, document):
    known = sorted(error.schema.get("properties", {}))
    unknown = [key for key in error.instance if key not in known]
    results = []
    for key in unknown:
        close = difflib.get_close_matches(str(key), known, n=1)
        fix = f"Vouliez-vous dire « {close[0]} » ?" if close else "Corrigez le nom ou supprimez la ligne."
        results.append((location + (key,), (
            f"champ inconnu (trouvé : « {key} » ; attendu : un des champs {', '.join(known)}). {fix}"
        )))
    return results


def _explain_type(error, location, document):
    expected = error.validator_value
    value = error.instance
    field = location[-1] if location and isinstance(location[-1], str) else None
    typed = document.plain_text_of(location)
    if expected == "string" and typed is not None and not isinstance(value, (list, dict)):
        return [(location, (
            f"YAML lit {typed} comme {_kind(value) if typed == _plain(value) else _describe(value)} "
            f"(trouvé : {_kind(value)} ; attendu : du texte). "
            f"Mettez la valeur entre guillemets : \"{typed}\""
        ))]
    if expected == "number" and isinstance(value, str):
        decimal = re.fullmatch(r"\s*(-?\d+),(\d+)\s*", value)
        if decimal:
            fix = f"Écrivez-le avec un point et sans guillemets : {decimal[1]}.{decimal[2]}"
        elif typed is None and _is_number(plain_value(value.strip())):
            fix = f"Enlevez les guillemets : {value.strip()}"
        else:
            fix = _NUMBER_FIX
        return [(location, f"ce n'est pas un nombre (trouvé : le texte \"{value}\" ; attendu : un nombre). {fix}")]
    return [(location, (
        f"type de valeur incorrect (trouvé : {_describe(value)} ; attendu : {_TYPE_NAMES[expected]}). "
        f"{_type_fix(expected, field)}"
    ))]


def _explain_enum(error, location, document):
    allowed = ", ".join(str(v) for v in error.validator_value)
    close = difflib.get_close_matches(str(error.instance), [str(v) for v in error.validator_value], n=1)
    fix = f"Vouliez-vous dire « {close[0]} » ?" if close else "Choisissez une des valeurs de la liste."
    return [(location, f"valeur non reconnue (trouvé : {_describe(error.instance)} ; attendu : une des valeurs {allowed}). {fix}")]


def _explain_max_length(error, location, document):
    return [(location, (
        f"texte trop long (trouvé : {len(error.instance)} caractères ; attendu : {error.validator_value} au plus). "
        f"Raccourcissez-le de {len(error.instance) - error.validator_value} caractères."
    ))]


def _explain_min_length(error, location, document):
    return [(location, "valeur vide (trouvé : un texte vide ; attendu : un texte). Remplissez-la ou supprimez la ligne.")]


# What comes before an @ in the host part names a user, not the site: https://www.francetravail.fr@evil.example/
# leads to evil.example. A backslash is a slash to browsers, which makes the reverse trick.
USER_PART = re.compile(r"(?i)https?://[^/?#]*[@\\]")


def user_part_message(url: str) -> str:
    """The French message for a web address with a user part, in the front matter or in the text."""
    return (f"adresse web avec un nom d'utilisateur (trouvé : \"{url}\" ; attendu : une adresse sans « @ » ni "
            "« \\ » avant le premier « / » : ce qui précède « @ » n'est pas le site, le navigateur irait à l'adresse "
            "qui suit). Recopiez l'adresse complète depuis la barre du navigateur.")


def _explain_pattern(error, location, document):
    schema = error.schema
    if isinstance(error.instance, str) and schema.get("pattern", "").startswith("^https?://"):
        if USER_PART.match(error.instance):
            return [(location, user_part_message(error.instance))]
        return [(location, (
            f"adresse web invalide (trouvé : \"{error.instance}\" ; attendu : une adresse qui commence par "
            "https:// ou http://, sans espace). Recopiez l'adresse complète depuis la barre du navigateur."
        ))]
    expected = schema.get("description") or f"le format {schema['pattern']}"
    return [(location, f"format incorrect (trouvé : \"{error.instance}\" ; attendu : {_lower_first(expected)}). Corrigez la valeur.")]


def _explain_format(error, location, document):
    if error.validator_value == "date":
        return [(location, (
            f"date invalide (trouvé : \"{error.instance}\" ; attendu : une date réelle au format AAAA-MM-JJ). "
            "Par exemple : \"2026-03-14\"."
        ))]
    if error.validator_value == "email":
        return [(location, (
            f"adresse de courriel invalide (trouvé : \"{error.instance}\" ; attendu : une adresse comme "
            "contact@exemple.fr). Corrigez-la."
        ))]
    return _explain_other(error, location, document)


def _explain_range(error, location, document):
    bound = "au moins" if error.validator == "minimum" else "au plus"
    return [(location, (
        f"valeur hors limites (trouvé : {error.instance} ; attendu : {bound} {error.validator_value}). "
        "Vérifiez le nombre : des degrés décimaux WGS84."
    ))]


def _explain_items_count(error, location, document):
    count = len(error.instance)
    return [(location, (
        f"nombre d'éléments incorrect (trouvé : {count} ; attendu : {error.validator_value} "
        f"{'au moins' if error.validator == 'minItems' else 'au plus'}). {error.schema.get('description', '')}"
    ).rstrip())]


def _explain_unique(error, location, document):
    return [(location, "élément répété (trouvé : deux fois la même valeur ; attendu : chaque valeur une seule fois). Supprimez le doublon.")]


def _explain_property_names(error, location, document):
    return [(location + (error.instance,), (
        f"nom de réseau invalide (trouvé : « {error.instance} » ; attendu : des minuscules sans espace, "
        "comme mastodon ou linkedin). Renommez la clé."
    ))]


def _explain_other(error, location, document):
    return [(location, f"valeur invalide (trouvé : {_describe(error.instance)} ; attendu : {error.message}). Corrigez la valeur.")]


_EXPLAINERS = {
    "required": _explain_required,
    "additionalProperties": _explain_additional,
    "type": _explain_type,
    "enum": _explain_enum,
    "maxLength": _explain_max_length,
    "minLength": _explain_min_length,
    "pattern": _explain_pattern,
    "format": _explain_format,
    "minimum": _explain_range,
    "maximum": _explain_range,
    "minItems": _explain_items_count,
    "maxItems": _explain_items_count,
    "uniqueItems": _explain_unique,
    "propertyNames": _explain_property_names,
}

_TYPE_NAMES = {
    "string": "du texte",
    "number": "un nombre",
    "integer": "un nombre entier",
    "boolean": "true ou false",
    "array": "une liste",
    "object": "des champs « clé: valeur »",
}


def _type_fix(expected: str, field: str | None) -> str:
    if expected == "array":
        return "Écrivez un élément par ligne, précédé de « - »."
    if expected == "object":
        return "Écrivez les champs en dessous, indentés de deux espaces."
    return "Corrigez la valeur."


def _describe(value: object) -> str:
    if value is None:
        return "une valeur vide"
    if isinstance(value, bool):
        return f"le booléen {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"le nombre {value}"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "des champs « clé: valeur »"
    return f"\"{value}\""


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "un booléen"
    if isinstance(value, (int, float)):
        return "un nombre"
    return _describe(value)


def _plain(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


_NUMBER_FIX = "Écrivez un nombre en degrés décimaux, avec un point, par exemple 48.1173"


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:].rstrip(".")
