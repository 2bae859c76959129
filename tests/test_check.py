"""``make check``: the fast validation, as contributors and CI see it."""

from __future__ import annotations

from projects import FIXTURES, make_project, run_make
from tierslieux.check import main


def test_valid_content_is_summed_up_in_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    root = make_project(tmp_path, [FIXTURES / "valid" / "crlf-bom.md"])
    for region in (root / "regions").glob("*.md"):  # every region with its presentation: no notice
        region.write_text(region.read_text(encoding="utf-8") + "\nUne région où se former.\n", encoding="utf-8")
    assert main([str(root)]) == 0
    assert capsys.readouterr().out == "1 portrait et 18 régions valides.\n"


def test_a_region_without_presentation_is_a_notice_that_fails_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    root = make_project(tmp_path, [FIXTURES / "valid" / "crlf-bom.md"])
    for region in (root / "regions").glob("*.md"):
        if region.stem != "corse":
            region.write_text(region.read_text(encoding="utf-8") + "\nUne région où se former.\n", encoding="utf-8")
    assert main([str(root)]) == 0
    assert capsys.readouterr().out == (
        "1 portrait et 18 régions valides.\n"
        "Remarque : regions/corse.md:1: présentation: pas encore de texte (trouvé : rien sous l'en-tête ; attendu : "
        "quelques phrases sur la région). En attendant, sa page et son livret disent aux visiteurs qu'elle n'a pas "
        "encore de présentation ; écrivez-la sous la ligne « --- » qui ferme l'en-tête.\n"
    )


def test_problems_print_as_plain_text_outside_github_actions(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    root = make_project(tmp_path, [FIXTURES / "invalid" / "postal-code-octal.md"])
    assert main([str(root)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        'portraits/postal-code-octal.md:5: postal_code: YAML lit 01000 comme le nombre 512 (trouvé : un nombre ; '
        'attendu : du texte). Mettez la valeur entre guillemets : "01000"\n'
        "1 problème dans 1 fichier.\n"
    )


def test_problems_are_github_annotations_in_github_actions_and_plain_text_in_the_log(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    root = make_project(tmp_path, [FIXTURES / "invalid" / "postal-code-octal.md"])
    (root / "portraits" / "atelier, 100%.md").write_text("---\nname: Atelier\n", encoding="utf-8")
    assert main([str(root)]) == 1
    captured = capsys.readouterr()
    # Properties escape % , : and newlines, the message escapes % and newlines: GitHub's workflow command rules.
    assert captured.out == (
        "::error file=portraits/atelier%2C 100%25.md,line=1,title=en-tête::l'en-tête YAML n'est jamais fermé "
        "(trouvé : aucune seconde ligne « --- » ; attendu : une ligne « --- » après le dernier champ). "
        "Ajoutez-la avant le texte du portrait.\n"
        "::error file=portraits/atelier%2C 100%25.md,line=1,title=nom du fichier::nom de fichier invalide "
        "(trouvé : « atelier, 100%25 » ; attendu : des minuscules sans accent, des chiffres et des tirets). "
        "Renommez le fichier en atelier-100.md\n"
        "::error file=portraits/postal-code-octal.md,line=5,title=postal_code::YAML lit 01000 comme le nombre 512 "
        '(trouvé : un nombre ; attendu : du texte). Mettez la valeur entre guillemets : "01000"\n'
    )
    assert captured.err.splitlines()[-1] == "3 problèmes dans 2 fichiers."
    assert "portraits/atelier, 100%.md:1: nom du fichier: nom de fichier invalide" in captured.err


def test_make_check_prints_annotations_in_github_actions_and_readable_text_elsewhere(tmp_path):
    root = make_project(tmp_path / "projet", [FIXTURES / "invalid" / "summary-too-long.md"])
    annotated = run_make(root, "check", env={"GITHUB_ACTIONS": "true"})
    assert annotated.returncode != 0
    assert annotated.stdout.splitlines()[1] == (
        "::error file=portraits/summary-too-long.md,line=8,title=summary::texte trop long (trouvé : 299 caractères ; "
        "attendu : 280 au plus). Raccourcissez-le de 19 caractères."
    )
    plain = run_make(root, "check", env={"GITHUB_ACTIONS": "false"})
    assert "::error" not in plain.stdout + plain.stderr
    assert "portraits/summary-too-long.md:8: summary: texte trop long (trouvé : 299 caractères" in plain.stderr
