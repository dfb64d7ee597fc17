# yuezhang: `make run` builds the knowledge base from ../shared/corpus; `make test` runs the tests.
# Both set up .venv first (once; again only when pyproject.toml changes).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= yuezhang.db
CORPUS ?= ../shared/corpus

.PHONY: venv test-deps run test lint

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Everything the tests need beyond the venv (browsers, web assets ...): extend with prerequisites.
test-deps: venv

run: venv
	$(BIN)/yuezhang build $(CORPUS) --db $(DB)

test: test-deps
	$(BIN)/pytest -q

lint: venv
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
