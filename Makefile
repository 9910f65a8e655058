# Two commands on a fresh machine:  `make demo` (install, then ingest the sample articles)
# and `make test` (install, then run the test suite). Nothing else needs installing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= sqlite:///dossier.db

.PHONY: demo test lock bench clean

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

demo: $(VENV)/.installed
	$(BIN)/dossier ingest samples/articles --db $(DB)

test: $(VENV)/.installed
	$(BIN)/ruff check src tests scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(VENV)/.installed
	$(BIN)/dossier bench --data ../shared/data/voa/voa_stories.jsonl

# Regenerate the hash-pinned lock after changing dependencies in pyproject.toml.
lock:
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra test --extra fuzz --extra postgres --extra train --generate-hashes --strip-extras \
		--allow-unsafe -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) dossier.db
