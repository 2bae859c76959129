"""Synthetic portraits for benchmarks and scale tests: valid, varied, deterministic, never committed."""

from __future__ import annotations

import random
from pathlib import Path

from tierslieux.content import load_content, slugify
from tierslieux.schema import theme_labels

# Names, communes and summaries a little longer than the examples' (30, 12 and 180 characters on average), so that
# the size of pages and data files measured at scale is the size real content would give.
KINDS = ("Atelier partagé", "Fabrique numérique", "Tiers-lieu rural", "Campus connecté", "Recyclerie",
         "Maison des savoir-faire", "Laboratoire de fabrication", "Coopérative d'activités")
NAMED_AFTER = ("du Bocage", "des Deux Rives", "de la Vallée", "du Vieux Port", "des Coteaux", "de la Gare",
               "du Moulin", "des Halles")
COMMUNES = ("Saint-Brieuc", "Villefranche-sur-Saône", "Montreuil", "Aurillac", "Lons-le-Saunier", "Figeac",
            "Bourg-en-Bresse", "Châteauroux", "Le Puy-en-Velay", "Mont-de-Marsan", "Saint-Dié-des-Vosges", "Vire")
SUMMARY = ("Un lieu où l'on se forme en faisant, au plus près des habitants : des parcours courts et certifiants, "
           "des ateliers ouverts le soir et un accompagnement vers les emplois du territoire ({index}).")


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
        name = f"{rng.choice(KINDS)} {rng.choice(NAMED_AFTER)} n° {index}"
        (root / "portraits" / f"{slugify(name)}.md").write_text(
            "---\n"
            f"name: {name}\n"
            f"region: {region.slug}\n"
            f"commune: {rng.choice(COMMUNES)}\n"
            f'postal_code: "{10000 + index % 80000:05d}"\n'
            f"latitude: {latitude:.5f}\n"
            f"longitude: {longitude:.5f}\n"
            f'summary: "{SUMMARY.format(index=index)}"\n'
            f"themes: [{chosen[0]}, {chosen[1]}]\n"
            "trainings:\n"
            "  - title: Initiation\n"
            "    modality: hybride\n"
            "---\n"
            "## Histoire\n\nUn paragraphe de portrait.\n",
            encoding="utf-8",
        )
