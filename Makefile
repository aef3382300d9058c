# Comptoir — two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
VENDOR := src/comptoir/web/static/vendor
HOST   ?= 127.0.0.1:8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: setup vendor run test test-fast test-e2e lint messages bench clean

setup: $(VENV)/.installed vendor

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

# Front-end files come from the npm registry and are copied, unbundled, into a git-ignored folder.
vendor: $(VENDOR)/.copied

$(VENDOR)/.copied: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/htmx $(VENDOR)/bootstrap $(VENDOR)/bootstrap-icons $(VENDOR)/chart.js
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/js/bootstrap.bundle.min.js $(VENDOR)/bootstrap/
	cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts $(VENDOR)/bootstrap-icons/
	cp node_modules/chart.js/dist/chart.umd.min.js $(VENDOR)/chart.js/
	@touch $@

# Sets up, migrates the SQLite base in var/, creates the company, demo data and the
# administrator on first run (the password is printed once), then serves with a task worker.
run: setup
	$(BIN)/comptoir migrate --noinput
	$(BIN)/comptoir collectstatic --noinput --verbosity 0
	$(BIN)/comptoir demo --if-empty
	$(BIN)/comptoir createadmin --if-missing
	$(BIN)/comptoir serve --bind $(HOST) --with-worker

# The whole suite. Browser tests need Debian's Chromium; without it they are skipped, loudly.
test: setup
	@if [ -x $(CHROMIUM) ]; then \
		$(BIN)/pytest; \
	else \
		echo "Browser tests skipped: $(CHROMIUM) is missing (install it with: sudo apt-get install chromium)."; \
		$(BIN)/pytest -m "not e2e"; \
	fi

test-fast: setup
	$(BIN)/pytest -m "not e2e" -x -q

test-e2e: setup
	$(BIN)/pytest -m e2e

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

# Refresh the translation catalogues after changing texts (needs GNU gettext).
messages: setup
	cd src/comptoir && ../../$(BIN)/comptoir makemessages --locale fr --no-obsolete --no-location --ignore 'web/static/vendor/*'
	cd src/comptoir && ../../$(BIN)/comptoir compilemessages

bench: setup
	$(BIN)/python -m bench http --size 1

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var/static
