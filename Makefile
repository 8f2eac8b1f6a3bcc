# Lantern: `make run` serves the app with demo data; `make test` runs every suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUN := .tools/node_modules/@oven/bun-linux-x64/bin/bun
AXE := .tools/node_modules/axe-core/axe.min.js
LIGHTHOUSE := .tools/node_modules/lighthouse/cli/index.js
CHROMIUM := /usr/bin/chromium
PORT ?= 3000
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := false
export NEXT_TELEMETRY_DISABLED := 1

.PHONY: setup run test lint bench chromium clean-build

setup: $(VENV)/.installed $(BUN) $(AXE) $(LIGHTHOUSE)

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

# bun, axe-core and Lighthouse come from the npm registry (BUILD-NOTES.md): no downloads
# from elsewhere. Lighthouse drives Debian's Chromium for the accessibility audit.
$(BUN) $(AXE) $(LIGHTHOUSE):
	npm install --prefix .tools --no-audit --no-fund --silent @oven/bun-linux-x64@1.4.4 axe-core@4.14.1 lighthouse@13.5.0
	touch $(BUN) $(AXE) $(LIGHTHOUSE)

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else \
	    echo "Browser tests need Debian's Chromium. Please run: sudo apt-get install chromium chromium-driver"; exit 1; \
	  fi; \
	fi

# The one scheduler (portal/jobs/runner.py) runs beside the web app and stops with it.
# LANTERN_DEMO_HISTORY=1 adds the made-up year /insights charts (portal/demo/insights_history.py);
# the browser tests seed the demo without it.
run: setup
	LANTERN_DEMO_MODE=$${LANTERN_DEMO_MODE:-1} $(PY) -m portal.cli migrate
	LANTERN_DEMO_MODE=$${LANTERN_DEMO_MODE:-1} LANTERN_DEMO_HISTORY=$${LANTERN_DEMO_HISTORY:-1} \
	  $(PY) -m portal.cli seed-demo
	LANTERN_DEMO_MODE=$${LANTERN_DEMO_MODE:-1} $(PY) -m portal.cli scheduler & scheduler_pid=$$!; \
	trap 'kill $$scheduler_pid 2>/dev/null; wait $$scheduler_pid 2>/dev/null' EXIT INT TERM; \
	NPM_CONFIG_REGISTRY="$$(npm config get registry)" LANTERN_DEMO_MODE=$${LANTERN_DEMO_MODE:-1} \
	  $(VENV)/bin/reflex run --env prod --single-port --backend-host 127.0.0.1 --frontend-port $(PORT) --backend-port $(PORT)

lint: setup
	$(VENV)/bin/ruff check .

# Two independent runs side by side on the two cores: the browser suite (one app server,
# mostly waiting on Chromium) and everything else. Each has its own PostgreSQL schema;
# the browser run's report follows the other's, and either failing fails `make test`.
UNIT_SUITES := tests/domain tests/unit tests/services tests/state tests/security
test: setup chromium lint
	@export NPM_CONFIG_REGISTRY="$$(npm config get registry)"; \
	$(PY) -m pytest tests/e2e $(PYTEST_ARGS) > .test-e2e.log 2>&1 & browser=$$!; \
	$(PY) -m pytest $(UNIT_SUITES) $(PYTEST_ARGS); units=$$?; \
	wait $$browser; browsers=$$?; \
	echo; echo "== browser tests (tests/e2e)"; cat .test-e2e.log; \
	exit $$(( units != 0 || browsers != 0 ))

# bench.protocol builds and serves Lantern and a blank Reflex app and plays N socket
# clients: 1, 10 and 50 by default; BENCH_FULL=1 adds 200 and the scale-out run
# (PostgreSQL, Redis, 2 workers).
PROTOCOL_DEFAULT := --clients 1,10,50
PROTOCOL_FULL := --clients 1,10,50,200 --scale-out
PROTOCOL_ARGS = $(if $(filter 1,$(BENCH_FULL)),$(PROTOCOL_FULL),$(PROTOCOL_DEFAULT))
bench: setup
	$(PY) -m pip install --quiet -e ".[dev,bench]"
	@export NPM_CONFIG_REGISTRY="$$(npm config get registry)"; \
	for module in $$(ls bench/*.py | xargs -n1 basename | sed 's/\.py$$//' | grep -v '^__init__$$' | grep -v '^_'); do \
	  args=""; if [ "$$module" = protocol ]; then args="$(PROTOCOL_ARGS)"; fi; \
	  echo "== bench.$$module $$args"; $(PY) -m bench.$$module $$args || exit 1; \
	done

clean-build:
	rm -rf .web
