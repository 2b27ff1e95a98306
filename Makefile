# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum requirements.lock | cut -d' ' -f1)

.PHONY: run test setup lint check bench messages clean lock

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit("Python >= 3.11 is required, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "==> Installing pinned dependencies from requirements.lock"
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

setup: $(STAMP)
	@mkdir -p var
	@$(BIN)/python manage.py migrate --noinput
	@$(BIN)/python manage.py load_demo

run: setup
	@echo "==> Serving http://127.0.0.1:8000 with the background worker and the scheduler (Ctrl-C stops all)"
	@$(BIN)/honcho -f deploy/Procfile.dev start

test: $(STAMP)
	@mkdir -p var
	@$(BIN)/python -m pytest $(PYTEST_ARGS)

# Benchmark under gunicorn on PostgreSQL (BENCH_DATABASE_URL); QUICK=1 for a small, short run.
bench: $(STAMP)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || \
		echo "wrk not installed; using the slower Python load generator"
	@QUICK=$(QUICK) $(BIN)/python bench/run.py

lint: $(STAMP)
	@$(BIN)/ruff check .

check: $(STAMP)
	@$(BIN)/python manage.py check
	@$(BIN)/python manage.py makemigrations --check --dry-run

lock:
	uv pip compile pyproject.toml --extra dev --generate-hashes --universal --python-version 3.11 -o requirements.lock

# Translations: the compiled .mo files are committed, so a fresh machine needs no gettext tools.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l da --no-wrap --ignore=.venv --ignore=var --ignore=bench
	$(BIN)/python manage.py makemessages -d djangojs -l da --no-wrap --ignore=.venv --ignore=var --ignore=bench
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var
