"""Property-based tests: hostile text in every string field and in the body of a portrait.

Either the check refuses the file with a located message, or the site shows the text as text: no script element
or event handler but the project's own, data files that parse, and the text a visitor sees equal to the input.
Reproducible and cheap: derandomized, few examples, several portraits per real build.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import json
import re
import tempfile
import unicodedata
from pathlib import Path
from xml.etree import ElementTree

import html5lib
import markdown
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from build_map import main as build_map_main
from page_audit import threats
from projects import NETWORK, REPO, build_site, make_project
from tierslieux.body import body_problems
from tierslieux.characters import invisible_in_name
from tierslieux.content import load_content, problems_if_written
from tierslieux.escaping import escaped_toc
from tierslieux.frontmatter import read_document, write_document
from tierslieux.geodata import data_files
from tierslieux.opendata import open_data_files
from tierslieux.problems import ContentError
from tierslieux.sanitize import clean_html

# Markup and code; control, bidi and invisible characters; look-alike letters (Cyrillic а, full-width Ａ, Greek Ο);
# page settings and theme ids a body could try; Markdown that nests or opens brackets without end.
FRAGMENTS = [
    "<script>alert(1)</script>", "</script><script>alert(2)</script>", "<img src=x onerror=alert(3)>",
    "`alert(4)`", "${alert(5)}", "\"'><svg onload=alert(6)>", "javascript:alert(7)", "{{ 7*7 }}", "{% raw %}",
    "&amp;&lt;", "<!--", "]]>", "\u202e\u200f\u2066", "\x00", "\x07\x1b\x7f", "😀🏳️‍🌈𝕏", "\\u2028\u2028", "' OR 1=1 --",
    "\x0b\x0c\x85\x9f", "\u200b\u200d\u2060\ufeff\u00ad", "Lа Ｆａｂｒｉｑｕｅ Ο", "\u2028\u2029", "\r\n", "\t",
    "\nTemplate: redirect.html\nLocation: //evil.example\n", "\n---\ntemplate: 404.html\n---\n", "{: #__config }",
    "[" * 25, "1. " * 14, "<a" * 25, "<?xml-stylesheet href='x'?>", "data:text/html,<script>alert(8)</script>",
]
hostile = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), min_size=1, max_size=5).map("".join)
REFUSED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
# The schema's string fields with their maximum lengths; values at most that long, so that most are accepted.
FIELDS = {"name": 120, "commune": 100, "summary": 280, "address": 200, "accessibility": 500, "opening_hours": 300,
          "deffinov": 500}
TRAINING_FIELDS = {"title": 200, "kind": 100, "audience": 200, "duration": 100, "certification": 200, "partner": 200}
# No shrinking: a failing case is printed as drawn, and a shrink of real builds would take minutes.
SETTINGS = {"derandomize": True, "deadline": None, "database": None, "suppress_health_check": list(HealthCheck),
            "phases": [Phase.explicit, Phase.generate]}


@st.composite
def portraits(draw, long: bool = False, label: str = "") -> dict:
    """A portrait with hostile text everywhere; ``label`` starts each value, to keep it non-empty and unique."""
    def text(limit: int) -> str:
        value = label + draw(hostile)
        return value * (limit // max(len(value), 1)) if long else value[:limit]

    return {
        **{field: text(limit) for field, limit in FIELDS.items()},
        "region": "bretagne", "postal_code": "35000", "latitude": 48.11, "longitude": -1.68, "themes": ["numerique"],
        "equipment": [text(120)],
        "trainings": [{field: text(limit) for field, limit in TRAINING_FIELDS.items()}],
        "body": text(2000),
    }


def write_portrait(folder: Path, slug: str, portrait: dict) -> Path:
    fields = {key: value for key, value in portrait.items() if key != "body"}
    path = folder / "portraits" / f"{slug}.md"
    path.write_text(f"---\n{yaml.safe_dump(fields, allow_unicode=True)}---\n{portrait['body']}\n", encoding="utf-8")
    return path


def visible(value: str) -> str:
    """``value`` as the text of a page's body: NUL dropped (as browsers do), line ends normalised."""
    return value.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")


