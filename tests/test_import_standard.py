"""``make import`` of a file in the national standard of *lieux de médiation numérique*, with no mapping file: the
standard's own example, our own national file back and forth, and what each of its columns becomes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import yaml

from importing import import_project, portraits, run
from projects import REPO, make_project
from tierslieux.content import load_content
from tierslieux.frontmatter import read_document
from tierslieux.importing.table import read_table
from tierslieux.mediation import FIELDS, MEDIATION_CSV, REQUIRED_FIELDS, mediation_csv, mediation_rows
from tierslieux.network import network_from_config

EXAMPLE = REPO / "tests" / "standard-mediation-num" / "exemple-valide.csv"
NATIONAL = sorted((REPO / "tests" / "fixtures" / "national").glob("*.md"))
ANNOUNCED = ("le tableau suit le standard national des lieux de médiation numérique (ses colonnes id, pivot, nom, "
             "commune, code_postal, adresse, date_maj) : il est lu comme tel, sans fichier de correspondance")
BY_COMMUNE = "sans REGION=…, la région de chaque lieu est celle de sa commune, d'après la colonne code_insee"
IGNORED = ("colonnes ignorées, qui ne sont ni des colonnes de /data/lieux.csv ni dans une correspondance : "
           "complement_adresse, typologie, itinerance, structure_parente, services, publics_specifiquement_adresses, "
           "prise_en_charge_specifique, frais_a_charge, dispositif_programmes_nationaux, formations_labels, "
           "autres_formations_labels, modalites_acces, modalites_accompagnement, fiche_acces_libre, prise_rdv")


def _national_csv(root: Path) -> str:
    """The national file of the tree in ``root``, each place dated by its ``updated`` (no git here)."""
    content = load_content(root)
    network = network_from_config(yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["extra"])
    dates = {place.slug: place.updated for place in content.places if place.updated}
    return mediation_csv(mediation_rows(content, dates, network))


def _standard_file(tmp_path: Path, *rows: dict[str, str], name: str = "mediation.csv") -> Path:
    """A file in the standard: its columns in its order, each row's missing cells empty."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _place(**cells: str) -> dict[str, str]:
    return {"id": "lieu-1", "pivot": "43493312300029", "nom": "Atelier du Port", "commune": "Brest",
            "code_postal": "29200", "code_insee": "29019", "adresse": "1 quai de la Douane", "latitude": "48.38",
            "longitude": "-4.49", "presentation_resume": "Un atelier numérique.", "source": "Hubik",
            "date_maj": "2024-04-02", **cells}


def _front_matter(root: Path, slug: str) -> tuple[dict, str]:
    document, _ = read_document(f"portraits/{slug}.md", (root / "portraits" / f"{slug}.md").read_text("utf-8"))
    return document.data, document.body


def test_the_standards_columns_are_what_its_schema_requires():
    schema = json.loads((EXAMPLE.parent / "schema.json").read_text(encoding="utf-8"))
    assert REQUIRED_FIELDS == tuple(field["name"] for field in schema["fields"]
                                    if field.get("constraints", {}).get("required"))


def test_our_national_file_imports_into_an_empty_tree_and_exports_the_same_rows(tmp_path, capsys):
    exported = _national_csv(make_project(tmp_path / "depart", NATIONAL))
    spreadsheet = tmp_path / "lieux-mediation-numerique.csv"
    spreadsheet.write_text(exported, encoding="utf-8")
    project = import_project(tmp_path)
    assert run(project, spreadsheet, "--geocodeur", "non") == 0
    assert list(portraits(project)) == ["bergerie-corse-test.md", "fablab-du-bocage-test.md", "ilot-mamoudzou-test.md"]
    assert _national_csv(project) == exported
    assert exported.count("\n") == 4  # its header and three places: the one without SIRET nor RNA is left out
    capsys.readouterr()
    assert run(project, spreadsheet, "--geocodeur", "non") == 0
    assert capsys.readouterr().out.endswith("0 créé, 0 mis à jour, 3 inchangés.\n")
    bergerie, body = _front_matter(project, "bergerie-corse-test")
    assert "identifiers" not in bergerie  # its id is its file name: no identifier of another list
    assert (bergerie["region"], bergerie["rna"], bergerie["phone"], bergerie["horaires_osm"], body) == (
        "corse", "W2B1000001", "04 95 00 00 00", 'Tu-Sa 10:00-17:00 "sur rendez-vous"', "")


