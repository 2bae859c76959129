"""The limits of a portrait's Markdown text: each refused with its line; ordinary texts stay well under them."""

from __future__ import annotations

import pytest

from tierslieux.body import MAX_EMPHASIS, body_problems
from tierslieux.problems import Problem


@pytest.mark.parametrize(("body", "expected"), [
    ("Intro\n\n" + "<div markdown>" * 21, "portraits/x.md:10: texte: trop de blocs HTML avec l'attribut markdown "
     "(trouvé : 21 ; attendu : 20 au plus). Regroupez le texte en moins de parties."),
    ("# Titre\n" * 101, "portraits/x.md:10: texte: trop de titres (trouvé : 101 ; attendu : 100 au plus). Regroupez "
     "le texte en moins de parties."),
    ("!!! note\n    x\n" * 101, "portraits/x.md:10: texte: trop d'encadrés (!!! ou ???) (trouvé : 101 ; attendu : "
     "100 au plus). Regroupez le texte en moins de parties."),
    ("Intro\n" + "<http://a" * 21, "portraits/x.md:11: texte: trop de « < » ouverts à la fois (trouvé : plus de 20 "
     "« < » sans leur « > » ; attendu : 20 au plus). Fermez chaque « < » par un « > », ou écrivez « &lt; » pour un "
     "« < » qui n'ouvre rien."),
    ("[a](<" * 21, "portraits/x.md:10: texte: trop de « ( » ouverts à la fois (trouvé : plus de 20 « ( » sans leur "
     "« ) » ; attendu : 20 au plus). Fermez chaque « ( » par un « ) », ou écrivez « \\( » pour un « ( » qui n'ouvre "
     "rien."),
    ("> " * 13 + "x", "portraits/x.md:10: texte: texte trop imbriqué (trouvé : 13 niveaux de listes, de citations ou "
     "de retraits les uns dans les autres ; attendu : 12 au plus). Remettez ces lignes à plat : moins de retrait en "
     "début de ligne, moins de « - », « > » ou « 1. » à la suite."),
    ("Intro\n\nSuite\n\n" + "**" * 300 + "x" + "**" * 300, "portraits/x.md:14: texte: trop de « * » et de « _ » "
     "dans un même paragraphe (trouvé : 1 200 ; attendu : 500 au plus). Ils mettent le texte en italique ou en gras : "
     "gardez-en quelques-uns, écrivez « \\* » ou « \\_ » pour le caractère lui-même, ou coupez le paragraphe par une "
     "ligne vide."),
])
def test_each_limit_is_a_located_message(body, expected):
    assert [str(problem) for problem in body_problems("portraits/x.md", body, 10)] == [expected]


@pytest.mark.parametrize("address", [
    "https://www.francetravail.fr@evil.example/", "http://moi:secret@exemple.fr", "https://evil.example\\@exemple.fr",
])
@pytest.mark.parametrize("written", ["[Nos offres]({})", "<{}>", "![logo]({})", "Voir {} pour tout savoir."])
def test_a_web_address_with_a_user_part_is_refused_in_the_text_too(address, written):
    body = "Intro\n\n" + written.format(address)
    assert [str(problem) for problem in body_problems("portraits/x.md", body, 10)] == [
        f"portraits/x.md:12: texte: adresse web avec un nom d'utilisateur (trouvé : \"{address}\" ; attendu : une "
        "adresse sans « @ » ni « \\ » avant le premier « / » : ce qui précède « @ » n'est pas le site, le navigateur "
        "irait à l'adresse qui suit). Recopiez l'adresse complète depuis la barre du navigateur."
    ]


@pytest.mark.parametrize("body", [
    "Un texte *ordinaire* avec un [lien](https://exemple.org), `du code` et des (parenthèses).\n\n" * 300,
    "\\[" * 10_000,  # escaped brackets open nothing
    ("[" * 20 + "x" + "]" * 20 + " ") * 700,  # deep, but each closed
    "- " * 12 + "x\n",
    "a < b et c > d, <b>gras</b> " * 1_000,
    "\\*\\_" * 5_000,  # escaped marks make no italics
    ("Un *mot* et un **autre**. " * 60 + "\n\n") * 15,  # 360 marks a paragraph, 5,400 in all
    "Écrivez à contact@exemple.fr, ou voyez [le compte](https://exemple.social/@lieu) et https://exemple.fr/?a=b@c.",
])
def test_ordinary_and_borderline_texts_are_accepted(body):
    assert body_problems("portraits/x.md", body, 10) == []



