"""The JSON Schemas of the front matter, and their errors told in words a contributor can act on.

``schema/*.schema.json`` is the single definition of the fields: this module validates with it, the
contributor reference is generated from it and editors complete with it.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from pathlib import Path

import jsonschema

from tierslieux.frontmatter import HEADER, Document, dotted
from tierslieux.problems import Problem

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"


@cache
def load_schema(kind: str) -> dict:
    """The schema of a ``portrait`` or a ``region``."""
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


@cache
def _validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_schema(kind), format_checker=jsonschema.FormatChecker())


def theme_labels() -> dict[str, str]:
    """The controlled vocabulary of themes: identifier to French label, in the schema's order."""
    theme = load_schema("portrait")["$defs"]["theme"]
    return {value: theme["x-labels"][value] for value in theme["enum"]}


def schema_problems(kind: str, document: Document) -> list[Problem]:
    """Every way ``document.data`` departs from the schema of ``kind``, one problem each."""
    errors = list(_validator(kind).iter_errors(document.data))
    mistyped = {tuple(error.absolute_path) for error in errors if error.validator == "type"}
    problems: dict[Problem, None] = {}  # jsonschema reports a missing field once per required list
    for error in errors:
        if error.validator != "type" and tuple(error.absolute_path) in mistyped:
            continue  # a value of the wrong type breaks every other rule too; say it once
        for target, message in _explain(error, document):
            problems[Problem(document.path, document.line_of(target), dotted(target) or HEADER, message)] = None
    return list(problems)


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
        elif _is_number(value):
            fix = f"Enlevez les guillemets : {value.strip()}"
        else:
            fix = "Écrivez un nombre en degrés décimaux, avec un point, par exemple 48.1173"
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


def _explain_pattern(error, location, document):
    schema = error.schema
    if isinstance(error.instance, str) and schema.get("pattern", "").startswith("^https?://"):
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


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:].rstrip(".")
