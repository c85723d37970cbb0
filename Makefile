# Two commands do everything: `make demo` and `make test`. `make check` before every commit.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test test-fast check format lint types arch lock bench clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/ridgeline demo

test: install
	$(BIN)/python tools/ensure_browser.py
	$(BIN)/python -m pytest

format: install
	$(BIN)/ruff format src tests benchmarks tools

lint: install
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/ruff check src tests benchmarks tools

types: install
	$(BIN)/mypy src tests

arch: install
	$(BIN)/python tools/check_layers.py

check: lint types arch test

lock:
	uv pip compile pyproject.toml --extra dev -o requirements.lock --python-version 3.11 --generate-hashes -q

bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
