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