def accepted_or_located(root: Path, slugs: list[str]):
    """The content of ``root``, or None when the check refused it with messages naming the file, line and field."""
    try:
        return load_content(root)
    except ContentError as error:
        for problem in error.problems:
            assert problem.path in {f"portraits/{slug}.md" for slug in slugs} and problem.line >= 1, str(problem)
            assert str(problem).startswith(f"{problem.path}:{problem.line}: ")
        return None


@settings(max_examples=40, **SETTINGS)
@given(portrait=portraits(), long=st.booleans(), extra=portraits(long=True))
def test_the_check_refuses_with_a_located_message_or_the_data_files_keep_the_text(portrait, long, extra):
    with tempfile.TemporaryDirectory() as folder:
        root = make_project(Path(folder) / "projet")
        write_portrait(root, "lieu-hostile", extra if long else portrait)
        content = accepted_or_located(root, ["lieu-hostile"])
        if content is None:
            return
        place = content.places[0]
        assert not any(REFUSED.search(text) for text in texts_of(place))  # what the check lets through
        assert invisible_in_name(place.name) is None
        for path, text in data_files(content).items():
            data = json.loads(text)  # every data file parses
            if path.endswith(".geojson") and data["features"]:
                assert data["features"][0]["properties"]["name"] == place.name
        parse_open_data(open_data_files(content, {}, network=NETWORK, site_name="Site", site_url="https://exemple.org/",
                                        licence=None))


