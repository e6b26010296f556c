# Two commands: `make run` serves the portal with demo data, `make test` runs every test
# (`make test-fast`: all but the browser tests).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PYTEST_WORKERS ?= auto

.PHONY: run test test-fast lint format install chromium nginx migrate clean benchmark stack stack-down \
	translations translations-extract

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --upgrade pip "setuptools>=70"
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Patient pages in Hindi, Kannada and Telugu: the .po catalogues are the source (committed);
# the compiled .mo files are built here, by `make run` and `make test`, never committed.
TRANSLATIONS := portal/translations
CATALOGUES := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)

translations: install $(CATALOGUES:.po=.mo)

$(TRANSLATIONS)/%/LC_MESSAGES/messages.mo: $(TRANSLATIONS)/%/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -l $* -i $< -o $@

# After marking new strings: refresh every catalogue from the code (new entries come empty,
# never as fuzzy guesses; clinical wording must be translated, not approximated).
translations-extract: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --add-location=file \
		--sort-by-file -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) \
		--no-fuzzy-matching --ignore-obsolete

# The worker (emails, reminders, erasures) runs in the background and stops with the server.
run: install translations
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	$(FLASK) worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port 5000

migrate: install
	$(FLASK) db upgrade

chromium:
	@bash scripts/ensure-chromium

nginx:
	@bash scripts/ensure-nginx

# Production's shape on this machine, in the background: nginx on 127.0.0.1:8080 in front of
# two gunicorn app servers (8101, 8102), the worker, PostgreSQL and Redis. README "Deploying".
stack: install nginx
	$(BIN)/python scripts/stack.py up

stack-down: install
	$(BIN)/python scripts/stack.py down

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# loadgroup: the tests of one xdist_group (the scale-out stack) share a worker, and one stack.
test: install translations chromium nginx lint
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup

# Everything but the browser tests: no Chromium needed, for the edit-test loop.
test-fast: install translations nginx lint
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup -m "not browser"

# Needs DATABASE_URL with chain-sized data (flask seed-scale); see README "Measuring at a
# chain's size". Prints a table; asserts nothing.
benchmark: install
	$(BIN)/python scripts/benchmark.py $(BENCHMARK_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache screenshots test-results
