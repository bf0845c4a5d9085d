# Two commands set everything up on a fresh machine: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint bench train train-html train-title install clean-venv browser fuzz

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Clean the seed pages into cleaned/ (the committed golden output).
run: $(STAMP)
	$(VENV)/bin/clean run seeds -o cleaned

## Lint, type-check and run the whole test suite (the report test needs a headless chromium).
test: $(STAMP) lint browser
	$(PY) -m pytest

## Debian's chromium for the report's browser test; installed only when missing (CI runs as root).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium; }

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench training examples fuzz
	$(VENV)/bin/ruff format --check src tests bench training examples fuzz
	$(VENV)/bin/mypy

## Quality and speed figures on the WCXB dev pages, next to baselines.
bench: $(STAMP)
	$(PY) bench/render_dumps.py
	$(PY) bench/quality_text.py
	$(PY) bench/unseen_converters.py
	$(PY) bench/fetch_local.py
	$(PY) bench/scale.py
	$(PY) bench/quality_html.py

## Retrain the shipped line classifier from the WCXB dev pages.
train: $(STAMP)
	$(PY) bench/render_dumps.py
	$(PY) training/train_lines.py --refresh

## Retrain the text path's headline chooser (clean/title.py) from the WCXB dev pages.
train-title: $(STAMP)
	$(PY) bench/render_dumps.py
	$(PY) training/train_title.py

## Fuzz the cleaner and the input readers with atheris, starting from fuzz/corpus/ (checked
## in, replayed by `make test`). New inputs go to build/fuzz-corpus/, crashes to
## build/fuzz-crashes/: once fixed, copy a crash into fuzz/corpus/ so it stays fixed.
FUZZ_SECONDS ?= 60
$(VENV)/.fuzz-stamp: $(STAMP)
	$(PY) -m pip install --quiet -e '.[fuzz]'
	touch $@

fuzz: $(VENV)/.fuzz-stamp
	mkdir -p build/fuzz-corpus build/fuzz-crashes
	$(PY) fuzz/fuzz_clean.py build/fuzz-corpus fuzz/corpus -max_total_time=$(FUZZ_SECONDS) \
		-rss_limit_mb=4096 -timeout=60 -artifact_prefix=build/fuzz-crashes/
## Retrain the shipped HTML block classifier (both stages) from the WCXB dev pages.
train-html: $(STAMP)
	$(PY) training/train_blocks.py --refresh

clean-venv:
	rm -rf $(VENV)
