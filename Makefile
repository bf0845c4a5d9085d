# Two commands set everything up on a fresh machine: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint bench train train-html install clean-venv

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Clean the seed pages into cleaned/ (the committed golden output).
run: $(STAMP)
	$(VENV)/bin/clean run seeds -o cleaned

## Lint, type-check and run the whole test suite.
test: $(STAMP) lint
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench training
	$(VENV)/bin/ruff format --check src tests bench training
	$(VENV)/bin/mypy

## Quality and speed figures on the WCXB dev pages, next to baselines.
bench: $(STAMP)
	$(PY) bench/render_dumps.py
	$(PY) bench/quality_text.py
	$(PY) bench/quality_html.py

## Retrain the shipped line classifier from the WCXB dev pages.
train: $(STAMP)
	$(PY) bench/render_dumps.py
	$(PY) training/train_lines.py

## Retrain the shipped HTML block classifier (trafilatura's outputs are cached first).
train-html: $(STAMP)
	cd bench && ../$(PY) traf_cache.py
	$(PY) training/train_blocks.py

clean-venv:
	rm -rf $(VENV)
