"""The escaping boundary: a table of contents shows its headings' text, never HTML that Python-Markdown's stripping of
tags makes up (``<!--><scr<b>ipt>`` became ``<script>`` there)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import html5lib
import markdown

from page_audit import threats
from projects import FIXTURES, REPO, build_site, make_project
from tierslieux.escaping import escaped, escaped_toc, heading_titles
from tierslieux.issue_form import portrait_from_issue
from tierslieux.sanitize import clean_html

ATTACK = "## Titre <!--><scr<b>ipt>alert(document.domain)</scr<b>ipt>-->"


@dataclass
class Item:
    """A table of contents' entry, as MkDocs makes them."""

    id: str
    title: str
    children: list = field(default_factory=list)


def rendered(body: str) -> tuple[str, list[dict]]:
    """``body`` as MkDocs renders it (toc with permalinks, attr_list), sanitised, and Python-Markdown's toc."""
    md = markdown.Markdown(extensions=["toc", "attr_list", "md_in_html"], extension_configs={"toc": {"permalink": True}})
    return clean_html(md.convert(body)), md.toc_tokens


def test_python_markdown_makes_a_script_of_the_heading_and_the_boundary_makes_it_text():
    html, tokens = rendered(ATTACK)
    assert tokens[0]["name"] == "Titre <script>alert(document.domain)</script>-->"  # what Material printed
    assert heading_titles(html) == {
        "titre-scriptalertdocumentdomainscript-": "Titre ipt&gt;alert(document.domain)ipt&gt;--&gt;"}


def test_a_title_is_the_escaped_text_of_its_heading_without_its_permalink():
    html, _ = rendered('## A &amp; <em>b</em> "q" `<i>` {: #titre }\n\n### Sous-titre\n')
    assert heading_titles(html) == {"titre": "A &amp; b &#34;q&#34; &lt;i&gt;", "sous-titre": "Sous-titre"}


def test_a_title_leaves_out_scripts_and_the_permalink_but_not_the_text_after_them():
    html = ('<p>Avant <b>tout</b></p><h2 id="a">Un<script>x()</script> deux<a class="note headerlink" href="#a">¶</a>'
            ' trois</h2><p>Hors titre</p><h3 id="b">Quatre<style>p{}</style><template>t</template></h3><h4>Sans id</h4>')
    assert heading_titles(html) == {"a": "Un deux trois", "b": "Quatre"}


def test_the_toc_takes_the_sanitised_titles_and_leaves_out_headings_whose_id_the_sanitiser_dropped():
    html, _ = rendered(f"{ATTACK}\n\n## __config\n\n### Dessous\n")
    toc = [Item("titre-scriptalertdocumentdomainscript-", "<script>alert(1)</script>"),
           Item("__config", "__config", [Item("dessous", "<b>Dessous</b>")])]
    kept = escaped_toc(toc, html)
    assert [(item.id, item.title, item.children) for item in kept] == [
        ("titre-scriptalertdocumentdomainscript-", "Titre ipt&gt;alert(document.domain)ipt&gt;--&gt;", []),
        ("dessous", "Dessous", []),  # under the heading whose id went: a link to #__config would reach the theme's
    ]


def test_escaped_text_is_markup_that_shows_the_text():
    assert escaped('<a href="x">&amp;</a>') == "&lt;a href=&#34;x&#34;&gt;&amp;amp;&lt;/a&gt;"


def toc_titles(html: str) -> list[str]:
    """The titles of a page's table of contents (Material's secondary sidebar), as a visitor reads them."""
    doc = html5lib.parse(html, namespaceHTMLElements=False)
    sidebar = next(div for div in doc.iter("div") if div.get("data-md-type") == "toc")
    return [" ".join("".join(span.itertext()).split()) for span in sidebar.iter("span")
            if span.get("class") == "md-ellipsis"]


