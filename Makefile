# Two commands: `make run` serves the portal with demo data, `make test` runs every test
# (`make test-fast`: all but the browser tests).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PYTEST_WORKERS ?= auto

.PHONY: run test test-fast lint format install chromium migrate clean benchmark

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --upgrade pip "setuptools>=70"
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# The worker (emails, reminders, erasures) runs in the background and stops with the server.
run: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	$(FLASK) worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port 5000

migrate: install
	$(FLASK) db upgrade

chromium:
	@bash scripts/ensure-chromium

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install chromium lint
	$(BIN)/pytest -n $(PYTEST_WORKERS)

# Everything but the browser tests: no Chromium needed, for the edit-test loop.
test-fast: install lint
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not browser"

# Needs DATABASE_URL with chain-sized data (flask seed-scale); see README "Measuring at a
# chain's size". Prints a table; asserts nothing.
benchmark: install
	$(BIN)/python scripts/benchmark.py $(BENCHMARK_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache screenshots test-results
