"""The site's search index, loaded only when a visitor searches, with one compact entry per portrait.

Material's search plugin indexes the text of every page it renders, and every page downloads that index on
load: 21 MB at 5,000 portraits. Here the portrait pages are left out of it (``is_searched_apart``); each place
has instead a compact entry: its name, commune, département, region, themes, training titles and summary.
After the build, ``split_search_index`` moves every document out of ``search/search_index.json`` (which
pages download on load, and which keeps Material's settings) into ``search/complet.json``, with the places;
``docs/javascripts/recherche-worker.js`` loads that file at the visitor's first search. Material shows titles
and texts as HTML: every string is escaped here.
"""

from __future__ import annotations

import html
import json

from tierslieux.content import PORTRAITS_DIR, Content
from tierslieux.departements import departement_label
from tierslieux.geodata import json_text
from tierslieux.model import Place
from tierslieux.schema import theme_labels

MATERIAL_INDEX = "search/search_index.json"  # written by Material's search plugin, read by every page on load
FULL_INDEX = "search/complet.json"  # read at the first search


def is_searched_apart(src_uri: str) -> bool:
    """Whether a page is left out of Material's index: the portraits (and their redirects), found through PLACES_INDEX."""
    return src_uri.startswith(f"{PORTRAITS_DIR}/")


def split_search_index(material_index: str, content: Content) -> tuple[str, str]:
    """Material's index without its documents, and ``{"docs": [...]}`` with them and one entry per place."""
    index = json.loads(material_index)
    labels = theme_labels()
    places = [_entry(place, content.regions[place.region].name, labels) for place in content.places]
    return json_text({**index, "docs": []}), json_text({"docs": index["docs"] + places})


def _entry(place: Place, region: str, labels: dict[str, str]) -> dict:
    where = [place.commune, departement_label(place), region]
    what = [labels[theme] for theme in place.themes] + [training.title for training in place.trainings]
    text = f"{' · '.join(where)}. {' · '.join(what)}. {place.summary}"
    return {"location": place.url, "title": _escaped(place.name), "text": _escaped(text)}


def _escaped(text: str) -> str:
    """Material inserts titles and texts as HTML; apostrophes stay as they are, for Lunr to split words on them."""
    return html.escape(text, quote=False)


LUNR_DIR = "assets/javascripts/lunr/"  # Material's language support for Lunr, copied with the theme


def unused_lunr_files(paths: list[str], languages: list[str]) -> list[str]:
    """The files of ``LUNR_DIR`` that Material's search worker never loads for ``languages``, which the site need not
    ship: as the worker, a stemmer per language but English, the multi-language file for several, a segmenter for
    Japanese, Hindi and Thai."""
    needed = {f"{LUNR_DIR}min/lunr.{lang}.min.js" for lang in languages if lang != "en"}
    needed |= {f"{LUNR_DIR}tinyseg.js" for lang in languages if lang == "ja"}
    needed |= {f"{LUNR_DIR}wordcut.js" for lang in languages if lang in ("hi", "th")}
    if len(languages) > 1:
        needed.add(f"{LUNR_DIR}min/lunr.multi.min.js")
    if needed:
        needed.add(f"{LUNR_DIR}min/lunr.stemmer.support.min.js")
    return sorted(path for path in paths if path.startswith(LUNR_DIR) and path.endswith(".js") and path not in needed)
