# cocopa: the only entry point people need (STYLE.md §15).
#   make run    set up a virtualenv, a database with the demo network and an administrator; serve on :8000
#   make test   every check CI runs: lint, types, migrations, OpenAPI, the whole test suite
# `make help` lists the rest. Environment variables: see .env.example.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
COCOPA := $(BIN)/cocopa
# gunicorn workers for `make run`; the benchmark uses 2 x cores + 1 (bench/README.md).
WORKERS ?= 3
# Checks import the settings, which want a secret key; they never need the real one, nor the
# development database (`:memory:` unless DATABASE_URL points elsewhere, as on CI's PostgreSQL run).
CHECK_ENV := SECRET_KEY=check DATABASE_URL=$${DATABASE_URL:-sqlite://:memory:}
# Catalogues to compile. Without any, nothing needs GNU gettext.
PO_FILES := $(shell find cocopa -name '*.po' 2>/dev/null)
IGNORE := --ignore=.venv --ignore=var --ignore=bench --ignore=node_modules

.PHONY: help install run test lint typecheck migrations-check openapi openapi-check pytest \
	messages compile-messages browser bench lighthouse lock clean reset-db

help:
	@echo "make run             set up and serve on 127.0.0.1:\$${PORT:-8000} (demo data, admin, static files)"
	@echo "make test            lint, typecheck, migrations-check, openapi-check, then pytest (all of CI)"
	@echo "                     (pytest on 2 workers; PYTEST_WORKERS=0 for one process)"
	@echo "make lint            ruff check + ruff format --check"
	@echo "make typecheck       mypy cocopa"
	@echo "make migrations-check  fail when a model change has no migration"
	@echo "make openapi         write openapi.json from the code;  make openapi-check: fail when it is stale"
	@echo "make messages        update cocopa/locale/it/LC_MESSAGES/django.po and compile it"
	@echo "make bench           every benchmark against its floor; fails when a part fails or misses a target (bench/README.md)"
	@echo "make lighthouse      Lighthouse's scores (mobile) of five public pages; fails below a target (README, Benchmarks)"
	@echo "make lock            re-pin requirements.lock from pyproject.toml (UPGRADE=1 to move to newer releases)"
	@echo "make reset-db        delete the development database var/cocopa.sqlite3"
	@echo "make clean           delete the virtualenv $(VENV)"

# ---------------------------------------------------------------- set-up

# The pinned versions of requirements.lock, then the project itself without letting pip re-resolve.
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	touch $@

install: $(VENV)/.installed

# Debian packages a target needs, as "command=package" pairs: installed when missing and we are
# root (as on every machine of this project and on CI), otherwise a clear error.
define need-debian
	@missing=""; \
	for pair in $(1); do command -v "$${pair%%=*}" >/dev/null 2>&1 || missing="$$missing $${pair#*=}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing >/dev/null; \
	  else \
	    echo "error: missing Debian packages:$$missing. Install them (sudo apt-get install$$missing) and run make again." >&2; \
	    exit 1; \
	  fi; \
	fi
endef

# Browser tests drive Debian's chromium through Playwright (no browser download); the factsheet's
# print tests look at its PDF pages through poppler's pdftoppm.
browser:
	$(call need-debian,/usr/bin/chromium=chromium pdftoppm=poppler-utils)

# Django's compilemessages runs GNU msgfmt, which also checks every %(name)s placeholder of a
# translation against its source string.
compile-messages: install
ifneq ($(strip $(PO_FILES)),)
	$(call need-debian,msgfmt=gettext)
	$(CHECK_ENV) $(COCOPA) compilemessages -v0 $(IGNORE)
endif

# ---------------------------------------------------------------- run

run: install compile-messages
	@mkdir -p var
	@if [ ! -s var/secret_key ]; then \
	  (umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key); \
	  chmod 600 var/secret_key; echo "Wrote a new secret key to var/secret_key."; \
	fi
	$(COCOPA) migrate --noinput
	$(COCOPA) load_demo --if-empty
	@# Prints, for a new admin, its password and a one-time link to enrol the second factor.
	COCOPA_SITE_URL=$${COCOPA_SITE_URL:-http://127.0.0.1:$${PORT:-8000}} $(COCOPA) ensure_admin
	$(COCOPA) collectstatic --noinput -v0
	@# The outbox worker delivers queued e-mail beside gunicorn; both stop together (Ctrl-C).
	$(COCOPA) send_outbox --loop & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn cocopa.wsgi -b 127.0.0.1:$${PORT:-8000} --workers $(WORKERS) --access-logfile - --no-control-socket

reset-db:
	rm -f var/cocopa.sqlite3 var/cocopa.sqlite3-wal var/cocopa.sqlite3-shm

# ---------------------------------------------------------------- checks

# A failing step stops `make test`; `make -k test` (as .ci/run does) runs the others too and fails at the end.
test: install browser lint typecheck migrations-check openapi-check pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(CHECK_ENV) $(BIN)/mypy cocopa

migrations-check: install
	$(CHECK_ENV) $(COCOPA) makemigrations --check --dry-run

openapi: install
	$(CHECK_ENV) $(COCOPA) export_openapi_schema --api cocopa.api.api --indent 2 --output openapi.json

# The committed openapi.json must be what the code serves.
openapi-check: install
	$(CHECK_ENV) $(COCOPA) export_openapi_schema --api cocopa.api.api --indent 2 --output $(VENV)/openapi.json
	@diff -u openapi.json $(VENV)/openapi.json || { echo "openapi.json is stale: run make openapi and commit it." >&2; exit 1; }

# pytest-xdist workers: 2 on either database (CI has two cores; docs/decisions/0009, last addendum:
# on an idle machine two workers took PostgreSQL's run of three apps from 242 s to 184 s).
# PYTEST_WORKERS=0 runs the suite serially in one process. `--dist load` hands each worker its
# tests in collection order, which keeps pytest-django's order within each worker (tests in a
# rolled-back transaction before the flushing, transactional ones), so no test meets a database a
# flush emptied of the rows migrations write (the office groups). Whole files per worker (loadfile)
# broke that; worksteal can too, when a worker steals earlier tests after running its own
# transactional ones.
PYTEST_WORKERS ?= 2
PYTEST_XDIST := $(if $(filter-out 0,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS) --dist load)

# The whole suite. Exit code 5 means pytest collected nothing, which is a failure too.
pytest: install browser compile-messages
	@rc=0; $(BIN)/pytest $(PYTEST_XDIST) $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "error: pytest collected no tests." >&2; fi; \
	exit $$rc

# ---------------------------------------------------------------- translations

messages: install
	$(call need-debian,xgettext=gettext)
	$(CHECK_ENV) $(COCOPA) makemessages -l it $(IGNORE)
	$(CHECK_ENV) $(COCOPA) compilemessages -v0 $(IGNORE)

# ---------------------------------------------------------------- benchmark (not part of CI)

bench: install
	$(call need-debian,wrk=wrk)
	COCOPA_SHARED_DATA=$${COCOPA_SHARED_DATA:-$(abspath ..)/shared/data} $(PY) -m bench

# Lighthouse (npm, pinned by bench/npm/package-lock.json) into var/lighthouse/, reinstalled when
# the lock changes; it drives Debian's chromium and never downloads a browser. 12.2.3: Lighthouse
# 13 wants Node 22, and npm ci refuses a lock made with 12.3 to 13.4. Reports: var/lighthouse/reports/.
LIGHTHOUSE_DIR := var/lighthouse

lighthouse: install
	$(call need-debian,/usr/bin/chromium=chromium npm=npm)
	@mkdir -p $(LIGHTHOUSE_DIR)
	@if ! cmp -s bench/npm/package-lock.json $(LIGHTHOUSE_DIR)/package-lock.json \
	    || [ ! -x $(LIGHTHOUSE_DIR)/node_modules/.bin/lighthouse ]; then \
	  cp bench/npm/package.json bench/npm/package-lock.json $(LIGHTHOUSE_DIR)/; \
	  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix $(LIGHTHOUSE_DIR) --no-audit --no-fund --loglevel=error; \
	fi
	CHROME_PATH=/usr/bin/chromium $(PY) -m bench.lighthouse

# ---------------------------------------------------------------- dependencies

# pip-tools runs from a throwaway virtualenv, so it is neither a dependency nor in $(VENV).
lock:
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	python3 -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/pip" install -q 'pip-tools>=7.4'; \
	CUSTOM_COMPILE_COMMAND="make lock" "$$tmp/venv/bin/pip-compile" --quiet $(if $(UPGRADE),--upgrade) --extra dev --strip-extras \
	  --no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml
	@echo "requirements.lock updated: commit it with pyproject.toml."

clean:
	rm -rf $(VENV)
