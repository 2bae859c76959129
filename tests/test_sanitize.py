"""tierslieux.sanitize: what of a contributor's HTML reaches a page."""

from __future__ import annotations

from tierslieux.sanitize import clean_html


def test_a_level_one_heading_of_a_body_becomes_level_two_and_its_text_stays():
    assert clean_html('<h1 id="histoire">Notre &lt;h1&gt; histoire</h1><p title="<h1>">Un texte.</p>') == (
        '<h2 id="histoire">Notre &lt;h1&gt; histoire</h2><p title="&lt;h1&gt;">Un texte.</p>')


def test_the_theme_s_ids_and_classes_and_other_sites_images_are_dropped():
    assert clean_html('<h2 id="__config" class="md-header lieu">T</h2><img src="//evil.example/p.gif" alt="p">'
                      '<a href="#__search">lien</a>') == (
        '<h2 class="lieu">T</h2><img alt="p"><a rel="noopener noreferrer">lien</a>')
