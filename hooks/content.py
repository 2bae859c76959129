"""MkDocs hooks: turn the validated regions and portraits into site pages.

Thin adapters over MkDocs events; the work is done by the ``tierslieux`` package.
"""

from __future__ import annotations

import gc
import logging
import os
from datetime import date
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from build_map import EMBED_SCRIPT, EMBED_TEMPLATE, site_embed_html
from tierslieux.booklet import booklet_part, booklet_stylesheet, edition_date, footer_css, id_prefix
from tierslieux.completeness import completion_pages_with_links
from tierslieux.content import PORTRAITS_DIR, Content, load_content, photo_files
from tierslieux.contributing import CONTRIBUTING_PAGE, WAYS_MARK, WAYS_TEMPLATE, repository_links
from tierslieux.csp import PolicyError, site_policy, with_policy
from tierslieux.escaping import escaped, escaped_toc
from tierslieux.exports import json_text
from tierslieux.figures import figures_page, live_counts
from tierslieux.geodata import data_files
from tierslieux.legal import Legal, LegalSetupError, legal_from_config, legal_pages, missing_fields
from tierslieux.licences import LicenceError, theme_licence_files
from tierslieux.maps import MapSetupError, Tiles, map_views, tiles_from_config, vendor_files
from tierslieux.network import Network, NetworkSetupError, network_from_config
from tierslieux.notices import format_notices, is_placeholder_repository, public_site_url, site_notices
from tierslieux.opendata import DataSetupError, Licence, licence_from_config, open_data_files, open_data_page
from tierslieux.page_templates import prepare_templates
from tierslieux.pages import BOOKLET_TEMPLATE, PageSpec, page_url, site_pages
from tierslieux.photos import docs_image_problems
from tierslieux.preview import PAGE_SOURCES, PreviewError, load_region_content, preview_region
from tierslieux.problems import ContentError, format_plain
from tierslieux.redirects import redirect_pages
from tierslieux.reference import SCHEMA_KINDS, field_reference_page, published_schema, schema_uri
from tierslieux.sanitize import clean_html
from tierslieux.search import is_searched_apart, unused_lunr_files, write_search_files
from tierslieux.sitemap import SITEMAP, write_sitemap_parts
from tierslieux.sources import docs_source, edit_link, edit_uri, is_fiche, last_commit_dates
from tierslieux.structured_data import json_ld_text, open_graph
from tierslieux.template_cache import TEMPLATES, RenderedOnce, StandIn, Translations
from tierslieux.theme_scripts import ThemeScriptError, theme_script_files, theme_templates
from tierslieux.trainings import CATALOGUE_DATA, catalogue_data

LIVE_COUNTS = "<!-- chiffres-du-site -->"  # in docs/index.md
log = logging.getLogger("mkdocs.hooks.content")  # under MkDocs' logger: printed as INFO, never failing --strict
GENERATED_TEMPLATE = "generated.html"  # the page template of generated pages outside the navigation
# The build keeps up to ten thousand pages alive until it ends: a full collection after every hundredth collection of
# the middle generation rather than every tenth, so that the collector walks them two or three times, not a dozen.
FULL_COLLECTION_EVERY = 100


class _Build:
    """What one build knows; reset in on_config because hooks are not reloaded by ``mkdocs serve``."""

    content: Content
    tiles: Tiles
    network: Network
    licence: Licence | None
    legal: Legal
    policy: str  # the Content-Security-Policy of every HTML file, fixed before any content is read
    pages: dict[str, PageSpec] = {}
    env: Environment | None = None
    dates: dict[str, date] = {}  # last commit date of every file of the repository
    bodies: dict[str, str] = {}  # the sanitised body of each booklet, until the pages it gathers are made
    gathered: dict[str, str] = {}  # the pages that a booklet shows, by source URI, and the URL of their booklet
    parts: dict[str, bytes] = {}  # what a booklet shows of each of them, cut from its rendered page
    contents: dict[str, str] = {}  # the pages Material's search leaves out, until it is done with them
    marked: Page | None = None  # the navigation page whose header tab is marked for the page being rendered
    published = False  # True for ``mkdocs build`` and ``gh-deploy``: a published site holds every portrait
    preview = False  # ``make serve REGION=…``: one region, its portraits rebuilt once saved (tierslieux.preview)


