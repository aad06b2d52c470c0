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
LOCK := requirements.lock

# External data: use the local mirror beside the project when it exists (offline machines, CI);
# otherwise the registry downloads from the pinned URLs.  An explicit setting always wins.
MIRROR := $(abspath $(wildcard ../shared/external-data))
ifneq ($(MIRROR),)
export MEGACITY_DATA_MIRROR ?= $(MIRROR)
endif
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help setup book test unit nbval sync ledger bench clean clean-cache screenshots lab pdf \
	lock-deps latest-deps lock datapackage

# Every figure a notebook draws is checked for text overprinting text (megacity.plots) under
# make test / unit / nbval / sync: an overlap is an error in the cell that drew the figure.
test unit nbval sync pdf: export MEGACITY_CHECK_FIGURES := 1

help:
	@echo "make book    build the HTML book into _build/html (executes notebooks, with cache)"
	@echo "make test    unit tests + every notebook under nbval"
	@echo "make sync    pair notebooks/*.py with .ipynb and re-execute them in place"
	@echo "make ledger  recompute the claims ledger's statuses into data/claims.csv"
	@echo "make lock    rewrite the sha256/row locks of the data/ tables (after a deliberate change)"
	@echo "make datapackage  write data/datapackage.json (frictionless) from the .yml schemas"
	@echo "make bench   timings: model benchmarks, cold/no-op/edit builds, tests"
	@echo "make screenshots  whole-page screenshots of the built book in _build/screenshots"
	@echo "make lab     open the chapters in JupyterLab with the project kernel"
	@echo "make pdf     the whole book as one PDF: _build/html/megacity-compendium.pdf"
	@echo "make lock-deps    regenerate the hashed requirements.lock from pyproject.toml (uv)"
	@echo "make latest-deps  install the newest allowed versions into .venv-latest and list the differences"

# Installs the exact, hashed versions of requirements.lock (generated from pyproject.toml by
# `make lock-deps`), then the package itself.  A lock older than pyproject.toml's dependencies is
# not used: the install falls back to pyproject.toml's ranges and says so.
$(STAMP): pyproject.toml $(wildcard $(LOCK))
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	if $(BIN)/python scripts/lock_deps.py --check; then \
	  $(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK) && \
	  $(BIN)/python -m pip install --quiet --no-deps -e . ; \
	else \
	  echo "make: requirements.lock is stale; installing from pyproject.toml's ranges instead (run make lock-deps)"; \
	  $(BIN)/python -m pip install --quiet -e '.[book,test]'; \
	fi
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

# JupyterLab on the chapters, with the project's kernel ("Python 3 (megacity)") and jupyterlab-myst,
# so exercises, solutions and glued numbers render as in the book.
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

# The whole book printed to one PDF by Chromium (solutions opened); after the HTML build.
pdf: book
	$(BIN)/python scripts/build_pdf.py

# Regenerate requirements.lock from pyproject.toml (needs PyPI; installs uv into .venv if missing).
lock-deps: $(STAMP)
	test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet uv
	$(BIN)/python scripts/lock_deps.py

# Newest versions pyproject.toml allows, in a separate venv, compared with the lock (the scheduled
# CI job runs this, then the tests in that environment, to warn before an upgrade breaks the book).
latest-deps:
	test -x .venv-latest/bin/python || $(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install --quiet --upgrade pip
	.venv-latest/bin/python -m pip install --quiet --upgrade -e '.[book,test]'
	.venv-latest/bin/python scripts/compare_versions.py $(LOCK)
