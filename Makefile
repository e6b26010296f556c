# Two commands: `make run` serves the portal with demo data, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PYTEST_WORKERS ?= auto

.PHONY: run test lint format install chromium migrate clean benchmark

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --upgrade pip "setuptools>=70"
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	$(FLASK) run --host 127.0.0.1 --port 5000

migrate: install
	$(FLASK) db upgrade

chromium:
	@bash scripts/ensure-chromium

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install chromium lint
	$(BIN)/pytest -n $(PYTEST_WORKERS)

# Needs DATABASE_URL with chain-sized data (flask seed-scale); see README "Measuring at a
# chain's size". Prints a table; asserts nothing.
benchmark: install
	$(BIN)/python scripts/benchmark.py $(BENCHMARK_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache screenshots test-results
