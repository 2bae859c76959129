"""« À compléter »: what each portrait still lacks, for the regional coordinators.

Each criterion is defined once, in ``CRITERIA``, and used by both outputs: ``make a-completer [REGION=…]`` (counts
per region, then each portrait with what it lacks, and a CSV to open in a spreadsheet) and the page
``/contribuer/a-completer/`` (the counts per region, then a page per region with its table; out of the search, the
sitemap and search engines).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from tierslieux.content import Content, load_content
from tierslieux.exports import csv_table
from tierslieux.files import write_file
from tierslieux.mediation import REQUIREMENTS
from tierslieux.model import Place, Region
from tierslieux.pages import PageSpec
from tierslieux.placeholder import placeholder_paragraphs
from tierslieux.preview import PreviewError, preview_region
from tierslieux.problems import ContentError, echo, format_plain
from tierslieux.sources import last_commit_dates

COMPLETION_PAGE = "contribuer/a-completer.md"
CSV_NAME = "a-completer.csv"
STALE_AFTER = timedelta(days=365)


@dataclass(frozen=True)
class Facts:
    """What the criteria look at besides the place: its last update (git, else ``updated``) and today's date."""

    updated: date | None
    today: date


@dataclass(frozen=True)
class Criterion:
    key: str  # the CSV column
    lack: str  # what the portrait lacks, in French, as the report prints it
    lacks: Callable[[Place, Facts], bool]


