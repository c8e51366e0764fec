# JalinMitra: `make run` serves the demo, `make test` lints and runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run serve test lint format worker bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || ($(PYTHON) -m venv --without-pip --clear $(VENV) && $(BIN)/python scripts/bootstrap_pip.py)

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

run: export DEBUG ?= 1
# Links in PDFs, QR codes and emails point where the site is really served.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: $(VENV)/.installed
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable
	$(MANAGE) demo
	$(MANAGE) periodic_start
	@echo "JalinMitra: http://127.0.0.1:$(PORT)  (pekerja latar belakang ikut berjalan)"
	@$(MANAGE) db_worker --no-reload --interval 1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) runserver 127.0.0.1:$(PORT)

# Production on one machine, DEBUG off, from the same environment variables as the systemd
# units (deploy/): `set -a; . /etc/jalinmitra/jalinmitra.env; set +a; make serve`.
serve: export DEBUG = 0
serve: $(VENV)/.installed
	$(MANAGE) check --deploy --fail-level ERROR
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable
	$(MANAGE) collectstatic --noinput --verbosity 0
	@$(MANAGE) db_worker --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/gunicorn -c deploy/gunicorn.conf.py config.wsgi

worker: $(VENV)/.installed
	$(MANAGE) db_worker --no-reload

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: export DEBUG = 1
test: lint
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(VENV)/.installed
	$(BIN)/python bench/bench_matching.py
	$(BIN)/python bench/bench_scheduling.py
	$(BIN)/python bench/bench_matching_app.py --db sqlite
	$(BIN)/python bench/bench_agreement_pdf.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
