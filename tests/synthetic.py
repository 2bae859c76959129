"""Synthetic portraits for benchmarks and scale tests: valid, varied, deterministic, never committed."""

from __future__ import annotations

import random
from pathlib import Path

from tierslieux.content import load_content
from tierslieux.schema import theme_labels


def write_synthetic_portraits(root: Path, count: int, seed: int = 0) -> None:
    """Write ``count`` valid portraits spread over the regions of ``root``, inside each region's bounds."""
    regions = sorted(load_content(root).regions.values(), key=lambda region: region.slug)
    themes = list(theme_labels())
    rng = random.Random(seed)
    for index in range(count):
        region = regions[index % len(regions)]
        latitude = rng.uniform(region.south + 0.01, region.north - 0.01)
        longitude = rng.uniform(region.west + 0.01, region.east - 0.01)
        chosen = rng.sample(themes, 2)
        (root / "portraits" / f"lieu-{index:05d}.md").write_text(
            "---\n"
            f"name: Lieu synthétique n° {index}\n"
            f"region: {region.slug}\n"
            f"commune: Commune {index % 997}\n"
            f'postal_code: "{10000 + index % 80000:05d}"\n'
            f"latitude: {latitude:.5f}\n"
            f"longitude: {longitude:.5f}\n"
            f"summary: Un lieu de formation généré pour mesurer la construction du site ({index}).\n"
            f"themes: [{chosen[0]}, {chosen[1]}]\n"
            "trainings:\n"
            "  - title: Initiation\n"
            "    modality: hybride\n"
            "---\n"
            "## Histoire\n\nUn paragraphe de portrait.\n",
            encoding="utf-8",
        )
