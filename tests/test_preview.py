"""``make serve REGION=…``: the region preview loads one region's portraits only, and only under ``serve``."""

from __future__ import annotations

import html
import os
import subprocess
import sys

import pytest

from bench.scale import edit_to_view, fetch_text, serving
from projects import REPO, make_project
from synthetic import write_synthetic_portraits
from tierslieux.content import load_content
from tierslieux.preview import PREVIEW_VARIABLE, PageSources, PreviewError, load_region_content, preview_region


def test_the_preview_region_comes_from_the_environment():
    assert preview_region({}) is None
    assert preview_region({PREVIEW_VARIABLE: ""}) is None
    assert preview_region({PREVIEW_VARIABLE: "bretagne"}) == "bretagne"


def test_an_unknown_preview_region_is_refused_in_french():
    with pytest.raises(PreviewError) as error:
        preview_region({PREVIEW_VARIABLE: "atlantide"})
    assert str(error.value).startswith(
        "TIERSLIEUX_REGION : région inconnue (trouvé : « atlantide » ; attendu : le nom d'un fichier de regions/ "
        "sans .md, parmi auvergne-rhone-alpes, bourgogne-franche-comte, bretagne,")
    assert str(error.value).endswith("). Par exemple : make serve REGION=bretagne")


def test_a_region_preview_holds_every_region_and_the_places_of_one(tmp_path):
    root = make_project(tmp_path / "projet", with_examples=True)
    (root / "portraits" / "exemple-ruche-creusoise.md").write_text(
        (REPO / "portraits" / "exemple-ruche-creusoise.md").read_text(encoding="utf-8").replace(
            "region: nouvelle-aquitaine", "region: 'nouvelle-aquitaine'  # quoted, with a comment"),
        encoding="utf-8")
    full = load_content(root)
    preview = load_region_content(root, "nouvelle-aquitaine")
    assert preview.regions == full.regions
    assert preview.places == tuple(place for place in full.places if place.region == "nouvelle-aquitaine")
    assert "exemple-ruche-creusoise" in [place.slug for place in preview.places]
    assert preview.places[0].source.startswith("portraits/")


def test_make_serve_region_builds_one_region_and_shows_an_edit_after_each_rebuild(tmp_path):
    root = make_project(tmp_path / "projet", with_examples=True)
    breton = next(path for path in sorted((root / "portraits").glob("*.md")) if "region: bretagne" in path.read_text())
    with serving(root, region="bretagne") as base:
        assert fetch_text(f"{base}portraits/{breton.stem}/") is not None
        assert fetch_text(f"{base}portraits/exemple-ruche-creusoise/") is None  # Nouvelle-Aquitaine: not built
        edit_to_view(base, breton)
        assert fetch_text(f"{base}portraits/exemple-ruche-creusoise/") is None  # still one region after a rebuild


def test_a_preview_edit_rebuilds_the_saved_portrait_and_its_region_pages_not_the_other_portraits(tmp_path):
    root = make_project(tmp_path / "projet")
    write_synthetic_portraits(root, 36)  # two places in each region of an example
    edited, other = [path for path in sorted((root / "portraits").glob("*.md")) if "region: bretagne" in path.read_text()]
    with serving(root, region="bretagne") as base:
        assert other.stem in fetch_text(f"{base}regions/bretagne/")
        stamp = other.stat().st_mtime_ns  # changed but not saved since: a rebuild of its page would show it
        other.write_text(other.read_text(encoding="utf-8") + "\nJamais reconstruit.\n", encoding="utf-8")
        os.utime(other, ns=(stamp, stamp))
        edit_to_view(base, edited)
        marker = edited.read_text(encoding="utf-8").splitlines()[-1]
        assert "Jamais reconstruit" not in fetch_text(f"{base}portraits/{other.stem}/")
        booklet = fetch_text(f"{base}regions/bretagne/livret/")
        names = [line.split('"', 2)[1] for path in (edited, other)
                 for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("name: ")]
        assert marker in booklet and all(html.escape(name, quote=False) in booklet for name in names)


def test_page_sources_are_dated_like_their_portrait_and_never_read_as_front_matter(tmp_path):
    portrait = tmp_path / "la-fabrique.md"
    portrait.write_text("---\nname: x\n---\n", encoding="utf-8")
    os.utime(portrait, ns=(1_000_000_000, 1_000_000_000))
    source = PageSources().source_of("portraits/la-fabrique.md", "---\n\nUn filet.", portrait)
    assert source.read_text(encoding="utf-8") == "\n---\n\nUn filet." and source.stat().st_mtime_ns == 1_000_000_000


def test_a_build_ignores_the_preview_region(tmp_path):
    root = make_project(tmp_path / "projet", with_examples=True)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                            cwd=root, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", PREVIEW_VARIABLE: "bretagne"})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "portraits" / "exemple-ruche-creusoise" / "index.html").is_file()


def test_the_template_cache_holds_one_entry_per_template_across_rebuilds():
    from jinja2 import DictLoader, Environment

    from tierslieux.template_cache import MemoryBytecodeCache

    cache = MemoryBytecodeCache()
    for _ in range(3):  # a new environment per rebuild, as under mkdocs serve
        env = Environment(loader=DictLoader({"a.html": "{{ x }}", "b.html": "{{ y }}!"}), bytecode_cache=cache)
        assert env.get_template("a.html").render(x=1) + env.get_template("b.html").render(y=2) == "12!"
    assert len(cache) == 2
