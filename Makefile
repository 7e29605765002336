# Two commands on a fresh machine (Python 3.11, make, the package registries):
#   make run    create .venv, install, write the demo project if missing, start the app
#               (make run HOST=0.0.0.0: reachable from phones on the same wifi)
#   make test   create .venv, install the test extra, run pytest
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check
PORT   ?= 8501
# HOST=0.0.0.0: listen on every network interface, so phones on the same wifi reach the app
# (the QR code then shows this machine's LAN address); HOST=127.0.0.1: this laptop only
HOST   ?=
PYTEST_ARGS ?= -n 2 --dist loadgroup

.PHONY: run test bench lint demo static clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip setuptools wheel

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PIP) install -e ".[test]"
	touch $@ $(VENV)/.installed

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PIP) install -e ".[dev]"
	touch $@ $(VENV)/.installed $(VENV)/.installed-test

data/demo.gpkg: | $(VENV)/.installed
	$(VENV)/bin/assetmap demo --out $@

demo: data/demo.gpkg

static: $(VENV)/.installed
	$(PY) -c "from assetmap.webmap.static import copy_static; copy_static('static')"

run: $(VENV)/.installed data/demo.gpkg static
	$(VENV)/bin/streamlit run streamlit_app.py --server.port $(PORT) \
		$(if $(HOST),--server.address $(HOST))

test: $(VENV)/.installed-test
	$(PY) -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-test
	$(PY) -m benchmarks

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check assetmap ui pages tests benchmarks streamlit_app.py

clean:
	rm -rf $(VENV) static .pytest_cache .hypothesis
