"""The legal and public-service pages: the accessibility statement, the legal notice, personal data; and the footer.

Everything they state comes from ``extra.editeur`` and ``extra.accessibilite`` in mkdocs.yml, read here by
``legal_from_config``. A field left unset is never invented: the pages say in plain words that it is missing, and
``missing_fields`` lists it for the build's notices (tierslieux.notices). Called by the MkDocs hook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tierslieux.correction_form import correction_url
from tierslieux.pages import PageSpec

ACCESSIBILITY_PAGE = "accessibilite.md"
LEGAL_NOTICE_PAGE = "mentions-legales.md"
PERSONAL_DATA_PAGE = "donnees-personnelles.md"
STATUSES = ("non conforme", "partiellement conforme", "totalement conforme")
DEFAULT_STATUS = "non conforme"  # the law's answer until an audit says otherwise

# extra.editeur: each key, and what it holds, for the notices.
PUBLISHER_FIELDS = {
    "nom": "le nom de l'éditeur du site",
    "adresse": "l'adresse postale de l'éditeur",
    "directeur_publication": "le nom du directeur ou de la directrice de la publication",
    "contact": "un courriel ou l'adresse d'un formulaire de contact",
    "hebergeur": "le nom, l'adresse et le téléphone de l'hébergeur",
}
ACCESSIBILITY_FIELDS = {
    "statut": "l'état de conformité au RGAA",
    "date": "la date de la déclaration d'accessibilité",
    "audit": "le résultat de l'audit (par qui, quand, le taux de critères respectés)",
}
_EMAIL = re.compile(r"[^@\s/]+@[^@\s/]+\.[^@\s/]+")


class LegalSetupError(ValueError):
    """mkdocs.yml describes the publisher or the accessibility status wrongly; the message says how to fix it."""


@dataclass(frozen=True)
class Legal:
    """What the legal pages and the footer may state: only what mkdocs.yml says."""

    publisher: dict[str, str]  # the fields of extra.editeur that are set, by key
    status: str = DEFAULT_STATUS
    date: str | None = None
    audit: str | None = None

    @property
    def contact_href(self) -> str | None:
        """The contact as a link: ``mailto:`` for an email address, the address itself for a form."""
        contact = self.publisher.get("contact")
        if contact is None:
            return None
        return f"mailto:{contact}" if _EMAIL.fullmatch(contact) else contact


def legal_from_config(extra: dict) -> Legal:
    """The publisher and the accessibility status from ``extra`` in mkdocs.yml; unset fields are left out."""
    publisher = _section(extra, "editeur", PUBLISHER_FIELDS)
    accessibility = _section(extra, "accessibilite", ACCESSIBILITY_FIELDS)
    status = accessibility.get("statut", DEFAULT_STATUS)
    if status not in STATUSES:
        raise LegalSetupError(
            f"mkdocs.yml : extra.accessibilite.statut invalide (trouvé : « {status} » ; attendu : "
            f"{', '.join(f'« {value} »' for value in STATUSES)}). Corrigez-le, ou retirez-le : sans audit, le "
            f"statut est « {DEFAULT_STATUS} »."
        )
    contact = publisher.get("contact")
    if contact is not None and not (_EMAIL.fullmatch(contact) or re.match(r"https://\S+$", contact)):
        raise LegalSetupError(
            f"mkdocs.yml : extra.editeur.contact invalide (trouvé : « {contact} » ; attendu : un courriel ou une "
            "adresse https://). Écrivez par exemple contact@exemple.fr."
        )
    if status != DEFAULT_STATUS and "audit" not in accessibility:
        raise LegalSetupError(
            f"mkdocs.yml : extra.accessibilite.statut vaut « {status} » sans audit (trouvé : aucun "
            "extra.accessibilite.audit ; attendu : le résultat de l'audit qui établit ce statut). Ajoutez-le, ou "
            f"retirez le statut : sans audit, il est « {DEFAULT_STATUS} »."
        )
    return Legal(publisher, status, accessibility.get("date"), accessibility.get("audit"))


def _section(extra: dict, name: str, fields: dict[str, str]) -> dict[str, str]:
    """The set fields of ``extra[name]``: text only, blanks left out, unknown keys refused."""
    section = extra.get(name) or {}
    if not isinstance(section, dict):
        raise LegalSetupError(
            f"mkdocs.yml : extra.{name} invalide (trouvé : {section!r} ; attendu : les champs "
            f"{', '.join(fields)}). Corrigez-le."
        )
    values = {}
    for key, value in section.items():
        if key not in fields:
            raise LegalSetupError(
                f"mkdocs.yml : extra.{name}.{key} : champ inconnu (attendu : l'un de {', '.join(fields)}). "
                "Corrigez son nom ou retirez-le."
            )
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise LegalSetupError(
                f"mkdocs.yml : extra.{name}.{key} invalide (trouvé : {value!r} ; attendu : du texte). Corrigez-le."
            )
        values[key] = str(value).strip()
    return values


def missing_fields(legal: Legal) -> list[tuple[str, str]]:
    """Each field the legal pages lack, as its key in mkdocs.yml and what it holds: the build's notices."""
    missing = [(f"extra.editeur.{key}", what) for key, what in PUBLISHER_FIELDS.items() if key not in legal.publisher]
    if legal.date is None:
        missing.append(("extra.accessibilite.date", ACCESSIBILITY_FIELDS["date"]))
    return missing


def legal_pages(legal: Legal, *, repo_url: str | None) -> list[PageSpec]:
    """The three pages the footer links to; their templates also get ``site_url`` from the hook. ``repo_url``: none
    while it is the example one."""
    context = {"legal": legal, "repo_url": repo_url or "",
               "correction_url": correction_url(repo_url) if repo_url else ""}
    hidden = "---\nhide:\n  - navigation\nsearch:\n  boost: 0.1\n---\n"  # findable, never above a place
    return [
        PageSpec(ACCESSIBILITY_PAGE, "Déclaration d'accessibilité", "partials/accessibilite.html", hidden,
                 f"L'état de conformité du site au RGAA : {legal.status}.", context),
        PageSpec(LEGAL_NOTICE_PAGE, "Mentions légales", "partials/mentions-legales.html", hidden,
                 "L'éditeur, la publication et l'hébergement du site.", context),
        PageSpec(PERSONAL_DATA_PAGE, "Données personnelles", "partials/donnees-personnelles.html", hidden,
                 "Ce que le site collecte (rien), ce que les portraits publient et comment le faire corriger.",
                 context),
    ]
