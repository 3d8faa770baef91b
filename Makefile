# The two commands a fresh machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
TQ     := $(VENV)/bin/tq
STAMP_RUN  := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: demo test lint typecheck unit bench docs catalogs install clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet -e ".[test]"
	touch $@ $(STAMP_RUN)

install: $(STAMP_RUN)

demo: $(STAMP_RUN)
	$(TQ) demo --out demo-output

lint: $(STAMP_TEST)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

typecheck: $(STAMP_TEST)
	$(VENV)/bin/mypy

unit: $(STAMP_TEST)
	$(PY) -m pytest -n 2 --dist loadgroup -q

test: lint typecheck unit

docs: $(STAMP_RUN)
	$(PY) -m totalquality.cli._docs > docs/cli.md

# Translation catalogs: extract every msg()/msg_n() id from the code and merge it into the
# et and pl catalogs (then translate the new entries; a test fails on any left empty).
LOCALE := src/totalquality/locale
POT    := $(VENV)/totalquality.pot
catalogs: $(STAMP_RUN)
	$(VENV)/bin/pybabel extract -F babel.cfg --no-default-keywords -k msg -k msg_n:1,2 \
	  --no-location --sort-output --omit-header -o $(POT) src/totalquality
	for lang in et pl; do \
	  if [ -f $(LOCALE)/$$lang/LC_MESSAGES/totalquality.po ]; then \
	    $(VENV)/bin/pybabel update -i $(POT) -d $(LOCALE) -D totalquality -l $$lang \
	      --no-fuzzy-matching --ignore-obsolete; \
	  else $(VENV)/bin/pybabel init -i $(POT) -d $(LOCALE) -D totalquality -l $$lang; fi; \
	done

bench: $(STAMP_TEST)
	$(PY) -m benchmarks.run

clean:
	rm -rf $(VENV) demo-output bench-output .pytest_cache .mypy_cache .ruff_cache
