# Two commands on a fresh machine:  `make demo` (install, then ingest the sample articles)
# and `make test` (install, then run the test suite). Nothing else needs installing by hand; the browser tests
# need Debian's chromium (`apt-get install chromium`, which .ci/run does) and say so when they skip.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= sqlite:///dossier.db

.PHONY: demo test lock bench fuzz clean

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

demo: $(VENV)/.installed
	$(BIN)/dossier ingest samples/articles --db $(DB)
	$(BIN)/dossier claims --db $(DB) --limit 5
	@echo "Open the claim board: $(BIN)/dossier serve --db $(DB)   (then http://127.0.0.1:8000/)"

test: $(VENV)/.installed
	$(BIN)/ruff check src tests scripts fuzz
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(VENV)/.installed
	$(BIN)/dossier bench --data ../shared/data/voa/voa_stories.jsonl

# Regenerate the hash-pinned lock after changing dependencies in pyproject.toml.
lock:
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra test --extra fuzz --extra postgres --extra train --extra serve --extra ray --extra parquet --generate-hashes --strip-extras \
		--allow-unsafe -o requirements.lock pyproject.toml

# Fuzz every target (fuzz/fuzz_<target>.py, seeds in fuzz/corpus/<target>/) for FUZZ_SECONDS each; the inputs the
# fuzzer adds and any crash (crash-*, timeout-*, oom-*) go under fuzz/.work/<target>/ with the run's log.
# Fails when any target found a defect.  E.g. `make fuzz FUZZ_SECONDS=300 FUZZ_TARGETS="feed warc"`.
FUZZ_SECONDS ?= 60
FUZZ_TIMEOUT ?= 30
FUZZ_TARGETS ?= text json feed html warc gzip analyzer
FUZZ_WORK := fuzz/.work

fuzz: $(VENV)/.installed
	@failed=""; for target in $(FUZZ_TARGETS); do \
		work=$(FUZZ_WORK)/$$target; mkdir -p $$work/corpus; \
		echo "fuzz_$$target: $(FUZZ_SECONDS) s, log in $$work/log"; \
		$(BIN)/python fuzz/fuzz_$$target.py $$work/corpus fuzz/corpus/$$target -max_total_time=$(FUZZ_SECONDS) \
			-timeout=$(FUZZ_TIMEOUT) -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix=$$work/ \
			>$$work/log 2>&1 || failed="$$failed $$target"; \
		grep -a -E "^stat::number_of_executed_units|^Done [0-9]+ runs|^==[0-9]+== ERROR|^ *=== Uncaught|Test unit written" \
			$$work/log | sed 's/^/    /'; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzzing found defects in:$$failed (see $(FUZZ_WORK)/<target>/log)"; exit 1; fi

clean:
	rm -rf $(VENV) dossier.db
