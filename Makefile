# Commands for contributors and CI. Everything installs itself on first use.
.DEFAULT_GOAL := help
.PHONY: help site serve check test bench bench-quick mutation lock system-deps clean new issue-form import properdocs liens a-completer livret

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE_STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed
# The engine that builds and serves the site. After MkDocs and Material (README, « Après MkDocs et Material »), the
# one-line switch: BUILDER := $(BIN)/properdocs
BUILDER := $(BIN)/mkdocs

help:
	@echo "make site    construit le site dans site/"
	@echo "make serve   prévisualise le site sur http://127.0.0.1:8000/"
	@echo "make check   vérifie les portraits et les régions, sans construire"
	@echo "make new     crée un portrait à partir du modèle (make new NOM=\"…\" REGION=… ou questions)"
	@echo "make import  crée ou met à jour des portraits à partir d'un tableau (make import FICHIER=lieux.csv)"
	@echo "make test    lance tous les tests"
	@echo "make a-completer  liste les portraits à compléter, région par région, et écrit a-completer.csv (REGION=…)"
	@echo "make livret  imprime le livret d'une région en PDF, sommaire paginé (make livret REGION=bretagne ; Chromium)"
	@echo "make liens   vérifie que les sites des lieux et les liens des formations répondent (réseau)"
	@echo "make properdocs  construit le site avec MkDocs et avec ProperDocs, et compare les deux"
	@echo "make bench   mesure le site à 500, 2 000 et 5 000 lieux (long) ; make bench-quick : 200 lieux"
	@echo "make mutation  score de mutation des modules qui lisent les contributions (mutmut, une dizaine de minutes)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

$(SITE_STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(TEST_STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@ $(SITE_STAMP)

# The site is built aside and swapped in whole: a failed build never leaves a half-built site/.
site: $(SITE_STAMP)
	rm -rf site.tmp
	$(BUILDER) build --strict --config-file mkdocs.yml --site-dir site.tmp
	rm -rf site && mv site.tmp site

# REGION=bretagne: only that region's portraits, for a quick preview when the tree holds thousands of them. --dirty:
# an edit rebuilds the saved portrait's page and its region's pages only (see tierslieux/preview.py); MkDocs warns
# at each such build, so warnings are shown there rather than fatal (the full build stays strict).
PREVIEW_FLAGS := $(if $(REGION),--dirty --no-strict)
serve: $(SITE_STAMP)
	TIERSLIEUX_REGION=$(REGION) $(BUILDER) serve --config-file mkdocs.yml --dev-addr 127.0.0.1:8000 $(PREVIEW_FLAGS)

# The booklet of a region to livret-<region>.pdf, printed twice by headless Chromium to number its contents.
livret: site system-deps
	@test -n "$(REGION)" || { echo "Indiquez la région : make livret REGION=bretagne"; exit 2; }
	$(BIN)/python -m tierslieux.booklet_pdf site $(REGION) livret-$(REGION).pdf

check: $(SITE_STAMP)
	$(BIN)/python -m tierslieux.check

# A portrait from modeles/portrait.md; values from NOM, REGION, COMMUNE, CODE_POSTAL, COORDONNEES, RESUME or asked.
new: $(SITE_STAMP)
	@$(BIN)/python -m tierslieux.scaffold

# Portraits from a spreadsheet: FICHIER, and optionally REGION, CORRESPONDANCE, PARTIEL, GEOCODEUR, SCORE_MIN,
# GEOCODEUR_DELAI (see README).
import: $(SITE_STAMP)
	@$(BIN)/python -m tierslieux.importer

# The « Proposer un lieu » and « Proposer une correction » issue forms, regenerated after a change to the schema or
# to regions/.
issue-form: $(SITE_STAMP)
	$(BIN)/python -m tierslieux.issue_form form
	$(BIN)/python -m tierslieux.correction_form

test: $(TEST_STAMP) system-deps
	$(BIN)/python -m pytest

# What each portrait lacks, region by region (REGION=bretagne: one region), and the same list in a-completer.csv.
a-completer: $(SITE_STAMP)
	@TIERSLIEUX_REGION=$(REGION) $(BIN)/python -m tierslieux.completeness

# Dead websites and training links, with their file and line (network; never in the pull request check, see
# .github/workflows/liens.yml). DELAI: seconds for each address. LIENS_LOCAL=oui, for the tests only, allows 127.0.0.1.
liens: $(SITE_STAMP)
	@LIENS_LOCAL=$(LIENS_LOCAL) $(BIN)/python -m tierslieux.deadlinks $(if $(DELAI),--delai $(DELAI))

# The way off MkDocs kept open: ProperDocs (pinned with the site's dependencies) builds the same site, byte for byte
# but for the generator tag (README, « Après MkDocs et Material »).
properdocs: $(SITE_STAMP)
	rm -rf site.mkdocs site.properdocs
	$(BIN)/mkdocs build --strict --quiet --site-dir site.mkdocs
	$(BIN)/properdocs build --strict --quiet --config-file mkdocs.yml --site-dir site.properdocs
	$(BIN)/python tests/compare_sites.py site.mkdocs site.properdocs

# The commit that `make bench` measures before: main before issue 16 (make bench AVANT=<commit> for another one).
AVANT ?= 507c232
# The table of BENCHMARKS.md at 500, 2,000 and 5,000 places (tens of minutes on 2 cores), memory over 20 rebuilds
# as under serve, then the time to the first clusters of the national map and the git dates (-s: they print).
bench: $(TEST_STAMP) system-deps
	$(BIN)/python tests/bench/scale.py --avant $(AVANT) --fois 3 500 2000 5000
	$(BIN)/python tests/bench/rebuilds.py 200
	$(BIN)/python -m pytest tests/bench --benchmark-only --benchmark-columns=min,median,max,rounds -s

# The same table at 200 places; make test runs it too (tests/test_bench_quick.py), asserting sizes, never times.
bench-quick: $(TEST_STAMP) system-deps
	$(BIN)/python tests/bench/scale.py --quick

# The mutation score of the guard modules (BENCHMARKS.md, « Mutation (issue 26) »): mutmut mutates them under
# mutants/ and runs against each mutant the unit tests [tool.mutmut] of pyproject.toml selects: no site, no browser.
mutation: $(TEST_STAMP)
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2
	$(BIN)/python tests/bench/mutation.py

# Chromium and its driver for the browser tests, poppler-utils (pdftotext) for the print tests, from Debian,
# when this machine lets us install them.
system-deps:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && [ -x /usr/bin/pdftotext ] && [ -x /usr/bin/java ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installation de chromium, chromium-driver, poppler-utils et Java (Debian)…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver poppler-utils default-jre-headless >/dev/null; \
	else \
		echo "Chromium, pdftotext ou Java absent et installation impossible ici : les tests qui s'en servent seront ignorés."; \
	fi

# Re-pin every Python dependency after changing pyproject.toml.
lock: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pip freeze --exclude-editable > constraints.txt

clean:
	rm -rf site site.tmp site.mkdocs site.properdocs $(VENV)
