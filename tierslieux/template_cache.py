"""Compiled Jinja templates kept in memory across the rebuilds of ``mkdocs serve``, and parts of pages and Material's
labels worked out once per build.

MkDocs reloads its configuration, the theme's Jinja environment and the hook module before every rebuild, so
each rebuild compiles Material's templates again: about 40 % of a rebuild's time when previewing one region.
This module is imported once per process, so the cache it holds outlives the rebuilds. Jinja checks each
template's source against the checksum it stored: an edited template is compiled again. The cache holds one
entry per template, whatever the number of rebuilds.
"""

from __future__ import annotations

from collections.abc import Callable

from jinja2 import BytecodeCache, Environment, pass_context
from jinja2.bccache import Bucket
from jinja2.runtime import Context
from mkdocs.structure.pages import Page


class MemoryBytecodeCache(BytecodeCache):
    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._compiled.clear()

    def __len__(self) -> int:
        return len(self._compiled)


TEMPLATES = MemoryBytecodeCache()


class RenderedOnce:
    """Parts of Material's page that are the same for every page of one folder depth outside the navigation (its
    tabs and menu), or for every page (the search dialog), or the same but for the page's title (its header):
    ``{% call once("tabs") %}…{% endcall %}`` renders its body once per build and depth.

    A part that names the page sees its stand-in, ``stand_in(page)``: the page as every page of its depth and section
    would be, so that what is rendered for the first one is right for the others. A page outside the navigation marks
    as active only the tab of its section (``page.meta["section"]``), which is part of the key.
    Made anew for each build (``on_env``): the navigation may change between the rebuilds of ``mkdocs serve``.
    """

    def __init__(self) -> None:
        self._rendered: dict[tuple[str, int, str | None], str] = {}

    @pass_context
    def __call__(self, context: Context, name: str, caller: Callable[[], str], title: str | None = None) -> str:
        """``title``: the page's, for a part that differs between pages by their title alone (the header). The part
        is rendered once with ``stand_in(page)``, whose title is ``TITLE_MARK``, and the mark replaced for each page.
        """
        page = context.get("page")  # none on the error page
        if page is None:
            key = (name, -1, None)
        else:  # the header tab a page marks is its section's (hooks/content.py)
            key = (name, page.url.count("/"), page.meta.get("section"))
        if key not in self._rendered:
            self._rendered[key] = caller()
        return self._rendered[key] if title is None else self._rendered[key].replace(TITLE_MARK, title)


# Stands for the page's title in a part rendered once: no title holds a control character (tierslieux.characters).
TITLE_MARK = "\x00title\x00"
# A folder no page is in (no address holds a control character): the stand-in's address is made of it.
STAND_IN_FOLDER = "\x00/"


class StandIn:
    """A page as a part rendered once for every page of its depth and section sees it: its title is ``TITLE_MARK``
    and its address one of the same depth that no page has, so that the part's links to a page are relative to the
    depth alone (MkDocs writes ``./`` for a link to the page itself); everything else is the page's."""

    title = TITLE_MARK

    def __init__(self, page: Page) -> None:
        self._page = page

    @property
    def meta(self) -> dict:
        return {**self._page.meta, "title": TITLE_MARK}

    @property
    def url(self) -> str:
        return STAND_IN_FOLDER * self._page.url.count("/")

    def __getattr__(self, name: str) -> object:
        return getattr(self._page, name)


class Translations:
    """What ``overrides/partials/language.html`` gives for a key (Material's label in the site's language, else in
    English, else the key), worked out once per key and build rather than on every page: Material imports that file
    with each page's context, and its language files build their whole dictionary of labels at each call. Made in
    ``on_env``, where the file's ``translated`` global becomes this."""

    def __init__(self, env: Environment, config: object) -> None:
        self._translate = env.get_template("partials/language.html").make_module(
            {"translated": None, "config": config}).t
        self._labels: dict[str, str] = {}

    def __call__(self, key: str) -> str:
        if key not in self._labels:
            self._labels[key] = str(self._translate(key))
        return self._labels[key]
