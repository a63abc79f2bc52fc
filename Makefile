# The two commands of the README:  make run  (dashboard on the sample corpus)  and  make test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test setup bench evaluate chromium clean

PORT ?= 8501

# The dashboard on the bundled sample, in a demo store of its own (make run PORT=8502 for another port).
# PNG/SVG chart downloads need Chromium (make chromium); everything else works without it.
run: setup
	$(BIN)/python -m analytics serve --demo --port $(PORT)

test: $(DEV_STAMP) chromium
	$(BIN)/python -m pytest

# Several hours on 2 cores: the 1M-comment runs dominate. Each prints its figures as JSON.
bench: $(DEV_STAMP) chromium
	$(BIN)/python benchmarks/ingest_throughput.py
	$(BIN)/python benchmarks/analyze_startup.py
	$(BIN)/python benchmarks/analyze_throughput.py
	$(BIN)/python benchmarks/analyze_shared_cores.py
	$(BIN)/python benchmarks/embedding_reuse.py
	$(BIN)/python benchmarks/targets_throughput.py
	$(BIN)/python benchmarks/dashboard_queries.py
	$(BIN)/python benchmarks/scaling.py
	$(BIN)/python benchmarks/dashboard_load.py
	$(BIN)/python benchmarks/dashboard_load.py --harness apptest
	$(BIN)/python benchmarks/dashboard_browser.py

evaluate: $(DEV_STAMP)
	$(BIN)/python -m analytics evaluate sentiment
	$(BIN)/python -m analytics evaluate targets
	$(BIN)/python -m analytics evaluate attacks
	$(BIN)/python benchmarks/development_attacks.py
	$(BIN)/python -m analytics evaluate stance
	$(BIN)/python -m analytics evaluate topics

setup: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): requirements.txt requirements-nodeps.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-nodeps.txt
	touch $@

$(DEV_STAMP): requirements-dev.txt $(STAMP)
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Debian's Chromium for the browser tests and the charts' PNG/SVG downloads (kaleido drives it;
# Playwright never downloads a browser here).
chromium:
	@[ -x /usr/bin/chromium ] || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

clean:
	rm -rf $(VENV) .pytest_cache tests/artifacts
