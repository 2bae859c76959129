"""Notices: unfinished but valid content, told to contributors and never shown to visitors."""

from __future__ import annotations

from dataclasses import replace

from projects import REPO
from tierslieux.content import load_content
from tierslieux.notices import content_notices, format_notices, has_text, repository_notice
from tierslieux.problems import Problem


def test_only_regions_without_text_get_a_notice():
    content = load_content(REPO)
    written = {slug: replace(region, body="\nLa Bretagne forme.\n") for slug, region in content.regions.items()}
    written["corse"] = replace(written["corse"], body="  \n\n")
    notices = content_notices(replace(content, regions=written))
    assert [(notice.path, notice.field) for notice in notices] == [("regions/corse.md", "présentation")]
    assert not has_text(" \n") and has_text("Un mot.")


def test_the_example_repository_is_a_notice_naming_the_line_and_the_fix():
    notice = repository_notice("https://github.com/EXEMPLE/tiers-lieux-formation", 5)
    assert format_notices([notice]) == (
        "Remarque : mkdocs.yml:5: repo_url: adresse d'exemple (trouvé : « https://github.com/EXEMPLE/tiers-lieux-formation"
        " » ; attendu : l'adresse du dépôt du site sur GitHub). Les liens « Modifier cette fiche » sont masqués ; "
        "remplacez EXEMPLE par le propriétaire du dépôt."
    )
    assert repository_notice("https://github.com/region-bretagne/tiers-lieux-formation", 5) is None
    assert repository_notice(None, 5) is None
    assert isinstance(notice, Problem)
