"""Printing: the Bretagne booklet, a portrait and a region page to A4 PDF with headless Chromium, read back with
poppler's pdftotext. The PDFs are left in the test's temporary folder: ``pdftoppm -png`` shows their pages.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.dates import format_date

from bretagne import PLACES
from browser import chromium, require_chromium, serve
from tierslieux.booklet import edition_date
from tierslieux.booklet_pdf import booklet_pdf, page_texts
from tierslieux.booklet_pdf import print_pdf as chromium_print
from tierslieux.content import load_content
from tierslieux.sources import last_commit_dates

pytestmark = pytest.mark.browser

BOOKLET_NAMES = ["Atelier de l'Odet", "Exemple – La Fabrique du Bocage", "L'Écluse des savoirs",
                 "Zéphyr numérique & Cie"]  # French order: accents and case ignored


def require_pdftotext() -> None:
    """Skip without poppler-utils, unless CI=true, where the print tests must run (make system-deps)."""
    if shutil.which("pdftotext") and shutil.which("pdfinfo"):
        return
    message = "pdftotext introuvable : installez poppler-utils (make system-deps)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true : les tests d'impression doivent tourner, mais {message}")
    pytest.skip(f"tests d'impression ignorés : {message}")


@pytest.fixture(scope="module")
def print_pdf(bretagne_site, tmp_path_factory):
    """Print a page of the Bretagne site to PDF with Chromium's --print-to-pdf; returns the PDF's path."""
    require_chromium()
    require_pdftotext()
    folder = tmp_path_factory.mktemp("pdf")
    with serve(bretagne_site) as base:
        def printed(page: str) -> Path:
            pdf = folder / f"{page.strip('/').replace('/', '-')}.pdf"
            if pdf.exists():
                return pdf
            return chromium_pdf(base + page, pdf, folder / "profile")
        yield printed


def chromium_pdf(url: str, pdf: Path, profile: Path) -> Path:
    """``url`` printed to ``pdf`` by Chromium, as a visitor prints it (A4, no browser header or footer)."""
    return chromium_print(url, pdf, profile)


def text_of(pdf: Path, page: int | None = None, *, layout: bool = False) -> str:
    """The text of ``pdf``, or of one of its pages; with ``layout``, one line of text per printed line."""
    options = (["-f", str(page), "-l", str(page)] if page else []) + (["-layout"] if layout else [])
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *options, str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def pages_of(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "(A4)" in info
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.fixture(scope="module")
def booklet(print_pdf) -> Path:
    return print_pdf("regions/bretagne/livret/")


def test_the_booklet_starts_each_portrait_on_a_new_page_in_french_order(booklet):
    count = pages_of(booklet)
    first_lines = [text_of(booklet, page).strip().splitlines()[0] for page in range(1, count + 1)]
    assert first_lines[0] == "Tiers-lieux de formation"  # the network, extra.reseau.nom
    assert [line for line in first_lines if line in BOOKLET_NAMES] == BOOKLET_NAMES
    assert count >= 1 + len(BOOKLET_NAMES)


def test_the_booklet_holds_the_region_and_every_portrait_in_full(booklet):
    text = " ".join(text_of(booklet).split())
    assert "Bretagne" in text and "Cette région n'a pas encore de présentation sur ce site." in text
    for name in BOOKLET_NAMES:
        assert text.count(name) >= 2  # in the contents, then at the top of its portrait
    assert text.count("Un café-réparation devenu lieu de formation") == len(BOOKLET_NAMES)  # each body
    assert text.count("Technicien de maintenance en réemploi") == len(BOOKLET_NAMES)  # each training
    assert text.count("Illustration : projet Tiers-lieux de formation") >= len(BOOKLET_NAMES)  # photo credits


def test_the_booklet_opens_on_a_cover_with_its_counts_edition_and_address(booklet, bretagne_site):
    project = bretagne_site.parent / "projet"
    content = load_content(project)
    places = content.places_in("bretagne")
    edition = edition_date(content.regions["bretagne"], places, last_commit_dates(project))
    cover = " ".join(text_of(booklet, 1).split())
    trainings = sum(len(place.trainings) for place in places)
    heading, drawn, caption = re.fullmatch(r"(.*? formations) (.*?) (Un point numéroté.*)", cover).groups()
    assert heading == f"Tiers-lieux de formation Bretagne {len(places)} lieux, {trainings} formations"
    assert set(drawn.split()) == {"1", "2", "3", "4", "Saint-Brieuc", "Quimper", "Rennes", "Vannes"}  # the map's text
    assert caption == ("Un point numéroté par lieu, dans l'ordre du sommaire. Contours : IGN, ADMIN EXPRESS 2018, "
                       f"Licence Ouverte. Édition du {format_date(edition, format='long', locale='fr')}")  # no number,
    # no footer, and no address while mkdocs.yml's is an example (tests/test_legal.py: the published site's shows it)


def test_every_page_after_the_cover_has_its_number_and_the_region_and_none_is_empty(booklet):
    count = pages_of(booklet)
    for page in range(2, count + 1):
        lines = [" ".join(line.split()) for line in text_of(booklet, page, layout=True).splitlines() if line.strip()]
        assert lines[-1] == f"Bretagne {page} / {count}", page  # the running footer: region, then page number
        assert lines[:-1], f"page {page} holds nothing but its footer"


def test_no_heading_is_left_alone_at_the_foot_of_a_page(example_site, tmp_path):
    require_chromium()
    require_pdftotext()
    booklet = example_site / "regions" / "normandie" / "livret" / "index.html"  # a heading fell at a page's foot
    headings = {" ".join(html.unescape(re.sub(r"<[^>]+>", "", re.sub(r'<a class="headerlink".*?</a>', "", text))).split())
                for text in re.findall(r"<h[2-6][^>]*>(.*?)</h[2-6]>", booklet.read_text(encoding="utf-8"), re.DOTALL)}
    with serve(example_site) as base:
        pdf = chromium_pdf(base + "regions/normandie/livret/", tmp_path / "normandie.pdf", tmp_path / "profile")
    count = pages_of(pdf)
    for number in range(2, count):
        lines = [" ".join(line.split()) for line in text_of(pdf, number, layout=True).splitlines() if line.strip()]
        assert lines[-2] not in headings, (number, lines[-2])  # the last line before the running footer


def test_printed_pages_leave_out_the_screen_and_show_where_links_lead(print_pdf):
    for page in ("regions/bretagne/livret/", "portraits/ecluse-des-savoirs/", "regions/bretagne/"):
        text = " ".join(text_of(print_pdf(page)).split())
        for screen_only in ("Rechercher", "Intégrer la carte", "Modifier cette fiche", "Version imprimable",
                            "Afficher la carte interactive ici", "Ouvrir la carte interactive",
                            "<iframe", "Aller au contenu"):
            assert screen_only not in text, (page, screen_only)
    portrait = " ".join(text_of(print_pdf("portraits/ecluse-des-savoirs/")).split())
    assert "Mastodon (https://exemple.org/@exemple-fabrique-du-bocage)" in portrait
    assert "(https://exemple.org/exemple-fabrique-du-bocage/formations/reparation)" in portrait
    assert portrait.count("https://exemple.org/exemple-fabrique-du-bocage ") <= 1  # the website: its text is its URL
    assert "À proximité" in portrait and PLACES["zephyr-numerique"][0] in portrait


def test_make_livret_numbers_the_contents_with_the_page_where_each_portrait_starts(bretagne_site, tmp_path):
    require_chromium()
    require_pdftotext()
    pdf = tmp_path / "livret-bretagne.pdf"
    pages = booklet_pdf(bretagne_site, "bretagne", pdf)
    texts = page_texts(pdf)
    assert [" ".join(texts[page - 1].split()).startswith(name) for page, name in zip(pages, BOOKLET_NAMES,
                                                                                     strict=True)] == [True] * 4
    contents = [" ".join(line.split()) for line in text_of(pdf, 2, layout=True).splitlines()
                if re.match(r"\s*\d\. ", line)]
    assert contents == [f"{number}. {name}, Carhaix-Plouguer p. {page}" for number, (name, page)
                        in enumerate(zip(BOOKLET_NAMES, pages, strict=True), start=1)]


def test_no_portrait_spills_onto_a_nearly_blank_page(booklet):
    count = pages_of(booklet)
    assert count == 2 + 2 * len(BOOKLET_NAMES)  # the cover, the contents, then two pages a portrait
    for page in range(4, count + 1, 2):  # each portrait's second page
        lines = [line for line in text_of(booklet, page, layout=True).splitlines() if line.strip()]
        assert len(lines) >= 15, (page, lines)


HEADING_AND_TEXT_SIZES = """
const size = (element) => parseFloat(getComputedStyle(element).fontSize);
const text = size(document.querySelector(".tl-booklet__portrait .tl-body p"));
return [text, [...document.querySelectorAll(".tl-booklet__portrait :is(h2, h3, h4, h5, h6)")]
  .map((heading) => [heading.tagName, heading.textContent.trim(), size(heading)])];
"""


def test_in_print_no_heading_of_a_booklet_is_smaller_than_its_text(bretagne_site):
    require_chromium()
    with serve(bretagne_site) as base, chromium() as driver:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        driver.get(base + "regions/bretagne/livret/")
        text, headings = driver.execute_script(HEADING_AND_TEXT_SIZES)
    assert {tag for tag, _, _ in headings} >= {"H2", "H3", "H4"}
    assert [(tag, name, size) for tag, name, size in headings if size < text] == []