def texts_of(value) -> list[str]:
    """Every text of a place, its trainings and photos included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in texts_of(item)]
    if isinstance(value, dict):
        return [text for item in value.items() for text in texts_of(item)]
    if hasattr(value, "__dataclass_fields__"):
        return texts_of([getattr(value, name) for name in value.__dataclass_fields__])
    return []


def parse_open_data(files: dict[str, str]) -> None:
    """The feed is XML, the JSON parses, the CSV has one row per place; updated dates make every place an entry."""
    for path, text in files.items():
        if path.endswith(".xml"):
            ElementTree.fromstring(text.encode("utf-8"))
        elif path.endswith(".json"):
            json.loads(text)
        elif path.endswith(".csv"):
            list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


@settings(max_examples=2, **SETTINGS)
@given(st.tuples(*(portraits(label=f"Lieu {i} ") for i in range(4))))
def test_built_pages_show_hostile_text_as_text_and_run_only_the_projects_scripts(batch):
    with tempfile.TemporaryDirectory() as folder:
        root = make_project(Path(folder) / "projet")
        slugs = [f"lieu-hostile-{i}" for i in range(len(batch))]
        batch = [buildable(portrait) for portrait in batch]
        for index, (slug, portrait) in enumerate(zip(slugs, batch, strict=True)):
            write_portrait(root, slug, {**portrait, "latitude": 48.11 + index / 100})  # four places, four points
        content = accepted_or_located(root, slugs)
        assert content is not None  # labelled text is never empty nor a duplicate: the pages must show it
        site = Path(folder) / "site"
        result = build_site(root, site)
        assert result.returncode == 0, result.stderr
        for path in site.rglob("*.html"):
            doc = html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)
            assert event_handlers(doc) == [], path
            assert [script for script in doc.iter("script") if not is_own_script(script, path, site)] == [], path
            assert threats(path.read_text(encoding="utf-8")) == [], path
        standalone = Path(folder) / "carte.html"
        assert build_map_main(["--content", str(root), "-o", str(standalone)]) == 0
        doc = html5lib.parse(standalone.read_text(encoding="utf-8"), namespaceHTMLElements=False)
        assert event_handlers(doc) == []
        # The three libraries, then the map's script holding the data as JSON: data: URLs, none inline.
        scripts = list(doc.iter("script"))
        assert [script.get("src", "")[:31] for script in scripts] == ["data:text/javascript;charset=ut"] * 4
        assert threats(standalone.read_text(encoding="utf-8")) == []
        for path in [*site.rglob("*.json"), *site.rglob("*.geojson")]:
            json.loads(path.read_text(encoding="utf-8"))
        ElementTree.parse(site / "flux.xml")  # the feed of a fuzzed build is XML
        for slug, portrait in zip(slugs, batch, strict=True):
            doc = html5lib.parse((site / "portraits" / slug / "index.html").read_text(encoding="utf-8"),
                                 namespaceHTMLElements=False)
            heading = next(h for h in doc.iter("h1"))
            assert "".join(heading.itertext()) == visible(portrait["name"])
            text = "".join(doc.find("body").itertext())
            for field in ("commune", "summary", "address", "opening_hours"):
                assert visible(portrait[field]) in text, field


def buildable(portrait: dict) -> dict:
    """``portrait`` without what the check refuses (control and bidi characters everywhere, invisible ones, tabs and
    line ends in the name and commune, Markdown that nests or opens without end), so that it is built."""
    kept = {key: REFUSED.sub("", value) if isinstance(value, str) else value for key, value in portrait.items()}
    for key in ("name", "commune"):
        kept[key] = " ".join("".join(char for char in kept[key] if invisible_in_name(char) is None).split())
    if body_problems("portraits/x.md", kept["body"], 1):
        kept["body"] = re.sub(r"[\[(<]|^[ \t>*+\-0-9.)]+", "", kept["body"], flags=re.MULTILINE)
    kept["trainings"] = [{key: REFUSED.sub("", value) for key, value in kept["trainings"][0].items()}]
    kept["equipment"] = [REFUSED.sub("", kept["equipment"][0])]
    return kept


def event_handlers(doc) -> list[tuple[str, str]]:
    return [(element.tag, name) for element in doc.iter() for name in element.attrib if name.lower().startswith("on")]


def is_own_script(script, page: Path, site: Path) -> bool:
    """A file of the site, a data block, or inline code holding no contributor text (every value starts « Lieu »)."""
    if src := script.get("src"):
        file = (site / src.lstrip("/") if src.startswith("/") else page.parent / src).resolve()
        return file.is_file() and site.resolve() in file.parents
    if script.get("type") == "application/json":
        return True
    if script.get("type") == "application/ld+json":  # a data block: it must parse, and no text may close it
        json.loads(script.text or "")
        return "<" not in (script.text or "")
    return "Lieu " not in (script.text or "") and "alert(" not in (script.text or "")


CYRILLIC = str.maketrans("aceopxyAEOPCX", "асеорхуАЕОРСХ")
DISGUISES = {
    "cyrillique": lambda name: name.translate(CYRILLIC),
    "pleine chasse": lambda name: "".join(chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char for char in name),
    "majuscules": str.upper,
    "espace de largeur nulle": lambda name: name[:2] + "\u200b" + name[2:],
    "trait d'union conditionnel": lambda name: name[:1] + "\u00ad" + name[1:],
    "accents décomposés": lambda name: unicodedata.normalize("NFKD", name + " é"),
}


@settings(max_examples=30, **SETTINGS)
@given(name=st.text(alphabet="abcdefghijklmnopqrstuvwxyz -'", min_size=3, max_size=30).filter(
           lambda text: sum(char.isalpha() for char in text) >= 3),
       disguise=st.sampled_from(sorted(DISGUISES)))
def test_a_name_disguised_with_look_alike_or_invisible_characters_is_not_a_new_place(name, disguise):
    original = name + (" é" if disguise == "accents décomposés" else "")
    with tempfile.TemporaryDirectory() as folder:
        root = make_project(Path(folder) / "projet")
        texts = {slug: write_document({"name": text, "region": "bretagne", "commune": "Rennes", "postal_code": "35000",
                                       "latitude": 48.11, "longitude": -1.68, "summary": "Un lieu."}, "")
                 for slug, text in (("lieu-a", original), ("lieu-b", DISGUISES[disguise](name)))}
        problems = problems_if_written(root, texts)
    assert problems and {problem.field for problem in problems} == {"name"}, problems
    assert all(problem.message.startswith(("ce lieu existe déjà", "caractère invisible refusé dans un nom"))
               for problem in problems)


@settings(max_examples=300, **SETTINGS)
@given(header=st.text(), body=st.text(), nesting=st.sampled_from(["", "[" * 40, "- " * 40, "{a: " * 40, "\t"]))
def test_any_text_in_a_file_is_read_or_refused_with_a_located_message_never_a_crash(header, body, nesting):
    document, problems = read_document("portraits/x.md", f"---\nname: {nesting}{header}\n---\n{body}")
    assert (document is None) == bool(problems)
    assert all(problem.path == "portraits/x.md" and problem.line >= 1 for problem in problems)
    if document is not None:
        assert not REFUSED.search(document.body) and not any(REFUSED.search(text) for text in texts_of(document.data))
        body_problems("portraits/x.md", document.body, document.body_line)


# Pieces of HTML, comments and half-tags that Python-Markdown's stripping of tags, nh3 or a browser could join into
# markup: a heading, a link text or an alt text is drawn from them, with a little text between.
PIECES = [
    "<!--><scr<b>ipt>alert(document.domain)</scr<b>ipt>-->", "<!-->", "<!--", "-->", "--!>", "<scr<b>ipt>", "</scr<b>ipt>", "<script>", "</script>", "alert(1)",
    '<meta http-equiv=refresh content="0;url=//evil.example">', '<me<b>ta http-equiv="refresh" content="0;url=//e.x/">',
    '<div id="__config">', '<scr<b>ipt id="__config" type="application/json">{"base": "//evil.example"}</scr<b>ipt>',
    "&lt;script&gt;", "&#60;script&#62;", "&amp;", "&", "<![CDATA[", "]]>", "<svg><script>alert(2)</script></svg>",
    "<svg><scr<b>ipt>alert(3)</scr<b>ipt></svg>", "<math><mi><script>", "<img src=x onerror=alert(4)>",
    "<a href=javascript:alert(5)>", "<b>", "</b>", "<", ">", '"', "'", "`", "{: #__config }", "{: onclick=alert(8) }",
    "<iframe srcdoc='<script>alert(6)</script>'>", "<base href=//evil.example/>",
    '<noscript><p title="</noscript><img src=x onerror=alert(7)>">', "<style>@import '//evil.example'</style>",
    "<template><script>", "<?php ?>", "<!DOCTYPE x>", "<textarea>", "</title><script>", "\\<script>",
]
fragment = st.lists(st.one_of(st.sampled_from(PIECES), st.text(alphabet="ab <>/!-=\"'&;#", max_size=6)),
                    min_size=1, max_size=6).map("".join).map(lambda text: " ".join(text.split()))
PHOTO = "photos/atelier-bois.svg"


@st.composite
def hostile_bodies(draw) -> str:
    """A body whose headings, link texts and alt texts are drawn from ``PIECES``."""
    lines = []
    for level in draw(st.lists(st.sampled_from(["#", "##", "###"]), min_size=1, max_size=4)):
        lines += [f"{level} Titre {draw(fragment)}", "",
                  f"Un [lien {draw(fragment)}](https://exemple.org/) et ![image {draw(fragment)}]({PHOTO}).", ""]
    return "\n".join(lines)


def rendered_page(body: str) -> tuple[str, list]:
    """``body`` rendered as MkDocs renders a portrait's (mkdocs.yml's Markdown extensions), through the sanitiser,
    with its table of contents as Material prints it: each title unescaped."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    extensions = [next(iter(item)) if isinstance(item, dict) else item for item in config["markdown_extensions"]]
    settings = {next(iter(item)): item[next(iter(item))] for item in config["markdown_extensions"] if isinstance(item, dict)}
    md = markdown.Markdown(extensions=extensions, extension_configs=settings)
    html = clean_html(md.convert(body))
    toc = escaped_toc([TocEntry(token) for token in md.toc_tokens], html)
    titles = "".join(f'<li><a href="#{entry.id}"><span class="md-ellipsis">{entry.title}</span></a></li>'
                     for entry in _flattened(toc))
    return f"<!doctype html><html><head><title>x</title></head><body><ul>{titles}</ul>{html}</body></html>", toc


