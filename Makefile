# The two commands a newcomer types: `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000

# A key of this machine's own for `make run`; production sets DJANGO_SECRET_KEY itself.
export DJANGO_SECRET_KEY ?= $(shell test -f .secret_key || $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > .secret_key; cat .secret_key)

.PHONY: run superuser test lint system-packages browser-packages messages audit bench bench-packages clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $@

# gettext (msgfmt) compiles the translations; Debian ships it, a fresh machine may not have it.
system-packages:
	@command -v msgfmt >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -q gettext >/dev/null; } \
		|| { echo "Install gettext (msgfmt) to compile translations."; exit 1; }

# The browser tests drive Debian's chromium: Playwright never downloads a browser here.
browser-packages:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -q >/dev/null \
		&& apt-get install -y -q chromium >/dev/null; } \
		|| { echo "Install chromium for the browser tests."; exit 1; }

# On PostgreSQL, `manage.py backup` and `restore` run pg_dump and pg_restore, and their tests
# createdb and dropdb: Debian's postgresql-client has them (not older than the server's version).
.PHONY: postgres-client
postgres-client:
	@case "$$DATABASE_URL" in postgres*) command -v pg_restore >/dev/null \
		|| { [ "$$(id -u)" = 0 ] && apt-get update -q >/dev/null \
			&& apt-get install -y -q postgresql-client >/dev/null; } \
		|| { echo "Install postgresql-client (pg_dump, pg_restore) for backups on PostgreSQL."; \
			exit 1; };; esac

messages: system-packages $(VENV)/.installed-run
	$(MANAGE) compilemessages --ignore=$(VENV) -v0

# Brings the Vietnamese catalogue up to date with the code and templates: translate what it adds.
.PHONY: translations
translations: system-packages $(VENV)/.installed-run
	$(MANAGE) makemessages -l vi --ignore=$(VENV) --ignore=node_modules --ignore=tests --no-obsolete

run: $(VENV)/.installed-run messages
	$(MANAGE) migrate --noinput
	$(MANAGE) createinitialrevisions programme --comment "Initial version." -v0
	$(MANAGE) seed
	$(MANAGE) rebuild_search_index
	$(MANAGE) collectstatic --noinput -v0
	@echo "Serving the portal at http://127.0.0.1:$(PORT)/"
	@# publish_scheduled applies what is due every minute, in a process of its own that stops with
	@# gunicorn, as cron or a systemd timer does in production (README, "Review and scheduling").
	$(MANAGE) publish_scheduled --every 60 & scheduler=$$!; \
		trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
		PORT=$(PORT) DJANGO_HTTPS=false DJANGO_SERVE_MEDIA=true \
		$(BIN)/gunicorn portal.wsgi --config gunicorn.conf.py

# The first administrator, on the database of `make run` (run it beside `make run`, or before it).
# It asks for a user name, an email and a password; with DJANGO_SUPERUSER_USERNAME,
# DJANGO_SUPERUSER_EMAIL and DJANGO_SUPERUSER_PASSWORD set it asks nothing.
superuser: $(VENV)/.installed-run
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) createsuperuser $(if $(DJANGO_SUPERUSER_USERNAME),--noinput)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The suite mostly waits (servers, browsers, subprocesses), so it runs in more processes than the
# machine has cores; tests that share a server or a Redis database are kept on one worker by
# their xdist_group. TEST_WORKERS=0 runs it in this process alone.
TEST_WORKERS ?= 4
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

test: $(VENV)/.installed-test messages lint browser-packages postgres-client html-checker
	$(MANAGE) makemigrations --check --dry-run
	$(PYTEST)

# The developer's own loop: everything but the tests marked slow (CI always runs everything).
.PHONY: test-fast
test-fast: $(VENV)/.installed-test messages browser-packages html-checker
	$(PYTEST) -m "not slow"