def test_the_national_file_of_a_built_site_imports_back_to_the_same_file(national_site, tmp_path, capsys):
    built = national_site / MEDIATION_CSV
    project = import_project(tmp_path)
    assert run(project, built, "--geocodeur", "non") == 0
    assert capsys.readouterr().out.endswith("3 créés, 0 mis à jour, 0 inchangé.\n")
    assert _national_csv(project) == built.read_text(encoding="utf-8")


def test_the_standards_own_example_is_refused_for_its_coordinates_far_from_its_commune(tmp_path, capsys):
    project = import_project(tmp_path)
    assert run(project, EXAMPLE, "--geocodeur", "non") == 1
    assert capsys.readouterr().err == (
        f"exemple-valide.csv: {ANNOUNCED}\n"
        f"exemple-valide.csv: {BY_COMMUNE}\n"
        f"exemple-valide.csv:1: {IGNORED}\n"
        "exemple-valide.csv:2: latitude: le lieu est hors de sa région (trouvé : latitude 43.52609, longitude 5.41423 "
        "; attendu : dans Grand Est, latitude entre 47.37 et 50.22, longitude entre 3.33 et 8.29). Vérifiez les "
        "coordonnées (par exemple sur une carte) et la région.\n"
        "En tout : 1 problème, sur 1 ligne du tableau.\n"
        "  1 × le lieu est hors de sa région\n"
        "Lignes à corriger : 2.\n"
        "Rien n'a été écrit : corrigez le tableau et relancez, ou importez les lignes sans problème avec PARTIEL=oui.\n"
    )
    assert portraits(project) == {}


def test_the_standards_own_example_placed_in_reims_imports_with_no_mapping(tmp_path, capsys):
    example = tmp_path / "exemple.csv"  # its commune is Reims (51454), its coordinates were Aix-en-Provence's
    example.write_text(EXAMPLE.read_text(encoding="utf-8").replace('"43.52609","5.41423"', '"49.25","4.03"'),
                       encoding="utf-8")
    project = import_project(tmp_path)
    assert run(project, example, "--geocodeur", "non") == 0
    assert capsys.readouterr().out == (
        f"exemple.csv: {ANNOUNCED}\n"
        f"exemple.csv: {BY_COMMUNE}\n"
        f"exemple.csv:1: {IGNORED}\n"
        "exemple.csv:2: portraits/anonymal.md créé\n"
        "Réparé ou complété en passant (vérifiez au besoin) :\n"
        "    telephone : écrit à la française, par paires de chiffres, ligne 2 (+33180059880 lu comme 01 80 05 98 80)\n"
        "    courriels : une seule adresse gardée (une fiche n'en a qu'une), ligne 2 "
        "(contact@laquincaillerie.tl|responsable@laquincaillerie.tl lu comme contact@laquincaillerie.tl)\n"
        "    site_web : une seule adresse gardée (une fiche n'en a qu'une), ligne 2 "
        "(https://www.laquincaillerie.tl/|https://m.facebook.com/laquincaillerienumerique/ lu comme "
        "https://www.laquincaillerie.tl/)\n"
        "    departement : déduit du code INSEE de la commune, ligne 2 (51454 donne 51)\n"
        "1 créé, 0 mis à jour, 0 inchangé.\n"
    )
    data, body = _front_matter(project, "anonymal")
    assert data == {
        "name": "Anonymal", "region": "grand-est", "commune": "Reims", "postal_code": "51100", "latitude": 49.25,
        "longitude": 4.03, "summary": "Notre association propose des formations aux outils numériques à destination "
        "des personnes âgées.", "address": "12 BIS RUE DE LECLERCQ", "departement": "51", "code_insee": "51454",
        "website": "https://www.laquincaillerie.tl/", "email": "contact@laquincaillerie.tl", "phone": "01 80 05 98 80",
        "horaires_osm": "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00", "siret": "43493312300029",
        "identifiers": ["hubik:structure-1"], "updated": "2024-04-02",
    }
    assert body.strip().startswith("Notre parcours d'initiation permet l'acquisition de compétences numériques")
    assert run(project, example, "--geocodeur", "non") == 0  # its producer's id finds it again
    assert capsys.readouterr().out.endswith("exemple.csv:2: portraits/anonymal.md inchangé\n"
                                            "0 créé, 0 mis à jour, 1 inchangé.\n")