def on_startup(*, command: str, dirty: bool) -> None:
    # Only for the first build: ``mkdocs serve`` reloads this module with the config before each rebuild.
    _Build.published = command != "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    gc.unfreeze()  # the previous build's content, under mkdocs serve: see the end of this function
    gc.set_threshold(*gc.get_threshold()[:2], FULL_COLLECTION_EVERY)
    root = _root(config)
    try:
        _Build.content = _load(root)
    except ContentError as error:
        raise PluginError(f"Contenu invalide : corrigez ces problèmes avant de publier.\n{error}") from None
    try:
        _Build.tiles = tiles_from_config(config.extra)
        _Build.network = network = network_from_config(config.extra)
        _Build.licence = licence_from_config(config.extra)
        _Build.legal = legal_from_config(config.extra)
        _Build.policy = site_policy(_Build.tiles.url)
    except (MapSetupError, NetworkSetupError, DataSetupError, LegalSetupError, PolicyError) as error:
        raise PluginError(str(error)) from None
    _Build.dates = last_commit_dates(root)
    pages = [*site_pages(_Build.content, network), field_reference_page(_Build.content, network),
             figures_page(_Build.content, network),
             open_data_page(_Build.content, _Build.licence, network, _Build.dates),
             *legal_pages(_Build.legal, repo_url=_repository(config)), *_completion_pages(config, root)]
    _Build.pages = {page.src_uri: page for page in pages}
    _Build.env = None
    _Build.bodies = {}
    _Build.contents = {}
    _Build.gathered = {uri: page_url(page.src_uri) for page in pages for uri in page.gathers}
    _Build.parts = PAGE_SOURCES.parts if _Build.preview else {}  # a preview keeps those of portraits not rebuilt
    _Build.marked = None
    for line in format_notices(site_notices(_Build.content, root, config, missing_fields(_Build.legal))).splitlines():
        log.info(line)  # what is valid but unfinished, for whoever builds the site
    # The content and its pages live until the build ends: the collector need not walk their objects each time it
    # looks for cycles among the pages' (a second of a 5,000-place build, BENCHMARKS.md).
    gc.freeze()
    return config


def _completion_pages(config: MkDocsConfig, root: Path) -> list[PageSpec]:
    """« À compléter », for the coordinators: each portrait that lacks something, with its edit link."""
    return completion_pages_with_links(_Build.content, _Build.dates, lambda source: edit_link(
        _repository(config), config.edit_uri, source, Path(config.docs_dir), root))


def _repository(config: MkDocsConfig) -> str | None:
    """The site's repository, for links to it; none while ``repo_url`` is the example one, which leads nowhere."""
    return None if is_placeholder_repository(config.repo_url) else config.repo_url


def _load(root: Path) -> Content:
    """Every portrait, or only one region's for a quick preview (``make serve REGION=…``, see tierslieux.preview)."""
    try:
        region = preview_region(os.environ)
    except PreviewError as error:
        raise PluginError(str(error)) from None
    _Build.preview = bool(region) and not _Build.published
    return load_region_content(root, region) if _Build.preview else load_content(root)


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    root = _root(config)
    for page in _Build.pages.values():
        file = _page_file(page, config, root)
        if page.source:  # the edit button opens the content file, not a page of docs/
            file.edit_uri = edit_uri(page.source, Path(config.docs_dir), root)
        _add_file(files, file)
    for src_uri, markdown in redirect_pages(_Build.content.places):
        _add_file(files, File.generated(config, src_uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV))
    for kind in SCHEMA_KINDS:
        schema = published_schema(kind, config.site_url, _Build.network)
        _add_file(files, File.generated(config, schema_uri(kind), content=schema))
    refused_images = docs_image_problems(Path(config.docs_dir))  # published like the photos: checked alike
    if refused_images:
        raise PluginError(f"Image refusée : corrigez ces problèmes avant de publier.\n{format_plain(refused_images)}")
    for photo in photo_files(root):  # regular files only: load_content has refused links and special files
        _add_file(files, File.generated(config, f"{PORTRAITS_DIR}/photos/{photo.name}", abs_src_path=str(photo)))
    _remove_unused_search_languages(files, config)
    try:
        scripts = theme_script_files(theme_templates(config.theme.dirs, config.theme.custom_dir),
                                     site_url=config.site_url, extra=config.extra, features=config.theme["features"])
    except ThemeScriptError as error:
        raise PluginError(str(error)) from None
    for path, code in scripts.items():  # Material's inline scripts, as files: the policy allows none inline
        _add_file(files, File.generated(config, path, content=code))
    _add_map_files(files, config)
    for region in _Build.content.regions.values():  # each booklet's running footer
        _add_file(files, File.generated(config, booklet_stylesheet(region), content=footer_css(region)))
    open_data = open_data_files(_Build.content, _Build.dates, network=_Build.network, site_name=config.site_name,
                                site_url=config.site_url, licence=_Build.licence)
    for path, text in open_data.items():  # CSV, JSON, feed; the GeoJSON comes with the maps' data
        _add_file(files, _data_file(config, path, text))
    return files