def _no_text(place: Place, facts: Facts) -> bool:
    """Empty (headings aside), or still holding a paragraph of the template."""
    written = [line for line in place.body.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return not written or bool(placeholder_paragraphs(place.body))


def _stale(place: Place, facts: Facts) -> bool:
    """Not changed for 12 months; a portrait with no known date is not called stale."""
    return facts.updated is not None and facts.today - facts.updated > STALE_AFTER


CRITERIA = (
    Criterion("texte", "pas de portrait (texte vide ou encore celui du modèle)", _no_text),
    Criterion("photo", "aucune photo", lambda place, facts: not place.photos),
    Criterion("formation", "aucune formation", lambda place, facts: not place.trainings),
    Criterion("position", "position de la commune seulement (geo_precision: commune)",
              lambda place, facts: place.geo_precision == "commune"),
    Criterion("mise_a_jour", "pas de mise à jour depuis 12 mois", _stale),
    Criterion("contact", "aucun contact (ni site, ni courriel, ni téléphone)",
              lambda place, facts: not (place.website or place.email or place.phone)),
    # What keeps a place out of the national file (tierslieux.mediation), one criterion each.
    *(Criterion(f"national_{requirement.key}", f"{requirement.lack} : absent du fichier national",
                lambda place, facts, requirement=requirement: requirement.missing(place, facts.updated))
      for requirement in REQUIREMENTS),
)


@dataclass(frozen=True)
class Entry:
    """A portrait that lacks something, and what."""

    place: Place
    lacks: tuple[Criterion, ...]
    updated: date | None


@dataclass(frozen=True)
class RegionReport:
    region: Region
    places: int  # all the region's places
    entries: tuple[Entry, ...]  # those that lack something, in French order of name


def completion_report(content: Content, dates: dict[str, date], today: date,
                      region: str | None = None) -> list[RegionReport]:
    """Region by region (French order of name), the portraits that lack something; ``region``: that one only."""
    by_region = content.places_by_region()
    reports = []
    for each in content.regions_by_name():
        if region and each.slug != region:
            continue
        entries = []
        for place in by_region[each.slug]:
            facts = Facts(dates.get(place.source) or place.updated, today)
            lacks = tuple(criterion for criterion in CRITERIA if criterion.lacks(place, facts))
            if lacks:
                entries.append(Entry(place, lacks, facts.updated))
        reports.append(RegionReport(each, len(by_region[each.slug]), tuple(entries)))
    return reports


def report_day(dates: dict[str, date]) -> date:
    """The site's page is judged at the repository's last commit: two builds of one commit give the same page."""
    return max(dates.values(), default=date.today())


def report_text(reports: list[RegionReport]) -> str:
    """The terminal report: the counts per region first, then each portrait with what it lacks."""
    lines = ["Portraits à compléter, par région :"]
    lines += [f"  {report.region.name} : {len(report.entries)} sur {report.places}" for report in reports]
    for report in reports:
        if report.entries:
            lines += ["", f"{report.region.name} ({len(report.entries)}) :"]
            lines += [f"  {entry.place.source} — {entry.place.name} : {', '.join(c.lack for c in entry.lacks)}"
                      for entry in report.entries]
    return "\n".join(lines) + "\n"


def report_csv(reports: list[RegionReport]) -> str:
    """The same report as a CSV for spreadsheets (UTF-8 with BOM, CRLF, like data/lieux.csv): one row per portrait."""
    header = ["region", "fichier", "nom", *(criterion.key for criterion in CRITERIA), "date_maj"]
    rows = ([report.region.slug, entry.place.source, entry.place.name,
             *("oui" if criterion in entry.lacks else "" for criterion in CRITERIA),
             entry.updated.isoformat() if entry.updated else ""] for report in reports for entry in report.entries)
    return csv_table(header, rows)


def completion_pages(reports: list[RegionReport], edit_links: dict[str, str]) -> list[PageSpec]:
    """``/contribuer/a-completer/`` (the counts per region) and one page per region that lacks something, with each
    portrait's page and edit link: a coordinator opens her region's list alone, light even at thousands of places."""
    hidden = "---\nsearch:\n  exclude: true\n---\n"
    pages = [PageSpec(
        src_uri=COMPLETION_PAGE,
        title="À compléter",
        template="partials/a-completer.html",
        markdown=hidden,
        description="Les portraits auxquels il manque un texte, une photo, une formation, une position ou un contact.",
        context={"reports": reports, "criteria": CRITERIA},
        noindex=True,
    )]
    pages += [PageSpec(
        src_uri=_region_page(report.region.slug),
        title=f"À compléter — {report.region.name}",
        template="partials/a-completer-region.html",
        markdown=hidden,
        description=f"Les portraits à compléter en {report.region.name}.",
        context={"report": report, "edit_links": edit_links},
        noindex=True,
    ) for report in reports if report.entries]
    return pages


def _region_page(region: str) -> str:
    return f"{COMPLETION_PAGE.removesuffix('.md')}/{region}.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make a-completer", description="Liste les portraits à compléter.")
    parser.add_argument("root", nargs="?", default=".", type=Path, help="dossier qui contient portraits/ et regions/")
    parser.add_argument("--csv", type=Path, default=Path(CSV_NAME), help=f"le tableau à écrire ({CSV_NAME})")
    args = parser.parse_args(argv)
    try:
        region = preview_region(os.environ)  # make a-completer REGION=… sets it, as make serve REGION=… does
        content = load_content(args.root)
    except PreviewError as error:
        echo(str(error), file=sys.stderr)
        return 1
    except ContentError as error:
        echo(format_plain(error.problems), file=sys.stderr)
        return 1
    reports = completion_report(content, last_commit_dates(args.root), date.today(), region)
    echo(report_text(reports), end="")
    write_file(args.csv, report_csv(reports))  # a link committed under that name is replaced, not followed
    echo(f"\nTableau écrit : {args.csv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def completion_pages_with_links(content: Content, dates: dict[str, date], link: Callable[[str], str | None]
                                ) -> list[PageSpec]:
    """``completion_pages`` of the report at the repository's last commit, with each portrait's edit link
    (``link(source)``)."""
    reports = completion_report(content, dates, report_day(dates))
    return completion_pages(reports, {entry.place.source: link(entry.place.source)
                                      for report in reports for entry in report.entries})
