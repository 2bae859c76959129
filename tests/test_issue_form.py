"""The « Proposer un lieu » issue form: the form file, and issues turned into portraits or into a list of problems."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from projects import FIXTURES, REPO, make_project
from tierslieux.content import load_content
from tierslieux.frontmatter import read_document
from tierslieux.issue_answers import parse_coordinates, portrait_from_issue, read_answers
from tierslieux.issue_form import commit_message, problems_comment
from tierslieux.issue_questions import COMPOSITE_FIELDS, FORM_PATH, form_text
from tierslieux.model import french_sort_key
from tierslieux.schema import load_schema, theme_labels

ISSUES = FIXTURES / "issues"


@pytest.fixture(scope="module")
def form() -> dict:
    return yaml.safe_load((REPO / FORM_PATH).read_text(encoding="utf-8"))


def _element(form: dict, element_id: str) -> dict:
    return next(element for element in form["body"] if element.get("id") == element_id)


def test_the_committed_form_is_the_one_generated_from_the_schema_and_regions():
    assert (REPO / FORM_PATH).read_text(encoding="utf-8") == form_text(load_content(REPO)), (
        "Le formulaire n'est plus à jour : lancez make issue-form."
    )


def test_the_form_ids_are_fields_of_the_schema(form):
    properties = load_schema("portrait")["properties"]
    for element in form["body"]:
        if "id" in element:
            fields = COMPOSITE_FIELDS.get(element["id"], (element["id"],))
            assert set(fields) <= set(properties), element["id"]
            if element["id"] in properties:
                assert element["attributes"]["label"] == properties[element["id"]]["title"]
    ids = {element.get("id") for element in form["body"]}
    assert set(load_schema("portrait")["required"]) <= {f for i in ids if i for f in COMPOSITE_FIELDS.get(i, (i,))}


def test_the_required_questions_are_the_required_fields(form):
    required = set(load_schema("portrait")["required"])
    for element in form["body"]:
        if "id" in element:
            fields = set(COMPOSITE_FIELDS.get(element["id"], (element["id"],)))
            assert element.get("validations", {}).get("required", False) == bool(fields & required), element["id"]


def test_the_region_dropdown_lists_the_regions_files_by_name(form):
    names = [region.name for region in load_content(REPO).regions.values()]
    assert _element(form, "region")["attributes"]["options"] == sorted(names, key=french_sort_key)
    assert len(names) == len(list((REPO / "regions").glob("*.md"))) == 18


def test_the_theme_boxes_are_the_vocabulary_of_the_schema(form):
    options = _element(form, "themes")["attributes"]["options"]
    assert [option["label"] for option in options] == list(theme_labels().values())


def test_the_form_is_valid_for_github():
    """Against GitHub's issue form schema, as shipped by check-jsonschema (no network)."""
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-issue-forms",
         str(REPO / FORM_PATH)], capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_answers_are_read_under_their_headings():
    answers = read_answers((ISSUES / "valide.md").read_text(encoding="utf-8").replace("\n", "\r\n"))
    assert answers["name"] == "La Forge des Compétences"
    assert answers["address"] == ""  # _No response_
    assert answers["body"].endswith("### Notre équipe\n\nTrois formateurs, dont un ancien compagnon du devoir.")


@pytest.mark.parametrize("text, expected", [
    ("48.1173, -1.6778", (48.1173, -1.6778)),
    ("48,1173 ; -1,6778", (48.1173, -1.6778)),
    ("48.1173 -1.6778", (48.1173, -1.6778)),
    ("https://www.openstreetmap.org/#map=17/48.11730/-1.67780", (48.1173, -1.6778)),
    ("https://www.openstreetmap.org/?mlat=48.1173&mlon=-1.6778#map=19/48.1/-1.6", (48.1173, -1.6778)),
    ("https://www.google.com/maps/place/Rennes/@48.1173,-1.6778,15z/data=!3m1", (48.1173, -1.6778)),
    ("près de la mairie", None),
    ("48.1173", None),
])
def test_coordinates_are_read_from_numbers_or_map_links(text, expected):
    assert parse_coordinates(text) == expected