def _page_file(page: PageSpec, config: MkDocsConfig, root: Path) -> File:
    inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
    if _Build.preview and page.src_uri in _Build.gathered:  # rebuilt once its portrait is saved, not at every edit
        source = PAGE_SOURCES.source_of(page.src_uri, page.markdown, root / page.source)
        return File.generated(config, page.src_uri, abs_src_path=str(source), inclusion=inclusion)
    return File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion)


def _add_map_files(files: Files, config: MkDocsConfig) -> None:
    """The data files, the map libraries, the licences of every library, and one embed page per map."""
    for path, text in data_files(_Build.content, config.site_url).items():
        _add_file(files, _data_file(config, path, text))
    _add_file(files, _data_file(config, CATALOGUE_DATA, json_text(catalogue_data(_Build.content))))
    try:
        libraries = {**vendor_files(_root(config)), **theme_licence_files(_root(config))}
    except (MapSetupError, LicenceError) as error:
        raise PluginError(str(error)) from None
    for site_path, source in libraries.items():
        _add_file(files, File.generated(config, site_path, abs_src_path=str(source)))
    template = _templates(config).get_template(EMBED_TEMPLATE)
    for view in map_views(_Build.content, _Build.network):
        page = site_embed_html(template, view, _Build.content, _Build.tiles, site_name=config.site_name,
                               icon=config.theme["favicon"])
        _add_file(files, File.generated(config, f"{view.path}index.html", content=page.html))  # its policy: on_env
        _add_file(files, File.generated(config, f"{view.path}{EMBED_SCRIPT}", content=page.script))


def _remove_unused_search_languages(files: Files, config: MkDocsConfig) -> None:
    """Material copies Lunr's support for 30 languages; the site ships those its search loads (and their licences)."""
    languages = next((plugin.config.lang for name, plugin in config.plugins.items() if name.endswith("search")), [])
    for path in unused_lunr_files([file.src_uri for file in files], languages):
        files.remove(files.get_file_from_path(path))


def _data_file(config: MkDocsConfig, path: str, text: str) -> File:
    """A data file held as UTF-8 until it is written: a Python string of French text with a typographic apostrophe
    takes two bytes a character, and these files weigh megabytes at thousands of places."""
    return File.generated(config, path, content=text.encode())


