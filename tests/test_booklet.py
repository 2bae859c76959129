"""tierslieux.booklet: what a region's booklet takes of each rendered portrait page, its running footer and its
edition date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from projects import REPO
from tierslieux.booklet import booklet_part, booklet_stylesheet, css_string, edition_date, footer_css
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