@pytest.mark.parametrize("opening", ["***", "*a _a ", "**__"])
def test_the_deepest_emphasis_under_the_limit_builds(opening):
    """Each pair of marks may nest one element inside the one before: at the limit, Markdown still renders."""
    import markdown

    pairs = MAX_EMPHASIS // (2 * opening.count("*") + 2 * opening.count("_"))
    body = opening * pairs + "x" + opening[::-1] * pairs
    assert body_problems("portraits/x.md", body, 10) == []
    html = markdown.markdown(body, extensions=["toc", "attr_list", "md_in_html", "admonition", "pymdownx.details"])
    assert html.count("<em>") + html.count("<strong>") >= pairs


def test_a_text_of_32_000_characters_is_accepted_and_one_more_is_refused():
    assert body_problems("portraits/x.md", "a" * 32_000, 10) == []
    assert [str(problem) for problem in body_problems("portraits/x.md", "a" * 32_001, 10)] == [
        "portraits/x.md:10: texte: texte trop long (trouvé : 32 001 caractères ; attendu : 32 000 au plus). Un portrait "
        "se lit en quelques minutes : raccourcissez-le, et donnez les détails sur le site du lieu."
    ]


DEEP = ("texte trop imbriqué (trouvé : 13 niveaux de listes, de citations ou de retraits les uns dans les autres ; "
        "attendu : 12 au plus). Remettez ces lignes à plat : moins de retrait en début de ligne, moins de « - », « > » "
        "ou « 1. » à la suite.")
OPEN = ("trop de « [ » ouverts à la fois (trouvé : plus de 20 « [ » sans leur « ] » ; attendu : 20 au plus). Fermez "
        "chaque « [ » par un « ] », ou écrivez « \\[ » pour un « [ » qui n'ouvre rien.")
MARKS = ("trop de « * » et de « _ » dans un même paragraphe (trouvé : 501 ; attendu : 500 au plus). Ils mettent le texte "
         "en italique ou en gras : gardez-en quelques-uns, écrivez « \\* » ou « \\_ » pour le caractère lui-même, ou "
         "coupez le paragraphe par une ligne vide.")
USER_PART = ("adresse web avec un nom d'utilisateur (trouvé : \"https://a.fr\\evil.example/x\" ; attendu : une adresse "
             "sans « @ » ni « \\ » avant le premier « / » : ce qui précède « @ » n'est pas le site, le navigateur irait à "
             "l'adresse qui suit). Recopiez l'adresse complète depuis la barre du navigateur.")


@pytest.mark.parametrize(("body", "line", "message"), [
    ("\nx\n" + "> " * 13 + "x\nsuite\n", 12, DEEP),
    ("\n" + " " * 52 + "x\nsuite\n", 11, DEEP),  # four columns of indentation a level
    ("    " + "- " * 12 + "x\nsuite\n", 10, DEEP),  # indentation, then list markers
    ("\nx\n" + "[" * 21 + "\nsuite\n", 12, OPEN),
    (("[[" + "]") * 21 + "\nsuite\n", 10, OPEN),  # each « ] » closes one « [ »
    ("\nx\nVoir https://a.fr\\evil.example/x ici.\nsuite\n", 12, USER_PART),
    ("_" * 501 + "\nsuite\n", 10, MARKS),
    ("\nIntro\n\n" + "_" * 501 + "\nsuite\n\nfin\n", 13, MARKS),  # the paragraph's first line
])
def test_a_problem_is_located_on_its_line_whatever_comes_before_or_after(body, line, message):
    assert body_problems("portraits/x.md", body, 10) == [Problem("portraits/x.md", line, "texte", message)]


@pytest.mark.parametrize("body", [
    "*" * 500 + "\n\nx*",  # 501 marks, 500 in a paragraph
    "# Titre\n" * 100,
    "<div markdown>" * 20,
    "    " * 12 + "x\n",
])
def test_a_text_at_each_limit_is_accepted(body):
    assert body_problems("portraits/x.md", body, 10) == []