def test_a_valid_issue_gives_a_portrait_that_validates(tmp_path):
    root = make_project(tmp_path, with_examples=True)
    path, proposal = portrait_from_issue((ISSUES / "valide.md").read_text(encoding="utf-8"), root)
    assert path == root / "portraits" / "la-forge-des-competences.md"
    assert path.read_text(encoding="utf-8") == (
        "---\n"
        "name: La Forge des Compétences\n"
        "region: normandie\n"
        "commune: Saint-Lô\n"
        "postal_code: '50000'\n"
        "latitude: 49.1157\n"
        "longitude: -1.0906\n"
        "summary: 'Un atelier partagé où l''on apprend la soudure et la métallerie : en soirée, le samedi ou en "
        "formation longue.'\n"
        "website: https://exemple.org/forge\n"
        "themes:\n"
        "  - fabrication\n"
        "  - batiment\n"
        "trainings:\n"
        "  - title: Initiation à la soudure\n"
        "  - title: 'CAP serrurier-métallier : yes'\n"
        "---\n"
        "\n"
        "La Forge est née en 2019 dans un ancien garage.\n"
        "\n"
        "### Notre équipe\n"
        "\n"
        "Trois formateurs, dont un ancien compagnon du devoir.\n"
    )
    place = next(p for p in load_content(root).places if p.slug == "la-forge-des-competences")
    assert (place.postal_code, place.themes, place.trainings[1].title) == (
        "50000", ("fabrication", "batiment"), "CAP serrurier-métallier : yes"
    )
    assert proposal.problems == []


def test_an_incomplete_issue_gets_the_list_of_its_problems_and_writes_nothing(tmp_path):
    root = make_project(tmp_path, with_examples=True)
    before = sorted((root / "portraits").iterdir())
    path, proposal = portrait_from_issue((ISSUES / "incomplet.md").read_text(encoding="utf-8"), root)
    assert path is None and sorted((root / "portraits").iterdir()) == before
    assert problems_comment(proposal.problems) == (
        "Merci pour cette proposition ! Avant de pouvoir la publier, il faut corriger ces 5 points :\n"
        "\n"
        "```text\n"
        "Commune : réponse manquante (trouvé : rien ; attendu : commune). Complétez la rubrique « Commune ».\n"
        'Code postal : format incorrect (trouvé : "500" ; attendu : cinq chiffres, entre guillemets). '
        "Corrigez la valeur.\n"
        "Coordonnées : coordonnées illisibles (trouvé : « près de la mairie » ; attendu : la latitude puis la "
        "longitude en degrés décimaux, comme 48.1173, -1.6778). Sur openstreetmap.org, faites un clic droit sur "
        "le lieu puis « Afficher l'adresse » et recopiez les deux nombres.\n"
        'Site web : adresse web invalide (trouvé : "www.exemple.org" ; attendu : une adresse qui commence par '
        "https:// ou http://, sans espace). Recopiez l'adresse complète depuis la barre du navigateur.\n"
        "Thèmes : thème inconnu (trouvé : « Robotique » ; attendu : un des thèmes Numérique, Fabrication et "
        "prototypage, Agriculture et alimentation, Bâtiment et écoconstruction, Transition écologique, Artisanat "
        "et métiers d'art, Culture et médias, Entrepreneuriat, Insertion et orientation, Santé et action sociale, "
        "Tourisme et hôtellerie, Mobilité et logistique). Cochez les thèmes dans la liste.\n"
        "```\n"
        "\n"
        "Pour corriger : ouvrez le menu « ··· » en haut à droite du premier message de ce ticket, choisissez "
        "« Edit », modifiez les réponses concernées sous leur titre, puis enregistrez. L'équipe du site remettra "
        "ensuite l'étiquette « à publier ».\n"
    )


