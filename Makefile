# yuezhang: `make run` builds the knowledge base from ../shared/corpus and serves it; `make test` runs
# the tests. Both set up .venv first (once; again only when pyproject.toml changes).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= yuezhang.db
CORPUS ?= ../shared/corpus

.PHONY: venv test-deps build run test lint setup-web browser

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Everything the tests need beyond the venv (browsers, web assets ...): extend with prerequisites.
test-deps: venv setup-web browser

# The web page's front-end libraries (npm, from package-lock.json; served from node_modules, no CDN).
WEB := src/yuezhang/web
setup-web: $(WEB)/node_modules/.installed

$(WEB)/node_modules/.installed: $(WEB)/package.json $(WEB)/package-lock.json
	cd $(WEB) && npm ci --no-audit --no-fund
	touch $@

# Debian's chromium (headless, for the Playwright browser tests) and a CJK font; skipped when present.
browser:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium </dev/null; }
	@fc-list :lang=zh 2>/dev/null | grep -q . || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei </dev/null; }

build: venv
	$(BIN)/yuezhang build $(CORPUS) --db $(DB)

# Build the knowledge base, then serve it (API and web page) at http://127.0.0.1:$(PORT)/.
PORT ?= 8000
run: build setup-web
	$(BIN)/yuezhang serve --db $(DB) --port $(PORT)

test: test-deps
	$(BIN)/pytest -q

lint: venv
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
