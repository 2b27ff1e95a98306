# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# requirements-dev.lock: the runtime lock plus tests, demo and tools; production installs requirements.lock only.
LOCK := requirements-dev.lock
STAMP := $(VENV)/.installed-$(shell cksum $(LOCK) | cut -d' ' -f1)
# `make run PORT=8100` when port 8000 is taken. BASE_URL (the address in every email link and in the Site record)
# follows the port unless it is set in the environment or on the command line.
PORT ?= 8000
BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test setup lint check bench messages clean lock screenshots

$(STAMP): $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit("Python >= 3.11 is required, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "==> Installing pinned dependencies from $(LOCK)"
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

setup: $(STAMP)
	@mkdir -p var
	@echo "==> Migrating the database (var/)"
	@$(BIN)/python manage.py migrate --noinput --verbosity 0
	@BASE_URL='$(BASE_URL)' $(BIN)/python manage.py load_demo $(DEMO_ARGS)

run: DEMO_ARGS = --no-accounts
run: setup
	@echo "==> Serving http://127.0.0.1:$(PORT) with the background worker and the scheduler (Ctrl-C stops all)"
	@PORT='$(PORT)' BASE_URL='$(BASE_URL)' SITE_PORT='$(PORT)' $(BIN)/honcho -f deploy/Procfile.dev start

test: $(STAMP)
	@mkdir -p var
	@$(BIN)/python -m pytest $(PYTEST_ARGS)

# The README's pictures of the staff workspace (docs/screenshots/), taken by its browser tests.
screenshots: $(STAMP)
	@mkdir -p var
	@UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest tests/browser/test_workspace.py -q -p no:cacheprovider

# Benchmark under gunicorn on PostgreSQL (BENCH_DATABASE_URL); QUICK=1 for a small, short run.
bench: $(STAMP)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || \
		echo "wrk not installed; using the slower Python load generator"
	@QUICK=$(QUICK) $(BIN)/python bench/run.py

lint: $(STAMP)
	@$(BIN)/ruff check .
	@$(BIN)/lint-imports

check: $(STAMP)
	@$(BIN)/python manage.py check
	@$(BIN)/python manage.py makemigrations --check --dry-run

lock:
	uv pip compile pyproject.toml --generate-hashes --universal --python-version 3.11 -o requirements.lock
	uv pip compile pyproject.toml --extra dev --generate-hashes --universal --python-version 3.11 -o requirements-dev.lock

# Translations: the compiled .mo files are committed, so a fresh machine needs no gettext tools.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l da --no-wrap --ignore=.venv --ignore=var --ignore=bench
	$(BIN)/python manage.py makemessages -d djangojs -l da --no-wrap --ignore=.venv --ignore=var --ignore=bench
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var
