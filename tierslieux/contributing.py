"""The ways to contribute that the page « Contribuer » lists where ``docs/contribuer.md`` holds ``WAYS_MARK``: the
repository's forms, edit button and guide once mkdocs.yml names the real repository, else a sentence saying they will
come (the example repository leads nowhere). Called by the MkDocs hook; the words are in overrides/partials/."""

from __future__ import annotations

from dataclasses import dataclass

from tierslieux.correction_form import correction_url
from tierslieux.issue_form import FORM_PATH

CONTRIBUTING_PAGE = "contribuer.md"
WAYS_MARK = "<!-- facons-de-contribuer -->"
WAYS_TEMPLATE = "partials/facons-de-contribuer.html"


@dataclass(frozen=True)
class RepositoryLinks:
    """Where a contributor goes on the site's repository."""

    repository: str
    place_form: str  # « Proposer un lieu »
    correction_form: str  # « Proposer une correction »
    guide: str  # CONTRIBUTING.md


def repository_links(repo_url: str | None) -> RepositoryLinks | None:
    """The links for ``repo_url``, or none while it is unset or the example one (given as none by the hook)."""
    if not repo_url:
        return None
    base = repo_url.rstrip("/")
    return RepositoryLinks(base, f"{base}/issues/new?template={FORM_PATH.name}", correction_url(base),
                           f"{base}/blob/main/CONTRIBUTING.md")
