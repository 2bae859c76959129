"""``make bench``: memory across 20 rebuilds, as ``mkdocs serve`` does them (configuration reloaded, hook re-run).

Prints the memory Python holds after each rebuild (tracemalloc, after a garbage collection): a flat series
means that nothing the hook or ``tierslieux`` keeps between rebuilds grows.

    python tests/bench/rebuilds.py [PORTRAITS]
"""

from __future__ import annotations

import gc
import logging
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.commands.build import build
from mkdocs.config import load_config

from projects import make_project
from synthetic import write_synthetic_portraits

REBUILDS = 20


def main(argv: list[str]) -> int:
    places = int(argv[0]) if argv else 100
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="bench-rebuilds-") as workdir:
        root = make_project(Path(workdir) / "projet")
        write_synthetic_portraits(root, places)
        tracemalloc.start()
        held = []
        for rebuild in range(REBUILDS):
            start = time.perf_counter()
            build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(Path(workdir) / "site")))
            gc.collect()
            held.append(tracemalloc.get_traced_memory()[0] / 1e6)
            print(f"reconstruction {rebuild + 1} : {time.perf_counter() - start:.1f} s, {held[-1]:.1f} Mo",
                  flush=True)
    print(f"{places} lieux, {REBUILDS} reconstructions : mémoire tenue de {held[0]:.1f} à {held[-1]:.1f} Mo "
          f"(écart entre la 5e et la dernière : {held[-1] - held[4]:+.1f} Mo)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
