"""The template's placeholder text: found in bodies, listed by ``make check`` as a notice, never shown as content."""

from __future__ import annotations

from projects import REPO, build_site, make_project
from tierslieux.check import main
from tierslieux.placeholder import placeholder_paragraphs

FRONT = ("---\nname: Atelier\nregion: bretagne\ncommune: Rennes\npostal_code: \"35000\"\nlatitude: 48.11\n"
         "longitude: -1.68\nsummary: Un atelier.\n---\n")


def test_the_template_s_paragraphs_are_found_whatever_their_line_breaks():
    body = ("\n## Le lieu\n\nSon histoire,   son équipe,\nce qu'on y trouve.\n\nUn vrai paragraphe.\n\n"
            "## Les formations\n\nComment on y apprend, pour qui, avec quels partenaires.\n")
    assert placeholder_paragraphs(body) == [
        "Son histoire, son équipe, ce qu'on y trouve.", "Comment on y apprend, pour qui, avec quels partenaires."]
    assert placeholder_paragraphs("## Le lieu\n\nSon histoire commence en 1998.\n") == []
    assert placeholder_paragraphs("") == []


def test_the_template_itself_holds_the_placeholders():
    body = (REPO / "modeles" / "portrait.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert len(placeholder_paragraphs(body)) == 2


def test_make_check_lists_portraits_with_the_template_s_text_as_a_notice(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    root = make_project(tmp_path)
    (root / "portraits" / "atelier.md").write_text(
        FRONT + "\n## Le lieu\n\nSon histoire, son équipe, ce qu'on y trouve.\n\n## Les formations\n\n"
        "Comment on y apprend, pour qui, avec quels partenaires.\n", encoding="utf-8")
    (root / "portraits" / "forge.md").write_text(
        FRONT.replace("Atelier", "Forge") + "\nUn texte.\n\nComment on y apprend, pour qui, avec quels partenaires.\n",
        encoding="utf-8")
    (root / "portraits" / "vide.md").write_text(FRONT.replace("Atelier", "Vide"), encoding="utf-8")
    assert main([str(root)]) == 0
    out = capsys.readouterr().out
    assert "".join(line for line in out.splitlines(keepends=True) if "portraits/" in line) == (
        "Remarque : portraits/atelier.md:13: portrait: texte du modèle encore en place (trouvé : « Son histoire, son équipe, ce "
        "qu'on y trouve. » et 1 autre paragraphe du modèle ; attendu : le portrait du lieu). Remplacez ce texte par "
        "celui du lieu, ou supprimez-le : la page affiche alors « Portrait à venir ».\n"
        "Remarque : portraits/forge.md:13: portrait: texte du modèle encore en place (trouvé : « Comment on y apprend, pour qui, "
        "avec quels partenaires. » ; attendu : le portrait du lieu). Remplacez ce texte par celui du lieu, ou "
        "supprimez-le : la page affiche alors « Portrait à venir ».\n"
    )


def test_the_notice_is_a_github_notice_in_github_actions(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    root = make_project(tmp_path)
    (root / "portraits" / "forge.md").write_text(
        FRONT + "\nComment on y apprend, pour qui, avec quels partenaires.\n", encoding="utf-8")
    assert main([str(root)]) == 0
    assert any(line.startswith("::notice file=portraits/forge.md,line=11,title=portrait::texte du modèle encore en place")
               for line in capsys.readouterr().out.splitlines())


def test_a_portrait_without_a_body_says_it_is_coming(tmp_path):
    root = make_project(tmp_path / "project")
    (root / "portraits" / "vide.md").write_text(FRONT.replace("summary:", "geo_precision: commune\nsummary:"),
                                                 encoding="utf-8")
    (root / "portraits" / "plein.md").write_text(FRONT.replace("Atelier", "Plein").replace("48.11", "48.2")
                                                 + "\nUn texte.\n", encoding="utf-8")
    result = build_site(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    empty = (tmp_path / "site" / "portraits/vide/index.html").read_text(encoding="utf-8")
    full = (tmp_path / "site" / "portraits/plein/index.html").read_text(encoding="utf-8")
    assert "Portrait à venir : la présentation de ce lieu n'est pas encore écrite." in empty
    assert "Portrait à venir" not in full and "<p>Un texte.</p>" in full
    assert "<dd>Position approximative : le centre de la commune</dd>" in empty and "approximative" not in full


def test_a_body_of_headings_and_placeholders_is_unwritten():
    from tierslieux.placeholder import is_unwritten

    assert is_unwritten("") and is_unwritten("\n## Le lieu\n\nSon histoire, son équipe, ce qu'on y trouve.\n")
    assert not is_unwritten("## Le lieu\n\nSon histoire commence en 1998.\n")