class TocEntry:
    """A table of contents' entry made from Python-Markdown's token, as MkDocs makes ``AnchorLink``."""

    def __init__(self, token: dict):
        self.id, self.title = token["id"], token["name"]
        self.children = [TocEntry(child) for child in token["children"]]


def _flattened(entries) -> list:
    return [item for entry in entries for item in (entry, *_flattened(entry.children))]


# Found once in a full run: a <b> left open in a heading puts the next heading inside it in the browser's tree.
OPEN_TAG_IN_HEADING = "".join([
    '# Titre #< !\n\n',
    'Un [lien /&b;#----](https://exemple.org/) et ![image "b\'<; >"!;#>===;b/;>/](photos/atelier-bois.svg).\n\n',
    '# Titre <\'<<scr<b>ipt>\\<script>!"#b;\n\n',
    'Un [lien bb"<\'](https://exemple.org/) et ![image >](photos/atelier-bois.svg).\n\n',
    '## Titre --!></</b><script><textarea>=>"\'=\n\n',
    "Un [lien \\<script>; '</script>](https://exemple.org/) et ![image </b>](photos/atelier-bois.svg).\n\n",
    '# Titre ;\'aa<meta http-equiv=refresh content="0;url=//evil.example">\n\n',
    "Un [lien {: onclick=alert(8) }><!--](https://exemple.org/) et ![image <!--'= ;<](photos/atelier-bois.svg).\n",
])


