# vcsim: two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
EXTRAS := dev,sweep,optuna,viz,browser,ray

.PHONY: run test venv chromium lint bench bench-district validate plan app clean readme

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (vcsim needs Python 3.11)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[$(EXTRAS)]"
	@touch $(STAMP)

venv: $(STAMP)

# Debian's chromium for the browser tests (never a downloaded browser build).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "note: install Debian's chromium (sudo apt-get install chromium) to run browser tests"; fi; }

run: $(STAMP)
	MPLBACKEND=Agg $(PY) -m analysis.main_job

test: $(STAMP) chromium
	MPLBACKEND=Agg $(PY) -m pytest -q -n 2 --dist loadfile --durations=15

lint: $(STAMP)
	$(VENV)/bin/ruff check .

clean:
	rm -rf outputs multirun .pytest_cache

# --- tools for the three kinds of users (see README) ---
bench: $(STAMP)
	MPLBACKEND=Agg $(PY) -m benchmarks.bench

# The district mode: demo, scaling in villages, Shunde at scale 0.1 and its full-census extrapolation,
# where the memory goes (about 8 minutes on 2 idle cores; ARGS=--quick for a one-minute smoke run).
bench-district: $(STAMP)
	MPLBACKEND=Agg $(PY) -m benchmarks.district $(ARGS)

# Agreement with the ODE (~2 CPU-min), then the Foshan calibration and counterfactual (~10 min).
validate: $(STAMP)
	MPLBACKEND=Agg $(PY) -m analysis.validate
	MPLBACKEND=Agg $(PY) -m analysis.calibrate --counterfactual

FILE ?= experiments/planning/compare_presets.yaml
plan: $(STAMP)
	MPLBACKEND=Agg $(PY) -m analysis.plan $(FILE)

app: $(STAMP)
	$(PY) -m analysis.app

# README.md is assembled from the sections in docs/readme/ (edit those, then `make readme`).
readme:
	@{ echo "<!-- Generated from docs/readme/*.md by 'make readme'; edit those files. -->"; \
	  for f in docs/readme/*.md; do cat "$$f"; echo; done; } > README.md
	@echo "README.md assembled from $$(ls docs/readme/*.md | wc -l) sections"
