# Helseinfo: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Canonical URLs, feeds, sitemaps and share links name the address `make run` serves on.
SITE_URL ?= http://127.0.0.1:$(PORT)
DEV_ENV := DJANGO_DEBUG=true

.PHONY: run test fuzz lint format bench audit clean cluster cluster-stop cluster-status stop status drill backup restore

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files: reinstall only when a requirements file changes.
$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py load_demo
	$(DEV_ENV) $(BIN)/python manage.py create_demo_editor
	@echo "Helseinfo: $(SITE_URL)/  (nyhetsdesken: $(SITE_URL)/admin/)"
	$(DEV_ENV) SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The browser tests' tools (axe-core, the Nu HTML Checker, Lighthouse), pinned in package-lock.json.
# Without npm the browser audits are skipped, with the reason; .ci/run installs everything.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error || echo "npm ci failed: the browser audits will be skipped."; \
	else echo "npm not found: the browser audits will be skipped."; fi

test: $(VENV)/.installed-dev node_modules/.package-lock.json
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The property-based tests with many more examples than `make test` runs them with (minutes, not
# seconds), on the database in DATABASE_URL if set, else SQLite. Failing examples are kept in
# .hypothesis/ and tried first on the next run.
fuzz: $(VENV)/.installed-dev
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_fuzz_*.py $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=helseinfo.settings_test

# Every page of the performance table at 10,000 and 100,000 articles (own PostgreSQL databases and
# Redis database 5), cache cold and warm, against a "hello" view; two photo uploads. bench/run.sh.
bench: $(VENV)/.installed-run
	bench/run.sh

# Lighthouse (mobile) on the demo site's key pages, four scores each. Uses the site on PORT if it
# answers (e.g. `make run` in another terminal), else starts `make run` itself for the audit.
audit: $(VENV)/.installed-run node_modules/.package-lock.json
	$(BIN)/python scripts/audit.py --port $(PORT)

# The production topology on 127.0.0.1 (deploy/cluster.py): nginx on CLUSTER_PORT (8780) in front of
# two gunicorn app servers, PostgreSQL (database helseinfo_cluster), a Redis of its own on 6380 and
# SeaweedFS as the S3 media store, with the demo content. Everything it writes is in var/cluster/;
# `make cluster-stop` stops exactly what it started.
cluster: $(VENV)/.installed-dev
	$(BIN)/python deploy/cluster.py $(if $(filter stop status,$(MAKECMDGOALS)),$(filter stop status,$(MAKECMDGOALS)),start)

# `make cluster stop` and `make cluster status` are read as one command by the rule above.
stop status:
	@:

cluster-stop:
	$(BIN)/python deploy/cluster.py stop

cluster-status:
	$(BIN)/python deploy/cluster.py status

# The failure drill on that cluster (deploy/drill.py), started and stopped here unless it is already
# running: publish across servers, kill an app server under load, stop Redis and the object storage,
# back up and restore. DRILL_SECONDS (60) is the length of the load. Exits non-zero on any FAIL.
drill: $(VENV)/.installed-dev
	$(BIN)/python deploy/drill.py

# The database in DATABASE_URL (pg_dump) and the media (the MEDIA_S3_BUCKET, or MEDIA_ROOT) into
# var/backups/<UTC time>/; `make restore BACKUP=var/backups/<time>` restores one into a new, empty
# database and the configured media storage. For the cluster: eval "$$(deploy/cluster.py env)" first.
backup: $(VENV)/.installed-run
	$(BIN)/python deploy/backup.py backup

restore: $(VENV)/.installed-run
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=var/backups/<time>"; exit 2; }
	$(BIN)/python deploy/backup.py restore "$(BACKUP)"

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .test-media test-artifacts
