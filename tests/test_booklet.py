"""tierslieux.booklet: what a region's booklet takes of each rendered portrait page, its running footer and its
edition date; tierslieux.booklet_pdf: the page numbers of its contents, found in a first printing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from projects import REPO
from tierslieux.booklet import booklet_part, booklet_stylesheet, css_string, edition_date, footer_css
from tierslieux.booklet_pdf import SPILL, BookletError, numbered, portraits_of, spilled, starting_pages
from tierslieux.content import load_content
from tierslieux.sanitize import clean_html


def test_a_region_name_stays_a_css_string_whatever_it_holds():
    assert css_string("Provence-Alpes-Côte d'Azur") == '"Provence\\00002dAlpes\\00002dC\\0000f4te d\\000027Azur"'
    hostile = css_string('Bretagne"; } body { display: none } /* </style>\n')
    assert hostile.count('"') == 2 and hostile.startswith('"Bretagne\\000022') and "\n" not in hostile
    assert not set(hostile[1:-1]) & set('";{}/<>\n')


def test_the_footer_names_the_region_on_every_page_but_the_cover():
    bretagne = load_content(REPO).regions["bretagne"]
    assert booklet_stylesheet(bretagne) == "stylesheets/livrets/bretagne.css"
    assert footer_css(bretagne).endswith(
        '@page {\n  @bottom-left {\n    content: "Bretagne";\n  }\n}\n\n'
        "@page :first {\n  @bottom-left {\n    content: none;\n  }\n}\n")


def test_the_edition_is_the_latest_change_of_the_region_or_its_portraits():
    content = load_content(REPO)
    region = content.regions["bretagne"]
    places = [replace(place, updated=date(2025, 1, 2)) for place in content.places_in("bretagne")]
    assert edition_date(region, places, {}) == date(2025, 1, 2)
    assert edition_date(region, places, {region.source: date(2026, 3, 4)}) == date(2026, 3, 4)
    assert edition_date(region, [], {}) is None


def test_body_headings_go_down_two_levels_but_never_past_h6_and_text_is_untouched():
    body = clean_html('<h1>Un</h1><h2 id="x">Deux &lt;h2&gt;</h2><p title="<h3>">p</p><h5>Cinq</h5><h6>Six</h6>')
    page = f"<!-- livret --><h2>Portrait</h2><!-- corps -->{body}<!-- /corps --><h6>Fin</h6><!-- /livret -->"
    assert booklet_part(page, prefix="l-", page_url="portraits/l/", booklet_url="regions/r/livret/") == (
        '<h3>Portrait</h3><h4>Un</h4><h4 id="l-x">Deux &lt;h2&gt;</h4><p title="&lt;h3&gt;">p</p><h6>Cinq</h6>'
        '<h6>Six</h6><h6>Fin</h6>')  # h1: h2 once cleaned

PAGE = """<nav class="tl-breadcrumb"><a href="../">Régions</a></nav>
<h1 id="contenu">La Fabrique</h1>
<!-- livret -->
<p class="tl-summary">Un lieu.</p>
<h2 id="fiche-pratique">Fiche pratique</h2>
<!-- /livret -->
<iframe src="../embed/"></iframe>
<!-- livret -->
<h2 id="portrait">Portrait</h2>
<div class="tl-body">
<!-- corps -->
<h2 id="histoire">Histoire<a class="headerlink" href="#histoire" title="Lien &gt; ici">¶</a></h2>
<p><a href="https://example.org/#x">site</a> <img src="a.png" alt="a"/></p>
<!-- /corps -->
</div>
<!-- /livret -->
<ol class="tl-nearby-list"></ol>"""


def test_the_booklet_keeps_the_marked_parts_with_prefixed_ids_headings_one_level_down_and_the_body_s_two():
    assert booklet_part(PAGE, "la-fabrique-", "portraits/la-fabrique/", "regions/bretagne/livret/") == """
<p class="tl-summary">Un lieu.</p>
<h3 id="la-fabrique-fiche-pratique">Fiche pratique</h3>

<h3 id="la-fabrique-portrait">Portrait</h3>
<div class="tl-body">

<h4 id="la-fabrique-histoire">Histoire<a class="headerlink" href="#la-fabrique-histoire" title="Lien &gt; ici">¶</a></h4>
<p><a href="https://example.org/#x">site</a> <img src="../../../portraits/la-fabrique/a.png" alt="a"/></p>

