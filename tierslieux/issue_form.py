"""The « Proposer un lieu » issue form, as a command; and the messages it writes for GitHub.

- ``python -m tierslieux.issue_form form`` writes ``.github/ISSUE_TEMPLATE/proposer-un-lieu.yml`` from the
  schema and ``regions/`` (a test checks that the committed file is up to date): issue_questions.py;
- ``python -m tierslieux.issue_form portrait ISSUE.md --issue N --message-file OUT`` turns the body of a
  submitted issue into ``portraits/<slug>.md``, validated like any portrait (issue_answers.py), or writes to OUT,
  in French, what to fix. The workflow ``.github/workflows/proposition.yml`` calls it; the issue body is
  untrusted input.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from tierslieux.content import load_content
from tierslieux.files import write_file
from tierslieux.issue_answers import Proposal, portrait_from_issue
from tierslieux.issue_questions import FORM_PATH, FORM_SOURCE, QUESTIONS, form_text, question_of
from tierslieux.problems import ContentError, Problem, echo, format_plain


def commit_message(proposal: Proposal, issue: int | None) -> str:
    """The commit message and pull request text: a title line, a blank line, then the body."""
    lines = [f"Ajoute le portrait : {inert_title(proposal.data['name'])}", ""]
    lines.append(f"Fiche portraits/{proposal.slug}.md créée à partir du formulaire « Proposer un lieu ».")
    if issue is not None:
        lines += ["", f"Closes #{issue}"]
    return "\n".join(lines) + "\n"


# GitHub reads « @name » as a mention, and « fixes #12 », « closes owner/repo#12 », « resolves https://…/issues/12 »
# or « GH-12 » as references, which close an issue once merged; and « [skip ci] », « [ci skip] », « [no ci] »,
# « [skip actions] » or « [actions skip] », in any case, as an order to skip the workflows of the commit (the
# deploy, once merged). In a title, these characters become look-alikes: every bracket, so that no variant of
# spaces or case slips through.
_INERT = str.maketrans({"@": "\uff20", "#": "\uff03", "/": "\u2215", "[": "\uff3b", "]": "\uff3d"})
_GH_REFERENCE = re.compile(r"\b(GH)-(?=\d)", re.IGNORECASE)


def inert_title(name: str) -> str:
    """A proposed name as it may stand in a commit or pull request title: no mention, no issue reference, no
    order to skip the workflows."""
    return _GH_REFERENCE.sub("\\1\u2011", name.translate(_INERT))


def problems_comment(problems: list[Problem]) -> str:
    """The French comment that tells the author of an issue what to fix, in a code block (no mention, no HTML)."""
    block = "\n".join(answer_problem(problem) for problem in sorted(problems, key=_question_order))
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", block)), default=0))
    count = "ce point" if len(problems) == 1 else f"ces {len(problems)} points"
    return (
        f"Merci pour cette proposition ! Avant de pouvoir la publier, il faut corriger {count} :\n\n"
        f"{fence}text\n{block}\n{fence}\n\n"
        "Pour corriger : ouvrez le menu « ··· » en haut à droite du premier message de ce ticket, choisissez "
        "« Edit », modifiez les réponses concernées sous leur titre, puis enregistrez. L'équipe du site remettra "
        "ensuite l'étiquette « à publier ».\n"
    )


def answer_problem(problem: Problem) -> str:
    """'Code postal : format incorrect …' for a problem of the answers; a problem of another file keeps its place."""
    if problem.path != FORM_SOURCE:
        return str(problem)
    question = question_of(problem.field)
    index = re.search(r"\[(\d+)\]", problem.field)
    where = f" n° {int(index[1]) + 1}" if index else ""
    return f"{question.label if question else problem.field}{where} : {problem.message}"


def _question_order(problem: Problem) -> tuple:
    question = question_of(problem.field)
    return (problem.path != FORM_SOURCE, QUESTIONS.index(question) if question else len(QUESTIONS), problem)


# Command line -------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tierslieux.issue_form", description=(
        "Le formulaire « Proposer un lieu » : l'écrire, ou transformer un ticket rempli en portrait."
    ))
    parser.add_argument("--root", type=Path, default=Path("."), help="dossier qui contient portraits/ et regions/")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("form", help=f"réécrit {FORM_PATH} à partir du schéma et des régions")
    portrait = commands.add_parser("portrait", help="crée portraits/<slug>.md à partir du texte d'un ticket")
    portrait.add_argument("body_file", type=Path, help="le texte du ticket, tel que GitHub l'a écrit")
    portrait.add_argument("--issue", type=int, help="le numéro du ticket, cité dans le message")
    portrait.add_argument("--message-file", type=Path, required=True, help=(
        "où écrire le message de commit (si la fiche est valide) ou le commentaire qui liste les problèmes"
    ))
    args = parser.parse_args(argv)
    try:
        if args.command == "form":
            (args.root / FORM_PATH).parent.mkdir(parents=True, exist_ok=True)
            write_file(args.root / FORM_PATH, form_text(load_content(args.root)))
            echo(f"{FORM_PATH} est à jour.")
            return 0
        return _portrait_command(args)
    except ContentError as error:
        echo(f"Le contenu du dépôt est invalide : corrigez-le d'abord.\n{error}", file=sys.stderr)
        return 2


def _portrait_command(args: argparse.Namespace) -> int:
    body = args.body_file.read_text(encoding="utf-8", errors="replace")
    path, proposal = portrait_from_issue(body, args.root)
    if path is None:
        write_file(args.message_file, problems_comment(proposal.problems))
        echo(format_plain(proposal.problems), file=sys.stderr)
        return 1
    write_file(args.message_file, commit_message(proposal, args.issue))
    echo(path.relative_to(args.root).as_posix())
    return 0


if __name__ == "__main__":
    sys.exit(main())
