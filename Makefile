PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint facts bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -n 2

lint: $(STAMP)
	$(BIN)/ruff check .

# each benchmark exits 1 when it misses a target; "-" lets the others run all the same
bench: $(STAMP)
	-$(BIN)/python -m bench.updates
	-$(BIN)/python -m bench.broadcast
	-$(BIN)/python -m bench.memory
	-$(BIN)/python -m bench.send_rate
	-$(BIN)/python -m bench.digests

facts: $(STAMP)
	$(BIN)/python scripts/gen_api_facts.py

clean:
	rm -rf $(VENV) build *.egg-info
