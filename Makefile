# Two commands for a fresh machine with Python 3.11 and make: `make tour` and `make test`.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAGE ?= monolith
PORT ?= 5000

.PHONY: tour test lint serve approve data clean

# The virtualenv is rebuilt when the dependencies change.
$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

tour: $(VENV)/.installed  ## Serve the monolith live, then measure every debt on every stage (the matrix).
	$(BIN)/python -m stages.instrument.tour

test: $(VENV)/.installed lint  ## Lint, then run the whole test suite, one worker per core.
	$(BIN)/python -m pytest -n auto

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

serve: $(VENV)/.installed  ## Serve one stage on localhost: make serve STAGE=monolith PORT=5000
	$(BIN)/python -m stages.instrument.serve $(STAGE) --port $(PORT)

approve:  ## Approve the golden master a failing test received: make approve STAGE=monolith
	mv tests/golden/$(STAGE).received.csv tests/golden/$(STAGE).approved.csv

data: $(VENV)/.installed  ## Regenerate data/german_credit.csv from data/raw/ (byte-identical).
	$(BIN)/python -m credit_data.build

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache

# Production serving of the last stage: gunicorn, N sync workers, one OpenMP thread each (see
# docs/reference/FIGURES.md). Settings come from CREDIT_* variables (refactored/config.py);
# state defaults to instance/refactored/. On first start one worker trains the champion.
WORKERS ?= 2
.PHONY: serve-prod
serve-prod: $(VENV)/.installed  ## Serve refactored under gunicorn: make serve-prod WORKERS=2 PORT=8000
	OMP_NUM_THREADS=1 $(BIN)/gunicorn --workers $(WORKERS) --bind 127.0.0.1:$(PORT) \
		--access-logfile - --no-control-socket "refactored:create_app()"
