# Two commands do everything on a fresh machine:  make book  and  make test.
# Both create .venv from requirements-book.txt (the reader's requirements.txt plus the
# book's build, test and lint tools) when it is missing or stale.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ENV_STAMP := $(VENV)/.requirements-book.txt
HTML_STAMP := _build/html/.built
PDF := _build/latex/book.pdf
SOURCES := _config.yml _toc.yml references.bib references-later.bib CITATION.cff requirements.txt requirements-book.txt data chapters $(wildcard chapters/*.md data/*.csv data/*.json _ext/companion_book/static/* reproduction/*.json) \
           $(shell find chapters/companion _ext _templates -name '*.py' -o -name '*.html' 2>/dev/null)
# TeX for the PDF (Debian/Ubuntu package names).
TEX_PACKAGES := texlive-xetex texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended latexmk fonts-freefont-otf fonts-dejavu-core poppler-utils

.PHONY: book html pdf test env tex browser clients clean bench notebooks binder-env faults reproduce

book: html pdf

env: $(ENV_STAMP)
$(ENV_STAMP): requirements.txt requirements-book.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-book.txt
	cat requirements.txt requirements-book.txt > $(ENV_STAMP)

# The reader notebooks (chapters/*.ipynb, committed: Binder and Colab open them) are made
# from the chapters by the package, with no book build; tests/test_reader_notebooks.py
# fails when the committed ones are out of step.
NOTEBOOKS_STAMP := _build/.reader-notebooks
notebooks: $(NOTEBOOKS_STAMP)
$(NOTEBOOKS_STAMP): $(ENV_STAMP) _toc.yml references.bib references-later.bib $(wildcard chapters/*.md data/*.csv data/*.json) \
                    $(shell find chapters/companion -name '*.py' 2>/dev/null)
	cd chapters && ../$(BIN)/python -m companion.notebooks
	@mkdir -p _build && touch $@

html: $(HTML_STAMP)
$(HTML_STAMP): $(ENV_STAMP) $(NOTEBOOKS_STAMP) $(SOURCES)
	@# Sphinx and the book's extension decide what to redo: a page is re-read when
	@# its text or a file it depends on changes, and re-executed only when the data
	@# its notebook read, the package's code or the pinned packages changed.
	$(BIN)/jupyter-book build . -W --keep-going
	touch $@

pdf: $(PDF)
$(PDF): $(HTML_STAMP) | tex
	@# Jupyter Book reports success even when latexmk gives up half-way: check its log too.
	$(BIN)/jupyter-book build . --builder pdflatex -W --keep-going 2>&1 | tee _build/pdf-build.log; test $${PIPESTATUS[0]} -eq 0
	@! grep -q "Latexmk: Errors" _build/pdf-build.log || { echo "latexmk failed: see _build/pdf-build.log"; rm -f $@; exit 1; }
	@test -s $@
	@# The web pages link the PDFs only once the book's exists (_ext/companion_book/pdfs.py).
	@# Build the HTML again: it serves the PDF as _build/html/chapters/book.pdf, cuts each
	@# chapter's PDF from it beside the chapter's page and, the first time, writes the pages
	@# again with the links (no notebook runs again, and LaTeX does not run again).
	$(BIN)/jupyter-book build . -W --keep-going
	@test -s _build/html/chapters/book.pdf

tex:
	@if command -v xelatex >/dev/null && command -v latexmk >/dev/null && fc-list | grep -q FreeSerif; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(TEX_PACKAGES); \
	else \
	  echo "The PDF needs XeLaTeX. Run as root:  apt-get update && apt-get install -y $(TEX_PACKAGES)"; exit 1; \
	fi

# Debian's Chromium for the browser tests (tests/test_browser.py), installed like
# TeX above: by apt-get when run as root, otherwise with the command to run.
# Without it the browser tests fail; COMPANION_SKIP_BROWSER=1 make test skips them
# on purpose (pytest then lists them as skipped, with that reason).
BROWSER := /usr/bin/chromium
BROWSER_PACKAGES := chromium fonts-dejavu-core
browser:
	@if [ -x $(BROWSER) ] || [ -n "$$COMPANION_SKIP_BROWSER" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(BROWSER_PACKAGES) \
	  && test -x $(BROWSER) || { echo "apt-get did not install $(BROWSER) (package: chromium)"; exit 1; }; \
	else \
	  echo "The browser tests need Debian's chromium at $(BROWSER). Run as root:  apt-get update && apt-get install -y $(BROWSER_PACKAGES)"; \
	  echo "(or COMPANION_SKIP_BROWSER=1 make test to skip them on purpose)"; exit 1; \
	fi

# What readers' tools make of the book (tests/test_standards.py, test_bibtex_styles.py):
# Java runs the W3C Nu Html Checker (npm vnu-jar); biber, biblatex's styles
# (texlive-bibtex-extra) and pandoc print its references. Installed like TeX above.
CLIENT_PACKAGES := default-jre-headless biber texlive-bibtex-extra pandoc
clients:
	@if command -v java >/dev/null && command -v biber >/dev/null && command -v pandoc >/dev/null \
	  && kpsewhich apa.bbx >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(CLIENT_PACKAGES); \
	else \
	  echo "The tests need Java, biber, biblatex's styles and pandoc. Run as root:  apt-get update && apt-get install -y $(CLIENT_PACKAGES)"; exit 1; \
	fi

# The npm tools, pinned in package-lock.json: axe-core, vnu-jar, pa11y ... No install
# script runs (--ignore-scripts): nothing is downloaded besides the packages, no browser
# (pa11y drives Debian's chromium) and no Java (vnu-jar's would fetch one).
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

# cffconvert lives in its own environment: it pins jsonschema<4.
TOOLS_STAMP := .venv-tools/.requirements-tools.txt
$(TOOLS_STAMP): requirements-tools.txt
	@test -x .venv-tools/bin/python || $(PYTHON) -m venv .venv-tools
	.venv-tools/bin/python -m pip install --quiet -r requirements-tools.txt
	cp requirements-tools.txt $@

# Binder's JupyterLab with the reader's requirements.txt installed over it, as Binder does,
# in .venv/binder (inside .venv, so that every tool that skips .venv skips it too):
# tests/test_binder.py opens the chapters there in Chromium.
BINDER_STAMP := .venv/binder/.requirements
binder-env: $(BINDER_STAMP)
$(BINDER_STAMP): tests/binder-base.txt requirements.txt
	@test -x .venv/binder/bin/python || $(PYTHON) -m venv .venv/binder
	.venv/binder/bin/python -m pip install --quiet -r tests/binder-base.txt
	.venv/binder/bin/python -m pip install --quiet -r requirements.txt
	cat tests/binder-base.txt requirements.txt > $@

test: html pdf browser clients $(AXE) $(TOOLS_STAMP) $(BINDER_STAMP)
	$(BIN)/python -m pytest tests

# The reproduction record (issue 27): a fresh environment from the reader's requirements.txt and
# nothing else but a kernel and a notebook client (reproduction/kernel.txt), in .venv/reproduce; every
# page's reader notebook re-run there from chapters/, each in a new kernel, and its outputs compared
# with the manifests of the book as built (_build/html/_static/reproduction/book.json). It does not
# build the book first: it checks the book that is there. Writes reproduction/record.json (commit it:
# the pages show it) and _build/reproduction/report.md; fails on any difference.
REPRODUCE_VENV := .venv/reproduce
reproduce:
	@test -s _build/html/_static/reproduction/book.json || { echo "No built book to compare with: run make html first."; exit 1; }
	rm -rf $(REPRODUCE_VENV)
	$(PYTHON) -m venv $(REPRODUCE_VENV)
	$(REPRODUCE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(REPRODUCE_VENV)/bin/python -m pip install --quiet -r requirements.txt -r reproduction/kernel.txt
	cd chapters && ../$(REPRODUCE_VENV)/bin/python -m companion.reproduce --record ../reproduction/record.json

# The fault catalogue (faults/catalogue.yml): each fault planted alone in a scratch copy, rebuilt
# as it needs, and the tests that guard its promise run; fails when one is missed. Report:
# _build/faults.md. Needs what make test needs (it runs after it in CI).
faults: html pdf browser clients $(AXE) $(TOOLS_STAMP) $(BINDER_STAMP)
	$(BIN)/python faults/plant.py

# Build times, then Lighthouse (mobile) on every built page: score, FCP, LCP, TBT, bytes
# before interaction -> benchmarks/results.md (a benchmark, not a test). Lighthouse comes
# with the other npm tools ($(AXE)'s npm ci); Debian's chromium runs it.
bench: $(ENV_STAMP) $(AXE) | tex
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf _build
