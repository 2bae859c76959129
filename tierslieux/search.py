"""The site's search: an index split by the first two letters of each word, loaded a piece at a time as a visitor types.

Material's search plugin indexes the text of every page it renders, and its worker needs the whole index before the
first result: 22 MB at 5,000 portraits with their text. Here the portrait pages are left out of Material's index
(``is_searched_apart``), and after the build ``search_files`` writes:

- ``search/search_index.json``: Material's settings, without documents (every page downloads it on load);
- ``search/documents/<n>.json``: what a result shows (address, title, text), ``DOCUMENTS_PER_FILE`` documents a file:
  Material's pages first, then each region (its name and presentation: Material would parse its whole page, the
  cards of its places included, for these alone), then one compact entry per place (name, commune, département,
  region, themes, training
  titles, summary), places in region and name order, so that the results of a query on a place's region or
  département share few files;
- ``search/textes/<n>.json``: the whole text of the same documents, as plain text (a page's, a region's
  presentation, a portrait's body), from which the worker shows the passage around a word found only there;
- ``search/termes/<2 letters>.json``: the French stem of every word of the documents, by the stem's first two
  letters, with the documents that hold it and its weight in each (``_terms``); a place's own text (its portrait's
  body) counts too. A hand-written page is one document, its sections joined to it.

Words are folded by ``folded_words``, as slugs are (« Finistère » gives ``finistere``), then cut to their stem by
Snowball's French stemmer (``stem``: « réparation » and « réparer » give ``repar``); the département's name and number
are in each place's entry (« Finistère (29) »). ``docs/javascripts/recherche-worker.js`` reads a query's files only,
stems its words with Lunr's French stemmer (Snowball's too, from Material's files, through
``docs/javascripts/racines.js``; the pinned snowballstemmer gives the same stems, tests/test_browser_search.py), and
answers Material's search box. Material shows titles and texts as HTML: every string is escaped here.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import snowballstemmer

from tierslieux.content import PORTRAITS_DIR, REGION_SLUGS, REGIONS_DIR, Content, folded_words
from tierslieux.departements import departement_label
from tierslieux.geodata import json_text
from tierslieux.model import Place, french_sort_key
from tierslieux.schema import theme_labels

MATERIAL_INDEX = "search/search_index.json"  # written by Material's search plugin, read by every page on load
DOCUMENTS = "search/documents"
TEXTS = "search/textes"
TERMS = "search/termes"
DOCUMENTS_PER_FILE = 25
PREFIX = 2  # letters of a word that name its file of terms
SHOWN_TEXT = 300  # characters of a hand-written page's text shown under its title in the results
FIELD_BOOSTS = (3, 2, 1)  # a word of the title, of a place's entry, of its portrait's text
# Words found in nearly every document: a query keeps its other words. Words of one or two characters go too, unless
# one is a digit (« 29 », « 2A »). The worker keeps the same list and rule.
STOP_WORDS = frozenset(
    "les des une pour par dans sur avec est qui que aux ses son nos vos leur leurs ces cette mais pas plus ont sont "
    "tout tous elle ils nous vous".split()
)
_TAG = re.compile(r"<[^>]*>")
_REGION_PAGES = frozenset(f"{REGIONS_DIR}/{slug}.md" for slug in REGION_SLUGS)  # not regions/index.md
# What a text shows of its Markdown syntax: a link's target (parentheses in it too), emphasis, headings, quotes.
_MARKDOWN = re.compile(r"\]\((?:[^()]|\([^()]*\))*\)|[#*_>`\[\]]+")


def is_searched_apart(src_uri: str) -> bool:
    """Whether a page is left out of Material's index and found here instead: the portraits (and their redirects),
    and the region pages, whose HTML Material would parse whole for the region's presentation alone."""
    return src_uri.startswith(f"{PORTRAITS_DIR}/") or src_uri in _REGION_PAGES


def search_files(material_index: str, content: Content) -> Iterator[tuple[str, str]]:
    """Material's index without its documents, the files of documents and the files of terms: (path, text), one at a
    time, so that the caller writes each before the next is made."""
    index = json.loads(material_index)
    labels = theme_labels()
    documents, texts, words = [], [], []
    for page in _pages(index["docs"]):
        text = " ".join(page["text"].split())
        documents.append({"location": page["location"], "title": page["title"], "text": _escaped(_shortened(text))})
        texts.append(text)
        words.append((html.unescape(page["title"]), page["text"], ""))
    for region in content.regions_by_name():
        text = _plain(region.body)
        documents.append({"location": region.url, "title": _escaped(region.name), "text": _escaped(_shortened(text))})
        texts.append(text)
        words.append((region.name, text, ""))
    for place in sorted(content.places, key=lambda place: (place.region, french_sort_key(place.name))):
        entry = _entry(place, content.regions[place.region].name, labels)
        documents.append({"location": place.url, "title": _escaped(place.name), "text": _escaped(entry)})
        texts.append(_plain(place.body))
        words.append((place.name, entry, place.body))
    yield MATERIAL_INDEX, json_text({**index, "docs": []})
    for start in range(0, len(documents), DOCUMENTS_PER_FILE):
        yield f"{DOCUMENTS}/{start // DOCUMENTS_PER_FILE}.json", json_text(documents[start:start + DOCUMENTS_PER_FILE])
        yield f"{TEXTS}/{start // DOCUMENTS_PER_FILE}.json", json_text(texts[start:start + DOCUMENTS_PER_FILE])
    for prefix, terms in sorted(_terms(words).items()):
        yield f"{TERMS}/{prefix}.json", json_text({"documents_per_file": DOCUMENTS_PER_FILE, "words": terms})


