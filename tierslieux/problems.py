"""Problems found in contributor content, and how they are printed for people and for CI."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, located well enough for a contributor to fix it."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return _shown(f"{self.path}:{self.line}: {self.field}: {self.message}")


# Characters that a message quoting a file name or a value must not print as they are: a terminal would obey an
# escape sequence (ESC), a line break would split the message, a bidi control would reorder it.
_LINE_BREAKS = "\r\n"  # escaped by the workflow commands themselves
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _shown(text: str, keep: str = "") -> str:
    """``text`` with each unprintable character but those of ``keep`` written as its code point: « U+001B »."""
    return _UNPRINTABLE.sub(lambda found: found[0] if found[0] in keep else f"U+{ord(found[0]):04X}", text)


def printable(text: str) -> str:
    """``text`` for a terminal: its lines kept, every other control character written as its code point."""
    return _shown(text, keep="\n")


def echo(text: str, *, file: TextIO | None = None, end: str = "\n") -> None:
    """Prints ``text`` for a terminal, line breaks kept and every other control character shown as « U+001B »: the
    one way a command prints what may quote a file, a value or a server's answer."""
    print(printable(text), file=file or sys.stdout, end=end)


class ContentError(Exception):
    """Raised when content is invalid; carries every problem found, across all files."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(format_plain(self.problems))


def french_number(count: int) -> str:
    """32000 -> '32 000', as French writes numbers in messages."""
    return f"{count:,}".replace(",", " ")


def format_plain(problems: list[Problem]) -> str:
    """One problem per line, followed by a count, for terminals and build logs."""
    files = len({p.path for p in problems})
    lines = [str(p) for p in problems]
    noun = "problème" if len(problems) == 1 else "problèmes"
    lines.append(f"{len(problems)} {noun} dans {files} fichier{'s' if files > 1 else ''}.")
    return "\n".join(lines)


def format_github(problems: list[Problem], level: str = "error") -> str:
    """GitHub Actions workflow commands (``error`` or ``notice``), shown as annotations on the pull request's lines."""
    return "\n".join(
        f"::{level} file={_escape_property(_shown(p.path))},line={p.line},"
        f"title={_escape_property(_shown(p.field))}::{_escape_data(_shown(p.message, keep=_LINE_BREAKS))}"
        for p in problems
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
