"""« À compléter »: each criterion, the terminal report, the CSV, make a-completer and the page of the site."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from projects import REPO, build_site, commit, git, make_project, run_make
from tierslieux.completeness import CRITERIA, completion_report, main, report_csv, report_day, report_text
from tierslieux.content import load_content
from tierslieux.sources import last_commit_dates

TODAY = date(2026, 12, 2)
TEMPLATE_BODY = (REPO / "modeles" / "portrait.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
COMPLETE = """---
name: {name}
region: {region}
commune: Rennes
postal_code: "35000"
latitude: 48.11
longitude: -1.68
summary: Un lieu.
{extra}
---

## Le lieu

Un vrai portrait, écrit par le lieu.
"""
FULL = """website: https://exemple.org
trainings:
  - title: Souder
photos:
  - src: photos/atelier-impression-3d.svg
    alt: Un atelier."""


def _portrait(name: str, extra: str = FULL, body: str | None = None, region: str = "bretagne") -> str:
    text = COMPLETE.format(name=name, region=region, extra=extra)
    return text if body is None else text.split("\n---\n", 1)[0] + "\n---\n" + body


PORTRAITS = {
    "complet": _portrait("Complet"),
    "vide": _portrait("Vide", body=""),
    "titres-seuls": _portrait("Titres seuls", body="\n## Le lieu\n\n## Les formations\n"),
    "modele": _portrait("Modèle", body=TEMPLATE_BODY),
    "sans-photo": _portrait("Sans photo", FULL.split("\nphotos:")[0]),
    "sans-formation": _portrait("Sans formation", FULL.replace("trainings:\n  - title: Souder\n", "")),
    "commune": _portrait("À la commune", FULL + "\ngeo_precision: commune"),
    "sans-contact": _portrait("=Sans contact", FULL.replace("website: https://exemple.org\n", "")),
    "courriel": _portrait("Courriel seul", FULL.replace("website: https://exemple.org", "email: a@exemple.org")),
    "ancien": _portrait("Ancien", FULL + '\nupdated: "2025-11-01"'),
    "recent": _portrait("Récent", FULL + '\nupdated: "2026-01-31"'),
    "normand": _portrait("Normand", "", region="normandie").replace("latitude: 48.11", "latitude: 49.18"),
}


@pytest.fixture
def project(tmp_path) -> Path:
    root = make_project(tmp_path / "projet")
    for slug, text in PORTRAITS.items():
        (root / "portraits" / f"{slug}.md").write_text(text, encoding="utf-8")
    return root


NATIONAL = "national_"  # the criteria of the national file, that these portraits all lack: tested apart


def _lacks(reports) -> dict[str, list[str]]:
    """What each portrait lacks but what keeps it out of the national file."""
    lacks = {entry.place.slug: [criterion.key for criterion in entry.lacks if not criterion.key.startswith(NATIONAL)]
             for report in reports for entry in report.entries}
    return {slug: keys for slug, keys in lacks.items() if keys}


def test_each_portrait_is_listed_with_exactly_what_it_lacks(project):
    reports = completion_report(load_content(project), {}, TODAY)
    assert _lacks(reports) == {
        "commune": ["position"],  # « À la commune » sorts first in French order
        "ancien": ["mise_a_jour"],
        "modele": ["texte"],
        "sans-contact": ["contact"],
        "sans-formation": ["formation"],
        "sans-photo": ["photo"],
        "titres-seuls": ["texte"],
        "vide": ["texte"],
        "normand": ["photo", "formation", "contact"],
    }
    assert [(report.region.slug, report.places) for report in reports if report.places] == [
        ("bretagne", 11), ("normandie", 1)]


def test_the_git_date_comes_before_the_front_matter_date(project):
    dates = {"portraits/recent.md": date(2024, 1, 1), "portraits/ancien.md": date(2026, 11, 1)}
    lacks = _lacks(completion_report(load_content(project), dates, TODAY))
    assert lacks["recent"] == ["mise_a_jour"] and "ancien" not in lacks


def test_the_terminal_report_gives_counts_first_then_each_portrait(project):
    reports = completion_report(load_content(project), {}, TODAY, region="normandie")
    assert report_text(reports) == (
        "Portraits à compléter, par région :\n"
        "  Normandie : 1 sur 1\n"
        "\n"
        "Normandie (1) :\n"
        "  portraits/normand.md — Normand : aucune photo, aucune formation, aucun contact (ni site, ni courriel, ni "
        "téléphone), ni SIRET ni numéro RNA (siret ou rna) : absent du fichier national, pas d'adresse (address) : "
        "absent du fichier national, aucune date de mise à jour (ni commit, ni updated) : absent du fichier "
        "national\n"
    )


def test_the_csv_opens_in_a_spreadsheet_with_one_column_per_criterion_and_no_formula(project):
    text = report_csv(completion_report(load_content(project), {}, TODAY))
    assert text.startswith("\ufeffregion,fichier,nom,") and "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert list(rows[0]) == ["region", "fichier", "nom", *(c.key for c in CRITERIA), "date_maj"]
    by_file = {row["fichier"]: row for row in rows}
    assert by_file["portraits/sans-contact.md"]["nom"] == "'=Sans contact"
    assert by_file["portraits/ancien.md"] == {**by_file["portraits/ancien.md"], "mise_a_jour": "oui", "texte": "",
                                              "date_maj": "2025-11-01"}
    assert len(rows) == 12  # all: none has a SIRET
    assert by_file["portraits/complet.md"] == {**by_file["portraits/complet.md"], "national_siret": "oui",
                                               "national_adresse": "oui", "national_date": "oui", "texte": ""}


def test_the_examples_list_every_portrait_that_lacks_something_and_no_other():
    dates = last_commit_dates(REPO)
    reports = completion_report(load_content(REPO), dates, report_day(dates))
    assert _lacks(reports) == {"exemple-ilot-des-metiers": ["position"]}  # the others have it all


def test_make_a_completer_prints_one_region_and_writes_the_csv(project):
    git(project, "init", "--quiet")
    commit(project, {}, "2024-01-15")  # every portrait last changed then: all are stale now
    result = run_make(project, "a-completer", "REGION=normandie")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == ["Portraits à compléter, par région :", "  Normandie : 1 sur 1"]
    assert "pas de mise à jour depuis 12 mois" in result.stdout
    assert result.stdout.endswith("Tableau écrit : a-completer.csv\n")
    assert "portraits/normand.md" in (project / "a-completer.csv").read_text(encoding="utf-8")


def test_make_a_completer_replaces_a_committed_link_and_never_writes_through_it(project, tmp_path):
    outside = tmp_path / "hors-du-depot.txt"
    outside.write_text("intact\n", encoding="utf-8")
    (project / "a-completer.csv").symlink_to(outside)
    result = run_make(project, "a-completer")
    assert result.returncode == 0, result.stderr
    assert outside.read_text(encoding="utf-8") == "intact\n"
    assert not (project / "a-completer.csv").is_symlink()
    assert (project / "a-completer.csv").read_text(encoding="utf-8-sig").startswith("region,fichier,nom,")


def test_make_a_completer_shows_control_characters_as_code_points(project, capsys, monkeypatch):
    monkeypatch.setenv("TIERSLIEUX_REGION", "\x1b]0;titre\x07")
    assert main([str(project)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("TIERSLIEUX_REGION : région inconnue (trouvé : « U+001B]0;titreU+0007 » ;")


def test_make_a_completer_refuses_an_unknown_region(project):
    result = run_make(project, "a-completer", "REGION=atlantide")
    assert result.returncode != 0
    assert "TIERSLIEUX_REGION : région inconnue (trouvé : « atlantide »" in result.stderr


def test_the_pages_are_linked_for_contributors_and_hidden_from_search_sitemap_and_engines(project, tmp_path):
    site = tmp_path / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stderr
    summary = (site / "contribuer" / "a-completer" / "index.html").read_text(encoding="utf-8")
    page = (site / "contribuer" / "a-completer" / "normandie" / "index.html").read_text(encoding="utf-8")
    for html in (summary, page):
        assert '<meta name="robots" content="noindex">' in html
    assert "a-completer" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert '<meta name="robots"' not in (site / "contribuer" / "index.html").read_text(encoding="utf-8")
    documents = [doc for path in (site / "search" / "documents").glob("*.json")
                 for doc in json.loads(path.read_text(encoding="utf-8"))]
    assert any(doc["location"] == "contribuer/" for doc in documents)
    assert not [doc for doc in documents if doc["location"].startswith("contribuer/a-completer")]
    assert 'href="a-completer/"' in (site / "contribuer" / "index.html").read_text(encoding="utf-8")
    assert '<th scope="row"><a href="../../contribuer/a-completer/normandie/">Normandie</a></th>' in summary
    assert "<td>1</td>" in summary and not (site / "contribuer" / "a-completer" / "corse").exists()
    assert "<td><code>portraits/normand.md</code></td>" in page  # no edit link while repo_url is the example one
    assert '<th scope="row"><a href="../../../portraits/normand/">Normand</a></th>' in page
    assert ("<td>aucune photo ; aucune formation ; aucun contact (ni site, ni courriel, ni téléphone) ; ni SIRET ni "
            "numéro RNA (siret ou rna) : absent du fichier national ; pas d&#39;adresse (address) : absent du "
            "fichier national ; aucune date de mise à jour (ni commit, ni updated) : absent du fichier national</td>"
            in page)
    bretagne = (site / "contribuer" / "a-completer" / "bretagne" / "index.html").read_text(encoding="utf-8")
    assert "=Sans contact" in bretagne and ">Complet<" in bretagne  # complete but for the national file


def test_what_keeps_a_place_out_of_the_national_file_is_listed(project):
    national = project / "portraits" / "national.md"
    national.write_text(_portrait("National", FULL + '\nsiret: "90000001900019"\naddress: 1 rue de Paris'),
                        encoding="utf-8")
    reports = completion_report(load_content(project), {"portraits/national.md": date(2026, 11, 2)}, TODAY)
    lacks = {entry.place.slug: [criterion.key for criterion in entry.lacks]
             for report in reports for entry in report.entries}
    assert "national" not in lacks  # in the national file, and lacking nothing else
    assert lacks["complet"] == ["national_siret", "national_adresse", "national_date"]
    assert lacks["recent"] == ["national_siret", "national_adresse"]  # its updated field dates it
