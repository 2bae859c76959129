"""The photos folder: only images, checked by their bytes; SVG only when it runs and fetches nothing."""

from __future__ import annotations

import io
import shutil
import struct
import zlib

import pytest
from PIL import Image

from projects import REPO, build_site, content_problems, make_project
from tierslieux.content import load_content
from tierslieux.photos import MAX_PHOTO_BYTES, docs_image_problems, photo_problems, svg_problem

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">{}</svg>'
NOT_AN_IMAGE = (
    "portraits/photos/{name}:1: fichier: ce n'est pas une image {kind} (trouvé : des octets qui ne commencent pas "
    "comme une image {kind} ; attendu : le fichier d'une photo, enregistré dans le format de son nom). Exportez la "
    "photo depuis un logiciel d'images, au format qu'indique la fin de son nom."
)
SVG_REFUSED = (
    "portraits/photos/dessin.svg:1: fichier: SVG refusé : il pourrait exécuter du code ou charger un autre fichier "
    "(trouvé : {found} ; attendu : un dessin seul, sans script, événement, foreignObject, lien vers un autre fichier "
    "ni adresse javascript:). Exportez l'image en SVG simple (Inkscape : « SVG simple » ; Illustrator : sans "
    "JavaScript ni lien), ou en PNG."
)


def test_an_html_file_in_the_photos_folder_is_refused_by_its_name(tmp_path):
    root = make_project(tmp_path / "projet")
    (root / "portraits" / "photos" / "x.html").write_text("<script>alert(document.domain)</script>", encoding="utf-8")
    assert content_problems(root) == [
        "portraits/photos/x.html:1: fichier: fichier refusé dans le dossier des photos (trouvé : « x.html » ; attendu : "
        "une image JPEG, PNG, WebP, AVIF ou SVG dont le nom, en minuscules sans accent, finit par .jpg, .jpeg, .png, "
        ".webp, .avif ou .svg). Le site publie tout ce dossier : n'y déposez que des images, et renommez-les au besoin."
    ]


@pytest.mark.parametrize(("name", "kind"), [("vue.jpg", "JPEG"), ("vue.png", "PNG"), ("vue.webp", "WebP"),
                                            ("vue.avif", "AVIF")])
def test_a_raster_photo_whose_bytes_are_html_is_refused(tmp_path, name, kind):
    root = make_project(tmp_path / "projet")
    (root / "portraits" / "photos" / name).write_bytes(b"<html><script>alert(1)</script></html>")
    assert content_problems(root) == [NOT_AN_IMAGE.format(name=name, kind=kind)]


def _image(kind: str, size: tuple[int, int] = (40, 30), **options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 105, 92)).save(buffer, kind, **options)
    return buffer.getvalue()


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares its size and holds no pixel: a few bytes for an image a phone could not decode."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def test_real_images_of_each_format_are_accepted(tmp_path):
    root = make_project(tmp_path / "projet")
    photos = root / "portraits" / "photos"
    for name, kind in (("vue.jpg", "JPEG"), ("vue.jpeg", "JPEG"), ("vue.png", "PNG"), ("vue.webp", "WEBP"),
                       ("vue.avif", "AVIF")):
        (photos / name).write_bytes(_image(kind))
    # A camera's metadata can push the size past the first bytes read: the whole file is read then.
    (photos / "appareil.jpg").write_bytes(_image("JPEG", exif=b"Exif\x00\x00" + bytes(65_000)))
    load_content(root)


@pytest.mark.parametrize(("name", "raw", "kind"), [
    ("signature.png", b"\x89PNG\r\n\x1a\n", "PNG"),  # the signature alone
    ("tronquee.jpg", _image("JPEG")[:20], "JPEG"),
    ("gif.png", b"GIF89a" + bytes(40), "PNG"),
])
def test_a_file_that_only_starts_like_an_image_or_is_another_format_is_refused(tmp_path, name, raw, kind):
    root = make_project(tmp_path / "projet")
    (root / "portraits" / "photos" / name).write_bytes(raw)
    assert content_problems(root) == [NOT_AN_IMAGE.format(name=name, kind=kind)]


