# The two commands a newcomer needs: `make up` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Where a service's migrations live: top-level packages, or under services/.
VERSION_PATH = $(if $(wildcard $(SERVICE)/__init__.py),$(SERVICE),services/$(SERVICE))/migrations

.PHONY: install up test unit lint typecheck contracts pytest bench clean migration

$(STAMP): pyproject.toml
	@command -v $(PY) >/dev/null 2>&1 || { echo "need $(PY) on PATH"; exit 1; }
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]' --config-settings editable_mode=compat
	@touch $(STAMP)

install: $(STAMP)

up: install
	$(BIN)/o2o up

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy .

contracts: install
	$(BIN)/lint-imports

pytest: install
	$(BIN)/pytest -q

# The pure decisions alone, in seconds: no database, no Redis (tests/unit uses no fixtures).
unit: install
	$(BIN)/pytest -q tests/unit

test: lint typecheck contracts pytest

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .o2o .mypy_cache .ruff_cache

# A new migration for one service: make migration SERVICE=orders MSG="add pickup codes"
# (a service's first one: add NEW=1 to start its branch).
migration: install
	@test -n "$(SERVICE)" -a -n "$(MSG)" || { echo "usage: make migration SERVICE=<schema> MSG=<text> [NEW=1]"; exit 1; }
	$(BIN)/alembic -x service=$(SERVICE) revision --autogenerate -m "$(MSG)" \
	  $(if $(NEW),--head base --branch-label $(SERVICE) --version-path $(VERSION_PATH),--head $(SERVICE)@head)