def _add_file(files: Files, file: File) -> None:
    if files.get_file_from_path(file.src_uri) is not None:
        raise PluginError(
            f"docs/{file.src_uri} existe déjà : cette adresse est générée à partir du contenu, supprimez ce fichier."
        )
    files.append(file)


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    spec = _Build.pages.get(page.file.src_uri)
    if spec is not None:
        # Theme templates print the title and description unescaped, as HTML written by the site's authors.
        page.meta["title"] = str(escaped(spec.title))
        page.meta["description"] = str(escaped(spec.description))
        page.meta["fiche"] = bool(spec.source and is_fiche(spec.source))  # « Modifier cette fiche », see main.html
        if spec.section:  # out of the navigation: its tab is marked instead, and the empty left column goes
            page.meta["hide"] = sorted({*page.meta.get("hide", ()), "navigation"})
            page.meta["section"] = spec.section  # generated.html renders the tabs once per depth and section
        if spec.stylesheet:  # linked in <head> by main.html
            page.meta["stylesheet"] = spec.stylesheet
        if not spec.in_nav:  # its menu and tabs are those of every such page: rendered once, see generated.html
            page.meta["template"] = GENERATED_TEMPLATE
    page.meta["noindex"] = bool(spec and spec.noindex)  # ours alone to set: main.html and sitemap.xml read it
    if is_placeholder_repository(config.repo_url):  # an edit link to the example repository would lead nowhere
        page.edit_url = None
    if is_searched_apart(page.file.src_uri):  # found through tierslieux.search instead
        page.meta["search"] = {"exclude": True}
    updated = _updated_on(page, spec, config)
    if updated:
        page.update_date = updated.isoformat()  # the sitemap's lastmod
        if not page.meta.get("fiche"):  # fiches print the date in their own template
            template = _templates(config).get_template("partials/revision-date.html")
            page.meta["revision_date"] = template.render(day=updated)  # shown by Material's source-file partial
    return markdown


def _updated_on(page: Page, spec: PageSpec | None, config: MkDocsConfig) -> date | None:
    """The last commit date of the page's source file, else the front matter's ``updated``, else none."""
    if spec is not None:
        return _Build.dates.get(spec.source) or spec.updated
    if page.file.generated_by:
        return None
    root = _root(config)
    return _Build.dates.get(docs_source(page.file.src_uri, Path(config.docs_dir), root))


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    spec = _Build.pages.get(page.file.src_uri)
    body = clean_html(html) if spec else html  # a generated page's body is contributor text
    # Material prints the TOC's titles unescaped: each becomes the escaped text of its heading (tierslieux.escaping).
    page.toc = TableOfContents(escaped_toc(page.toc, body))
    if page.file.src_uri == "index.md":  # the home page shows the live counts where docs/index.md says
        template = _templates(config).get_template("partials/live-counts.html")
        return html.replace(LIVE_COUNTS, template.render(counts=live_counts(_Build.content)))
    if page.file.src_uri == CONTRIBUTING_PAGE:  # the repository's forms and guide, once mkdocs.yml names the real one
        template = _templates(config).get_template(WAYS_TEMPLATE)
        return html.replace(WAYS_MARK, template.render(links=repository_links(_repository(config)), legal=_Build.legal))
    if spec is None:
        return html
    if spec.section and not list(page.toc):  # a body without headings: no empty column for its table of contents
        page.meta["hide"] = sorted({*page.meta.get("hide", ()), "toc"})
    page.toc = _skip_to_heading(page.toc, str(escaped(spec.title)))
    if spec.template == BOOKLET_TEMPLATE:  # even with no portrait to gather, its cover needs the edition date
        _Build.bodies[spec.src_uri] = body
        return html  # rendered in on_page_context, once every page it gathers is
    rendered = _render(spec, page, config, body=Markup(body))
    if spec.src_uri in _Build.gathered:  # its booklet shows it too, without rendering it again
        # Kept as UTF-8 until its booklet is made: French text with a typographic apostrophe takes two bytes a
        # character as a Python string, and thousands of these are held at once.
        part = booklet_part(rendered, prefix=id_prefix(spec.src_uri), page_url=page.url,
                            booklet_url=_Build.gathered[spec.src_uri])
        _Build.parts[spec.src_uri] = part.encode()
    if is_searched_apart(spec.src_uri):
        # Left out of Material's index, whose on_page_context still runs a regular expression over the whole content
        # (half a second at 5,000 places): the page gets it back in ours, after Material's.
        _Build.contents[spec.src_uri] = rendered
        return ""
    return rendered