def test_an_image_that_declares_too_many_pixels_is_refused(tmp_path):
    root = make_project(tmp_path / "projet")
    (root / "portraits" / "photos" / "immense.png").write_bytes(_png_header(12_000, 12_000))
    (root / "portraits" / "photos" / "bombe.png").write_bytes(_png_header(60_000, 60_000))
    (root / "portraits" / "photos" / "grande.png").write_bytes(_png_header(7_000, 5_000))  # a camera's: accepted
    assert content_problems(root) == [
        "portraits/photos/bombe.png:1: fichier: image trop grande (trouvé : plus de 178 956 970 pixels ; "
        "attendu : 40 000 000 pixels au plus). Réduisez l'image : 1 600 pixels de large suffisent pour le "
        "site.",
        "portraits/photos/immense.png:1: fichier: image trop grande (trouvé : 12 000 × 12 000 pixels ; "
        "attendu : 40 000 000 pixels au plus). Réduisez l'image : 1 600 pixels de large suffisent pour le "
        "site.",
    ]


def test_a_photo_too_large_is_refused_before_it_is_read(tmp_path):
    root = make_project(tmp_path / "projet")
    with (root / "portraits" / "photos" / "vue.jpg").open("wb") as file:
        file.truncate(MAX_PHOTO_BYTES + 1)
    assert content_problems(root) == [
        "portraits/photos/vue.jpg:1: fichier: fichier trop volumineux (trouvé : 2 049 Ko ; attendu : 2 048 Ko au plus). "
        "Réduisez l'image : 1 600 pixels de large suffisent pour le site."
    ]


@pytest.mark.parametrize(("drawing", "found"), [
    ("<script>alert(document.domain)</script>", "un élément « script »"),
    ('<rect width="1" height="1" onload="alert(1)"/>', "l'attribut d'événement « onload=\"alert(1)\" »"),
    ('<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>', "un élément « foreignObject »"),
    ('<a href="javascript:alert(1)"><rect/></a>', "une adresse javascript: (« href=\"javascript:alert(1)\" »)"),
    ('<a xlink:href="java\tscript:alert(1)"><rect/></a>', "une adresse javascript: (« href=\"java script:alert(1)\" »)"),
    ('<image href="https://evil.example/pixel.png"/>', "un renvoi vers un autre fichier (« href=\"https://evil.example/pixel.png\" »)"),
    ('<use href="autre.svg#x"/>', "un renvoi vers un autre fichier (« href=\"autre.svg#x\" »)"),
    ('<image href="data:image/svg+xml;base64,PHN2Zz4="/>', "un renvoi vers un autre fichier (« href=\"data:image/svg+xml;base64,PHN2Zz4=\" »)"),
    ("<style>@import url(https://evil.example/x.css);</style>",
     "une feuille de style qui charge un fichier ou du code (url(…), @import)"),
    ('<rect style="fill:url(https://evil.example/x)"/>',
     "un style qui charge un fichier ou du code (« style=\"fill:url(https://evil.example/x)\" »)"),
    ('<rect fill="url(https://evil.example/p.svg#g)"/>',
     "un style qui charge un fichier ou du code (« fill=\"url(https://evil.example/p.svg#g)\" »)"),
    ('<rect style="fill:u\\72l(https://evil.example/x)"/>',
     "un style qui charge un fichier ou du code (« style=\"fill:u\\72l(https://evil.example/x)\" »)"),
    ('<style>rect { background: image-set("https://evil.example/x.png" 1x) }</style>',
     "une feuille de style qui charge un fichier ou du code (url(…), @import)"),
    ('<set attributeName="href" to="https://evil.example/"/>',
     "une animation qui change un lien ou un événement (« attributeName=\"href\" »)"),
    ('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>', "un élément « script »"),
    ('<h:img xmlns:h="http://www.w3.org/1999/xhtml" src="x"/>',
     "un élément « img » d'un autre langage que SVG (http://www.w3.org/1999/xhtml)"),
])
def test_an_svg_that_could_run_code_or_fetch_a_file_is_refused(tmp_path, drawing, found):
    root = make_project(tmp_path / "projet")
    (root / "portraits" / "photos" / "dessin.svg").write_text(SVG.format(drawing), encoding="utf-8")
    assert content_problems(root) == [SVG_REFUSED.format(found=found)]


def test_an_svg_with_a_stylesheet_instruction_or_an_entity_is_refused():
    sheet = b'<?xml version="1.0"?><?xml-stylesheet href="https://evil.example/x.css"?>' + SVG.format("").encode()
    assert str(svg_problem(sheet, "portraits/photos/dessin.svg")) == SVG_REFUSED.format(
        found="l'instruction « <?xml-stylesheet href=\"https://evil.example/x.css\"?> »")
    bomb = b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><svg>&b;</svg>'
    assert str(svg_problem(bomb, "portraits/photos/dessin.svg")) == SVG_REFUSED.format(
        found="une entité XML (<!ENTITY …>)")


