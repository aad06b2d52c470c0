# The compendium's commands.  `make book` and `make test` do all set-up themselves (virtual
# environment in .venv, package and tools installed from pyproject.toml, Jupyter kernel).
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -ec
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/*.py))

# External data: use the local mirror beside the project when it exists (offline machines, CI);
# otherwise the registry downloads from the pinned URLs.  An explicit setting always wins.
MIRROR := $(abspath $(wildcard ../shared/external-data))
ifneq ($(MIRROR),)
export MEGACITY_DATA_MIRROR ?= $(MIRROR)
endif
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help setup book test unit nbval sync ledger bench clean clean-cache screenshots

help:
	@echo "make book    build the HTML book into _build/html (executes notebooks, with cache)"
	@echo "make test    unit tests + every notebook under nbval"
	@echo "make sync    pair notebooks/*.py with .ipynb and re-execute them in place"
	@echo "make ledger  recompute the claims ledger's statuses into data/claims.csv"
	@echo "make bench   timings: model benchmarks, cold/no-op/edit builds, tests"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[book,test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (megacity)" >/dev/null
	touch $(STAMP)

setup: $(STAMP)

# -W turns every Sphinx warning into an error, -n reports broken references, --keep-going
# lists all problems before failing; execute.raise_on_error (in _config.yml) fails on a cell error.
book: $(STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going

test: $(STAMP)
	$(BIN)/python -m pytest --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider

unit: $(STAMP)
	$(BIN)/python -m pytest tests -p no:cacheprovider

nbval: $(STAMP)
	$(BIN)/python -m pytest --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider notebooks

# Pair and execute.  NB=notebooks/01_urbanization.py limits it to one notebook.
NB ?= $(NOTEBOOKS)
sync: $(STAMP)
	@for nb in $(NB); do \
	  echo "== $$nb"; \
	  $(BIN)/jupytext --quiet --set-formats ipynb,py:percent $$nb && \
	  $(BIN)/jupytext --quiet --sync $$nb && \
	  $(BIN)/jupyter execute --inplace --timeout=600 $${nb%.py}.ipynb 2>&1 | grep -v "^\[NbClientApp\]" ; \
	  $(BIN)/jupytext --quiet --sync $${nb%.py}.ipynb || exit 1; \
	done

ledger: $(STAMP)
	$(BIN)/python -m megacity.claims --write

bench: $(STAMP)
	@for s in $(sort $(wildcard scripts/bench_*.py)); do $(BIN)/python $$s || exit 1; done
	$(BIN)/python scripts/bench.py

screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf _build

clean-cache:
	$(BIN)/python -c "from megacity.data.registry import clear_cache; print(clear_cache())"