@settings(max_examples=300, **SETTINGS)
@given(body=hostile_bodies())
@example(body=OPEN_TAG_IN_HEADING)
def test_hostile_headings_links_and_alt_texts_render_as_text_and_the_toc_shows_the_headings_text(body):
    page, toc = rendered_page(body)
    assert threats(page) == [], body
    doc = html5lib.parse(page, namespaceHTMLElements=False)
    headings = {element.get("id"): element for element in doc.iter() if element.tag in {"h1", "h2", "h3"}}
    for entry in _flattened(toc):
        heading = "".join(text for child in [headings[entry.id]] for text in _text_without_permalink(child))
        assert html.unescape(entry.title) == " ".join(heading.split()), body


HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _text_without_permalink(element) -> list[str]:
    """The text of ``element`` as a browser shows it, its permalink (``a.headerlink``) left out, up to the first heading
    inside it: a formatting tag left open in a heading (``<b>``) makes the browser's tree put the next heading, and
    what follows, inside it, while the table of contents lists that heading apart."""
    texts = [element.text or ""]
    for child in element:
        if child.tag in HEADINGS:
            break
        if child.get("class") != "headerlink":
            texts += _text_without_permalink(child)
        if any(inner.tag in HEADINGS for inner in child.iter()):
            break
        texts.append(child.tail or "")
    return texts


def fixed_body(fragments: list[str], photo: str) -> str:
    """A body with each fragment as a heading, a link text and an alt text."""
    return "\n".join(f"## Titre {text}\n\nUn [lien {text}](https://exemple.org/) et ![image {text}]({photo}).\n"
                     for text in fragments)


def test_a_strict_build_of_every_piece_in_headings_links_and_alt_texts_runs_and_configures_only_the_site_s_own(
        tmp_path):
    """One real build: each piece of ``PIECES`` and each pair of neighbours, in the headings, link texts and alt texts
    of four portraits and of a region's text; no page holds anything that runs, redirects or configures but the
    site's own."""
    fragments = [*PIECES, *(a + b for a, b in itertools.pairwise(PIECES))]
    root = make_project(tmp_path / "projet")
    for index in range(4):
        portrait = {"name": f"Lieu {index}", "commune": "Rennes", "summary": "Un lieu.", "region": "bretagne",
                    "postal_code": "35000", "latitude": 48.11 + index / 100, "longitude": -1.68,
                    "body": buildable_body(fixed_body(fragments[index::5], PHOTO))}
        write_portrait(root, f"lieu-{index}", portrait)
    bretagne = root / "regions" / "bretagne.md"
    region_body = buildable_body(fixed_body(fragments[4::5], "https://exemple.org/x.png"))
    bretagne.write_text(bretagne.read_text(encoding="utf-8") + region_body, encoding="utf-8")
    assert accepted_or_located(root, [f"lieu-{index}" for index in range(4)]) is not None
    result = build_site(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for path in (tmp_path / "site").rglob("*.html"):
        assert threats(path.read_text(encoding="utf-8")) == [], path


def buildable_body(body: str) -> str:
    """``body`` without the paragraphs the check refuses (too many ``<`` or ``[`` open at once)."""
    return "\n\n".join(part for part in body.split("\n\n") if not body_problems("portraits/x.md", part, 1)) + "\n"
