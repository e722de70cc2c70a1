# The two set-up commands are `make site` and `make test`; both start from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: site test serve check golden bench screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	scripts/system-deps site
	$(BIN)/lif build

check: $(STAMP)
	$(BIN)/lif check

serve: $(STAMP)
	scripts/system-deps site
	$(BIN)/lif serve

test: $(STAMP)
	scripts/system-deps test
	$(BIN)/ruff check generator tests bench scripts
	$(BIN)/mypy
	$(BIN)/pytest

screenshots: $(STAMP)
	scripts/system-deps test
	scripts/screenshots $(or $(DIR),screenshots)

golden: $(STAMP)
	$(BIN)/python -m tests.golden

clean:
	rm -rf $(VENV) site .lif-cache
