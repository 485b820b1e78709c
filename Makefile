# privacyapp: `make run` opens the app, `make test` runs the whole suite headless. Both set themselves up.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python

# The newest Python 3.11+ that actually runs: a pyenv shim such as python3.12 can exist and still fail,
# so each candidate is tried with -c, not just looked up.
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	if $$p -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then \
	echo $$p; break; fi; done)

.PHONY: run test lint bench clean

$(VENV)/.created:
	@if [ -z "$(PYTHON)" ]; then echo "privacyapp needs Python 3.11 or newer with venv; none was found." >&2; exit 1; fi
	@echo "Creating $(VENV) with $$($(PYTHON) -c 'import sys; print(sys.executable, sys.version.split()[0])')"
	$(PYTHON) -m venv $(VENV)
	@touch $@

# Reinstall only when pyproject.toml changed; the editable install picks up code changes by itself.
$(VENV)/.installed-app: pyproject.toml | $(VENV)/.created
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/.created
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,dev]'
	@touch $@ $(VENV)/.installed-app

run: $(VENV)/.installed-app
	$(VENV)/bin/privacyapp

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check privacyapp tests bench tools
	$(VENV)/bin/mypy

test: lint
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest

bench: $(VENV)/.installed-test
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
