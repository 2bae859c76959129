"""How problems are printed: plain text for people, workflow commands for GitHub Actions."""

from __future__ import annotations

from tierslieux.problems import Problem, format_github, format_plain


def test_github_annotations_escape_properties_and_message_as_the_actions_toolkit_does():
    problem = Problem("portraits/a,b:c%.md", 3, "social.mastodon", "ligne 1\r\nligne 2 : 100 %, fin")
    assert format_github([problem]) == (
        "::error file=portraits/a%2Cb%3Ac%25.md,line=3,title=social.mastodon::ligne 1%0D%0Aligne 2 : 100 %25, fin"
    )


def test_plain_text_counts_problems_and_files():
    problems = [Problem("portraits/a.md", 2, "name", "x"), Problem("portraits/a.md", 4, "region", "y")]
    assert format_plain(problems) == (
        "portraits/a.md:2: name: x\nportraits/a.md:4: region: y\n2 problèmes dans 1 fichier."
    )


def test_a_file_name_or_value_cannot_send_escape_sequences_to_a_terminal_nor_break_a_line():
    problem = Problem("portraits/x\x1b[2J\u202e.md", 1, "nom\ndu fichier", "trouvé : « a\x07b\x9bc »")
    assert str(problem) == "portraits/xU+001B[2JU+202E.md:1: nomU+000Adu fichier: trouvé : « aU+0007bU+009Bc »"
    assert format_github([problem]) == (
        "::error file=portraits/xU+001B[2JU+202E.md,line=1,title=nomU+000Adu fichier::trouvé : « aU+0007bU+009Bc »"
    )