def test_hostile_headings_of_a_portrait_and_a_region_are_text_on_every_page(hostile_site):
    """The hostile portrait (tests/fixtures/hostile/titre-commentaire.md) and Normandie's hostile text
    (tests/fixtures/hostile/regions/normandie.md): their tables of contents show the headings' text, and no page of
    the site runs, redirects or configures anything but the site's own (tests/page_audit.py)."""
    _, site = hostile_site
    portrait = (site / "portraits" / "titre-commentaire" / "index.html").read_text(encoding="utf-8")
    assert toc_titles(portrait) == [
        "Titre ipt>alert(document.domain)ipt>-->",
        'Redirection ta http-equiv="refresh" content="0;url=//evil.example/">-->',
        'Réglages ipt id="__config" type="application/json">{"base": "//evil.example", "search": '
        '"//evil.example/w.js"}ipt>-->',
        "Texte <script>alert(2)</script> <script>alert(3)</script>",
    ]
    region = (site / "regions" / "normandie" / "index.html").read_text(encoding="utf-8")
    assert toc_titles(region)[0] == "Présentation ipt>alert(document.domain)ipt>-->"
    booklet = (site / "regions" / "normandie" / "livret" / "index.html").read_text(encoding="utf-8")
    assert "Présentation ipt&gt;alert(document.domain)ipt&gt;--&gt;" in booklet
    for path in (site / "portraits" / "titre-commentaire" / "index.html", site / "regions" / "normandie" / "index.html",
                 site / "regions" / "normandie" / "livret" / "index.html"):
        html = path.read_text(encoding="utf-8")
        assert threats(html) == [], path
        doc = html5lib.parse(html, namespaceHTMLElements=False)
        assert len([element for element in doc.iter() if element.get("id") == "__config"]) == 1, path


def test_an_issue_of_the_proposal_form_with_the_heading_attack_gives_a_harmless_page(tmp_path):
    """« Proposer un lieu »: the issue's text becomes a portrait's body, and its headings stay text on the page."""
    issue = (FIXTURES / "issues" / "valide.md").read_text(encoding="utf-8").replace(
        "### Notre équipe", f"#{ATTACK}\n\n### Redirection <!--><me<b>ta http-equiv=\"refresh\" content=\"0;url=//e.x/\">-->")
    root = make_project(tmp_path / "projet")
    path, proposal = portrait_from_issue(issue, root)
    assert proposal.problems == [] and path is not None
    assert f"#{ATTACK}\n" in path.read_text(encoding="utf-8")  # the contributor's text, kept as written
    assert build_site(root, tmp_path / "site").returncode == 0
    page = (tmp_path / "site" / "portraits" / path.stem / "index.html").read_text(encoding="utf-8")
    assert threats(page) == []
    assert toc_titles(page) == ["Titre ipt>alert(document.domain)ipt>-->",
                                'Redirection ta http-equiv="refresh" content="0;url=//e.x/">-->']


# Every place where text becomes markup without being escaped, and why it may (tierslieux/escaping.py).
MARKED_SAFE = {
    # The sanitised body of a page and of a booklet, a booklet's parts cut from pages rendered with autoescape, and
    # the JSON-LD written without <, > or &.
    "hooks/content.py": 4,
    "tierslieux/region_map.py": 1,  # the SVG map of a region, rendered by an autoescaped template
    "build_map.py": 1,  # Folium's map script, whose values went through tojson or template_inert_json
}


def test_text_becomes_markup_only_where_the_boundary_says():
    sources = [REPO / "build_map.py", *(REPO / "hooks").glob("*.py"), *(REPO / "tierslieux").glob("*.py")]
    marked = {str(path.relative_to(REPO)): len(re.findall(r"\bMarkup\(", path.read_text(encoding="utf-8")))
              for path in sources}
    assert {path: count for path, count in marked.items() if count} == MARKED_SAFE
    templates = [path for path in (REPO / "overrides").rglob("*") if path.is_file()]
    assert [path for path in templates if re.search(r"\|\s*safe\b", path.read_text(encoding="utf-8"))] == []
