"""The Jinja environment of the site's own page templates (``overrides/partials/…``): autoescaped, with its filters.

The hook renders every generated page's content from these templates. Autoescape is on: contributor text is escaped
on its way into them, and only the sanitised body (``sanitize.clean_html``) and the output of ``escaping`` are marked
safe (see ``tierslieux/escaping.py``, the boundary).
"""

from __future__ import annotations

import functools
from datetime import date

from babel.dates import format_date
from jinja2 import Environment

from tierslieux.departements import departement_label
from tierslieux.hours import week_table
from tierslieux.network import Network
from tierslieux.region_map import region_map_global
from tierslieux.schema import theme_labels
from tierslieux.trainings import certification_links, training_anchor


def prepare_templates(env: Environment, network: Network, *, public_site_url: str) -> Environment:
    """``env`` made ready for the site's templates: autoescaped, with their filters and globals."""
    env.autoescape = True  # contributor text is untrusted; only the sanitised body is marked safe
    env.filters["french_date"] = french_date
    env.filters["departement"] = departement_label  # « Finistère (29) »
    env.globals["theme_labels"] = theme_labels()
    env.globals["training_anchor"] = training_anchor
    env.globals["certification_links"] = certification_links  # a training's pages at France Compétences
    env.globals["week_table"] = week_table  # horaires_osm as a week in French
    env.globals["reseau"] = network
    env.globals["public_site_url"] = public_site_url  # empty while mkdocs.yml's is an example (tierslieux.notices)
    env.globals["region_map"] = region_map_global
    # Made once: a `{% from %}` import in each portrait and card would run this template again for every page.
    env.globals["themes"] = env.get_template("partials/themes.html").module.themes
    return env


@functools.lru_cache(maxsize=1024)  # Babel takes half a millisecond a date; thousands of fiches share a few dates
def french_date(day: date) -> str:
    """« 2 décembre 2026 »."""
    return format_date(day, format="long", locale="fr")
