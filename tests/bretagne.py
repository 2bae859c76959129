"""A project with more places in Bretagne than the examples: for booklets, nearby lists and link previews.

Three copies of the Bretagne example under other names and places, one of them with a raster photo first
(the examples only have SVG illustrations, which link previews ignore).
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

from projects import REPO, make_project

MODEL = "exemple-fabrique-du-bocage"
PLACES = {  # slug: (name, latitude, longitude)
    "ecluse-des-savoirs": ("L'Écluse des savoirs", 47.66, -2.76),
    "atelier-de-l-odet": ("Atelier de l'Odet", 47.99, -4.10),
    "zephyr-numerique": ("Zéphyr numérique & Cie", 48.51, -2.76),
}
RASTER_PHOTO = "photos/atelier-de-l-odet.png"


def write_png(path: Path, width: int = 8, height: int = 5) -> None:
    """A small valid PNG, one teal colour."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x00\x79\x6b" * width for _ in range(height))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def make_bretagne_project(root: Path) -> Path:
    """The examples plus the places of ``PLACES`` in Bretagne."""
    make_project(root, with_examples=True)
    model = (REPO / "portraits" / f"{MODEL}.md").read_text(encoding="utf-8")
    model = re.sub(r"aliases:\n(  - .*\n)+", "", model)
    for slug, (name, latitude, longitude) in PLACES.items():
        text = model.replace("Exemple – La Fabrique du Bocage", name)
        text = re.sub(r"(?m)^latitude: .*$", f"latitude: {latitude}", text)
        text = re.sub(r"(?m)^longitude: .*$", f"longitude: {longitude}", text)
        if slug == "atelier-de-l-odet":
            text = text.replace("photos/atelier-impression-3d.svg", RASTER_PHOTO)
        (root / "portraits" / f"{slug}.md").write_text(text, encoding="utf-8")
    write_png(root / "portraits" / RASTER_PHOTO)
    return root
