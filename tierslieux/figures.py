"""The directory in figures: the live counts of the home page and the bar charts of the « Chiffres » page.

Called by the MkDocs hook. Everything is counted from the loaded places at each build; the charts are drawn as
SVG by ``overrides/partials/chiffres.html``, each above the table of its numbers, with no JavaScript.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tierslieux.content import Content
from tierslieux.departements import departement_label
from tierslieux.model import french_sort_key
from tierslieux.network import Network
from tierslieux.pages import PageSpec
from tierslieux.schema import load_schema, theme_labels
from tierslieux.trainings import CERTIFYING_DEFINITION, is_certifying

FIGURES_PAGE = "chiffres.md"


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    href: str | None = None  # relative to the site root


@dataclass(frozen=True)
class Chart:
    """One bar chart and its table: what is counted, and one bar per value, largest first."""

    anchor: str
    title: str
    heading: str  # the first column of the table
    note: str
    bars: tuple[Bar, ...]
    adds_up: bool = True  # whether the sum of the bars means something: else the table shows no total

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)

    @property
    def largest(self) -> int:
        return max((bar.count for bar in self.bars), default=0)


@dataclass(frozen=True)
class Counts:
    """The live counts of the home page."""

    places: int
    regions: int  # regions with at least one place
    trainings: int


def live_counts(content: Content) -> Counts:
    by_region = content.places_by_region()
    return Counts(
        places=len(content.places),
        regions=sum(1 for places in by_region.values() if places),
        trainings=sum(len(place.trainings) for place in content.places),
    )


def charts(content: Content) -> tuple[Chart, ...]:
    """Places per region, per theme and per département; trainings per modality, certifying or not, and per kind."""
    by_region = content.places_by_region()
    labels = theme_labels()
    themes = Counter(theme for place in content.places for theme in place.themes)
    departements = Counter(departement_label(place) for place in content.places)
    trainings = [training for place in content.places for training in place.trainings]
    modalities = Counter(training.modality or "non précisée" for training in trainings)
    certifying = sum(1 for training in trainings if is_certifying(training))
    modality_values = load_schema("portrait")["$defs"]["training"]["properties"]["modality"]["enum"]
    return (
        Chart("regions", "Lieux par région", "Région",
              "Chaque lieu est dans une seule région : la somme est le nombre de lieux.",
              _largest_first(Bar(region.name, len(by_region[slug]), region.url)
                             for slug, region in content.regions.items())),
        Chart("themes", "Lieux par thème", "Thème",
              "Un lieu peut avoir plusieurs thèmes, ou aucun : la somme n'est pas le nombre de lieux.",
              _largest_first(Bar(label, themes[theme]) for theme, label in labels.items()), adds_up=False),
        Chart("departements", "Lieux par département", "Département",
              "Chaque lieu compte une fois, dans le département indiqué sur sa fiche ou, à défaut, celui de son "
              "code postal.",
              _largest_first(Bar(label, count) for label, count in departements.items())),
        Chart("modalites", "Formations par modalité", "Modalité",
              "Chaque formation de chaque fiche compte une fois.",
              _largest_first(Bar(_capitalised(value), modalities[value])
                             for value in [*modality_values, "non précisée"]
                             if modalities[value] or value in modality_values)),
        Chart("certifiantes", "Formations certifiantes", "Formations",
              f"{CERTIFYING_DEFINITION} Chaque formation de chaque fiche compte une fois.",
              (Bar("Certifiantes", certifying, "formations/?certifiante=oui"),
               Bar("Non certifiantes", len(trainings) - certifying, "formations/?certifiante=non"))),
        Chart("types", "Formations par type", "Type",
              "Le type est écrit librement sur chaque fiche ; les écritures qui ne diffèrent que par les "
              "majuscules ou les espaces sont regroupées.",
              _largest_first(Bar(_capitalised(label), count) for label, count in _kinds(trainings).items())),
    )


def _kinds(trainings: list) -> dict[str, int]:
    """Training kinds, grouped regardless of case and spaces, each shown as its most frequent spelling."""
    spellings: dict[str, Counter] = {}
    for training in trainings:
        text = " ".join((training.kind or "non précisé").split())
        spellings.setdefault(text.casefold(), Counter())[text] += 1
    return {min(counter, key=lambda s: (-counter[s], s)): counter.total() for counter in spellings.values()}


def _capitalised(label: str) -> str:
    """« Présentiel », as the other labels: the first letter only, so that « CléA » keeps its capitals."""
    return label[:1].upper() + label[1:]


def _largest_first(bars) -> tuple[Bar, ...]:
    return tuple(sorted(bars, key=lambda bar: (-bar.count, french_sort_key(bar.label))))


def figures_page(content: Content, network: Network) -> PageSpec:
    return PageSpec(
        src_uri=FIGURES_PAGE,
        title="Chiffres",
        template="partials/chiffres.html",
        markdown="---\nsearch:\n  exclude: true\n---\n",  # numbers only: a search for « formations » wants places
        description=f"Les {network.places} du site en chiffres : par région, par thème, par département, "
                    "et leurs formations.",
        context={"counts": live_counts(content), "charts": charts(content)},
        in_nav=True,
    )
