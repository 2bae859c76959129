"""Synthetic portraits for benchmarks and scale tests: valid, varied, deterministic, never committed.

Each one is a clone of one of the example portraits of ``portraits/`` with every field it carries (trainings,
photos, social networks, equipment, body…), so that the pages, data files and build times measured at scale
are those real portraits give. Only the name, the slug, the commune, the coordinates and the former slugs vary.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import yaml

from projects import REPO
from tierslieux.content import load_content, slugify

KINDS = ("Atelier partagé", "Fabrique numérique", "Tiers-lieu rural", "Campus connecté", "Recyclerie",
         "Maison des savoir-faire", "Laboratoire de fabrication", "Coopérative d'activités")
NAMED_AFTER = ("du Bocage", "des Deux Rives", "de la Vallée", "du Vieux Port", "des Coteaux", "de la Gare",
               "du Moulin", "des Halles", "de l'Écluse", "des Forges")
COMMUNE_SUFFIXES = ("", "-sur-Mer", "-le-Château", "-en-Vallée", "-la-Forêt", "-les-Bains")
VARIED = ("name", "commune", "latitude", "longitude", "aliases")


def example_portraits(fields: frozenset[str] | None = None) -> list[tuple[dict, str]]:
    """Each example portrait of the repository, in file order: its front matter, and its text without the varied fields
    (and, given ``fields``, without the fields not among them).

    The text keeps every other line as the example wrote it: cloning a text is much faster than writing YAML.
    """
    examples = []
    for path in sorted((REPO / "portraits").glob("*.md")):
        _, header, body = path.read_text(encoding="utf-8").split("---\n", 2)
        data = yaml.safe_load(header)
        kept = {key: value for key, value in data.items()
                if key not in VARIED and (fields is None or key in fields)}
        examples.append((data, yaml.safe_dump(kept, allow_unicode=True, sort_keys=False, width=1000) + "---\n" + body))
    return examples


def write_synthetic_portraits(root: Path, count: int, seed: int = 0, fields: frozenset[str] | None = None) -> None:
    """Write ``count`` valid portraits cloned from the examples, each inside the bounds of its example's region; given
    ``fields``, with those front matter fields only (those that an older version of the schema knows)."""
    regions = load_content(root).regions
    examples = example_portraits(fields)
    rng = random.Random(seed)
    for index in range(count):
        data, rest = examples[index % len(examples)]
        region = regions[data["region"]]
        name = f"{rng.choice(KINDS)} {rng.choice(NAMED_AFTER)} n° {index}"
        slug = slugify(name)
        varied = {
            "name": name,
            "commune": f"{data['commune']}{rng.choice(COMMUNE_SUFFIXES)}",
            "latitude": round(rng.uniform(region.south + 0.01, region.north - 0.01), 5),
            "longitude": round(rng.uniform(region.west + 0.01, region.east - 0.01), 5),
        }
        if "aliases" in data:  # a former slug belongs to one portrait only
            varied["aliases"] = [f"{slug}-ancien"]
        header = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in varied.items())
        (root / "portraits" / f"{slug}.md").write_text(f"---\n{header}{rest}", encoding="utf-8")
