# Two commands do everything on a fresh machine:  make book  and  make test.
# Both create .venv from requirements.txt when it is missing or stale.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ENV_STAMP := $(VENV)/.requirements.txt
HTML_STAMP := _build/html/.built
PDF := _build/latex/book.pdf
INPUTS_HASH := _build/.inputs-hash
SOURCES := _config.yml _toc.yml references.bib CITATION.cff $(wildcard chapters/*.md chapters/*.py data/*.csv data/*.json _ext/*.py _static/*)
# TeX for the PDF (Debian/Ubuntu package names).
TEX_PACKAGES := texlive-xetex texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended latexmk fonts-freefont-otf fonts-dejavu-core poppler-utils

.PHONY: book html pdf test env tex clean bench

book: html pdf

env: $(ENV_STAMP)
$(ENV_STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	cp requirements.txt $(ENV_STAMP)

html: $(HTML_STAMP)
$(HTML_STAMP): $(ENV_STAMP) $(SOURCES)
	@# jupyter-cache keys on a notebook's code only, and Sphinx re-reads only
	@# changed pages. So: when the shared module or the data change, drop both
	@# (every chapter re-executes); when the build glue, citation metadata or
	@# static files change, drop the doctrees (every page is rewritten).
	@mkdir -p _build; \
	exec=$$(cat chapters/*.py data/*.csv data/*.json | sha256sum | cut -c1-16); \
	render=$$(cat _ext/*.py CITATION.cff references.bib _static/* | sha256sum | cut -c1-16); \
	old=$$(cat $(INPUTS_HASH) 2>/dev/null); \
	if [ "$${old%% *}" != "$$exec" ]; then rm -rf _build/.jupyter_cache _build/.doctrees; echo "data or companion.py changed: re-executing every chapter"; \
	elif [ "$${old##* }" != "$$render" ]; then rm -rf _build/.doctrees; echo "build glue changed: rewriting every page"; fi; \
	echo "$$exec $$render" > $(INPUTS_HASH)
	$(BIN)/jupyter-book build . -W --keep-going
	touch $@

pdf: $(PDF)
$(PDF): $(HTML_STAMP) | tex
	@# Jupyter Book reports success even when latexmk gives up half-way: check its log too.
	$(BIN)/jupyter-book build . --builder pdflatex -W --keep-going 2>&1 | tee _build/pdf-build.log; test $${PIPESTATUS[0]} -eq 0
	@! grep -q "Latexmk: Errors" _build/pdf-build.log || { echo "latexmk failed: see _build/pdf-build.log"; rm -f $@; exit 1; }
	@test -s $@

tex:
	@if command -v xelatex >/dev/null && command -v latexmk >/dev/null && fc-list | grep -q FreeSerif; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(TEX_PACKAGES); \
	else \
	  echo "The PDF needs XeLaTeX. Run as root:  apt-get update && apt-get install -y $(TEX_PACKAGES)"; exit 1; \
	fi

# axe-core for the accessibility checks, pinned in package-lock.json.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# cffconvert lives in its own environment: it pins jsonschema<4.
TOOLS_STAMP := .venv-tools/.requirements-tools.txt
$(TOOLS_STAMP): requirements-tools.txt
	@test -x .venv-tools/bin/python || $(PYTHON) -m venv .venv-tools
	.venv-tools/bin/python -m pip install --quiet -r requirements-tools.txt
	cp requirements-tools.txt $@

test: html pdf $(AXE) $(TOOLS_STAMP)
	$(BIN)/python -m pytest tests

# Build times, page weight and chart render time -> benchmarks/results.md (a benchmark, not a test).
bench: $(ENV_STAMP) | tex
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf _build
