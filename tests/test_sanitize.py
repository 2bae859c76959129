"""tierslieux.sanitize: what of a contributor's HTML reaches a page."""

from __future__ import annotations

from tierslieux.sanitize import clean_html


def test_a_level_one_heading_of_a_body_becomes_level_two_and_its_text_stays():
    assert clean_html('<h1 id="histoire">Notre &lt;h1&gt; histoire</h1><p title="<h1>">Un texte.</p>') == (
        '<h2 id="histoire">Notre &lt;h1&gt; histoire</h2><p title="&lt;h1&gt;">Un texte.</p>')


def test_the_theme_s_ids_and_classes_and_other_sites_images_are_dropped():
    assert clean_html('<h2 id="__config" class="md-header lieu">T</h2><img src="//evil.example/p.gif" alt="p">'
                      '<a href="#__search">lien</a>') == (
        '<h2 class="lieu">T</h2>lien')


def test_a_link_or_an_image_left_without_its_address_stays_valid_html():
    """The Nu HTML checker refuses an <a rel> without href, and an <img> without src."""
    assert clean_html('<p><a href="javascript:alert(1)" title="x > y">un <em>lien</em></a> et '
                      '<img src="https://ailleurs.example/p.gif" alt="a > b"> <img src="photo.png" alt="ici"> '
                      '<a href="https://exemple.fr/">site</a></p>') == (
        '<p>un <em>lien</em> et  <img src="photo.png" alt="ici"> '
        '<a href="https://exemple.fr/" rel="noopener noreferrer">site</a></p>')


def test_the_body_s_own_classes_ids_links_and_images_are_kept_as_written():
    html = ('<p class="lieu note" title="#__note">T</p><a href="#suite">s</a><a href="a__b">r</a>'
            '<a href="https://exemple.org/">e</a><img src="photos/vue.png" alt="v">')
    assert clean_html(html) == (
        '<p class="lieu note" title="#__note">T</p><a href="#suite" rel="noopener noreferrer">s</a>'
        '<a href="a__b" rel="noopener noreferrer">r</a><a href="https://exemple.org/" rel="noopener noreferrer">e</a>'
        '<img src="photos/vue.png" alt="v">')
