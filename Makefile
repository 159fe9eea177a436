# make run   set up and serve the site on SQLite with the declaration and demo data loaded
# make test  set up and run the whole test suite (SQLite; PostgreSQL when DATABASE_URL is set)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEV_ENV := DJANGO_DEBUG=1
TEST_ENV := DJANGO_SECRET_KEY=test-only-secret-key-not-for-production DJANGO_DEBUG=0

AXE := tests/browser/node_modules/axe-core/axe.min.js
# Browser tests drive Debian's Chromium; compilemessages needs gettext's msgfmt.
SYSTEM_PACKAGES := chromium gettext fonts-noto-core fonts-noto-cjk

.PHONY: install system-packages messages compilemessages run test lint check migrate load clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

system-packages:
	@if ! dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES); \
	fi

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

install: $(STAMP) system-packages $(AXE) compilemessages

# The interface's Japanese and Hindi catalogues: `make messages` after changing a string,
# translate what it adds to locale/*/LC_MESSAGES/django.po; `make test` fails until then.
MESSAGES_IGNORE := --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=bench --ignore=tests
messages: $(STAMP)
	$(DEV_ENV) $(BIN)/python manage.py makemessages --locale=ja --locale=hi --no-obsolete --no-location $(MESSAGES_IGNORE)

compilemessages: $(STAMP) system-packages
	$(DEV_ENV) $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules --verbosity 0

migrate: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput

load: migrate
	$(DEV_ENV) $(BIN)/python manage.py load_declaration
	$(DEV_ENV) $(BIN)/python manage.py load_demo

run: load
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(TEST_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(TEST_ENV) $(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/python manage.py check
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
