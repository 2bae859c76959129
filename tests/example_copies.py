"""Portraits copied from the 18 examples, renamed and moved: realistic content at any scale, never committed.

Each copy keeps its example's trainings, texts and photos (about two trainings per place, with their real
lengths); its name gets a number and it moves to a random spot within its region.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from projects import REPO
from tierslieux.content import load_content


def write_example_copies(root: Path, count: int, seed: int = 0) -> None:
    """``count`` portraits copied from the examples, each renamed and moved within its region."""
    content = load_content(REPO)
    rng = random.Random(seed)
    examples = [(place, (REPO / place.source).read_text(encoding="utf-8")) for place in content.places]
    for index in range(count):
        place, text = examples[index % len(examples)]
        region = content.regions[place.region]
        name = f"{place.name.removeprefix('Exemple – ')} n° {index}"
        text = re.sub(r"(?m)^name: .*$", f'name: "{name}"', text, count=1)
        text = re.sub(r"(?m)^latitude: .*$", f"latitude: {rng.uniform(region.south, region.north):.5f}", text)
        text = re.sub(r"(?m)^longitude: .*$", f"longitude: {rng.uniform(region.west, region.east):.5f}", text)
        text = re.sub(r"aliases:\n(  - .*\n)+", "", text)
        (root / "portraits" / f"{place.slug}-{index}.md").write_text(text, encoding="utf-8")
