# Påmelding — the two commands: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install chromium nodejs loadbalancer lint bench instructions scale-test clean translations

$(BIN)/.installed: pyproject.toml setup.py
	python3 -m venv $(VENV)
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(BIN)/.installed

## make run: set up, migrate, seed demo data on an empty database, serve on 127.0.0.1:$(PORT)
run: install
	$(BIN)/flask --app wsgi db upgrade
	$(BIN)/flask --app wsgi seed-demo --if-empty
	@echo "Påmelding: http://127.0.0.1:$(PORT)/"
	@$(BIN)/flask --app wsgi demo-logins
	PUBLIC_URL=http://127.0.0.1:$(PORT) MAIL_IN_PROCESS=1 $(BIN)/flask --app wsgi run --host 127.0.0.1 --port $(PORT)

## Debian's chromium for the browser tests (never a downloaded browser build), and ffmpeg
## to turn a ticket's QR code into the fake camera video the check-in test scans
chromium:
	@{ command -v chromium && command -v ffmpeg; } >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium ffmpeg; }

## Debian's nodejs, to run ical.js (Thunderbird's calendar parser, vendored in
## tests/assets/icaljs/) in tests/test_invites.py; no npm needed
nodejs:
	@command -v node >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs; }

## Debian's HAProxy, nginx, Redis, socat and iproute2: the scale test builds several hosts in
## network namespaces behind HAProxy (tests/scale/), and tests/test_deploy.py checks the
## nginx and HAProxy files in deploy/ with the real programs
loadbalancer:
	@{ command -v haproxy && command -v nginx && command -v redis-server && command -v socat && \
	   command -v ip && command -v openssl && command -v pg_dump; } >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	  haproxy nginx redis-server socat iproute2 openssl postgresql-client; }

lint: install
	$(BIN)/ruff check registration tests bench scripts wsgi.py setup.py
	$(BIN)/mypy

## make test: everything the tests need, then the whole suite (SQLite and PostgreSQL), the
## scale test included (about 1.5 minutes; it needs root for the network namespaces)
test: install chromium nodejs loadbalancer lint
	$(BIN)/pytest

## make scale-test: only the scale test: two app hosts behind HAProxy, a host and a mail
## worker killed mid-rush (tests/scale/; root)
scale-test: install loadbalancer
	$(BIN)/pytest -m scale tests/scale

## make bench: registration rush against PostgreSQL behind gunicorn (a figure, not a test)
bench: install
	$(BIN)/python bench/registration_rush.py
	$(BIN)/python bench/report.py

## make instructions: CPU instructions per API registration in the app's process and the
## floor's, counted by valgrind's callgrind (steady where timings move with the machine)
instructions: install
	@command -v valgrind >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq valgrind; }
	$(BIN)/python bench/instructions.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

## make translations: extract interface text, fill English from scripts/english.py, compile
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location -o registration/messages.pot .
	$(BIN)/python scripts/english.py