def test_an_issue_for_a_place_already_there_is_checked_with_the_other_portraits(tmp_path):
    root = make_project(tmp_path, with_examples=True)
    path, proposal = portrait_from_issue((ISSUES / "doublon.md").read_text(encoding="utf-8"), root)
    assert path is None
    assert [(problem.field, problem.message) for problem in proposal.problems] == [
        ("name", "ce lieu existe déjà (trouvé : « Exemple – La Fabrique du Bocage » à Carhaix-Plouguer, comme dans "
                 "portraits/exemple-fabrique-du-bocage.md ligne 2 ; attendu : un seul portrait par lieu). Complétez "
                 "le portrait existant, ou distinguez les noms s'il s'agit de deux lieux."),
        ("latitude", "le lieu est hors de sa région (trouvé : latitude -3.5727, longitude 48.276 ; attendu : dans "
                     "Bretagne, latitude entre 47.23 et 48.94, longitude entre -5.2 et -0.96). La latitude et la "
                     "longitude semblent inversées : échangez leurs valeurs."),
    ]


def test_a_name_whose_address_is_taken_by_a_file_or_a_former_slug_is_refused(tmp_path):
    root = make_project(tmp_path, with_examples=True)
    body = (ISSUES / "valide.md").read_text(encoding="utf-8")
    for name in ("Exemple Fabrique du Bocage", "Exemple – Fabrique Bocage"):
        path, proposal = portrait_from_issue(body.replace("La Forge des Compétences", name), root)
        assert path is None
        assert [problem.field for problem in proposal.problems] == ["name"]
        assert proposal.problems[0].message.startswith(f"l'adresse de ce lieu est déjà prise (trouvé : « {name} »")


def test_the_comment_keeps_contributor_text_inside_a_code_block():
    from tierslieux.problems import Problem

    comment = problems_comment([Problem("formulaire", 0, "name", "trouvé : « ```@équipe <img src=x> » ;")])
    assert "\n````text\nNom du lieu : trouvé : « ```@équipe <img src=x> » ;\n````\n" in comment


def test_the_command_writes_the_portrait_and_the_commit_message(tmp_path):
    root = make_project(tmp_path / "projet", with_examples=True)
    message = tmp_path / "message.md"
    result = subprocess.run(
        [sys.executable, "-m", "tierslieux.issue_form", "--root", str(root), "portrait",
         str(ISSUES / "valide.md"), "--issue", "12", "--message-file", str(message)],
        capture_output=True, text=True,
    )
    assert (result.returncode, result.stdout) == (0, "portraits/la-forge-des-competences.md\n")
    assert message.read_text(encoding="utf-8") == (
        "Ajoute le portrait : La Forge des Compétences\n\n"
        "Fiche portraits/la-forge-des-competences.md créée à partir du formulaire « Proposer un lieu ».\n\n"
        "Closes #12\n"
    )
    document, problems = read_document("x.md", (root / "portraits" / "la-forge-des-competences.md").read_text())
    assert problems == [] and document.data["region"] == "normandie"


def test_the_command_writes_the_comment_and_exits_with_1_for_an_invalid_issue(tmp_path):
    root = make_project(tmp_path / "projet", with_examples=True)
    message = tmp_path / "message.md"
    result = subprocess.run(
        [sys.executable, "-m", "tierslieux.issue_form", "--root", str(root), "portrait",
         str(ISSUES / "incomplet.md"), "--message-file", str(message)],
        capture_output=True, text=True,
    )
    assert result.returncode == 1 and result.stdout == ""
    assert message.read_text(encoding="utf-8").startswith("Merci pour cette proposition !")
    assert result.stderr.splitlines()[-1] == "5 problèmes dans 1 fichier."


def test_a_heading_of_an_earlier_question_inside_an_answer_stays_in_the_answer():
    body = "### Nom du lieu\n\nLa Forge\n\n### Présentation du lieu\n\nTexte.\n\n### Nom du lieu\n\nAutre\n"
    assert read_answers(body) == {"name": "La Forge", "body": "Texte.\n\n### Nom du lieu\n\nAutre"}


def test_a_proposed_name_cannot_mention_anyone_nor_close_an_issue_from_a_title(tmp_path):
    root = make_project(tmp_path, with_examples=True)
    body = (ISSUES / "valide.md").read_text(encoding="utf-8")
    name = "La Forge fixes #1 @equipe closes o/r#2 resolves https://github.com/o/r/issues/3 GH-4"
    path, proposal = portrait_from_issue(body.replace("La Forge des Compétences", name), root)
    assert path is not None and proposal.data["name"] == name  # the portrait keeps the name as written
    title = commit_message(proposal, 7).split("\n", 1)[0]
    assert title == (
        "Ajoute le portrait : La Forge fixes ＃1 ＠equipe closes o∕r＃2 resolves https:∕∕github.com∕o∕r∕issues∕3 GH‑4"
    )
    assert not re.search(r"@\w|#\d|/|\bGH-\d", title)


