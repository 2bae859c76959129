"""make mutation: the mutation score of each guard module, counted from ``mutmut results --all true``.

Run from the repository's root after ``mutmut run``. A mutant that timed out was caught (the tests did not let it
finish); one that no selected test runs is counted as a survivor.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

CAUGHT = {"killed", "timeout"}
SURVIVED = {"survived", "no tests"}


def counts(lines: list[str]) -> dict[str, Counter]:
    """Mutant statuses by module, from lines such as ``tierslieux.csp.x_tile_source__mutmut_3: killed``."""
    found: dict[str, Counter] = defaultdict(Counter)
    for line in lines:
        name, _, status = line.strip().partition(": ")
        if name.startswith("tierslieux."):
            found[name.split(".")[1]][status] += 1
    return found


def table(found: dict[str, Counter]) -> str:
    """One line a module: mutants, caught, survivors, not yet run, and the share caught of those that ran."""
    rows = ["module         mutants  tués  survivants  non lancés  score"]
    for module, statuses in sorted(found.items()):
        caught = sum(statuses[status] for status in CAUGHT)
        survived = sum(statuses[status] for status in SURVIVED)
        ran = caught + survived
        score = f"{100 * caught / ran:.1f} %" if ran else "–"
        rows.append(f"{module:<14} {sum(statuses.values()):>7} {caught:>5} {survived:>11} "
                    f"{statuses['not checked']:>11}  {score}")
    return "\n".join(rows)


def main() -> int:
    mutmut = Path(sys.executable).with_name("mutmut")
    output = subprocess.run([str(mutmut), "results", "--all", "true"], capture_output=True, text=True, check=True)
    print(table(counts(output.stdout.splitlines())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
