"""The « Proposer une correction » issue form: generated from the schema's titles, valid for GitHub."""

from __future__ import annotations

import subprocess
import sys

import yaml

from projects import REPO
from tierslieux.correction_form import (
    CORRECTED_FIELDS,
    CORRECTION_FORM_PATH,
    OTHER_PARTS,
    correction_form_text,
    correction_url,
)
from tierslieux.schema import load_schema


def test_the_committed_form_is_the_one_generated():
    assert (REPO / CORRECTION_FORM_PATH).read_text(encoding="utf-8") == correction_form_text(), (
        "Le formulaire n'est plus à jour : lancez make issue-form."
    )


def test_the_parts_to_correct_are_named_by_the_schemas_titles():
    form = yaml.safe_load(correction_form_text())
    parts = next(element for element in form["body"] if element.get("id") == "parties")
    titles = load_schema("portrait")["properties"]
    assert [option["label"] for option in parts["attributes"]["options"]] == [
        *(titles[field]["title"] for field in CORRECTED_FIELDS), *OTHER_PARTS]
    assert "Courriel" in str(parts) and "Tout le portrait" in str(parts)


def test_the_form_is_valid_for_github():
    """Against GitHub's issue form schema, as shipped by check-jsonschema (no network)."""
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-issue-forms",
         str(REPO / CORRECTION_FORM_PATH)], capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_form_opens_on_the_sites_repository():
    assert correction_url("https://github.com/reseau/site/") == (
        "https://github.com/reseau/site/issues/new?template=proposer-une-correction.yml")
