"""tierslieux.booklet: what a region's booklet takes of each rendered portrait page."""

from __future__ import annotations

from tierslieux.booklet import booklet_part
from tierslieux.sanitize import clean_html

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
<h3 id="histoire">Histoire<a class="headerlink" href="#histoire" title="Lien &gt; ici">¶</a></h3>
<p><a href="https://example.org/#x">site</a> <img src="a.png" alt="a"/></p>
</div>
<!-- /livret -->
<ol class="tl-nearby-list"></ol>"""


def test_the_booklet_keeps_the_marked_parts_with_prefixed_ids_and_headings_one_level_down():
    assert booklet_part(PAGE, "la-fabrique-") == """
<p class="tl-summary">Un lieu.</p>
<h3 id="la-fabrique-fiche-pratique">Fiche pratique</h3>

<h3 id="la-fabrique-portrait">Portrait</h3>
<div class="tl-body">
<h4 id="la-fabrique-histoire">Histoire<a class="headerlink" href="#la-fabrique-histoire" title="Lien &gt; ici">¶</a></h4>
<p><a href="https://example.org/#x">site</a> <img src="a.png" alt="a"/></p>
</div>
"""


def test_a_contributor_cannot_forge_the_markers_nor_the_ids():
    body = clean_html('<!-- /livret --><p title="x&quot; id=&quot;y">&lt;!-- livret --&gt; id="z"</p><!-- livret -->')
    page = f"<h1>T</h1><!-- livret -->{body}<!-- /livret --><p>voisins</p>"
    assert booklet_part(page, "p-") == '<p title="x&quot; id=&quot;y">&lt;!-- livret --&gt; id="z"</p>'
