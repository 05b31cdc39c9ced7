# Two commands do everything: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test install lint messages serve-prod demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: install
	@mkdir -p var
	DEMO=1 DEBUG=1 $(BIN)/innopark migrate --noinput
	DEMO=1 DEBUG=1 $(BIN)/innopark demo load
	@echo ""
	@echo "innopark is serving on http://127.0.0.1:$(PORT)/"
	@DEMO=1 DEBUG=1 $(BIN)/innopark demo logins
	DEMO=1 DEBUG=1 $(BIN)/innopark runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest

messages: install
	cd innopark && for app in */; do \
	  if [ -d "$$app/locale" ]; then (cd $$app && ../../$(BIN)/innopark makemessages -l kk -l ru -l en --no-obsolete >/dev/null); fi; done
	cd innopark && ../$(BIN)/innopark makemessages -l kk -l ru -l en --no-obsolete \
	  $$(for d in */; do printf -- '-i %s ' "$${d%/}"; done) >/dev/null  # project level: api.py, settings.py

clean:
	rm -rf $(VENV) var
