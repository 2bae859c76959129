"""Listing and reading the content folders: regular files only, never through a link, and of a bounded size;
and writing the files the commands make, never through a link either.

Anyone can open a pull request, so ``portraits/``, ``regions/`` and ``portraits/photos/`` may hold a
symbolic link to a file outside the repository, a named pipe that blocks whoever reads it, a hidden entry
(``.x.md``, ``.git``) or a huge file. Every reader of those folders (``content.py``, the hook that publishes the
photos) lists them here; an entry that is hidden or not a regular file is refused by what it is, without
reading or following it, so nothing about a link's target can reach a message. A pull request may also commit a
link where a command writes (``a-completer.csv``): ``write_file`` replaces such a link, never writes through it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tierslieux.problems import Problem, french_number

MAX_FILE_BYTES = 256 * 1024  # a rich portrait is about 5 KB; this leaves room and stops a file meant to exhaust
FILE = "fichier"  # the field named in problems about a file as a whole
_TEXT_FIX = (
    "Une fiche tient en quelques kilo-octets : raccourcissez le texte, et déposez les images dans portraits/photos/."
)

_KINDS = {
    stat.S_IFDIR: "un dossier",
    stat.S_IFIFO: "un tube nommé (FIFO)",
    stat.S_IFSOCK: "une socket",
    stat.S_IFCHR: "un périphérique",
    stat.S_IFBLK: "un périphérique",
}


@dataclass(frozen=True)
class Folder:
    """The regular files of a content folder with a given suffix, and a problem for each entry refused."""

    files: tuple[Path, ...]
    refused: tuple[Problem, ...]

    def stems(self) -> set[str]:
        """The names, without suffix, of every entry listed, refused ones included."""
        return {path.stem for path in self.files} | {Path(problem.path).stem for problem in self.refused}


def list_folder(root: Path, folder: str, suffix: str = "") -> Folder:
    """The entries of ``root/folder`` whose name ends with ``suffix``, sorted.

    A missing folder is empty. Any hidden entry (a name that starts with a dot) and any symbolic link are refused,
    the folder itself included, whatever its name; so is any other entry that is not a regular file, except
    directories whose name lacks ``suffix``.
    """
    path = root / folder
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return Folder((), ())
    if not stat.S_ISDIR(mode):
        return Folder((), (_refusal(folder, mode),))
    files, refused = [], []
    with os.scandir(path) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                refused.append(_hidden(f"{folder}/{entry.name}"))
                continue
            if entry.is_file(follow_symlinks=False):  # a regular file: most listings say so without a stat
                if entry.name.endswith(suffix):
                    files.append(entry.path)
                continue
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISLNK(mode) or not (stat.S_ISDIR(mode) and not entry.name.endswith(suffix)):
                refused.append(_refusal(f"{folder}/{entry.name}", mode))
    return Folder(tuple(map(Path, sorted(files))), tuple(sorted(refused)))  # text sorts faster than paths


def read_file(
    path: Path, source: str, limit: int = MAX_FILE_BYTES, fix: str = _TEXT_FIX, head: int | None = None
) -> tuple[bytes | None, Problem | None]:
    """The bytes of a regular file no larger than ``limit`` (its first ``head`` bytes only, if given), or the
    problem that stopped the reading (``fix`` ends the message about a file too large).

    The file is opened without following a link and without blocking, then checked on the opened file itself,
    so an entry swapped for a link or a pipe after it was listed is still refused before any byte is read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        mode = path.lstat().st_mode
        if stat.S_ISREG(mode):
            raise  # not a link nor a special file: a real failure to read, such as a permission
        return None, _refusal(source, mode)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return None, _refusal(source, status.st_mode)
        if status.st_size > limit:
            return None, _too_large(source, status.st_size, limit, fix)
        raw = _read_at_most(descriptor, limit + 1 if head is None else head, status.st_size)
    finally:
        os.close(descriptor)
    if len(raw) > limit:  # it grew after the check
        return None, _too_large(source, len(raw), limit, fix)
    return raw, None


def _read_at_most(descriptor: int, most: int, size: int) -> bytes:
    """Up to ``most`` bytes of an open file of ``size`` bytes, read in steps of about its size: a buffer of ``most``
    bytes for each of thousands of small files would cost more than reading them."""
    step, chunks = max(size + 1, 8192), []
    while most > 0 and (chunk := os.read(descriptor, min(step, most))):
        chunks.append(chunk)
        most -= len(chunk)
    return b"".join(chunks)


def utf8_text(raw: bytes, source: str) -> tuple[str | None, Problem | None]:
    """The text of a file saved in UTF-8, or the problem that names the first byte that is not."""
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        return None, Problem(source, line, "en-tête", (
            f"caractère illisible (trouvé : l'octet {raw[error.start]:#04x}, qui n'est pas de l'UTF-8 ; attendu : "
            "un fichier enregistré en UTF-8). Enregistrez le fichier en UTF-8 (« Enregistrer sous », encodage UTF-8)."
        ))


def write_file(path: Path, text: str, *, new: bool = False) -> None:
    """Writes ``text`` in UTF-8 to ``path``, never through a link.

    ``new``: nothing may have that name, not even a dangling link (FileExistsError). Otherwise the text goes to a
    temporary file created in the same folder (``mkstemp``: ``O_EXCL``), which then replaces ``path`` at once: a
    link of that name is replaced, not followed, and no reader ever sees half a file.
    """
    data = text.encode("utf-8")
    if new:
        # O_EXCL with O_CREAT fails on any entry of that name, a link included, and never follows it (POSIX open)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(path, flags, 0o644), "wb") as file:
            file.write(data)
        return
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide a shared table from the other users of the folder
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _hidden(source: str) -> Problem:
    return Problem(source, 1, FILE, (
        "entrée cachée refusée (trouvé : un nom qui commence par un point ; attendu : un nom visible, comme "
        "la-fabrique.md). Renommez-la sans le point du début, ou supprimez-la."
    ))


def _refusal(source: str, mode: int) -> Problem:
    if stat.S_ISLNK(mode):
        return Problem(source, 1, FILE, (
            "lien symbolique refusé (trouvé : un lien symbolique ; attendu : un fichier ordinaire). "
            "Remplacez le lien par le fichier lui-même."
        ))
    kind = _KINDS.get(stat.S_IFMT(mode), "un fichier spécial")
    return Problem(source, 1, FILE, (
        f"fichier spécial refusé (trouvé : {kind} ; attendu : un fichier ordinaire). "
        "Supprimez-le, ou remplacez-le par un fichier ordinaire."
    ))


def _too_large(source: str, size: int, limit: int, fix: str) -> Problem:
    return Problem(source, 1, FILE, (
        f"fichier trop volumineux (trouvé : {_kilobytes(size)} ; attendu : {_kilobytes(limit)} au plus). {fix}"
    ))


def _kilobytes(size: int) -> str:
    return f"{french_number(-(-size // 1024))} Ko"