def test_an_svg_that_is_not_well_formed_is_refused_with_its_line():
    assert str(svg_problem(b'<svg xmlns="http://www.w3.org/2000/svg">\n<g>\n</svg>', "portraits/photos/x.svg")) == (
        "portraits/photos/x.svg:3: fichier: SVG illisible (trouvé : une erreur de syntaxe XML, colonne 3 ; attendu : "
        "un fichier SVG bien formé). Exportez de nouveau l'image depuis votre logiciel de dessin, au format SVG."
    )


def test_drawings_as_editors_write_them_are_accepted():
    inkscape = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        b'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
        b'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" '
        b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        b'xmlns:cc="http://creativecommons.org/ns#" inkscape:version="1.3">'
        b'<sodipodi:namedview id="v" inkscape:zoom="1"/><metadata><rdf:RDF><cc:Work><dc:title>Vue</dc:title>'
        b'</cc:Work></rdf:RDF></metadata><defs><linearGradient id="g"/></defs>'
        b'<rect style="fill:url(#g)" width="1" height="1"/><use xlink:href="#g"/>'
        b'<image href="data:image/png;base64,iVBORw0KGgo="/></svg>'
    )
    assert svg_problem(inkscape, "portraits/photos/vue.svg") is None
    for photo in sorted((REPO / "portraits" / "photos").glob("*.svg")):
        assert svg_problem(photo.read_bytes(), f"portraits/photos/{photo.name}") is None, photo.name


def test_the_build_refuses_a_script_in_the_photos_folder_and_publishes_nothing(tmp_path):
    root = make_project(tmp_path / "projet")
    (root / "portraits" / "photos" / "dessin.svg").write_text(SVG.format("<script>alert(1)</script>"), encoding="utf-8")
    result = build_site(root, tmp_path / "site")
    assert result.returncode != 0
    assert "portraits/photos/dessin.svg:1: fichier: SVG refusé" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_style_sheet_is_read_whole_even_when_the_parser_reads_the_file_in_pieces():
    sheet = b"/* " + b"x" * 100_000 + b" */ @import url(https://evil.example/x.css);"
    drawing = SVG.format("<style>{}</style>").encode().replace(b"{}", sheet)
    assert str(svg_problem(drawing, "portraits/photos/dessin.svg")) == SVG_REFUSED.format(
        found="une feuille de style qui charge un fichier ou du code (url(…), @import)")


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("secret", encoding="utf-8")
    return path


def _own_docs(root) -> None:
    """Replace the project's link to the repository's docs/ by a copy of it, which a test may add files to."""
    (root / "docs").unlink()
    shutil.copytree(REPO / "docs", root / "docs")


def test_every_image_under_docs_is_checked_as_a_photo_is(tmp_path, secret_file):
    docs = tmp_path / "docs"
    (docs / "images" / "logos").mkdir(parents=True)
    (docs / "images" / "logos" / "Partenaire.SVG").write_text(SVG.format("<script>alert(1)</script>"),
                                                             encoding="utf-8")
    (docs / "images" / "faux.png").write_bytes(b"<html><script>alert(1)</script></html>")
    (docs / "images" / "lien.jpg").symlink_to(secret_file)
    (docs / "images" / "vrai.png").write_bytes(_image("PNG"))
    (docs / "notes.txt").write_text("pas une image", encoding="utf-8")
    assert [str(problem) for problem in docs_image_problems(docs)] == [
        NOT_AN_IMAGE.format(name="faux.png", kind="PNG").replace("portraits/photos/", "docs/images/"),
        "docs/images/lien.jpg:1: fichier: lien symbolique refusé (trouvé : un lien symbolique ; attendu : un fichier "
        "ordinaire). Remplacez le lien par le fichier lui-même.",
        SVG_REFUSED.format(found="un élément « script »").replace(
            "portraits/photos/dessin.svg", "docs/images/logos/Partenaire.SVG"),
    ]
    assert docs_image_problems(REPO / "docs") == []


def test_the_build_refuses_an_svg_with_a_script_under_docs(tmp_path):
    root = make_project(tmp_path / "projet")
    _own_docs(root)
    (root / "docs" / "logo.svg").write_text(SVG.format('<a href="javascript:alert(1)">x</a>'), encoding="utf-8")
    result = build_site(root, tmp_path / "site")
    assert result.returncode != 0
    assert "Image refusée : corrigez ces problèmes avant de publier.\ndocs/logo.svg:1: fichier: SVG refusé" in (
        result.stderr)
    assert "Traceback" not in result.stderr


