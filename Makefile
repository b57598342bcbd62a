# The everyday verbs. `make run` and `make test` work on a fresh clone with
# Python 3.12+ and make: each installs what it needs first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test test-fast lint format check install lock seed editor bench eval-intake clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is needed; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Every dependency at the version and hash requirements.lock pins (make lock renews it),
# then the project itself, editable.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

## lock: pin every dependency of pyproject.toml (with the dev extra) and its hashes anew
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
		--python-version 3.12 --quiet -o requirements.lock

## run: install, migrate, load the seed data and serve on http://127.0.0.1:8000
run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py loaddata seed
	$(BIN)/python manage.py runserver $(HOST)

## test: install and run the whole test suite (browser tests need Debian's chromium) on
## every core, in one run: each worker with its own database (and Chromium and live server
## for the browser tests), so no worker waits for another run's last test
test: install
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

## test-fast: the developer's loop, on every core: everything but the browser tests and
## those marked slow (servers, subprocesses, fuzzing, large data sets), which make test runs
test-fast: install
	$(BIN)/python -m pytest -m "not browser and not slow" -n auto $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py verify_citations

seed: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py loaddata seed

## editor: create a staff account in the Editors group
editor: install
	$(BIN)/python manage.py create_editor

## bench: the newsroom-scale benchmark on PostgreSQL (benchmarks/README.md; ~15 min, not CI)
bench: install
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

## eval-intake: the intake assistant's precision and recall on intake_corpus/ (docs/intake.md)
eval-intake: install
	$(BIN)/python intake_corpus/evaluate.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-shm db.sqlite3-wal
