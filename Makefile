# The compendium's commands.  `make book` and `make test` do all set-up themselves (virtual
# environment in .venv, package and tools installed from pyproject.toml, Jupyter kernel).
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -ec
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/*.py))
# Parallel workers for notebook execution and tests (default: every core).
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
export BOOK_JOBS := $(JOBS)
PYTEST := $(BIN)/python -m pytest -p no:cacheprovider -n $(JOBS) --dist loadscope
NBVAL := --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg

# External data: use the local mirror beside the project when it exists (offline machines, CI);
# otherwise the registry downloads from the pinned URLs.  An explicit setting always wins.
MIRROR := $(abspath $(wildcard ../shared/external-data))
ifneq ($(MIRROR),)
export MEGACITY_DATA_MIRROR ?= $(MIRROR)
endif
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help setup book test unit nbval sync ledger bench clean clean-cache screenshots lock datapackage

help:
	@echo "make book    build the HTML book into _build/html (executes notebooks, with cache)"
	@echo "make test    unit tests + every notebook under nbval"
	@echo "make sync    pair notebooks/*.py with .ipynb and re-execute them in place"
	@echo "make ledger  recompute the claims ledger's statuses into data/claims.csv"
	@echo "make lock    rewrite the sha256/row locks of the data/ tables (after a deliberate change)"
	@echo "make datapackage  write data/datapackage.json (frictionless) from the .yml schemas"
	@echo "make bench   timings: model benchmarks, cold/no-op/edit builds, tests"
	@echo "make screenshots  whole-page screenshots of the built book in _build/screenshots"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[book,test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (megacity)" >/dev/null
	touch $(STAMP)

setup: $(STAMP)

# Notebooks missing from the execution cache run first, $(JOBS) at a time, into the same cache
# that Jupyter Book reads (scripts/execute_notebooks.py); the build then executes nothing new.
# -W turns every Sphinx warning into an error, -n reports broken references, --keep-going
# lists all problems before failing; execute.raise_on_error (in _config.yml) fails on a cell error.
# A notebook whose .ipynb differs from its .py source fails the build (no stale pages);
# BOOK_RESYNC=1 make book re-syncs such notebooks first and says so.
book: $(STAMP)
	$(BIN)/python scripts/execute_notebooks.py
	$(BIN)/jupyter-book build . -W -n --keep-going

# Unit tests, every notebook under nbval and the browser test, on $(JOBS) workers; each
# notebook stays on one worker (--dist loadscope) so its cells run in order in one kernel.
test: $(STAMP)
	$(PYTEST) $(NBVAL)

unit: $(STAMP)
	$(PYTEST) tests

nbval: $(STAMP)
	$(PYTEST) $(NBVAL) notebooks

# Pair, execute in place ($(JOBS) at a time) and sync back.  NB=notebooks/01_urbanization.py
# limits it to one notebook.
NB ?= $(NOTEBOOKS)
sync: $(STAMP)
	$(BIN)/python scripts/sync_notebooks.py $(NB)

ledger: $(STAMP)
	$(BIN)/python -m megacity.claims --write
	$(BIN)/python -m megacity.data.lock claims

# Each data/<name>.yml ends with `lock: {sha256, rows, compiler}`; loading a table checks it.
# After changing a table on purpose (rerun its compiler, or make ledger), relock them all:
lock: $(STAMP)
	$(BIN)/python -m megacity.data.lock

datapackage: $(STAMP)
	$(BIN)/python -m megacity.data.datapackage data/datapackage.json

bench: $(STAMP)
	@for s in $(sort $(wildcard scripts/bench_*.py)); do $(BIN)/python $$s || exit 1; done
	$(BIN)/python scripts/bench.py

# Whole-page screenshots of every page into _build/screenshots/ (the browser test, full pages).
screenshots: $(STAMP)
	BOOK_SCREENSHOTS=full $(BIN)/python -m pytest -p no:cacheprovider tests/test_rendered_book.py

clean:
	rm -rf _build

clean-cache:
	$(BIN)/python -c "from megacity.data.registry import clear_cache; print(clear_cache())"