def test_an_image_in_a_linked_folder_under_docs_is_checked_as_mkdocs_would_publish_it(tmp_path):
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    (outside / "dessin.svg").write_text(SVG.format("<script>alert(1)</script>"), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "images").symlink_to(outside, target_is_directory=True)
    assert [str(problem) for problem in docs_image_problems(tmp_path / "docs")] == [
        SVG_REFUSED.format(found="un élément « script »").replace("portraits/photos/", "docs/images/")]


def test_a_photo_whose_size_comes_after_long_metadata_is_read_whole_up_to_the_photo_limit(tmp_path):
    path = tmp_path / "appareil.jpg"
    path.write_bytes(_image("JPEG", icc_profile=bytes(300_000)))  # past the 256 Ko a text file may weigh
    assert photo_problems((path,), "portraits/photos") == []


def test_an_image_of_exactly_the_most_pixels_is_accepted(tmp_path):
    (tmp_path / "limite.png").write_bytes(_png_header(8_000, 5_000))
    assert photo_problems((tmp_path / "limite.png",), "portraits/photos") == []


@pytest.mark.parametrize(("name", "kind", "saved"), [
    ("vue.png", "PNG", "GIF"), ("vue.jpg", "JPEG", "PNG"), ("vue.webp", "WebP", "JPEG"),
])
def test_a_real_image_in_another_format_than_its_name_says_is_refused(tmp_path, name, kind, saved):
    (tmp_path / name).write_bytes(_image(saved))
    assert [str(problem) for problem in photo_problems((tmp_path / name,), "portraits/photos")] == [
        NOT_AN_IMAGE.format(name=name, kind=kind)]


def test_a_drawing_larger_than_the_first_bytes_read_of_a_photo_is_read_whole(tmp_path):
    path = '<path d="' + "M0 0L1 1" * 10_000 + '"/>'  # 80 KB
    (tmp_path / "plan.svg").write_text(SVG.format(path), encoding="utf-8")
    (tmp_path / "dessin.svg").write_text(SVG.format(path + "<script>alert(1)</script>"), encoding="utf-8")
    assert [str(problem) for problem in photo_problems((tmp_path / "plan.svg", tmp_path / "dessin.svg"),
                                                      "portraits/photos")] == [
        SVG_REFUSED.format(found="un élément « script »")]


def test_an_image_under_docs_whose_name_holds_several_dots_is_checked(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "logo.v2.svg").write_text(SVG.format("<script>alert(1)</script>"), encoding="utf-8")
    assert [str(problem) for problem in docs_image_problems(tmp_path / "docs")] == [
        SVG_REFUSED.format(found="un élément « script »").replace("portraits/photos/dessin.svg", "docs/logo.v2.svg")]


@pytest.mark.parametrize(("drawing", "found"), [
    ('<g xmlns=""><rect/></g>', "un élément « g » d'un autre langage que SVG (sans espace de noms)"),
    ('<a href="https://evil.example/' + "a" * 60 + '"><rect/></a>',  # a long value: its first 60 characters
     "un renvoi vers un autre fichier (« href=\"https://evil.example/" + "a" * 39 + "\" »)"),
    ('<set attributeName="OnClick" to="alert(1)"/>',
     "une animation qui change un lien ou un événement (« attributeName=\"OnClick\" »)"),
])
def test_what_an_svg_holds_is_shown_in_the_message(drawing, found):
    assert str(svg_problem(SVG.format(drawing).encode(), "portraits/photos/dessin.svg")) == SVG_REFUSED.format(
        found=found)


def test_a_long_processing_instruction_is_shown_by_its_first_60_characters():
    sheet = b'<?xml-stylesheet href="https://evil.example/' + b"a" * 60 + b'"?>' + SVG.format("").encode()
    assert str(svg_problem(sheet, "portraits/photos/dessin.svg")) == SVG_REFUSED.format(
        found="l'instruction « <?xml-stylesheet href=\"https://evil.example/" + "a" * 18 + "?> »")


def test_text_classes_labels_and_animations_that_load_nothing_are_accepted():
    drawing = ('<text>url(https://exemple.org) @import</text><rect class="onglet" aria-label="C:\\dessins"/>'
               '<animate attributeName="opacity" from="0" to="1" dur="1s"/>')
    assert svg_problem(SVG.format(drawing).encode(), "portraits/photos/vue.svg") is None