@pytest.mark.parametrize("order", ["[skip ci]", "[ci skip]", "[no ci]", "[skip actions]", "[actions skip]",
                                   "[SKIP CI]", "[ Skip CI ]", "[skip-ci]"])
def test_a_proposed_name_cannot_skip_the_workflows_of_its_commit(tmp_path, order):
    root = make_project(tmp_path, with_examples=True)
    body = (ISSUES / "valide.md").read_text(encoding="utf-8")
    path, proposal = portrait_from_issue(body.replace("La Forge des Compétences", f"La Forge {order}"), root)
    assert path is not None and proposal.data["name"] == f"La Forge {order}"
    message = commit_message(proposal, 7)
    assert message.split("\n", 1)[0] == f"Ajoute le portrait : La Forge ［{order[1:-1]}］"
    assert "[" not in message and "]" not in message


def test_a_name_whose_file_name_would_pass_120_characters_is_refused_without_a_crash(tmp_path):
    root = make_project(tmp_path, with_examples=True)
    body = (ISSUES / "valide.md").read_text(encoding="utf-8")
    name = "\ufb03" * 100  # the ligature ﬃ is three letters once folded: 100 characters, a file name of 300
    path, proposal = portrait_from_issue(body.replace("La Forge des Compétences", name), root)
    assert path is None
    assert [str(problem) for problem in proposal.problems] == [
        f"formulaire:0: name: nom trop long pour un nom de fichier (trouvé : « {name} », soit 300 caractères en nom "
        "de fichier ; attendu : 120 au plus). Raccourcissez le nom, par exemple sans sa forme juridique."
    ]


@pytest.mark.parametrize(("typed", "code"), [("\x1b[2J", "U+001B"), ("\x7f", "U+007F"), ("\u202e", "U+202E")])
def test_control_and_bidi_characters_in_the_answers_are_refused(tmp_path, typed, code):
    root = make_project(tmp_path, with_examples=True)
    body = (ISSUES / "valide.md").read_text(encoding="utf-8")
    path, proposal = portrait_from_issue(body.replace("La Forge des Compétences", f"La Forge{typed}"), root)
    assert path is None
    assert [(problem.field, problem.message.split(" (trouvé : ")[1][:6]) for problem in proposal.problems] == [
        ("name", code)
    ]


def test_an_invisible_character_in_the_proposed_name_is_refused(tmp_path):
    root = make_project(tmp_path, with_examples=True)
    body = (ISSUES / "valide.md").read_text(encoding="utf-8")
    path, proposal = portrait_from_issue(body.replace("La Forge des Compétences", "La Forge\u200b des Compétences"),
                                         root)
    assert path is None
    assert [str(problem) for problem in proposal.problems] == [
        "formulaire:0: name: caractère invisible refusé dans un nom (trouvé : U+200B (ZERO WIDTH SPACE) ; attendu : "
        "des lettres, des chiffres, des espaces et des signes visibles). Supprimez-le : deux noms qui s'affichent "
        "pareil doivent s'écrire pareil."
    ]


def test_a_name_whose_address_is_the_sites_own_is_refused_in_the_words_of_the_form(tmp_path):
    root = make_project(tmp_path, with_examples=True)
    body = (ISSUES / "valide.md").read_text(encoding="utf-8").replace("La Forge des Compétences", "Index")
    path, proposal = portrait_from_issue(body, root)
    assert path is None
    assert [str(problem) for problem in proposal.problems] == [
        "formulaire:0: name: nom réservé par le site (trouvé : « Index », qui donnerait l'adresse /portraits/index/, "
        "celle d'une page ou d'un dossier du site ; attendu : un autre nom). Précisez le nom, par exemple avec la "
        "commune."
    ]
