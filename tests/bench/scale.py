"""``make bench``: the site at national scale, built from portraits cloned from the examples, measured end to end.

For each size, in one run: a strict build of the site and a build of the same Markdown bodies by bare Material
(theme, search plugin, same Markdown extensions, nothing of ours), with their CPU and wall times and peak memory;
``make check``; the sizes of the output; what a first view of each kind of page downloads in headless Chromium,
empty cache, counted by the local server (so the search worker's and the map iframes' requests are counted too; map
tiles come from another site and are excluded); what a first and a second search download; and the time from saving
a portrait of the largest region to its page showing it under ``make serve REGION=…``. With ``--avant REF``, the
same measures of the site as it was at the git commit REF (its files taken by ``git archive``, its code put first
on the Python path), built from the same portraits in the same run. The machine's load and speed are noted. Times are
printed, never asserted.

    python tests/bench/scale.py --avant 507c232 --fois 3 500 2000 5000   # make bench
    python tests/bench/scale.py --quick                           # make bench-quick: 200 places, once
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from browser import chromium, chromium_missing
from projects import REPO, make_project
from synthetic import write_synthetic_portraits
from tierslieux.local_server import serving as answering

QUICK_SIZE = 200
# The budgets of a first view, uncompressed bytes, map tiles excluded (issue 9).
PAGE_BUDGETS = {"accueil": 600_000, "régions": 600_000, "région": 600_000, "portrait": 600_000,
                "embed": 1_000_000, "embed région": 1_000_000, "carte": 1_600_000}
SEARCH_BUDGET = 1_000  # search data downloaded before the visitor types
FIRST_QUERY_BUDGET = 500_000  # everything the first search downloads: engine, index, results
REGION_PAGE_BUDGET = 300_000
# The budgets of times and memory (issue 16): printed beside the figures, never asserted.
RATIO_BUDGET, PEAK_MB_BUDGET, CHECK_SECONDS_BUDGET, PREVIEW_SECONDS_BUDGET = 1.5, 400, 2.5, 3.0
# A département's name (« Finistère »: a region's worth of places at scale), then a word of one example's text only.
QUERIES = ("Finistère", "alambic")
MARKDOWN_EXTENSIONS = ["admonition", "attr_list", "md_in_html", {"toc": {"permalink": True}}, "pymdownx.details"]


@dataclass
class Run:
    """What one process cost: wall time and CPU time (user + system) in seconds, peak resident memory in MB.

    On a shared machine the wall time depends on the other processes; the CPU time much less.
    """

    seconds: float
    cpu_seconds: float
    peak_mb: float
    returncode: int
    stderr: str = ""


@dataclass
class Measures:
    places: int
    version: str  # "après" (this tree) or "avant" (another commit's)
    build: Run
    bare: Run
    check: Run
    output_mb: float
    sitemap_kb: float
    largest_region_kb: float
    map_index_kb: float
    largest_region_index_kb: float
    search_index_kb: float
    search_files_kb: float  # every file under search/: what all searches together could download
    load: tuple[float, float]  # the machine's load average (1 min) before and after
    speed: tuple[float, float]  # reference_seconds() before and after: how fast the machine was meanwhile
    ratios: list[float] = field(default_factory=list)  # CPU time of each build over its bare Material's, run by run
    preview_edit_seconds: float | None = None  # make serve REGION=…: from saving a portrait to the page showing it
    first_views: dict[str, dict[str, int]] = field(default_factory=dict)  # page type -> {"total", "search"}
    first_view_files: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # page type -> (URL, bytes)
    queries: list[dict[str, int]] = field(default_factory=list)  # per query of QUERIES: {"bytes", "results"}


def timed(command: list[str], cwd: Path, code: Path | None = None) -> Run:
    """Run ``command``, and measure its wall time and the peak RSS of it and its children; ``code``: the tree whose
    Python modules come first (another version of the site)."""
    env = _environment(code)
    env.pop("TIERSLIEUX_REGION", None)
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode, stderr)


def _environment(code: Path | None) -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(code), *filter(None, [env.get("PYTHONPATH")])])
    return env


def version_at(ref: str, destination: Path) -> Path:
    """The repository's files at the git commit ``ref``, in ``destination`` (``git archive``: nothing else changes)."""
    archive = subprocess.run(["git", "archive", ref], cwd=REPO, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(destination, filter="data")
    return destination


def schema_fields(code: Path) -> frozenset[str]:
    """The front matter fields that the portrait schema of the repository in ``code`` knows."""
    schema = json.loads((code / "schema" / "portrait.schema.json").read_text(encoding="utf-8"))
    return frozenset(schema["properties"])


def mkdocs_build(config: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", str(config),
            "--site-dir", str(site)]


def bare_project(root: Path, bare: Path) -> Path:
    """The portraits' Markdown bodies as pages of a bare Material site, with the same extensions; its mkdocs.yml."""
    import yaml

    docs = bare / "docs"
    (docs / "portraits").mkdir(parents=True)
    for path in sorted((root / "portraits").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
        (docs / "portraits" / path.name).write_text(body, encoding="utf-8")
    shutil.copytree(REPO / "docs", docs, dirs_exist_ok=True, ignore=shutil.ignore_patterns("javascripts"))
    config = {"site_name": "Bare", "site_url": "https://example.org/", "theme": {"name": "material", "language": "fr",
              "font": False}, "plugins": [{"search": {"lang": "fr"}}], "markdown_extensions": MARKDOWN_EXTENSIONS,
              "nav": ["index.md"]}
    (bare / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return bare / "mkdocs.yml"


def kilobytes(path: Path) -> float:
    return path.stat().st_size / 1e3


def measure(places: int, workdir: Path, *, browser: bool = True, code: Path | None = None,
            fields: frozenset[str] | None = None, times: int = 1) -> Measures:
    """Generate ``places`` portraits in ``workdir`` and measure the site built from them; ``code``: another version
    of the repository to build them with (see ``version_at``); ``fields``: the front matter fields the portraits keep
    (see ``schema_fields``); ``times``: how many builds of each, bare Material's and the site's in turn, of which
    the one with the least CPU time counts (on a shared machine, CPU time varies by a fifth from minute to minute)."""
    load_before, speed_before = os.getloadavg()[0], reference_seconds()
    root = make_project(workdir / "projet", source=code or REPO)
    write_synthetic_portraits(root, places, fields=fields)
    bare_config, site = bare_project(root, workdir / "bare"), workdir / "site"
    runs = []  # (bare Material's, the site's)
    for _ in range(times):
        runs.append((_fresh_build(bare_config, workdir / "bare-site", workdir / "bare"),
                     _fresh_build(root / "mkdocs.yml", site, root, code)))
    bare, build = (min((pair[side] for pair in runs), key=lambda run: run.cpu_seconds) for side in (0, 1))
    check = timed([sys.executable, "-m", "tierslieux.check", str(root)], root, code)
    regions = sorted((site / "regions").glob("*/index.html"), key=lambda path: path.stat().st_size)
    measures = Measures(
        places=places, version="avant" if code else "après", build=build, bare=bare, check=check,
        output_mb=sum(path.stat().st_size for path in site.rglob("*") if path.is_file()) / 1e6,
        sitemap_kb=kilobytes(site / "sitemap.xml"),
        largest_region_kb=kilobytes(regions[-1]),
        map_index_kb=kilobytes(site / "data" / "carte.json"),
        largest_region_index_kb=max(kilobytes(path) for path in (site / "data" / "carte").glob("*.json")),
        search_index_kb=kilobytes(site / "search" / "search_index.json"),
        search_files_kb=sum(path.stat().st_size for path in (site / "search").rglob("*") if path.is_file()) / 1e3,
        load=(load_before, 0.0), speed=(speed_before, 0.0),
        ratios=[build_run.cpu_seconds / bare_run.cpu_seconds for bare_run, build_run in runs],
    )
    portrait = _in_largest_region(root)
    with serving(root, region=_region_of(portrait), code=code) as base:
        measures.preview_edit_seconds = edit_to_view(base, portrait)
    if browser and not chromium_missing():
        largest_region = regions[-1].parent.name
        portrait = sorted((site / "portraits").glob("*/index.html"))[0].parent.name
        pages = {"accueil": "", "régions": "regions/", "région": f"regions/{largest_region}/",
                 "portrait": f"portraits/{portrait}/", "embed": "embed/", "embed région": f"embed/{largest_region}/",
                 "carte": "carte/"}
        measures.first_views, measures.first_view_files, measures.queries = first_views(site, pages)
    measures.load = (load_before, os.getloadavg()[0])
    measures.speed = (speed_before, reference_seconds())
    return measures


def reference_seconds() -> float:
    """The CPU time of a fixed pure-Python computation: on a shared virtual machine it varies twofold from hour to
    hour, and every time measured here with it, so that runs on different days can be compared."""
    start = time.process_time()
    sum(number * number for number in range(10**7))
    return time.process_time() - start


def _fresh_build(config: Path, site: Path, cwd: Path, code: Path | None = None) -> Run:
    """A strict build into an empty ``site``: removing the previous one is no part of what is measured."""
    shutil.rmtree(site, ignore_errors=True)
    run = timed(mkdocs_build(config, site), cwd, code)
    if run.returncode != 0:
        raise RuntimeError(f"la construction de {config} a échoué :\n{run.stderr}")
    return run


def _in_largest_region(root: Path) -> Path:
    """A portrait of the region that has the most: the slowest to preview."""
    portraits = sorted((root / "portraits").glob("*.md"))
    largest = Counter(_region_of(path) for path in portraits).most_common(1)[0][0]
    return next(path for path in portraits if _region_of(path) == largest)


def _region_of(portrait: Path) -> str:
    return next(line.split(":", 1)[1].strip() for line in portrait.read_text(encoding="utf-8").splitlines()
                if line.startswith("region:"))


@contextlib.contextmanager
def serving(root: Path, region: str | None = None, code: Path | None = None):
    """``mkdocs serve`` of ``root`` (``make serve REGION=…``) on a free port; yields its base URL once built."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(_environment(code), TIERSLIEUX_REGION=region or "")
    log = tempfile.TemporaryFile()
    dirty = ["--dirty", "--no-strict"] if region and code is None else []  # as the Makefile's PREVIEW_FLAGS
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
                                "--config-file", str(root / "mkdocs.yml"), *dirty], cwd=root, env=env,
                               stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(lambda: fetch_text(base) is not None or process.poll() is not None, limit=900)
        if process.poll() is not None:  # a failed first build ends serve: say why rather than wait
            log.seek(0)
            raise RuntimeError(f"mkdocs serve s'est arrêté :\n{log.read().decode('utf-8', 'replace')}")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def edit_to_view(base: str, portrait: Path) -> float:
    """Seconds from saving a change to ``portrait`` to its page showing it, under ``mkdocs serve``."""
    page = f"{base}portraits/{portrait.stem}/"
    marker = f"Modification {time.time_ns()}"
    text = portrait.read_text(encoding="utf-8")
    start = time.perf_counter()
    portrait.write_text(f"{text}\n{marker}\n", encoding="utf-8")
    _wait_for(lambda: marker in (fetch_text(page) or ""), limit=300)
    return time.perf_counter() - start


def fetch_text(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(condition, limit: float) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"rien après {limit:.0f} s")
        time.sleep(0.05)


class _CountingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site and records the size of each file it sends."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".geojson": "application/geo+json"}
    sent: list[tuple[str, int]]

    def do_GET(self):
        super().do_GET()
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.is_file():
            self.sent.append((self.path, path.stat().st_size))

    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def counting_server(directory: Path):
    sent: list[tuple[str, int]] = []
    handler = functools.partial(type("Handler", (_CountingHandler,), {"sent": sent}), directory=str(directory))
    with answering(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)) as address:
        yield f"{address}/", sent


def first_views(site: Path, pages: dict[str, str]) -> tuple[dict[str, dict[str, int]], dict[str, list], list]:
    """Bytes each page downloads on a first view (empty cache), frames and workers included, search files apart;
    the files it downloads, with their sizes; then what each search of QUERIES downloads, typed in the home page."""
    views, files = {}, {}
    with counting_server(site) as (base, sent), chromium() as driver:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        for name, path in pages.items():
            driver.get("about:blank")
            sent.clear()
            driver.get(base + path)
            _wait_until_quiet(sent)
            views[name] = {"total": sum(size for _, size in sent),
                           "search": sum(size for url, size in sent if url.startswith("/search/"))}
            files[name] = list(sent)
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})  # a second search reuses files
        queries = searches(driver, base, sent)
    return views, files, queries


def searches(driver, base: str, sent: list) -> list[dict[str, int]]:
    """Type each of QUERIES in the search box of the home page: what each downloads, and how many results it
    announces."""
    driver.get(base)
    _wait_until_quiet(sent)
    box = driver.find_element("css selector", "input[data-md-component=search-query]")
    box.click()
    results = []
    for query in QUERIES:
        sent.clear()
        box.clear()
        box.send_keys(query)
        time.sleep(0.5)
        _wait_until_quiet(sent, limit=60)
        meta = driver.find_element("css selector", ".md-search-result__meta").text  # « 50 documents correspondants »
        shown = int(meta.split()[0]) if meta[:1].isdigit() else 0
        results.append({"bytes": sum(size for _, size in sent), "results": shown})
    return results


def _wait_until_quiet(sent: list, quiet: float = 1.5, limit: float = 30.0) -> None:
    """Wait until the server has sent nothing for ``quiet`` seconds: every frame, worker and data file loaded."""
    start = last_change = time.monotonic()
    count = -1
    while time.monotonic() - start < limit:
        if len(sent) != count:
            count, last_change = len(sent), time.monotonic()
        elif time.monotonic() - last_change >= quiet:
            return
        time.sleep(0.1)


def table(results: list[Measures]) -> str:
    """The Markdown table of ``results``, one column per size and version, the budgets beside."""
    first_query = f"1re recherche « {QUERIES[0]} » : téléchargé (ko) / résultats"
    second_query = f"2e recherche « {QUERIES[1]} » : téléchargé (ko) / résultats"
    rows = [
        ("charge de la machine (1 min), avant / après la mesure", "", lambda m: f"{m.load[0]:.1f} / {m.load[1]:.1f}"),
        ("vitesse de la machine : calcul de référence, temps CPU avant / après (s)", "",
         lambda m: f"{m.speed[0]:.2f} / {m.speed[1]:.2f}"),
        ("rapport au Material seul, construction par construction (temps CPU)", "",
         lambda m: " / ".join(f"{ratio:.2f}" for ratio in m.ratios)),
        ("construction, temps CPU (s)", "", lambda m: f"{m.build.cpu_seconds:.1f}"),
        ("Material seul, mêmes textes, temps CPU (s)", "", lambda m: f"{m.bare.cpu_seconds:.1f}"),
        ("**rapport au Material seul (temps CPU)**", RATIO_BUDGET,
         lambda m: f"{m.build.cpu_seconds / m.bare.cpu_seconds:.2f}"),
        ("construction / Material seul, durée réelle (s)", "", lambda m: f"{m.build.seconds:.1f} / {m.bare.seconds:.1f}"),
        ("rapport au Material seul (durée réelle)", "", lambda m: f"{m.build.seconds / m.bare.seconds:.2f}"),
        ("par portrait, temps CPU (ms)", "", lambda m: f"{1000 * m.build.cpu_seconds / m.places:.1f}"),
        ("**mémoire maximale (Mo)**", PEAK_MB_BUDGET, lambda m: f"{m.build.peak_mb:.0f}"),
        ("mémoire maximale, Material seul (Mo)", "", lambda m: f"{m.bare.peak_mb:.0f}"),
        ("make check, durée réelle / temps CPU (s)", CHECK_SECONDS_BUDGET,
         lambda m: f"{m.check.seconds:.2f} / {m.check.cpu_seconds:.2f}"),
        ("make check / Material seul, durée réelle", "",
         lambda m: f"{m.check.seconds / m.bare.seconds:.3f}"),
        ("**make serve REGION=… : modification visible après (s)**", PREVIEW_SECONDS_BUDGET,
         lambda m: f"{m.preview_edit_seconds:.1f}"),
        ("site construit (Mo)", "", lambda m: f"{m.output_mb:.1f}"),
        ("sitemap.xml (ko, jamais téléchargé)", "", lambda m: f"{m.sitemap_kb:.0f}"),
        ("plus grande page de région, HTML (ko)", REGION_PAGE_BUDGET // 1000, lambda m: f"{m.largest_region_kb:.0f}"),
        ("index de la carte nationale / plus grand index régional (ko)", "",
         lambda m: f"{m.map_index_kb:.0f} / {m.largest_region_index_kb:.0f}"),
        ("fichiers de recherche, tous ensemble (ko)", "", lambda m: f"{m.search_files_kb:.0f}"),
        ("recherche chargée par une 1re vue, avant de taper (ko)", SEARCH_BUDGET / 1000,
         lambda m: _kb(max((v["search"] for v in m.first_views.values()), default=None), digits=1)),
        (f"**{first_query}**", FIRST_QUERY_BUDGET // 1000, lambda m: _query(m, 0)),
        (second_query, "", lambda m: _query(m, 1)),
    ]
    for name, budget in PAGE_BUDGETS.items():
        label = f"**1re vue : {name} (ko)**" if name == "région" else f"1re vue : {name} (ko)"
        rows.append((label, budget // 1000, lambda m, name=name: _kb(m.first_views.get(name, {}).get("total"))))
    lines = ["| mesure | " + " | ".join(f"{m.places} lieux, {m.version}" for m in results) + " | budget |",
             "| --- | " + " | ".join("---:" for _ in results) + " | ---: |"]
    lines += [f"| {label} | " + " | ".join(cell(m) for m in results) + f" | {_budget(budget)} |"
              for label, budget, cell in rows]
    return "\n".join(lines)


def _query(measures: Measures, number: int) -> str:
    if len(measures.queries) <= number:
        return "—"
    query = measures.queries[number]
    return f"{query['bytes'] / 1e3:.0f} / {query['results']}"


def _budget(budget: object) -> str:
    return f"{budget:g}" if isinstance(budget, float) else str(budget)


def _kb(size: int | None, digits: int = 0) -> str:
    return "—" if size is None else f"{size / 1e3:.{digits}f}"


def over_budget(measures: Measures) -> list[str]:
    """The budgets that ``measures`` exceeds, in words; sizes only, never times."""
    misses = [f"1re vue {name} : {view['total'] / 1e3:.0f} ko > {PAGE_BUDGETS[name] / 1e3:.0f} ko"
              for name, view in measures.first_views.items() if view["total"] > PAGE_BUDGETS[name]]
    misses += [f"recherche chargée par {name} : {view['search'] / 1e3:.1f} ko > {SEARCH_BUDGET / 1e3:.0f} ko"
               for name, view in measures.first_views.items() if view["search"] > SEARCH_BUDGET]
    if measures.queries and measures.queries[0]["bytes"] > FIRST_QUERY_BUDGET:
        misses.append(f"1re recherche : {measures.queries[0]['bytes'] / 1e3:.0f} ko > {FIRST_QUERY_BUDGET / 1e3:.0f} ko")
    if measures.largest_region_kb * 1e3 > REGION_PAGE_BUDGET:
        misses.append(f"page de région : {measures.largest_region_kb:.0f} ko > {REGION_PAGE_BUDGET / 1e3:.0f} ko")
    return misses


def heaviest_files(measures: Measures, name: str, count: int = 10) -> list[str]:
    """The ``count`` largest files of a page type's first view, in words: what its bytes are."""
    files = sorted(measures.first_view_files.get(name, []), key=lambda file: -file[1])
    return [f"{size / 1e3:.0f} ko {url}" for url, size in files[:count]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[500, 2000, 5000])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_SIZE} lieux seulement")
    parser.add_argument("--avant", metavar="REF", help="mesurer aussi le site au commit REF, avec les mêmes lieux")
    parser.add_argument("--fois", type=int, default=1, metavar="N",
                        help="construire N fois chaque site et Material seul, tour à tour ; le moindre temps CPU compte")
    args = parser.parse_args(argv)
    sizes = [QUICK_SIZE] if args.quick else args.sizes
    print(f"Machine : {os.cpu_count()} cœurs, Python {sys.version.split()[0]}, "
          f"{'Chromium' if not chromium_missing() else 'sans Chromium'}, charge {os.getloadavg()[0]:.1f} ; "
          f"temps : le moindre de {args.fois} construction(s) de chaque, tour à tour", flush=True)
    results = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-{size}-") as workdir:
            fields = None
            if args.avant:
                before = version_at(args.avant, Path(workdir) / "avant-code")
                fields = schema_fields(before)  # the same portraits for both: the fields both versions know
                results.append(measure(size, Path(workdir) / "avant", code=before, fields=fields, times=args.fois))
            results.append(measure(size, Path(workdir) / "apres", fields=fields, times=args.fois))
        print(f"{size} lieux mesurés.", flush=True)
    print(table(results))
    for measures in results:
        if measures.version == "avant":
            continue
        for miss in over_budget(measures):
            print(f"Hors budget à {measures.places} lieux : {miss}")
        for name, view in measures.first_views.items():
            if view["total"] > PAGE_BUDGETS[name]:
                print(f"1re vue {name}, fichiers les plus lourds : " + " ; ".join(heaviest_files(measures, name)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
