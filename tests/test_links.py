"""Links and anchors: the strict build refuses a broken one, in docs/ and in the body of a portrait alike.

Never pass -v to these builds: with MkDocs 1.6.1, verbose mode skips the anchor checks (mkdocs#3991).
"""

from __future__ import annotations

from pathlib import Path

from projects import build_site, make_project

BODY = """
Voir [nos horaires](#horaires-introuvables), [la page disparue](../ailleurs.md) et [notre région](../regions/bretagne.md).
"""


def portrait_with_links(folder: Path, slug: str) -> Path:
    portrait = folder / f"{slug}.md"
    portrait.write_text(
        "---\nname: Liens cassés\nregion: bretagne\ncommune: Rennes\npostal_code: \"35000\"\n"
        f"latitude: 48.11\nlongitude: -1.68\nsummary: Un lieu.\nthemes: [numerique]\n---\n{BODY}",
        encoding="utf-8",
    )
    return portrait


def test_a_portrait_linking_to_a_missing_page_or_anchor_fails_the_build_naming_its_file(tmp_path):
    portrait = portrait_with_links(tmp_path, "liens-casses")
    root = make_project(tmp_path / "projet", [portrait])
    result = build_site(root, tmp_path / "site")
    assert result.returncode == 1
    assert ("Doc file 'portraits/liens-casses.md' contains a link '../ailleurs.md', but the target 'ailleurs.md' is "
            "not found among documentation files.") in result.stderr
    assert ("Doc file 'portraits/liens-casses.md' contains a link '#horaires-introuvables', but there is no such "
            "anchor on this page.") in result.stderr
    warnings = [line for line in result.stderr.splitlines() if not line.startswith("INFO")]  # notices aside
    assert not [line for line in warnings if "regions/bretagne.md" in line]  # a link to a page that exists passes


def test_the_site_itself_has_no_broken_link(example_site):
    """The example_site fixture is a strict build of the repository: a broken link would have failed it."""
    assert (example_site / "index.html").is_file()
