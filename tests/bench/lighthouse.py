"""Lighthouse's mobile performance score of the site's page types, served compressed as GitHub Pages serves them.

    python tests/bench/lighthouse.py SITE [--lighthouse PATH] [--fois N] [--region SLUG] [--portrait SLUG]

SITE is a built site (``make site`` writes site/). Lighthouse is not a dependency of the project: install it apart,
for instance ``npm install --prefix /tmp/lighthouse lighthouse@12.2.3`` (12.2.3 runs on Node 20; 13 wants Node 22),
then ``--lighthouse /tmp/lighthouse/node_modules/.bin/lighthouse``. It drives the Chromium of make system-deps.

The server answers as GitHub Pages does: text files gzip-compressed, ``Cache-Control: max-age=600``. Lighthouse's
mobile preset simulates a mid-range phone on a slow 4G network; the tile server of the maps is unreachable offline
and left out (``--blocked-url-patterns``), as its images never delay the first paint. Prints, for each page, the
median score over N runs and its largest contentful paint. Issue 29's goals: at least 90 for the home, a region and
a portrait, 75 for /carte/.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from tierslieux.local_server import serving

GOALS = {"accueil": 90, "région": 90, "portrait": 90, "carte": 75}
COMPRESSED = (".html", ".css", ".js", ".json", ".geojson", ".svg", ".xml", ".txt", ".csv")
CHROMIUM = "/usr/bin/chromium"


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Files as GitHub Pages sends them: text gzip-compressed when the browser accepts it, cached ten minutes."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".geojson": "application/geo+json"}

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"  # a folder without its slash: the parent class redirects it
        if path.suffix not in COMPRESSED or not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def log_message(self, format, *args):
        pass


class _Body:
    """The compressed bytes, read once by ``copyfile``."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def read(self, size: int = -1) -> bytes:
        data, self._data = self._data, b""
        return data

    def close(self) -> None:
        pass


@contextlib.contextmanager
def pages_server(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_PagesHandler, directory=str(site)))
    with serving(server) as address:
        yield f"{address}/"


def audit(lighthouse: str, url: str, tiles: str) -> tuple[float, float]:
    """Lighthouse's mobile performance score (0-100) and largest contentful paint (s) for ``url``."""
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        report = Path(folder) / "rapport.json"
        subprocess.run([
            lighthouse, url, "--only-categories=performance", "--output=json", f"--output-path={report}",
            "--quiet", f"--blocked-url-patterns={tiles}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run",
        ], check=True, env={"CHROME_PATH": CHROMIUM, "PATH": "/usr/bin:/bin"})
        data = json.loads(report.read_text(encoding="utf-8"))
    return (100 * data["categories"]["performance"]["score"],
            data["audits"]["largest-contentful-paint"]["numericValue"] / 1000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--lighthouse", default="lighthouse")
    parser.add_argument("--fois", type=int, default=3, help="runs per page; the median is printed")
    parser.add_argument("--tuiles", default="*tile.openstreetmap.org*", help="the tile server's URL pattern")
    parser.add_argument("--region", default="bretagne")
    parser.add_argument("--portrait", default="exemple-fabrique-du-bocage")
    args = parser.parse_args(argv)
    pages = {"accueil": "", "région": f"regions/{args.region}/", "portrait": f"portraits/{args.portrait}/",
             "carte": "carte/"}
    missed = 0
    with pages_server(args.site) as base:
        for name, path in pages.items():
            runs = [audit(args.lighthouse, base + path, args.tuiles) for _ in range(args.fois)]
            score = statistics.median(score for score, _ in runs)
            paint = statistics.median(paint for _, paint in runs)
            verdict = "tenu" if score >= GOALS[name] else f"objectif {GOALS[name]} manqué"
            missed += score < GOALS[name]
            print(f"{name:10} /{path:40} performance {score:5.1f}  LCP {paint:4.1f} s  ({verdict})")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