</div>
"""


def test_a_contributor_cannot_forge_the_markers_nor_the_ids():
    body = clean_html('<!-- /livret --><p title="x&quot; id=&quot;y">&lt;!-- livret --&gt; id="z"</p><!-- livret -->')
    page = f"<h1>T</h1><!-- livret -->{body}<!-- /livret --><p>voisins</p>"
    assert booklet_part(page, "p-", "portraits/p/", "regions/bretagne/livret/") == '<p title="x&quot; id=&quot;y">&lt;!-- livret --&gt; id="z"</p>'


def test_the_booklet_s_addresses_lead_where_the_portrait_s_did():
    page = ('<!-- livret --><a href="../../regions/bretagne/">Bretagne</a> <a href="../autre/#formation-1">un '
            'voisin</a><img src="../../portraits/photos/vue.svg" alt="v"> <a href="https://exemple.org/a?b=1">site'
            '</a> <a href="mailto:a@exemple.org">courriel</a> <a href="documents/plan.pdf?v=2">plan</a><!-- /livret -->')
    assert booklet_part(page, "p-", "portraits/p/", "regions/bretagne/livret/") == (
        '<a href="../">Bretagne</a> <a href="../../../portraits/autre/#formation-1">un voisin</a><img '
        'src="../../../portraits/photos/vue.svg" alt="v"> <a href="https://exemple.org/a?b=1">site</a> <a '
        'href="mailto:a@exemple.org">courriel</a> <a href="../../../portraits/p/documents/plan.pdf?v=2">plan</a>')


BOOKLET = (
    '<ol class="tl-booklet__contents">\n'
    '<li><span class="tl-booklet__page" data-lieu="forge"></span><a href="#forge">La Forge &lt;b&gt; &amp; Cie</a>, Brest</li>\n'
    '<li><span class="tl-booklet__page" data-lieu="halles"></span><a href="#halles">Les Halles</a>, Rennes</li>\n'
    '</ol>\n'
    '<article class="tl-booklet__portrait" id="forge">\n<h2 class="tl-booklet__name">La Forge &lt;b&gt; &amp; Cie</h2>\n'
    '</article>\n<article class="tl-booklet__portrait" id="halles">\n<h2 class="tl-booklet__name">Les Halles</h2>\n'
)


def test_the_contents_get_the_page_where_each_portrait_starts_in_the_place_kept_for_it():
    portraits = portraits_of(BOOKLET)
    assert portraits == [("forge", "La Forge <b> & Cie"), ("halles", "Les Halles")]
    texts = ["Tiers-lieux de formation\nBretagne", "6 tiers-lieux\nLa Forge <b> & Cie, Brest\nLes Halles, Rennes",
             "La Forge <b>\n& Cie\nUn lieu", "suite", "Les Halles\nUn autre lieu"]
    assert starting_pages(texts, [name for _, name in portraits]) == [3, 5]  # not the contents, where it is second
    page = numbered(BOOKLET, {"forge": 3, "halles": 5})
    assert '<span class="tl-booklet__page" data-lieu="forge">p. 3</span><a href="#forge">' in page
    assert '<span class="tl-booklet__page" data-lieu="halles">p. 5</span><a href="#halles">' in page


def test_a_portrait_that_opens_no_page_stops_the_printing_and_says_which():
    with pytest.raises(BookletError) as error:
        starting_pages(["Tiers-lieux de formation", "Les Halles\nUn lieu"], ["La Forge", "Les Halles"])
    assert str(error.value) == (
        "Livret illisible (trouvé : aucune page qui commence par « La Forge » ; attendu : chaque portrait en haut "
        "d'une page). Vérifiez que la feuille de style d'impression est celle du site.")


def test_a_portrait_whose_last_page_holds_a_few_lines_is_tightened_further():
    footer = "\nBretagne\n\n3 / 9\n"
    full, few = "\n".join(["ligne"] * 40) + footer, "\n".join(["ligne"] * SPILL) + footer
    texts = ["couverture", "sommaire", full, few, full, "\n".join(["ligne"] * (SPILL + 1)) + footer, full, few]
    assert spilled(texts, [3, 5, 7]) == [0, 2]  # the second portrait ends on one line more than SPILL: no spill
    page = numbered(BOOKLET, {"forge": 3, "halles": 5}, {"halles"})
    assert '<article class="tl-booklet__portrait" id="forge">' in page
    assert '<article class="tl-booklet__portrait tl-booklet__portrait--serre" id="halles">' in page
