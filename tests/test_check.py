"""``make check``: the fast validation, as contributors and CI see it."""

from __future__ import annotations

from projects import FIXTURES, make_project
from tierslieux.check import main


def test_valid_content_is_summed_up_in_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    root = make_project(tmp_path, [FIXTURES / "valid" / "crlf-bom.md"])
    assert main([str(root)]) == 0
    assert capsys.readouterr().out == "1 portrait et 18 régions valides.\n"


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
