# Styrbord: `make run` serves the demo, `make test` runs the whole suite.
# Only Python 3.11 and make are needed; everything else goes into .venv.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint messages schema clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/styrbord migrate --noinput -v0
	$(BIN)/styrbord collectstatic --noinput -v0
	$(BIN)/styrbord demo
	$(BIN)/styrbord serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

APPS := $(patsubst styrbord/%/apps.py,%,$(wildcard styrbord/*/apps.py))

# Swedish catalogues, one per app (msgids are English). Needs GNU gettext; the compiled
# .mo files are committed so that running Styrbord does not.
messages: install
	for app in $(APPS); do \
	  mkdir -p styrbord/$$app/locale && \
	  (cd styrbord/$$app && DJANGO_SETTINGS_MODULE=styrbord.settings_test ../../$(BIN)/django-admin \
	    makemessages -l sv --no-obsolete --add-location file -v 0) || exit 1; \
	done
	$(BIN)/styrbord compilemessages -l sv -i .venv -v 0

schema: install
	$(BIN)/styrbord spectacular --lang en --file docs/api/openapi.yaml --validate --fail-on-warn

# The benchmark suite against PostgreSQL on this machine (bench/README.md); BENCH_SCALE=S|M|L.
bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var .pytest_cache
