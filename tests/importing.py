"""What the tests of ``make import`` share: a project to import into, a spreadsheet, a run of the command."""

from __future__ import annotations

import csv
import email.parser
import email.policy
import io
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from projects import REPO, make_project
from tierslieux.importer import main
from tierslieux.local_server import serving

HEADER = "nom,region,commune,code_postal,adresse,latitude,longitude,presentation_resume,themes"
FABRIQUE = ("---\nname: La Fabrique\nregion: occitanie\ncommune: Montpellier\npostal_code: \"34000\"\n"
            "latitude: 43.6109\nlongitude: 3.8772\nsummary: Un atelier de Montpellier.\n"
            "email: contact@fabrique-montpellier.example.org\n---\n\nLe portrait écrit à la main.\n")


def import_project(tmp_path: Path) -> Path:
    """A tree with the site's regions and template, and no portrait."""
    root = make_project(tmp_path / "projet")
    (root / "modeles").symlink_to(REPO / "modeles")
    return root


def portraits(root: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted((root / "portraits").glob("*.md"))}


def run(project: Path, spreadsheet: Path, *flags: str) -> int:
    return main([str(spreadsheet), "--root", str(project), *flags])


def write_csv(tmp_path: Path, *lines: str, name: str = "lieux.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Geocoder:
    """Answers like the Géoplateforme's /geocodage/search/csv, from a table of known addresses."""

    def __init__(self, known: dict[str, tuple[float, str, float, float]]):
        self.known = known  # "adresse, commune" -> (score, label, latitude, longitude[, type, city[, citycode]])
        self.requests: list[dict[str, list[str]]] = []

    def answer(self, content_type: str, body: bytes) -> str:
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body)
        fields: dict[str, list[str]] = {}
        for part in message.iter_parts():
            fields.setdefault(part.get_param("name", header="content-disposition"), []).append(
                part.get_payload(decode=True).decode("utf-8"))
        self.requests.append(fields)
        rows = list(csv.DictReader(io.StringIO(fields["data"][0])))
        out = io.StringIO()
        writer = csv.DictWriter(out, [*rows[0], "latitude", "longitude", "result_score", "result_label",
                                      "result_type", "result_city", "result_citycode", "result_status"],
                                lineterminator="\n")
        writer.writeheader()
        for row in rows:
            found = self.known.get(f"{row['adresse']}, {row['commune']}")
            kind, city, citycode = (*found[4:], "")[:3] if found and len(found) > 4 else ("housenumber", "", "")
            result = ({"result_score": found[0], "result_label": found[1], "latitude": found[2],
                       "longitude": found[3], "result_type": kind, "result_city": city, "result_citycode": citycode,
                       "result_status": "ok"}
                      if found else {"result_status": "not-found"})
            writer.writerow({**row, **result})
        return out.getvalue()


@contextmanager
def geocoder_server() -> Iterator[tuple[Geocoder, str]]:
    """A local geocoder on 127.0.0.1 and its URL; tests fill ``known``."""
    service = Geocoder({})

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            text = service.answer(self.headers["Content-Type"], body).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/csv; charset=utf-8")
            self.send_header("Content-Length", str(len(text)))
            self.end_headers()
            self.wfile.write(text)

        def log_message(self, *args):
            pass

    with serving(ThreadingHTTPServer(("127.0.0.1", 0), Handler)) as address:
        yield service, f"{address}/geocodage/search/csv"