@event_priority(-50)  # after Material's search plugin, which reads each page's content here
def on_page_context(
    context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
) -> TemplateContext:
    # MkDocs calls this once every page's content is made: a booklet can gather its portraits, and the title of
    # every page is known for its link preview.
    spec = _Build.pages.get(page.file.src_uri)
    if spec is not None and spec.src_uri in _Build.contents:
        page.content = _Build.contents.pop(spec.src_uri)
    if spec is not None and spec.section:
        _Build.marked = next((item for item in nav.pages if item.file.src_uri == spec.section), None)
        if _Build.marked is not None:
            _Build.marked.active = True  # Material's tabs mark the active page's tab; unmarked in on_post_page
    if spec is not None and spec.template == BOOKLET_TEMPLATE:
        portraits = {uri: Markup((_Build.parts[uri] if _Build.preview else _Build.parts.pop(uri)).decode())
                     for uri in spec.gathers}
        region = spec.context["region"]
        edition = edition_date(region, spec.context["places"], _Build.dates) or date.today()
        page.content = _render(spec, page, config, body=Markup(_Build.bodies.pop(spec.src_uri)),
                               portraits=portraits, edition=edition)
    if spec is not None and spec.json_ld:  # written in <head> by partials/meta-tags.html; made here, not held
        page.meta["json_ld"] = Markup(json_ld_text(spec.json_ld(config.site_url or "/")))
    page.meta["open_graph"] = open_graph(
        title=spec.title if spec else page.title, url=page.canonical_url or "", site_name=config.site_name,
        description=(spec.description if spec else page.meta.get("description")) or config.site_description or "",
        kind="article" if spec and spec.preview else "website",
        image=spec.preview(config.site_url or "/") if spec and spec.preview else None,
    )
    return context


def _render(spec: PageSpec, page: Page, config: MkDocsConfig, **context) -> str:
    template = _templates(config).get_template(spec.template)
    return template.render(
        root=get_relative_url(".", page.url), site_url=config.site_url or "/",
        updated=_updated_on(page, spec, config), edit_url=page.edit_url, **spec.context, **context,
    )


def _skip_to_heading(toc: TableOfContents, title: str) -> TableOfContents:
    """The table of contents under the page's ``<h1 id="contenu">``: Material's skip link goes to its first entry."""
    heading = AnchorLink(title, "contenu", 1)
    heading.children = list(toc)
    return TableOfContents([heading])


@event_priority(-100)  # last: the policy goes first in <head>, whatever other handlers changed
def on_post_page(output: str, /, *, page: Page, config: MkDocsConfig) -> str:
    if _Build.marked is not None:  # the navigation is shared by every page
        _Build.marked.active = False
        _Build.marked = None
    if page.file.src_uri in _Build.pages:
        page.content = None  # written once this returns, and read by no one after: not held until the build ends
    return with_policy(output, _Build.policy)


@event_priority(-100)  # after every handler has added its files
def on_env(env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
    """Every HTML file that is not a page (the map embeds, any other) gets the policy of the pages too."""
    env.bytecode_cache = TEMPLATES  # serve rebuilds reuse the templates compiled before, see tierslieux.template_cache
    env.globals["legal"] = _Build.legal  # the footer of every page, partials/copyright.html
    env.globals["once"] = RenderedOnce()  # this build's navigation, see overrides/generated.html
    env.globals["stand_in"] = StandIn
    env.globals["translated"] = Translations(env, config)  # see overrides/partials/language.html
    for file in files:
        if file.dest_uri.endswith(".html") and not file.is_documentation_page():
            file.content_string = with_policy(file.content_string, _Build.policy)
    return env


@event_priority(-100)  # last, as on_post_page; Material's 404.html is a template of its own
def on_post_template(output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
    if template_name == SITEMAP:  # past 50,000 addresses, an index of several sitemaps
        return write_sitemap_parts(output_content, config.site_url or "/", _templates(config), Path(config.site_dir))
    return with_policy(output_content, _Build.policy) if template_name.endswith(".html") else output_content


@event_priority(-100)  # after Material's search plugin has written its index
def on_post_build(*, config: MkDocsConfig) -> None:
    write_search_files(Path(config.site_dir), _Build.content)


def _root(config: MkDocsConfig) -> Path:
    """The project folder: the one holding mkdocs.yml, portraits/ and regions/."""
    return Path(config.config_file_path).parent


def _templates(config: MkDocsConfig) -> Environment:
    """The theme's Jinja environment (``overrides/`` first), autoescaped, made once per build."""
    if _Build.env is None:
        env = config.theme.get_env()
        env.bytecode_cache = TEMPLATES
        _Build.env = prepare_templates(env, _Build.network, public_site_url=public_site_url(config.site_url))
    return _Build.env
