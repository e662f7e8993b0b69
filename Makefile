# Innkeep developer commands. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
E2E_STAMP := $(VENV)/.installed-e2e
CHROMIUM ?= /usr/bin/chromium
TEST_ENV := DJANGO_SETTINGS_MODULE=innkeep.settings.test
# The suite on two processes (pytest-xdist; each has its own test database and Redis keys).
PYTEST_ARGS ?= -n 2

.PHONY: run test fuzz lint format typecheck check-migrations check-openapi check-nginx check-compose pytest e2e images stack-test bench install clean-data

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,embedded-db]"
	@touch $(STAMP)

$(E2E_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,embedded-db,e2e]"
	@touch $(E2E_STAMP)

install: $(STAMP)

## Start the whole platform with a demo hotel (PostgreSQL and Redis found or started).
run: $(STAMP)
	$(BIN)/python -m innkeep.devrun

## Lint, types (mypy), migrations check, OpenAPI check, nginx and compose checks, then the whole test suite.
test: lint typecheck check-migrations check-openapi check-nginx check-compose pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

typecheck: $(STAMP)
	$(BIN)/mypy src

check-migrations: $(STAMP)
	$(TEST_ENV) $(BIN)/innkeep makemigrations --check --dry-run

check-openapi: $(STAMP)
	$(TEST_ENV) $(BIN)/innkeep spectacular --urlconf innkeep.urls_public --validate --fail-on-warn --file /dev/null
	$(TEST_ENV) $(BIN)/innkeep spectacular --urlconf innkeep.urls_tenant --validate --fail-on-warn --file /dev/null

## nginx -t on every nginx template, rendered as the nginx image renders it (needs nginx).
check-nginx: $(STAMP)
	$(BIN)/python -m tests.ops.nginxconf

## The compose files against the Compose Specification's JSON schema (no Docker engine needed).
check-compose: $(STAMP)
	$(BIN)/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml docker-compose.prod.yml

# The schemathesis run is `make fuzz`: it takes longer than the rest of the suite together.
FUZZ_TESTS := tests/contract/test_schemathesis.py

pytest: $(STAMP)
	$(BIN)/pytest -q $(PYTEST_ARGS) --ignore=$(FUZZ_TESTS)

## Schemathesis over both OpenAPI documents, seeded (see tests/contract/schemathesis_run.py).
fuzz: $(STAMP)
	$(BIN)/pytest -q $(PYTEST_ARGS) $(FUZZ_TESTS)

## Browser tests (tests/e2e, not part of `make test`): Debian's chromium driven by playwright.
e2e: $(E2E_STAMP)
	@test -x $(CHROMIUM) || { echo "$(CHROMIUM) not found: apt-get install -y chromium"; exit 1; }
	INNKEEP_CHROMIUM=$(CHROMIUM) $(BIN)/pytest -q tests/e2e

## Both images (runtime and nginx) built with a Docker engine of their own, hygiene checked
## (non-root, no build tools, < 300 MB, no secret in a layer). Root; no registry needed.
images:
	bash ops/stack.sh images

## images, then docker-compose.yml and docker-compose.prod.yml up healthy in a network namespace
## of their own, a hotel signed up through nginx (HTTPS in prod), torn down. Several minutes.
stack-test:
	bash ops/stack.sh stack-test

## Benchmarks: prints a table (not part of `make test`).
bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks.run

clean-data:
	rm -rf .data
