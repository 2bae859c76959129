"""Material's inline scripts, published as files of the site so that the CSP allows no inline script at all.

Material writes six small scripts into its pages from ``partials/javascripts/*.html`` (the storage helpers in
``<head>``, the colour palette, the content tabs, the announcement bar, the outdated-version banner and the cookie
consent). ``overrides/partials/javascripts/`` replaces each include by a ``<script src>`` of the file made here from
Material's own template, rendered once per build: the site ships no copy of Material's code, and each file follows
the installed version. The one value that varied by page, the scope of Material's browser storage (the site's root,
written relative to each page), is the site's root path, the same for every page.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

THEME_SCRIPTS_DIR = "javascripts/theme"
SNIPPETS = ("base", "palette", "content", "announce", "outdated", "consent")
_SNIPPETS_DIR = "partials/javascripts"
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


class ThemeScriptError(Exception):
    """Material's templates no longer hold the inline scripts this module publishes."""


def theme_templates(template_dirs: list[str], custom_dir: str | None) -> Path:
    """The folder of Material's own templates among the theme's folders, the site's overrides left out."""
    for folder in map(Path, template_dirs):
        if folder != Path(custom_dir or "") and all((folder / _SNIPPETS_DIR / f"{name}.html").is_file()
                                                      for name in SNIPPETS):
            return folder
    raise ThemeScriptError(f"les gabarits de Material ({_SNIPPETS_DIR}/*.html) sont introuvables : réinstallez "
                           "mkdocs-material à la version de constraints.txt.")


def theme_script_files(material: Path, *, site_url: str | None, extra: dict, features: list[str]) -> dict[str, str]:
    """The code of each of Material's inline scripts, by its path in the site; ``extra`` is mkdocs.yml's."""
    env = Environment(loader=FileSystemLoader(material), undefined=StrictUndefined, autoescape=False)
    scope = extra.get("scope") or urlsplit(site_url or "/").path or "/"
    context = {"config": {"extra": {"scope": scope}}, "base_url": scope, "features": features}
    files = {}
    for name in SNIPPETS:
        html = env.get_template(f"{_SNIPPETS_DIR}/{name}.html").render(context)
        scripts = _SCRIPT.findall(html)
        if not scripts or _SCRIPT.sub("", html).strip():
            raise ThemeScriptError(f"{_SNIPPETS_DIR}/{name}.html de Material ne contient plus seulement des scripts "
                                   "en ligne : mettez à jour tierslieux/theme_scripts.py pour cette version.")
        files[theme_script_path(name)] = ";\n".join(scripts) + "\n"
    return files


def theme_script_path(name: str) -> str:
    """``base`` -> ``javascripts/theme/base.js``."""
    return f"{THEME_SCRIPTS_DIR}/{name}.js"
