"""The files of ``portraits/photos/``: only images are published, each checked by its bytes, never by its name.

Anything in that folder becomes a file of the site, served from the site's own origin: an ``.html`` page or
an ``.svg`` with a script there would run with the site's rights. So a raster photo (JPEG, PNG, WebP, AVIF)
must start with its format's signature, and an SVG is parsed (defusedxml: no entity, no external DTD) and
refused if it holds anything that runs or fetches: a script, an event attribute, a ``foreignObject``, a link
or reference to another file, a ``javascript:`` address, a style that loads something. Every other file is
refused by its name. A raster photo is identified by Pillow from its first bytes, in the format its name says,
and its size in pixels is capped: a few kilobytes can declare an image that a phone cannot decode.
``content.py`` reports these problems with the other problems of the content. The images of ``docs/`` are
published the same way, so the build (the MkDocs hook) checks each of them by the same rules: ``docs_image_problems``.
"""

from __future__ import annotations

import io
import math
import os
import re
import warnings
from pathlib import Path
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree
from defusedxml import DefusedXmlException
from PIL import Image, UnidentifiedImageError

from tierslieux.files import FILE, read_file
from tierslieux.problems import Problem, french_number
from tierslieux.schema import load_schema

MAX_PHOTO_BYTES = 2 * 1024 * 1024  # a photo of 1,600 px in good JPEG quality weighs a few hundred kilobytes
PHOTO = re.compile(load_schema("portrait")["$defs"]["photo"]["properties"]["src"]["pattern"])  # photos/x.jpg
MAX_PHOTO_PIXELS = 40_000_000  # 7,700 × 5,200: more than any camera's photo under MAX_PHOTO_BYTES
_HEAD_BYTES = 64 * 1024  # enough for the size of an image, after the camera's metadata; else the whole file
_PILLOW_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "avif": "AVIF"}
_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WebP", "avif": "AVIF", "svg": "SVG"}

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
# Drawing programs keep their settings in these; browsers neither show nor run anything in them.
_EDITOR_NAMESPACES = {
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://creativecommons.org/ns#",
    "http://web.resource.org/cc/",
}
_XLINK = "{http://www.w3.org/1999/xlink}"
_REFUSED_ELEMENTS = {"script", "foreignObject", "handler", "listener", "iframe", "embed", "object"}
_LINK_ATTRIBUTES = {"href", f"{_XLINK}href", "src", "{http://www.w3.org/XML/1998/namespace}base"}
_EMBEDDED_IMAGE = re.compile(r"data:image/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/=\s]*", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f]+")  # what browsers skip inside a URL's scheme
# CSS that fetches or runs: url() but to an element of the drawing, image-set(), @import, old IE expression(); in a
# style, any backslash too, which CSS reads as an escape (« u\\72l( » is url().
_LOADS = r"url\s*\(\s*(?!['\"]?#)|image-set\s*\(|@import|expression\s*\(|javascript:"
_PROPERTY_LOADS = re.compile(_LOADS, re.IGNORECASE)  # fill="url(…)", filter, mask, clip-path, marker…
_STYLE_LOADS = re.compile(rf"{_LOADS}|\\", re.IGNORECASE)
_ANIMATED = {"animate", "set", "animateTransform", "animateMotion"}


def photo_problems(paths: tuple[Path, ...], folder: str) -> list[Problem]:
    """A problem for each file of the photos folder that is not a photo the site may publish."""
    problems = []
    for path in paths:
        problem = _photo_problem(path, f"{folder}/{path.name}")
        if problem is not None:
            problems.append(problem)
    return problems


def docs_image_problems(docs: Path) -> list[Problem]:
    """A problem for each image under ``docs`` (``docs_dir``, named by its own name in messages) that would be
    refused as a photo: the build publishes them as it publishes the photos. Any file named like an image is
    checked."""
    problems = []
    for directory, _, names in sorted(os.walk(docs, followlinks=True)):  # as MkDocs lists docs/
        for name in sorted(names):
            extension = name.rpartition(".")[2].lower()
            if "." in name and extension in _FORMATS:
                path = Path(directory, name)
                problem = _image_problem(path, f"{docs.name}/{path.relative_to(docs).as_posix()}", extension)
                problems += [problem] if problem else []
    return problems


def _photo_problem(path: Path, source: str) -> Problem | None:
    match = PHOTO.fullmatch(f"photos/{path.name}")
    if match is None:
        return Problem(source, 1, FILE, (
            f"fichier refusé dans le dossier des photos (trouvé : « {path.name} » ; attendu : une image JPEG, PNG, "
            "WebP, AVIF ou SVG dont le nom, en minuscules sans accent, finit par .jpg, .jpeg, .png, .webp, .avif ou "
            ".svg). Le site publie tout ce dossier : n'y déposez que des images, et renommez-les au besoin."
        ))
    return _image_problem(path, source, match[1])