def test_an_empty_cell_of_the_standard_is_unknown_and_clears_no_field(tmp_path, capsys):
    project = import_project(tmp_path)
    (project / "portraits" / "la-forge.md").write_text(
        "---\nname: La Forge\nregion: bretagne\ncommune: Brest\npostal_code: \"29200\"\nlatitude: 48.38\n"
        "longitude: -4.49\nsummary: Un atelier.\naddress: 1 quai de la Douane\nphone: \"+44 20 7946 0000\"\n"
        "siret: \"43493312300029\"\nopening_hours: Le mardi.\nupdated: \"2026-01-05\"\n---\n", encoding="utf-8")
    exported = _national_csv(project)
    row = next(csv.DictReader(io.StringIO(exported)))
    assert (row["telephone"], row["horaires"]) == ("", "")  # not a French number; no OpenStreetMap hours
    spreadsheet = tmp_path / "national.csv"
    spreadsheet.write_text(exported, encoding="utf-8")
    assert run(project, spreadsheet, "--geocodeur", "non") == 0
    assert capsys.readouterr().out.endswith("national.csv:2: portraits/la-forge.md mis à jour\n"
                                            "    code_insee : (vide) → 29019\n"
                                            "0 créé, 1 mis à jour, 0 inchangé.\n")
    data = _front_matter(project, "la-forge")[0]
    assert (data["phone"], data["opening_hours"]) == ("+44 20 7946 0000", "Le mardi.")


def test_two_producers_ids_never_meet(tmp_path, capsys):
    project = import_project(tmp_path)
    assert run(project, _standard_file(tmp_path, _place()), "--geocodeur", "non") == 0
    other = _place(source="France Tiers-Lieux", nom="La Cale", commune="Quimper", code_postal="29000",
                   code_insee="29232", latitude="48.0", longitude="-4.1")
    assert run(project, _standard_file(tmp_path, other, name="ftl.csv"), "--geocodeur", "non") == 0
    assert "ftl.csv:2: portraits/la-cale.md créé\n" in capsys.readouterr().out
    assert _front_matter(project, "atelier-du-port")[0]["identifiers"] == ["hubik:lieu-1"]
    assert _front_matter(project, "la-cale")[0]["identifiers"] == ["france-tiers-lieux:lieu-1"]