# The W3C Nu HTML Checker (npm vnu-jar) and Java to run it, for tests/test_html_validity.py. In a
# folder of its own: npm --no-save removes what another --no-save install put beside it.
VNU_VERSION ?= 26.9.27
.PHONY: html-checker
html-checker: .vnu/node_modules/vnu-jar/build/dist/vnu.jar
	@command -v java >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -q >/dev/null \
		&& apt-get install -y -q default-jre-headless >/dev/null; } \
		|| { echo "Install Java (default-jre-headless) for the HTML checker."; exit 1; }
.vnu/node_modules/vnu-jar/build/dist/vnu.jar:
	@command -v npm >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -q nodejs npm >/dev/null; }
	npm install --prefix .vnu --no-save --no-package-lock --no-audit --no-fund --silent vnu-jar@$(VNU_VERSION)

# Every page type at 360 and 1366 px in both languages, in screenshots/ (SCREENSHOTS_DIR).
.PHONY: screenshots
screenshots: $(VENV)/.installed-test messages browser-packages
	$(BIN)/python scripts/site_tour.py $(SCREENSHOTS_DIR)

# Lighthouse from the npm registry, run against Debian's chromium; see scripts/audit.sh.
LIGHTHOUSE_VERSION ?= 12.8.2
node_modules/.bin/lighthouse:
	@command -v npm >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -q nodejs npm >/dev/null; }
	npm install --no-save --no-package-lock --no-audit --no-fund --silent lighthouse@$(LIGHTHOUSE_VERSION)

audit: $(VENV)/.installed-run messages browser-packages node_modules/.bin/lighthouse
	scripts/audit.sh

# Search page latency (p50, p99) on the seed and on about 1,000 and 10,000 generated projects,
# on SQLite and on PostgreSQL at BENCH_POSTGRES_URL (a database it drops and makes again; its
# name must contain "bench"). See scripts/bench_search.py and README.md, "Search".
.PHONY: bench-search
BENCH_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/portal_bench_search
bench-search: $(VENV)/.installed-run messages
	$(BIN)/python scripts/bench_search.py
	BENCH_DATABASE_URL=$(BENCH_POSTGRES_URL) $(BIN)/python scripts/bench_search.py

# wrk (Debian's package) drives the load for `make bench`.
bench-packages:
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -q >/dev/null \
		&& apt-get install -y -q wrk >/dev/null; } \
		|| { echo "Install wrk for the benchmark."; exit 1; }

# Requests per second and latency of the main pages, cached and not, under gunicorn, on SQLite
# and then on PostgreSQL at BENCH_DATABASE_POSTGRES_URL (a database it drops and makes again; its
# name must contain "bench"), with the cache in Redis at BENCH_REDIS_URL (a database it empties).
# See scripts/bench.py and README.md, "Caching and load". Not part of `make test`.
BENCH_DATABASE_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/portal_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/11
bench: $(VENV)/.installed-run messages bench-packages
	BENCH_REDIS_URL=$(BENCH_REDIS_URL) $(BIN)/python scripts/bench.py
	BENCH_REDIS_URL=$(BENCH_REDIS_URL) BENCH_DATABASE_URL=$(BENCH_DATABASE_POSTGRES_URL) \
		$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) staticfiles

# The CPU time each page of `make bench` takes to make, beside the one-query reference view, in
# one process: steadier than request rates on a shared machine. See scripts/bench_cpu.py.
.PHONY: bench-cpu
bench-cpu: $(VENV)/.installed-run messages
	$(BIN)/python scripts/bench_cpu.py

# The base maps of the partner page: Natural Earth's coastlines and borders (npm world-atlas)
# projected once by d3-geo into static/img/partner-map/*.svg, with programme/partner_map.json
# (how they are projected). Their output is kept in the repository; run again only to change them.
.PHONY: partner-map
partner-map:
	@command -v npm >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -q nodejs npm >/dev/null; }
	cd scripts/partner_map && npm ci --no-audit --no-fund --silent && node make_maps.mjs
