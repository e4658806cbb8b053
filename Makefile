# Varta — the two commands are `make run` and `make test`; see README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements-dev.lock | sha256sum | cut -c1-12)
PYTEST_ARGS ?=
# pytest-xdist workers: the machines this runs on have two cores. Each worker has its own test
# database and Redis database (conftest.py, config/env.py); 0 runs the suite in one process.
# --dist loadfile runs each module's tests on one worker, so what a module's tests share (the
# model fitted on the whole corpus for tests/scoring/test_model.py) is made once, not on each
# worker. (Grouping by xdist_group marks, --dist loadgroup, groups nothing with pytest 9.2:
# pytest-xdist issue 1386.)
PYTEST_WORKERS ?= 2
PYTEST := -m pytest -n $(PYTEST_WORKERS) --dist loadfile
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/varta
TEST_ENV := DJANGO_DEBUG=0 SECRET_KEY=test-only-secret-long-enough-for-the-production-check-0123456789 DJANGO_HTTPS=0 ALLOWED_HOSTS=localhost,127.0.0.1,testserver

.PHONY: install run test test-postgres lint format bench messages lock clean

install: $(STAMP)

$(STAMP): requirements-dev.lock
	@command -v $(PYTHON) >/dev/null || { echo "ERROR: $(PYTHON) is needed (Python 3.11). Install it, or run 'make PYTHON=/path/to/python3.11 ...'."; exit 1; }
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-dev.lock
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

run: install
	@scripts/run.sh

# The whole suite against a private redis-server on a free port (never your data)
# and the configured database (DATABASE_URL; by default a throwaway SQLite file).
test: install
	@scripts/chromium.sh
	@set -e; url=$$(scripts/redis.sh private test); \
	trap 'scripts/redis.sh stop test' EXIT; \
	REDIS_URL=$$url $(TEST_ENV) \
	  $(PY) $(PYTEST) $(PYTEST_ARGS)

test-postgres: install
	@scripts/chromium.sh
	@set -e; url=$$(scripts/redis.sh private test-pg); \
	trap 'scripts/redis.sh stop test-pg' EXIT; \
	DATABASE_URL=$(POSTGRES_URL) REDIS_URL=$$url $(TEST_ENV) \
	  $(PY) $(PYTEST) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_DEBUG=1 $(VENV)/bin/mypy .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	@set -e; url=$$(scripts/redis.sh private bench); \
	trap 'scripts/redis.sh stop bench' EXIT; \
	REDIS_URL=$$url DJANGO_DEBUG=1 $(PY) -m bench

# Regenerate the translation catalogues after changing user-facing strings.
messages: install
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l uk -l en --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=bench
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -d djangojs -l uk -l en --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=bench
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

# Re-resolve the pinned, hashed lock files from pyproject.toml (needs uv).
lock:
	uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements.lock
	uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements-dev.lock

clean:
	rm -rf $(VENV) var/static var/redis-*
