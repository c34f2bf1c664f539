# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= demo.db
PORT ?= 8000

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

.PHONY: venv demo test lint bench
venv: $(STAMP)

## The main job: read the bundled example articles, ingest them into SQLite and serve the UI.
demo: $(STAMP)
	$(BIN)/claimledger read examples/*.txt --format table
	$(BIN)/claimledger ingest examples/*.txt --db $(DB) --quiet || test $$? -eq 1
	$(BIN)/claimledger serve --db $(DB) --port $(PORT) --anonymous-read

## The tests (unit + acceptance on ../shared); CI runs exactly this.
test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check claimledger tests bench
	$(BIN)/mypy claimledger

bench: $(STAMP)
	$(BIN)/python bench/read_throughput.py
