"""Links, special files and oversized files in the content folders: refused by what they are, never followed."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading

import pytest

from projects import FIXTURES, content_problems, make_project
from tierslieux.content import photo_files, problems_if_added
from tierslieux.files import MAX_FILE_BYTES, Folder, _read_at_most, list_folder, read_file, write_file
from tierslieux.problems import ContentError, Problem

VALID = (FIXTURES / "valid" / "crlf-bom.md").read_text(encoding="utf-8-sig")
LINK = (
    "{}:1: fichier: lien symbolique refusé (trouvé : un lien symbolique ; attendu : un fichier ordinaire). "
    "Remplacez le lien par le fichier lui-même."
)

HIDDEN = (
    "{}:1: fichier: entrée cachée refusée (trouvé : un nom qui commence par un point ; attendu : un nom visible, "
    "comme la-fabrique.md). Renommez-la sans le point du début, ou supprimez-la."
)


@pytest.fixture
def secret(tmp_path):
    """A file outside the project, whose name and first line must never reach a message."""
    path = tmp_path / "secret-hors-du-depot.txt"
    path.write_text("MOT-DE-PASSE-TRES-SECRET\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("folder", ["portraits", "regions"])
def test_a_symlinked_file_is_refused_without_a_word_of_its_target(tmp_path, secret, folder):
    root = make_project(tmp_path / "project")
    (root / folder / "lien.md").symlink_to(secret)
    problems = content_problems(root)
    assert problems == [LINK.format(f"{folder}/lien.md")]
    assert "secret" not in "".join(problems).lower()


def test_a_symlink_to_a_valid_portrait_is_refused_too(tmp_path):
    outside = tmp_path / "ailleurs.md"
    outside.write_text(VALID, encoding="utf-8")
    root = make_project(tmp_path / "project")
    (root / "portraits" / "atelier.md").symlink_to(outside)
    assert content_problems(root) == [LINK.format("portraits/atelier.md")]


def test_symlinked_photos_and_folders_are_refused(tmp_path, secret):
    root = make_project(tmp_path / "project")
    (root / "portraits" / "photos" / "vue.svg").symlink_to(secret)
    outside = tmp_path / "regions-ailleurs"
    (root / "regions").rename(outside)
    (root / "regions").symlink_to(outside, target_is_directory=True)
    assert content_problems(root) == [LINK.format("portraits/photos/vue.svg"), LINK.format("regions")]
    assert all(path.name != "vue.svg" for path in photo_files(root))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_being_opened(tmp_path):
    root = make_project(tmp_path / "project")
    os.mkfifo(root / "portraits" / "tube.md")  # opening it to read would wait forever for a writer
    os.mkfifo(root / "portraits" / "photos" / "tube.svg")
    assert content_problems(root) == [
        "portraits/photos/tube.svg:1: fichier: fichier spécial refusé (trouvé : un tube nommé (FIFO) ; attendu : un "
        "fichier ordinaire). Supprimez-le, ou remplacez-le par un fichier ordinaire.",
        "portraits/tube.md:1: fichier: fichier spécial refusé (trouvé : un tube nommé (FIFO) ; attendu : un fichier "
        "ordinaire). Supprimez-le, ou remplacez-le par un fichier ordinaire.",
    ]


def test_a_folder_named_like_a_portrait_is_refused(tmp_path):
    root = make_project(tmp_path / "project")
    (root / "portraits" / "dossier.md").mkdir()
    assert content_problems(root) == [
        "portraits/dossier.md:1: fichier: fichier spécial refusé (trouvé : un dossier ; attendu : un fichier "
        "ordinaire). Supprimez-le, ou remplacez-le par un fichier ordinaire."
    ]


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(tmp_path):
    root = make_project(tmp_path / "project")
    with open(root / "portraits" / "enorme.md", "wb") as file:
        file.truncate(1024 * 1024)  # a sparse megabyte of zeros: refused by its size alone
    assert content_problems(root) == [
        "portraits/enorme.md:1: fichier: fichier trop volumineux (trouvé : 1 024 Ko ; attendu : 256 Ko au plus). "
        "Une fiche tient en quelques kilo-octets : raccourcissez le texte, et déposez les images dans "
        "portraits/photos/."
    ]


def test_a_file_at_the_limit_is_read(tmp_path):
    path = tmp_path / "limite.md"
    text = VALID.replace("\r\n", "\n")
    path.write_bytes(text.encode() + b"x" * (MAX_FILE_BYTES - len(text.encode())))
    raw, problem = read_file(path, "portraits/limite.md")
    assert problem is None and len(raw) == MAX_FILE_BYTES


def test_a_file_that_grew_after_its_size_was_checked_is_still_read_to_the_limit(tmp_path):
    path = tmp_path / "grandit.md"
    path.write_bytes(b"x" * 20_000)
    descriptor = os.open(path, os.O_RDONLY)
    try:
        assert _read_at_most(descriptor, 15_000, 10) == b"x" * 15_000  # checked at 10 bytes, read to the most
        assert _read_at_most(descriptor, 15_000, 10) == b"x" * 5_000  # then what is left, and no more
        assert _read_at_most(descriptor, 15_000, 10) == b""
    finally:
        os.close(descriptor)


def test_a_file_larger_than_the_limit_when_read_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "grandit.md"
    path.write_bytes(b"x" * (MAX_FILE_BYTES + 5))
    real_fstat = os.fstat
    monkeypatch.setattr(os, "fstat", lambda descriptor: os.stat_result((*real_fstat(descriptor)[:6], 100, 0, 0, 0)))
    raw, problem = read_file(path, "portraits/grandit.md")  # as if it grew from 100 bytes after the check
    assert raw is None and str(problem) == (
        "portraits/grandit.md:1: fichier: fichier trop volumineux (trouvé : 257 Ko ; attendu : 256 Ko au plus). "
        "Une fiche tient en quelques kilo-octets : raccourcissez le texte, et déposez les images dans "
        "portraits/photos/."
    )


def test_the_listing_skips_other_suffixes_and_refuses_hidden_entries_with_a_message(tmp_path, secret):
    root = make_project(tmp_path / "project", [FIXTURES / "valid" / "crlf-bom.md"])
    (root / "portraits" / "notes.txt").write_text("pas lu", encoding="utf-8")
    folder = list_folder(root, "portraits", ".md")
    assert [path.name for path in folder.files] == ["crlf-bom.md"] and folder.refused == ()
    (root / "portraits" / ".brouillon.md").write_text("pas lu", encoding="utf-8")
    (root / "portraits" / ".git").mkdir()
    (root / "portraits" / "photos").mkdir(exist_ok=True)
    (root / "portraits" / "photos" / ".cache.svg").symlink_to(secret)
    (root / "regions" / ".x.md").write_text("pas lu", encoding="utf-8")
    assert content_problems(root) == [HIDDEN.format(path) for path in (
        "portraits/.brouillon.md", "portraits/.git", "portraits/photos/.cache.svg", "regions/.x.md")]


def test_a_proposed_portrait_is_checked_in_place_of_the_file_of_its_name(tmp_path):
    root = make_project(tmp_path / "project", [FIXTURES / "valid" / "crlf-bom.md"])
    assert problems_if_added(root, "crlf-bom", VALID) == []  # the file it replaces is not read
    assert [(p.path, p.field) for p in problems_if_added(root, "autre", VALID)] == [("portraits/crlf-bom.md", "name")]
    assert not (root / "portraits" / "autre.md").exists()


def test_make_check_refuses_a_symlink_and_the_alias_bomb_at_once(tmp_path, secret):
    root = make_project(tmp_path / "project", [FIXTURES / "invalid" / "alias-bomb.md"])
    (root / "portraits" / "lien.md").symlink_to(secret)
    result = subprocess.run([sys.executable, "-m", "tierslieux.check", str(root)], capture_output=True, text=True,
                            timeout=120, env={**os.environ, "GITHUB_ACTIONS": "false"})
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "portraits/alias-bomb.md:9: a: ancre YAML refusée (trouvé : « &a » ; attendu : une valeur sans ancre). "
        "Supprimez « &a », et écrivez la valeur en entier partout où elle sert.",
        "portraits/alias-bomb.md:10: b[0]: renvoi YAML refusé (trouvé : « *a » ; attendu : la valeur écrite en "
        "entier). Remplacez « *a » par la valeur elle-même : les ancres et les renvois n'ont pas leur place dans un "
        "en-tête.",
        LINK.format("portraits/lien.md"),
        "3 problèmes dans 2 fichiers.",
    ]
    assert "secret" not in result.stdout + result.stderr.lower()


@pytest.mark.parametrize(("text", "expected"), [
    (b'nom:\n  colonne: "Nom\xff"\n', "correspondance.yml:2: en-tête: caractère illisible (trouvé : l'octet 0xff, qui "
     "n'est pas de l'UTF-8 ; attendu : un fichier enregistré en UTF-8). Enregistrez le fichier en UTF-8 "
     "(« Enregistrer sous », encodage UTF-8)."),
    (b'nom:\n  colonne: "Nom\x7f"\n', "correspondance.yml:2: nom: caractère de contrôle refusé (trouvé : U+007F, "
     "colonne 16 ; attendu : du texte, des tabulations et des retours à la ligne). Supprimez-le : il vient souvent "
     "d'un copier-coller ; au besoin, retapez le texte autour."),
    (b"nom: " + b"[" * 30000 + b"]" * 30000 + b"\n", "correspondance.yml:1: nom[0]: imbrication trop profonde "
     "(trouvé : plus de 20 niveaux de listes ou de champs les uns dans les autres ; attendu : 20 au plus). Une fiche "
     "n'en demande que trois ou quatre : simplifiez cette valeur, ou écrivez-la comme un texte entre guillemets."),
])
def test_a_mapping_file_with_bad_bytes_or_deep_nesting_is_a_message_not_a_crash(tmp_path, text, expected):
    from tierslieux.importing.mapping import load_mapping

    path = tmp_path / "correspondance.yml"
    path.write_bytes(text)
    with pytest.raises(ContentError) as caught:
        load_mapping(path)
    assert [str(problem) for problem in caught.value.problems] == [expected]


def test_a_file_is_written_over_a_link_of_its_name_never_through_it(tmp_path, secret):
    (tmp_path / "a-completer.csv").symlink_to(secret)
    write_file(tmp_path / "a-completer.csv", "région\r\n")
    assert secret.read_text(encoding="utf-8") == "MOT-DE-PASSE-TRES-SECRET\n"
    assert not (tmp_path / "a-completer.csv").is_symlink()
    assert (tmp_path / "a-completer.csv").read_bytes() == "région\r\n".encode()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a-completer.csv", secret.name]  # no temporary left


def test_a_new_file_is_never_created_through_a_link_even_a_dangling_one(tmp_path):
    (tmp_path / "x.md").symlink_to(tmp_path / "ailleurs.md")
    with pytest.raises(FileExistsError):
        write_file(tmp_path / "x.md", "texte", new=True)
    assert not (tmp_path / "ailleurs.md").exists()
    write_file(tmp_path / "y.md", "texte", new=True)
    assert (tmp_path / "y.md").read_text(encoding="utf-8") == "texte"


SPECIAL = ("fichier spécial refusé (trouvé : {} ; attendu : un fichier ordinaire). Supprimez-le, ou remplacez-le par un "
           "fichier ordinaire.")


def test_a_missing_folder_is_empty_and_a_file_in_place_of_a_folder_is_refused(tmp_path):
    assert list_folder(tmp_path, "portraits", ".md") == Folder((), ())
    (tmp_path / "portraits").write_text("x", encoding="utf-8")
    assert list_folder(tmp_path, "portraits", ".md") == Folder(
        (), (Problem("portraits", 1, "fichier", SPECIAL.format("un fichier spécial")),))


def test_the_stems_of_a_folder_are_those_of_its_files_and_of_its_refused_entries(tmp_path):
    (tmp_path / "portraits").mkdir()
    (tmp_path / "portraits" / "lieu.md").write_text("x", encoding="utf-8")
    (tmp_path / "portraits" / "dossier.md").mkdir()
    assert list_folder(tmp_path, "portraits", ".md").stems() == {"lieu", "dossier"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_put_in_place_of_a_listed_file_is_refused_without_waiting_for_a_writer(tmp_path):
    pipe = tmp_path / "tube.md"
    os.mkfifo(pipe)
    results = []
    reader = threading.Thread(target=lambda: results.append(read_file(pipe, "portraits/tube.md")), daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # opened as a blocking read: give it a writer, so that the thread ends
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
    assert results == [(None, Problem("portraits/tube.md", 1, "fichier", SPECIAL.format("un tube nommé (FIFO)")))]


def test_only_the_first_bytes_asked_for_are_read(tmp_path):
    (tmp_path / "vue.png").write_bytes(b"0123456789")
    assert read_file(tmp_path / "vue.png", "portraits/photos/vue.png", head=4) == (b"0123", None)


def test_a_file_whose_size_lies_is_read_to_one_byte_past_the_limit_and_no_more(tmp_path, monkeypatch):
    path = tmp_path / "grandit.md"
    path.write_bytes(b"x" * 5_000)
    real_fstat = os.fstat
    monkeypatch.setattr(os, "fstat", lambda descriptor: os.stat_result((*real_fstat(descriptor)[:6], 100, 0, 0, 0)))
    raw, problem = read_file(path, "portraits/grandit.md", limit=2_047, fix="Raccourcissez-le.")
    assert raw is None and str(problem) == (  # 2,048 bytes read: 2 Ko; one more would make 3
        "portraits/grandit.md:1: fichier: fichier trop volumineux (trouvé : 2 Ko ; attendu : 2 Ko au plus). "
        "Raccourcissez-le."
    )


def test_written_files_can_be_read_by_the_other_users_of_the_folder(tmp_path):
    umask = os.umask(0o022)
    try:
        write_file(tmp_path / "nouveau.md", "texte", new=True)
        write_file(tmp_path / "a-completer.csv", "texte")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "nouveau.md").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "a-completer.csv").stat().st_mode) == 0o644


def test_the_temporary_file_is_hidden_beside_the_file_it_replaces(tmp_path, monkeypatch):
    replaced = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda source, target: (replaced.append(source), real_replace(source, target)))
    write_file(tmp_path / "a-completer.csv", "texte")
    (temporary,) = replaced
    assert os.path.dirname(temporary) == str(tmp_path)
    assert os.path.basename(temporary).startswith(".a-completer.csv.")


def test_a_file_that_cannot_replace_its_target_leaves_no_temporary_behind(tmp_path):
    (tmp_path / "a-completer.csv").mkdir()
    (tmp_path / "a-completer.csv" / "x").write_text("x", encoding="utf-8")
    with pytest.raises(IsADirectoryError):
        write_file(tmp_path / "a-completer.csv", "texte")
    assert [path.name for path in tmp_path.iterdir()] == ["a-completer.csv"]
