# The two commands a newcomer needs: `make up` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements/lock.txt
# The installer itself (uv), pinned with hashes: requirements/uv.in.
UV_LOCK := requirements/uv.txt
# The lock plus what only benchmarks use (the siting peer, spopt): requirements/bench.in.
BENCH_LOCK := requirements/bench-lock.txt
# Where a service's migrations live: top-level packages, or under services/.
VERSION_PATH = $(if $(wildcard $(SERVICE)/__init__.py),$(SERVICE),services/$(SERVICE))/migrations

.PHONY: install lock up up-split test unit check integration api browser slow lint typecheck contracts \
	pytest bench clean migration openapi clients
# Every core: each xdist worker has its own database (cloned from one migrated template)
# and Redis database. loadgroup keeps tests marked with one xdist_group on one worker.
WORKERS ?= auto
XDIST := -n $(WORKERS) --dist loadgroup
# The 15 slowest at the end of every run, so the next person sees where the time goes.
DURATIONS := --durations=15 --durations-min=1

# Installs exactly what requirements/lock.txt pins, every file checked against its hash
# (pip, setuptools and pip-tools included), then the project itself, editable, with no
# dependency resolution of its own: a fresh machine next month gets what was tested.
# uv does the downloading (in parallel: seconds where pip took minutes); it comes first,
# itself pinned with hashes in $(UV_LOCK).
$(STAMP): pyproject.toml $(LOCK) $(UV_LOCK)
	@command -v $(PY) >/dev/null 2>&1 || { echo "need $(PY) on PATH"; exit 1; }
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(UV_LOCK)
	$(BIN)/uv pip install --python $(BIN)/python --quiet --require-hashes --no-deps -r $(LOCK)
	@# --no-index: whatever pyproject.toml asks for must already be there from the lock.
	@$(BIN)/python -m pip install --quiet --no-index --no-build-isolation -e '.[dev]' \
	  --config-settings editable_mode=compat 2>$(VENV)/install.log || { cat $(VENV)/install.log; \
	  echo "pyproject.toml asks for something $(LOCK) lacks: run make lock"; exit 1; }
	@touch $(STAMP)

install: $(STAMP)

# Re-resolves pyproject.toml (project + dev extras) into $(LOCK) with hashes. Pins already
# in the lock are kept while they still satisfy pyproject.toml; UPGRADE=1 takes the newest.
lock:
	@command -v $(PY) >/dev/null 2>&1 || { echo "need $(PY) on PATH"; exit 1; }
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@$(BIN)/python -m piptools --version >/dev/null 2>&1 || $(BIN)/python -m pip install --quiet 'pip-tools>=7.4'
	$(BIN)/python -m piptools compile --quiet --extra dev --generate-hashes --allow-unsafe \
	  --strip-extras --no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
	  $(if $(UPGRADE),--upgrade) --output-file $(LOCK) pyproject.toml
	$(BIN)/python -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
	  $(if $(UPGRADE),--upgrade) --output-file $(UV_LOCK) requirements/uv.in
	@# The benchmark lock starts from the project's pins so both agree on what they share.
	cp $(LOCK) $(BENCH_LOCK)
	$(BIN)/python -m piptools compile --quiet --extra dev --generate-hashes --allow-unsafe \
	  --strip-extras --no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
	  --output-file $(BENCH_LOCK) pyproject.toml requirements/bench.in

up: install
	$(BIN)/o2o up

# The production topology on loopback: a streaming replica, two processes per front door
# behind HAProxy (Debian's haproxy package), a worker per queue group, one beat.
up-split: install
	@command -v haproxy >/dev/null 2>&1 || { echo "needs HAProxy: apt-get install haproxy"; exit 1; }
	$(BIN)/o2o up --split

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy .

contracts: install
	$(BIN)/lint-imports

pytest: install
	$(BIN)/pytest -q $(XDIST) $(DURATIONS)

# The pure decisions alone, in seconds: no database, no Redis, no subprocess.
unit: install
	$(BIN)/pytest -q -m "unit and not slow" tests/unit

# What a developer runs while working: every layer but the browser and the slow kinds.
check: install
	$(BIN)/pytest -q $(XDIST) $(DURATIONS) -m "not browser and not slow"

# One layer at a time.
integration api browser slow: install
	$(BIN)/pytest -q $(XDIST) $(DURATIONS) -m $@

# mypy (a minute of one core from a fresh clone) and the import contracts check while the
# suite runs: the suite leaves a core idle much of the time, waiting on PostgreSQL. Their
# reports come after, and the tests' failures are repeated last (CI keeps only the tail).
test: lint
	@$(BIN)/mypy . >$(VENV)/mypy.out 2>&1 & types=$$!; \
	$(BIN)/lint-imports >$(VENV)/contracts.out 2>&1 & contracts=$$!; \
	{ $(BIN)/pytest -q -rfE $(XDIST) $(DURATIONS); echo $$? >$(VENV)/tests.rc; } 2>&1 | tee $(VENV)/tests.out; \
	tests=$$(cat $(VENV)/tests.rc); \
	wait $$types; typed=$$?; echo "mypy:"; cat $(VENV)/mypy.out; \
	wait $$contracts; kept=$$?; echo "import contracts:"; tail -n 25 $(VENV)/contracts.out; \
	echo "tests:"; grep -E '^(FAILED|ERROR) ' $(VENV)/tests.out; tail -n 1 $(VENV)/tests.out; \
	test $$tests -eq 0 -a $$typed -eq 0 -a $$kept -eq 0

bench: install
	$(BIN)/uv pip install --python $(BIN)/python --quiet --require-hashes --no-deps -r $(BENCH_LOCK)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .o2o .mypy_cache .ruff_cache

# A new migration for one service: make migration SERVICE=orders MSG="add pickup codes"
# (a service's first one: add NEW=1 to start its branch).
migration: install
	@test -n "$(SERVICE)" -a -n "$(MSG)" || { echo "usage: make migration SERVICE=<schema> MSG=<text> [NEW=1]"; exit 1; }
	$(BIN)/alembic -x service=$(SERVICE) revision --autogenerate -m "$(MSG)" \
	  $(if $(NEW),--head base --branch-label $(SERVICE) --version-path $(VERSION_PATH),--head $(SERVICE)@head)

# The OpenAPI documents the app serves, committed under openapi/ so review sees API changes
# (a test fails when they differ from the app).
openapi: install
	$(BIN)/python -m server.openapi openapi

# Typed clients from the committed documents: Python (used by the end-to-end test) and
# TypeScript types for the mini-program (needs Node and npm; only this target uses them).
clients: openapi
	rm -rf clients/python/o2o_mp_client
	$(BIN)/openapi-python-client generate --path openapi/mp.json \
	  --config clients/python/config.yaml --meta none --output-path clients/python/o2o_mp_client
	$(BIN)/ruff check --config pyproject.toml --fix-only --quiet clients/python/o2o_mp_client
	$(BIN)/ruff format --config pyproject.toml --quiet clients/python/o2o_mp_client
	cd clients/typescript && npm install --no-audit --no-fund --silent \
	  && npx openapi-typescript ../../openapi/mp.json --output src/mp.d.ts \
	  && npx tsc -p .
