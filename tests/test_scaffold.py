"""``make new``: a portrait made from modeles/portrait.md, from flags, make variables or questions, then checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from projects import REPO, make_project, run_make
from tierslieux.content import load_content
from tierslieux.scaffold import TEMPLATE, fill_template, main
from tierslieux.schema import load_schema

FLAGS = ["--name", "La Forge des Compétences", "--region", "normandie", "--commune", "Saint-Lô",
         "--postal-code", "50000", "--coordinates", "49.1157, -1.0906", "--summary", "Un atelier : soudure."]


@pytest.fixture
def project(tmp_path) -> Path:
    root = make_project(tmp_path / "projet")
    (root / "modeles").symlink_to(REPO / "modeles")
    return root


def _no_questions(prompt: str) -> str:
    raise AssertionError(f"unexpected question: {prompt}")


def test_the_template_names_every_field_of_the_schema():
    template = (REPO / TEMPLATE).read_text(encoding="utf-8")
    fields = {*load_schema("portrait")["properties"], *load_schema("portrait")["$defs"]["training"]["properties"],
              *load_schema("portrait")["$defs"]["photo"]["properties"]}
    assert {field for field in fields if not re.search(rf"^[# -]*{field}:", template, re.M)} == set()


def test_the_template_validates_once_filled(project):
    text = fill_template((REPO / TEMPLATE).read_text(encoding="utf-8"), {"name": "Atelier rempli"})
    (project / "portraits" / "atelier-rempli.md").write_text(text, encoding="utf-8")
    assert [place.name for place in load_content(project).places] == ["Atelier rempli"]


def test_filling_keeps_the_comments_and_quotes_every_text():
    assert fill_template('name: X\npostal_code: "00000"  # cinq chiffres\n', {
        "name": 'L\'Atelier "du" Marais', "postal_code": "01000",
    }) == 'name: "L\'Atelier \\"du\\" Marais"\npostal_code: "01000"  # cinq chiffres\n'


def test_flags_make_a_portrait_that_validates(project, capsys):
    assert main(["--root", str(project), *FLAGS], ask=_no_questions) == 0
    text = (project / "portraits" / "la-forge-des-competences.md").read_text(encoding="utf-8")
    assert 'name: "La Forge des Compétences"\n' in text and "latitude: 49.1157  # en degrés" in text
    place = load_content(project).places[0]
    assert (place.region, place.postal_code, place.longitude, place.summary) == (
        "normandie", "50000", -1.0906, "Un atelier : soudure."
    )
    assert capsys.readouterr().out.startswith("portraits/la-forge-des-competences.md est créé et valide.")


def test_missing_and_refused_answers_are_asked_again(project, capsys):
    answers = iter(["Atelier du Marais", "99", "Bretagne", "Rennes", "35000", "près de la mairie", "48.11, -1.68",
                    "Un atelier."])
    questions = []

    def ask(prompt: str) -> str:
        questions.append(prompt)
        return next(answers)

    assert main(["--root", str(project)], ask=ask) == 0
    assert [question.split(" (")[0].rstrip(" :,") for question in questions] == [
        "Nom du lieu", "Région", "Région", "Commune", "Code postal", "Coordonnées", "Coordonnées", "Résumé",
    ]
    err = capsys.readouterr().err
    assert "Refusé : région inconnue (trouvé : « 99 » ; attendu : un numéro de 1 à 18 ou un nom de la liste)." in err
    assert load_content(project).places[0].region == "bretagne"


def test_a_place_outside_its_region_is_asked_again_for_region_and_coordinates(project, capsys):
    answers = iter(["normandie", "49.1157, -1.0906"])
    flags = [*FLAGS[:2], "--region", "bretagne", *FLAGS[4:8], "--coordinates", "49.1157, -1.0906", *FLAGS[10:]]
    assert main(["--root", str(project), *flags], ask=lambda prompt: next(answers)) == 0
    assert "portraits/la-forge-des-competences.md:13: latitude: le lieu est hors de sa région" in capsys.readouterr().err
    assert load_content(project).places[0].region == "normandie"


def test_without_a_terminal_problems_are_printed_and_nothing_is_written(project, capsys):
    flags = [*FLAGS[:6], "--postal-code", "5000", *FLAGS[8:]]

    def no_terminal(prompt: str) -> str:
        raise EOFError

    assert main(["--root", str(project), *flags], ask=no_terminal) == 1
    err = capsys.readouterr().err
    assert 'postal_code: format incorrect (trouvé : "5000" ; attendu : cinq chiffres, entre guillemets).' in err
    assert not (project / "portraits" / "la-forge-des-competences.md").exists()


def test_an_existing_portrait_is_never_overwritten(project, capsys):
    assert main(["--root", str(project), *FLAGS], ask=_no_questions) == 0
    assert main(["--root", str(project), *FLAGS], ask=lambda prompt: (_ for _ in ()).throw(EOFError)) == 1
    assert "Refusé : portraits/la-forge-des-competences.md existe déjà" in capsys.readouterr().err


def test_make_new_takes_its_values_from_make_variables(project):
    variables = {"NOM": "L'Atelier \"du\" Marais", "REGION": "3", "COMMUNE": "Rennes", "CODE_POSTAL": "35 000",
                 "COORDONNEES": "48,1113 ; -1,68", "RESUME": "Un atelier de test."}
    result = run_make(project, "new", *(f"{key}={value}" for key, value in variables.items()))
    assert result.returncode == 0, result.stdout + result.stderr
    place = load_content(project).places[0]
    assert (place.slug, place.name, place.region, place.postal_code, place.latitude) == (
        "l-atelier-du-marais", 'L\'Atelier "du" Marais', "bretagne", "35000", 48.1113,
    )


def test_a_name_whose_address_is_the_sites_own_is_asked_again(project, capsys):
    flags = [value if value != "La Forge des Compétences" else "Photos" for value in FLAGS]
    assert main(["--root", str(project), *flags], ask=lambda prompt: "Photos Saint-Lô") == 0
    assert capsys.readouterr().err == (
        "Refusé : nom réservé par le site (trouvé : « Photos », qui donnerait l'adresse /portraits/photos/ ; "
        "attendu : un autre nom, par exemple avec la commune).\n"
    )
    assert (project / "portraits" / "photos-saint-lo.md").is_file()


def test_a_refused_answer_is_printed_with_its_control_characters_as_code_points(project, capsys):
    answers = iter(["normandie"])
    flags = [*FLAGS[:2], "--region", "\x1b]0;pris\x07\x1b[2J", *FLAGS[4:]]
    assert main(["--root", str(project), *flags], ask=lambda prompt: next(answers)) == 0
    err = capsys.readouterr().err
    assert "Refusé : région inconnue (trouvé : « U+001B]0;prisU+0007U+001B[2J » ;" in err and "\x1b" not in err


def test_a_name_whose_file_name_would_pass_120_characters_is_asked_again(project, capsys):
    answers = iter(["La Forge des Compétences"])
    long_name = "\ufb03" * 100  # the ligature ﬃ is three letters once folded
    flags = ["--name", long_name, *FLAGS[2:]]
    assert main(["--root", str(project), *flags], ask=lambda prompt: next(answers)) == 0
    assert capsys.readouterr().err == (
        f"Refusé : nom trop long pour un nom de fichier (trouvé : « {long_name} », soit 300 caractères en nom de "
        "fichier ; attendu : 120 au plus).\n")
    assert (project / "portraits" / "la-forge-des-competences.md").exists()
