"""What search engines and link previews read: schema.org JSON-LD and OpenGraph tags.

Called by the MkDocs hook, which puts them in each page's ``<head>`` (``overrides/partials/meta-tags.html``).
Everything is built as plain data from the model, never by joining strings: ``json_ld_text`` serialises it
so that no contributor text can close the ``<script>`` block that holds it.
"""

from __future__ import annotations

import re

from tierslieux.exports import absolute_url, compact_json
from tierslieux.model import Place, Region
from tierslieux.network import Network
from tierslieux.trainings import TrainingEntry, certification_links, trainings_of

SCHEMA_ORG = "https://schema.org"
LOCALE = "fr_FR"
COURSE_MODES = {"présentiel": "onsite", "distanciel": "online", "hybride": "blended"}
RASTER_IMAGES = (".jpg", ".jpeg", ".png", ".webp")  # link previews ignore SVG
# A length of time in hours (« 21 heures », « 3,5 h », « 1 h 30 ») or minutes (« 90 minutes »), which ISO 8601 writes
# exactly. Days, weeks or months of training are left out: a training day is no 24 hours, nor a known number.
_HOURS = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:h|heures?)(?:\s*(\d{1,2})\s*(?:min|minutes?)?)?", re.IGNORECASE)
_MINUTES = re.compile(r"(\d+)\s*(?:min|minutes?)", re.IGNORECASE)


def json_ld_text(data: dict) -> str:
    """``data`` as JSON that can sit inside ``<script type="application/ld+json">``: no <, > or & in it."""
    return compact_json(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def place_json_ld(place: Place, region: Region, site_url: str) -> dict:
    """The place as one node both ``Place`` and ``EducationalOrganization``, and each training as a ``Course``."""
    page = absolute_url(site_url, place.url)
    node = {
        "@type": ["Place", "EducationalOrganization"],
        "@id": f"{page}#lieu",
        "name": place.name,
        "description": place.summary,
        "url": page,
        "address": _address(place, region),
        "geo": {"@type": "GeoCoordinates", "latitude": place.latitude, "longitude": place.longitude},
        "telephone": place.phone,
        "email": place.email,
        "sameAs": [url for url in (place.website, *sorted(place.social.values())) if url] or None,
        "image": [absolute_url(site_url, f"portraits/{photo.src}") for photo in place.photos] or None,
    }
    courses = [_course(entry, page) for entry in trainings_of([place])]
    return {"@context": SCHEMA_ORG, "@graph": [_without_empty(node), *courses]}


def _address(place: Place, region: Region) -> dict:
    return _without_empty({
        "@type": "PostalAddress",
        "streetAddress": place.address,
        "postalCode": place.postal_code,
        "addressLocality": place.commune,
        "addressRegion": region.name,
        "addressCountry": "FR",
    })


def _course(entry: TrainingEntry, page: str) -> dict:
    training = entry.training
    details = [
        f"Formation {training.kind}" if training.kind else "Formation",
        f"public : {training.audience}" if training.audience else None,
        f"durée : {training.duration}" if training.duration else None,
    ]
    duration = iso_duration(training.duration)
    instance = _without_empty({
        "@type": "CourseInstance",
        "courseMode": COURSE_MODES.get(training.modality),
        "courseWorkload": duration,
        "location": {"@id": f"{page}#lieu"} if training.modality != "distanciel" else None,
    })
    return _without_empty({
        "@type": "Course",
        "@id": f"{page}#{entry.anchor}",
        "name": training.title,
        "description": f"{', '.join(part for part in details if part)}.",
        "url": training.url or f"{page}#{entry.anchor}",
        "provider": {"@id": f"{page}#lieu"},
        "educationalCredentialAwarded": _credential(entry),
        "timeRequired": duration,
        "audience": {"@type": "Audience", "audienceType": training.audience} if training.audience else None,
        "hasCourseInstance": instance,
    })


def _credential(entry: TrainingEntry) -> dict | None:
    """The certification a certifying training leads to (``trainings.is_certifying``), none for any other: an
    attestation is not a credential. Its registered page at France Compétences identifies it."""
    if not entry.certifying:
        return None
    training = entry.training
    links = certification_links(training)
    return _without_empty({
        "@type": "EducationalOccupationalCredential",
        "name": training.certification or training.title,
        "credentialCategory": "certification",
        "identifier": [code for code, _ in links] or None,
        "url": links[0][1] if links else None,
    })
def iso_duration(text: str | None) -> str | None:
    """A training's duration as ISO 8601 when it is a length of time in hours or minutes: « 21 heures » -> PT21H,
    « 1 h 30 » -> PT1H30M, « 90 minutes » -> PT90M; else none (« 2 jours », « 6 mois, dont 2 en entreprise »)."""
    text = (text or "").strip()
    if found := _MINUTES.fullmatch(text):
        return f"PT{int(found[1])}M" if int(found[1]) else None
    found = _HOURS.fullmatch(text)
    if not found or float(found[1].replace(",", ".")) == 0 or (found[2] and not found[1].isdigit()):
        return None
    hours = found[1].replace(",", ".")
    return f"PT{int(hours)}H{int(found[2])}M" if found[2] else f"PT{hours}H"


def region_json_ld(region: Region, places: list[Place], network: Network, site_url: str) -> dict:
    """The region's places, in the order of its page, as a schema.org ``ItemList``."""
    return {
        "@context": SCHEMA_ORG,
        "@type": "ItemList",
        "name": f"Les {network.places} en {region.name}",
        "url": absolute_url(site_url, region.url),
        "numberOfItems": len(places),
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": place.name, "url": absolute_url(site_url, place.url)}
            for position, place in enumerate(places, start=1)
        ],
    }


def preview_image(place: Place, site_url: str) -> tuple[str, str] | None:
    """The absolute URL and text alternative of a place's first raster photo (link previews show no SVG), if any."""
    photo = next((photo for photo in place.photos if photo.src.lower().endswith(RASTER_IMAGES)), None)
    return (absolute_url(site_url, f"portraits/{photo.src}"), photo.alt) if photo else None


def open_graph(
    *, title: str, description: str, url: str, site_name: str, kind: str = "website",
    image: tuple[str, str] | None = None,
) -> list[tuple[str, str]]:
    """OpenGraph and Twitter card tags as (property, content) pairs, in the order they are written."""
    tags = [
        ("og:title", title), ("og:description", description), ("og:url", url), ("og:type", kind),
        ("og:locale", LOCALE), ("og:site_name", site_name),
    ]
    if image:
        tags += [("og:image", image[0]), ("og:image:alt", image[1])]
    tags.append(("twitter:card", "summary_large_image" if image else "summary"))
    return tags


def _without_empty(node: dict) -> dict:
    return {key: value for key, value in node.items() if value is not None}