def _image_problem(path: Path, source: str, extension: str) -> Problem | None:
    """Why the file at ``path``, named like an image of ``extension``, may not be published, or None."""
    raw, problem = read_file(path, source, limit=MAX_PHOTO_BYTES, fix=(
        "Réduisez l'image : 1 600 pixels de large suffisent pour le site."
    ), head=None if extension == "svg" else _HEAD_BYTES)  # thousands of photos: their first bytes only
    if raw is None:
        return problem
    if extension == "svg":
        return svg_problem(raw, source)
    size = _size(raw, extension)
    if size is None and len(raw) == _HEAD_BYTES:  # the size may come after long metadata
        raw, problem = read_file(path, source, limit=MAX_PHOTO_BYTES)
        size = _size(raw, extension) if raw is not None else None
    if size is None:
        return Problem(source, 1, FILE, (
            f"ce n'est pas une image {_FORMATS[extension]} (trouvé : des octets qui ne commencent pas comme une "
            f"image {_FORMATS[extension]} ; attendu : le fichier d'une photo, enregistré dans le format de son nom). "
            "Exportez la photo depuis un logiciel d'images, au format qu'indique la fin de son nom."
        ))
    pixels, found = size
    if pixels > MAX_PHOTO_PIXELS:
        return Problem(source, 1, FILE, (
            f"image trop grande (trouvé : {found} ; attendu : {french_number(MAX_PHOTO_PIXELS)} pixels au plus). "
            "Réduisez l'image : 1 600 pixels de large suffisent pour le site."
        ))
    return None


def _size(raw: bytes, extension: str) -> tuple[float, str] | None:
    """The number of pixels that the image in ``raw`` declares, and the same in words, read by Pillow in the format
    of its name; None when ``raw`` is not such an image, or not enough of it to say."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the size is ours to judge
            with Image.open(io.BytesIO(raw), formats=[_PILLOW_FORMATS[extension]]) as image:
                width, height = image.size
    except Image.DecompressionBombError:  # more pixels than Pillow agrees to count
        return math.inf, f"plus de {french_number(2 * Image.MAX_IMAGE_PIXELS)} pixels"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        return None
    return width * height, f"{french_number(width)} × {french_number(height)} pixels"


def svg_problem(raw: bytes, source: str) -> Problem | None:
    """Why an SVG file may not be published, or None for a drawing that runs and fetches nothing."""
    try:
        for event, node in defusedxml.ElementTree.iterparse(io.BytesIO(raw), events=("start", "end", "pi")):
            found = _EVENT_CHECKS[event](node)
            if found:
                return _svg_refusal(source, found)
    except DefusedXmlException:
        return _svg_refusal(source, "une entité XML (<!ENTITY …>)")
    except ParseError as error:
        return Problem(source, error.position[0], FILE, (
            f"SVG illisible (trouvé : une erreur de syntaxe XML, colonne {error.position[1] + 1} ; attendu : un "
            "fichier SVG bien formé). Exportez de nouveau l'image depuis votre logiciel de dessin, au format SVG."
        ))
    return None


def _processing_instruction(node) -> str:
    return f"l'instruction « <?{node.text[:60]}?> »"


def _element_problem(element) -> str | None:
    namespace, _, name = element.tag.rpartition("}")
    namespace = namespace.removeprefix("{")
    if name in _REFUSED_ELEMENTS:
        return f"un élément « {name} »"
    if namespace != SVG_NAMESPACE and namespace not in _EDITOR_NAMESPACES:
        return f"un élément « {name} » d'un autre langage que SVG ({namespace or 'sans espace de noms'})"
    for attribute, value in element.attrib.items():
        found = _attribute_problem(name, attribute, value)
        if found:
            return found
    return None


def _style_problem(element) -> str | None:
    """A style sheet's text, read once its element ends (the parser may not have read it at the start)."""
    if element.tag.rpartition("}")[2] == "style" and _STYLE_LOADS.search(element.text or ""):
        return "une feuille de style qui charge un fichier ou du code (url(…), @import)"
    return None


def _attribute_problem(element: str, attribute: str, value: str) -> str | None:
    local = attribute.rpartition("}")[2]
    shown = f"« {local}=\"{_INVISIBLE.sub(' ', value[:60])}\" »"
    if local.lower().startswith("on"):
        return f"l'attribut d'événement {shown}"
    if "javascript:" in _INVISIBLE.sub("", value).lower():
        return f"une adresse javascript: ({shown})"
    if attribute in _LINK_ATTRIBUTES and not (value.startswith("#") or _is_embedded_image(element, value)):
        return f"un renvoi vers un autre fichier ({shown})"
    if (_STYLE_LOADS if local == "style" else _PROPERTY_LOADS).search(value):
        return f"un style qui charge un fichier ou du code ({shown})"
    if element in _ANIMATED and local == "attributeName" and (value.lower().startswith("on") or "href" in value):
        return f"une animation qui change un lien ou un événement ({shown})"
    return None


_EVENT_CHECKS = {"start": _element_problem, "end": _style_problem, "pi": _processing_instruction}


def _is_embedded_image(element: str, value: str) -> bool:
    """A raster image written inside the SVG: a picture in a picture runs no script."""
    return element == "image" and _EMBEDDED_IMAGE.fullmatch(value) is not None


def _svg_refusal(source: str, found: str) -> Problem:
    return Problem(source, 1, FILE, (
        f"SVG refusé : il pourrait exécuter du code ou charger un autre fichier (trouvé : {found} ; attendu : un "
        "dessin seul, sans script, événement, foreignObject, lien vers un autre fichier ni adresse javascript:). "
        "Exportez l'image en SVG simple (Inkscape : « SVG simple » ; Illustrator : sans JavaScript ni lien), "
        "ou en PNG."
    ))
