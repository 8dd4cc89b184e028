# Two commands for a fresh machine: `make run` and `make test`. Every target is idempotent.
SHELL := /bin/bash
PY := .venv/bin/python
PIP := .venv/bin/pip
NPM_STAMP := node_modules/.package-lock.json
PY_STAMP := .venv/.installed

.PHONY: setup run test lint unit integration e2e coverage package bench clean

setup: $(PY_STAMP) $(NPM_STAMP) chromium

$(PY_STAMP): requirements.txt requirements-dev.txt
	python3 -m venv .venv
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(PY_STAMP)

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# Debian's Chromium for the browser tests (Playwright never downloads a browser here),
# poppler-utils to render PDF pages, DejaVu fonts for the contract PDF.
DEBIAN_PACKAGES := chromium poppler-utils fonts-dejavu-core
chromium:
	@if ! dpkg -s $(DEBIAN_PACKAGES) >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_PACKAGES); \
	  else echo "Missing Debian packages for the browser tests: sudo apt-get install $(DEBIAN_PACKAGES)"; fi; \
	fi

run: setup
	@bash scripts/run.sh

lint: setup
	.venv/bin/ruff check .

# Branch coverage of the domain package (models, catalogue, addresses, pricing, pre-flight) must stay >= 95%.
DOMAIN_COVERAGE := --cov=services.domain --cov=services.catalogue --cov=services.addresses \
	--cov=services.pricing --cov=services.preflight --cov-branch --cov-report=term:skip-covered \
	--cov-fail-under=95

test: setup lint
	$(PY) -m pytest -q -p no:cacheprovider $(DOMAIN_COVERAGE)

package: setup
	$(PY) -m manifest.build

bench: setup
	$(PY) -m bench

clean:
	rm -rf .venv node_modules var build
