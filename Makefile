# Two commands on a fresh machine: `make run` and `make test`. Python 3.11 is the only prerequisite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
export FLASK_APP := service:create_app
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-test run serve migrate demo test test-sqlite test-pg bench system-deps clean lint

# Development secrets: made once, random, kept in instance/secrets.env (mode 600) and read by the targets below
# that start the app. Production (`make serve`) takes SECRET_KEY and KEY_PASSPHRASE from its environment and
# refuses to start without them.
DEV_SECRETS := instance/secrets.env
DEV_ENV := set -a && . ./$(DEV_SECRETS) && set +a &&

$(DEV_SECRETS):
	@mkdir -p instance
	@umask 077 && $(PYTHON) -c 'import secrets; print(f"SECRET_KEY={secrets.token_hex(32)}\nKEY_PASSPHRASE={secrets.token_hex(32)}")' > $@
	@echo "development secrets written to $@"

$(VENV)/.installed: requirements.txt constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Cần $(PYTHON) (Python 3.11)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements.txt -c constraints.txt
	touch $@

install: $(VENV)/.installed

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(PIP) install -q -r requirements-test.txt -c constraints.txt
	touch $@

install-test: $(VENV)/.installed-test

migrate: install $(DEV_SECRETS)
	$(DEV_ENV) $(VENV)/bin/flask db upgrade

demo: migrate
	$(DEV_ENV) $(VENV)/bin/flask demo load
	$(DEV_ENV) $(VENV)/bin/flask keys init

# Development: SQLite file in instance/, demo data, gunicorn on http://127.0.0.1:8000
run: demo
	$(DEV_ENV) $(VENV)/bin/gunicorn -c gunicorn.conf.py --bind $(HOST):$(PORT) "service:create_app()"

# Production: DATABASE_URL (PostgreSQL), migrations first, then gunicorn with the config file.
serve: install
	bash bin/boot

system-deps:
	@bash bin/ensure-system-deps

test: install-test system-deps
	$(VENV)/bin/pytest

bench: install-test
	$(PY) -m bench $(BENCH_ARGS)

lint: install-test
	$(VENV)/bin/ruff check service workflows tests bench

clean:
	rm -rf $(VENV) instance .pytest_cache test-artifacts
