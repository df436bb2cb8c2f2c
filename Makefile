# Two commands for a fresh machine with Python 3.11 and make: `make tour` and `make test`.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAGE ?= monolith
PORT ?= 5000

REPORT_DIR ?= instance/report
CHROMIUM := /usr/bin/chromium

.PHONY: tour test lint serve approve data clean report screenshots browser postgres

# The virtualenv is rebuilt when the dependencies change. The tour and the stage commands need
# the runtime dependencies only (`.installed-runtime`); the report needs the `report` extra
# (`.installed-report`); the tests, the linter and the screenshots need the `dev` extra
# (`.installed`), which includes both.
#
# pip installs uv (pinned in constraints.txt), and uv installs the pinned dependencies: about
# 15 s for the `dev` extra in a new virtualenv, against about 40 s with pip alone. Like pip, it
# compiles their bytecode at install: with PYTHONDONTWRITEBYTECODE set, as on some machines,
# every process would otherwise compile what it imports. uv does not read pip's configuration
# (a mirror, a certificate): when it cannot install, pip does.
define install
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt uv
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python \
		-c constraints.txt -e $(1) \
		|| (echo "uv could not install; installing with pip" \
		&& $(BIN)/python -m pip install --quiet --upgrade pip \
		&& $(BIN)/python -m pip install --quiet -c constraints.txt -e $(1))
endef

$(VENV)/.installed-runtime: pyproject.toml constraints.txt
	$(call install,.)
	touch $@

$(VENV)/.installed-report: pyproject.toml constraints.txt
	$(call install,".[report]")
	touch $@ $(VENV)/.installed-runtime

$(VENV)/.installed: pyproject.toml constraints.txt
	$(call install,".[dev]")
	touch $@ $(VENV)/.installed-runtime $(VENV)/.installed-report

tour: $(VENV)/.installed-runtime  ## Serve the monolith live, then the last stage, then the matrix's diagonal.
	$(BIN)/python -m stages.instrument.tour

# Each stage's tests run on one worker (the scheduler in tests/conftest.py), so its trained
# instance and probe report are built once per run, not once per worker. One worker per core
# already uses every core: a BLAS thread pool per worker (and per stage it starts) would only
# oversubscribe them, so each process computes on one thread.
test: $(VENV)/.installed lint browser postgres  ## Lint, then run the whole test suite, one worker per core.
	OMP_NUM_THREADS=1 $(BIN)/python -m pytest -n auto

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

serve: $(VENV)/.installed-runtime  ## Serve one stage on localhost: make serve STAGE=monolith PORT=5000
	$(BIN)/python -m stages.instrument.serve $(STAGE) --port $(PORT)

approve:  ## Approve the golden master a failing test received: make approve STAGE=monolith
	@if [ ! -f tests/golden/$(STAGE).received.csv ]; then \
		echo "nothing to approve: tests/golden/$(STAGE).received.csv does not exist."; \
		echo "A golden-master test writes it when $(STAGE)'s answers differ from the approved file;"; \
		echo "run the tests first (make test), review the received file, then approve it."; \
		exit 1; \
	fi
	mv tests/golden/$(STAGE).received.csv tests/golden/$(STAGE).approved.csv
	@echo "approved tests/golden/$(STAGE).approved.csv"

report: $(VENV)/.installed-report  ## Build the instructor's HTML report (every stage measured) in instance/report/.
	$(BIN)/python -m stages report --out $(REPORT_DIR)

screenshots: $(VENV)/.installed browser report  ## Regenerate docs/screenshots/ from a fresh report.
	$(BIN)/python -m stages.instrument.report.screenshots $(REPORT_DIR) docs/screenshots

# The browser test drives Debian's Chromium through Playwright (never `playwright install`,
# which downloads a browser build). Installing it needs root, as in CI.
browser:
	@test -x $(CHROMIUM) || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium)

# Debian's PostgreSQL server, for the tests' throw-away clusters (tests/support/postgres.py).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql)

data: $(VENV)/.installed-runtime  ## Regenerate data/german_credit.csv from data/raw/ (byte-identical).
	$(BIN)/python -m credit_data.build

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache

# Production serving of the last stage: gunicorn, N sync workers, one OpenMP thread each (see
# docs/reference/FIGURES.md). Settings come from CREDIT_* variables (refactored/config.py);
# state defaults to instance/refactored/. On a fresh instance the release step, run before the
# workers start, trains the champion; no worker trains.
# refactored/gunicorn_config.py: JSON logs at INFO; a stopping worker ends its retraining jobs.
WORKERS ?= 2
.PHONY: serve-prod
serve-prod: $(VENV)/.installed-runtime  ## Serve refactored under gunicorn: make serve-prod WORKERS=2 PORT=8000
	OMP_NUM_THREADS=1 $(BIN)/gunicorn --config refactored/gunicorn_config.py \
		--workers $(WORKERS) --bind 127.0.0.1:$(PORT) --no-control-socket
