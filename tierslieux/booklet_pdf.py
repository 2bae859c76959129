"""A region's booklet printed to PDF with the page of each portrait in its contents: ``make livret REGION=bretagne``.

Chromium does not implement CSS ``target-counter()`` (checked with Chromium 156: the counter prints as nothing), so
a browser cannot number the contents itself, and the site's build has no browser to lay the pages out. This runs
at print time instead, on a built site: a first pass prints the booklet with headless Chromium, poppler's
``pdftotext`` tells on which page each portrait starts (its name opens the page: each portrait starts a page), then
the booklet is printed again, served with those numbers written into its contents. The contents keep a place for
the number on each line, so writing it moves nothing. A portrait whose last page holds only a few lines is served
tighter still (``tl-booklet__portrait--serre``: smaller text and photos) so that it ends a page earlier. A pass
that finds other pages, or another portrait to tighten, starts over, four times at most. A visitor who prints the
page from a browser gets the same booklet, every portrait tightened by the print stylesheet alone, without the
numbers.

    python -m tierslieux.booklet_pdf SITE_DIR REGION OUTPUT.pdf
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from tierslieux.local_server import serving

PRINT_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
    "--virtual-time-budget=5000",
)
PASSES = 4
SPILL = 8  # lines of text or fewer on a portrait's last page: a spill worth tightening the portrait for
FOOTER = 2  # lines of the running footer at the foot of each page: the region, the page number
_PORTRAIT = re.compile(r'<article class="tl-booklet__portrait" id="([a-z0-9-]+)">\s*'
                       r'<h2 class="tl-booklet__name">(.*?)</h2>', re.S)
_PAGE_SLOT = '<span class="tl-booklet__page" data-lieu="{slug}"></span>'
_ARTICLE = '<article class="tl-booklet__portrait" id="{slug}">'


class BookletError(Exception):
    """A booklet that cannot be printed, told in French to whoever runs ``make livret``."""


def portraits_of(booklet_html: str) -> list[tuple[str, str]]:
    """The slug and the name, as printed, of each portrait of a booklet page, in their order."""
    return [(slug, " ".join(html.unescape(re.sub(r"<[^>]+>", "", name)).split()))
            for slug, name in _PORTRAIT.findall(booklet_html)]


def starting_pages(page_texts: Sequence[str], names: Sequence[str]) -> list[int]:
    """The page, from 1, where each of ``names`` starts: the first page after the last one found that opens with it."""
    pages, page = [], 0
    for name in names:
        page = next((number for number in range(page + 1, len(page_texts) + 1)
                     if " ".join(page_texts[number - 1].split()).startswith(name)), 0)
        if not page:
            raise BookletError(
                f"Livret illisible (trouvé : aucune page qui commence par « {name} » ; attendu : chaque portrait en "
                "haut d'une page). Vérifiez que la feuille de style d'impression est celle du site.")
        pages.append(page)
    return pages


def spilled(page_texts: Sequence[str], starts: Sequence[int]) -> list[int]:
    """The index of each portrait, starting at the given pages, whose last page holds ``SPILL`` lines or fewer."""
    ends = [start - 1 for start in starts[1:]] + [len(page_texts)]
    return [index for index, (start, end) in enumerate(zip(starts, ends, strict=True))
            if end > start and len([line for line in page_texts[end - 1].splitlines() if line.strip()]) <= SPILL + FOOTER]


def numbered(booklet_html: str, pages: dict[str, int], tightened: set[str] = frozenset()) -> str:
    """``booklet_html`` with the page of each portrait, by slug, written in its place of the contents, and the
    portraits of ``tightened`` tightened further."""
    for slug, page in pages.items():
        slot = _PAGE_SLOT.format(slug=slug)
        booklet_html = booklet_html.replace(slot, slot.replace("></span>", f">p. {page}</span>"))
    for slug in sorted(tightened):
        article = _ARTICLE.format(slug=slug)
        booklet_html = booklet_html.replace(article, article.replace('portrait"', 'portrait tl-booklet__portrait--serre"'))
    return booklet_html


def print_pdf(url: str, pdf: Path, profile: Path) -> Path:
    """``url`` printed to ``pdf`` by headless Chromium, as a visitor prints it: A4, no browser header or footer."""
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    subprocess.run([chromium, *PRINT_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", url],
                   check=True, capture_output=True, timeout=180)
    return pdf


def page_texts(pdf: Path) -> list[str]:
    """The text of each page of ``pdf``, by poppler's pdftotext (pages end with a form feed)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")[:-1]


@contextlib.contextmanager
def _served(site: Path, page: str, replaced: dict[str, str]) -> Iterator[str]:
    """``site`` on a free port of 127.0.0.1, the booklet ``page`` served as ``replaced["html"]`` once it is set."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self):  # the name http.server calls
            if self.path.split("?")[0] != f"/{page}" or "html" not in replaced:
                return super().do_GET()
            body = replaced["html"].encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    with serving(server) as address:
        yield f"{address}/{page}"


def booklet_pdf(site: Path, region: str, output: Path) -> list[int]:
    """Prints the booklet of ``region`` from the built ``site`` to ``output``, its contents numbered; returns the
    page where each portrait starts."""
    page = f"regions/{region}/livret/"
    source = site / page / "index.html"
    if not source.is_file():
        raise BookletError(f"Livret introuvable (trouvé : pas de {source} ; attendu : le livret de la région "
                           f"« {region} » dans le site construit). Lancez make site, et vérifiez le nom de la région.")
    booklet_html = source.read_text(encoding="utf-8")
    portraits, served, pages, tightened = portraits_of(booklet_html), {}, [], set()
    with tempfile.TemporaryDirectory(prefix="livret-") as work, _served(site, page, served) as url:
        for attempt in range(PASSES):
            texts = page_texts(print_pdf(url, output, Path(work) / f"profil-{attempt}"))
            found = starting_pages(texts, [name for _, name in portraits])
            spills = {portraits[index][0] for index in spilled(texts, found)} - tightened
            if found == pages and not spills:
                return pages
            pages, tightened = found, tightened | spills
            served["html"] = numbered(booklet_html, {slug: number for (slug, _), number in zip(portraits, pages,
                                                                                              strict=True)}, tightened)
    raise BookletError(f"Numéros de page instables (trouvé : {pages} après {PASSES} impressions ; attendu : les "
                       "mêmes pages d'une impression à l'autre). Signalez-le avec le livret en cause.")


def main(argv: Sequence[str]) -> int:
    """``SITE_DIR REGION OUTPUT.pdf``: prints the booklet; 1 with a French message on failure."""
    site, region, output = argv
    try:
        pages = booklet_pdf(Path(site), region, Path(output))
    except BookletError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{output} : {len(pages)} portraits, pages {', '.join(map(str, pages))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