def _pages(material_docs: list[dict]) -> list[dict]:
    """Material's documents, a page's sections joined to the page: one result per page, its text as plain text."""
    pages: dict[str, dict] = {}
    for doc in material_docs:
        location = doc["location"].split("#", 1)[0]
        text = html.unescape(_TAG.sub(" ", doc.get("text", "")))
        if location not in pages:
            pages[location] = {"location": location, "title": doc.get("title", ""), "text": text}
        else:  # a section: its title counts as text
            pages[location]["text"] += f" {html.unescape(doc.get('title', ''))} {text}"
    return list(pages.values())


def _terms(documents: list[tuple[str, str, str]]) -> dict[str, dict[str, list[int]]]:
    """For each prefix, each word: the documents holding it and the word's weight in each, as a flat list
    ``[document, weight, document, weight, …]``, by the French stems of the words.

    Each document has three fields: its title, its text (a place's entry), and a place's portrait. The weight is the
    sum of BM25's (k1 = 1.2, b = 0.75) in each field times its boost (FIELD_BOOSTS), times ten and rounded, at least
    1: a word weighs more in a short title than in a long text. Lengths are counted in characters, so that the words
    of one document at a time are held, not those of thousands.
    """
    average = [max(1.0, sum(len(document[side]) for document in documents) / max(1, len(documents)))
               for side in range(3)]
    postings: dict[str, list[int]] = defaultdict(list)
    for number, document in enumerate(documents):
        weights: dict[str, float] = defaultdict(float)
        for side, (text, boost) in enumerate(zip(document, FIELD_BOOSTS, strict=True)):
            norm = 1.2 * (0.25 + 0.75 * len(text) / average[side])
            for word, count in Counter(map(stem, search_words(text))).items():
                weights[word] += boost * count * 2.2 / (count + norm)
        for word, weight in weights.items():
            postings[word] += [number, int(10 * weight + 0.5) or 1]
    by_prefix: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for word in sorted(postings):
        by_prefix[word[:PREFIX]][word] = postings[word]
    return by_prefix


def search_words(text: str) -> Iterable[str]:
    """The folded words of ``text`` that the index keeps: « L'Écluse, Finistère (29) » gives ecluse, finistere, 29."""
    return (word for word in folded_words(text)
            if word not in STOP_WORDS and (len(word) > 2 or len(word) == 2 and not word.isalpha()))


_FRENCH = snowballstemmer.stemmer("french")


@functools.cache  # a site has tens of thousands of distinct words, met again and again
def stem(word: str) -> str:
    """The French stem of a folded word, as Lunr's stemmer gives it in the browser; a number stays as it is."""
    return word if word.isdigit() else _FRENCH.stemWord(word)


def _plain(markdown: str) -> str:
    """Markdown (a region's presentation, a portrait's body) as the text a reader sees, on one line."""
    return " ".join(html.unescape(_MARKDOWN.sub(" ", _TAG.sub(" ", markdown))).split())


def _shortened(text: str) -> str:
    return text if len(text) <= SHOWN_TEXT else text[:SHOWN_TEXT].rsplit(" ", 1)[0] + " …"


def _entry(place: Place, region: str, labels: dict[str, str]) -> str:
    where = [place.commune, departement_label(place), region]
    what = [labels[theme] for theme in place.themes] + [training.title for training in place.trainings]
    return f"{' · '.join(where)}. {' · '.join(what)}. {place.summary}"


def _escaped(text: str) -> str:
    """Material inserts titles and texts as HTML."""
    return html.escape(text, quote=False)


LUNR_DIR = "assets/javascripts/lunr/"  # Material's language support for Lunr, copied with the theme


def unused_lunr_files(paths: list[str], languages: list[str]) -> list[str]:
    """The files of ``LUNR_DIR`` that the site never loads, which it need not ship. Material's search worker loads a
    stemmer per language but English, the multi-language file for several, a segmenter for Japanese, Hindi and Thai;
    the site's own search and its catalogue load the French stemmer, whatever Material's languages
    (docs/javascripts/racines.js)."""
    needed = {f"{LUNR_DIR}min/lunr.{lang}.min.js" for lang in [*languages, "fr"] if lang != "en"}
    needed |= {f"{LUNR_DIR}tinyseg.js" for lang in languages if lang == "ja"}
    needed |= {f"{LUNR_DIR}wordcut.js" for lang in languages if lang in ("hi", "th")}
    if len(languages) > 1:
        needed.add(f"{LUNR_DIR}min/lunr.multi.min.js")
    needed.add(f"{LUNR_DIR}min/lunr.stemmer.support.min.js")
    return sorted(path for path in paths if path.startswith(LUNR_DIR) and path.endswith(".js") and path not in needed)


def write_search_files(site_dir: Path, content: Content) -> None:
    """Replaces Material's index in the built site by ours (``search_files``), each file written before the next is
    made."""
    for path, text in search_files((site_dir / MATERIAL_INDEX).read_text(encoding="utf-8"), content):
        (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / path).write_text(text, encoding="utf-8")