def test_the_pivot_is_a_siret_or_an_rna_and_hours_that_do_not_parse_are_free_text(tmp_path, capsys):
    project = import_project(tmp_path)
    spreadsheet = _standard_file(
        tmp_path,
        _place(pivot="W291000001", horaires="Du lundi au vendredi, de 9 h à 17 h"),
        _place(id="lieu-2", nom="La Forge", pivot="00000000000000", horaires="Mo-Fr 09:00-17:00"),
        _place(id="lieu-3", nom="La Voile", pivot="434 933 123", source=""),
    )
    assert run(project, spreadsheet, "--geocodeur", "non", "--partiel") == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[1:4] == [
        "mediation.csv: identifiants mis de côté, ligne 4 : la colonne source, qui nomme le producteur de chaque "
        "lieu, y est vide ; leur id ne retrouve aucun lieu et n'est pas gardé (les lieux sont retrouvés par leur nom "
        "dans leur commune). Pour le garder, remplissez la colonne source avec le nom du producteur, puis relancez",
        "mediation.csv: pivot 00000000000000, ligne 3 : c'est ainsi que les listes nationales écrivent l'absence de "
        "SIRET ; aucun SIRET n'est écrit dans ces fiches",
        f"mediation.csv: {BY_COMMUNE}",
    ]
    assert err.startswith(
        "mediation.csv:4: pivot: pivot illisible (trouvé : « 434 933 123 » ; attendu : le SIRET de l'établissement, "
        "14 chiffres, ou le numéro RNA d'une association, W suivi de 9 chiffres ou lettres). Corrigez la cellule, ou "
        "videz-la si le lieu n'a ni l'un ni l'autre.\n")
    atelier, forge = _front_matter(project, "atelier-du-port")[0], _front_matter(project, "la-forge")[0]
    assert (atelier["rna"], atelier["opening_hours"], "siret" in atelier, "horaires_osm" in atelier) == (
        "W291000001", "Du lundi au vendredi, de 9 h à 17 h", False, False)
    assert (forge["horaires_osm"], "siret" in forge, "opening_hours" in forge) == ("Mo-Fr 09:00-17:00", False, False)
    assert read_table(tmp_path / "mediation.a-corriger.csv").rows[0][1]["nom"] == "La Voile"


def test_a_region_given_is_every_places_and_its_communes_must_lie_in_it(tmp_path, capsys):
    project = import_project(tmp_path)
    spreadsheet = _standard_file(tmp_path, _place(), _place(id="lieu-2", nom="La Halle", commune="Nantes",
                                                            code_postal="44000", code_insee="44109"))
    assert run(project, spreadsheet, "--geocodeur", "non", "--region", "bretagne") == 1
    err = capsys.readouterr().err
    assert BY_COMMUNE not in err
    assert ("mediation.csv:3: code_postal: département hors de la région (trouvé : Loire-Atlantique (44), d'après le "
            "code INSEE 44109, pour un lieu de la région Bretagne ; attendu : un département de cette région, 22, 29, "
            "35, 56). Corrigez le code postal, ou importez ce lieu avec sa région : une autre valeur de REGION=… ou de "
            "la colonne region.\n") in err


def test_hostile_ids_and_sources_stay_data(tmp_path, capsys):
    project = import_project(tmp_path)
    spreadsheet = _standard_file(
        tmp_path,
        _place(id="a|b\\c/d,e", source='=HYPERLINK("https://evil.example")'),
        _place(id="../../etc/passwd", nom="La Forge", source="Tiers-lieux de formation"),  # ours, but no file name
        _place(id="x\x1b[2J", nom="La Voile", source="Hubik"),
    )
    assert run(project, spreadsheet, "--geocodeur", "non", "--partiel") == 1
    assert _front_matter(project, "atelier-du-port")[0]["identifiers"] == [
        "hyperlink-https-evil-example:a|b\\c/d,e"]
    assert _front_matter(project, "la-forge")[0]["identifiers"] == ["tiers-lieux-de-formation:../../etc/passwd"]
    assert capsys.readouterr().err.startswith(
        "mediation.csv:4: id: caractère de contrôle refusé (trouvé : U+001B ; attendu : du texte, des tabulations et "
        "des retours à la ligne). Supprimez-le : il vient souvent d'un copier-coller ; au besoin, retapez le texte "
        "autour.\n")
    again = tmp_path / "mediation.a-corriger.csv"  # the refused row, with its probleme column: still the standard
    again.write_text(again.read_text(encoding="utf-8").replace("\x1b[2J", ""), encoding="utf-8")
    assert run(project, again, "--geocodeur", "non") == 0
    assert "probleme" not in capsys.readouterr().out
    assert _front_matter(project, "la-voile")[0]["identifiers"] == ["hubik:x"]
