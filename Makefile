# The same targets locally and in CI: make run, make test (lint + tests),
# make bench, make lint.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
INDEX  ?= var/index
HOST   ?= 127.0.0.1
PORT   ?= 8000
CORPUS_FILES := $(shell find corpus -type f ! -name README.md)

.PHONY: run test bench bench-cluster lint index browser clean quality load memory extraction cluster cluster-stop

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# Rebuilt when missing or older than any file of the corpus.
$(INDEX)/CURRENT: $(VENV)/.installed-run $(CORPUS_FILES)
	$(BIN)/bilat index --index $(INDEX) corpus

index: $(INDEX)/CURRENT

run: $(INDEX)/CURRENT
	$(BIN)/bilat serve --index $(INDEX) --host $(HOST) --port $(PORT)

# Debian's chromium for the browser tests, installed when missing and the machine allows it.
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "WARNING: chromium is missing and cannot be installed here (needs root and apt-get):"; \
	  echo "WARNING: the browser tests will be SKIPPED (and fail when CI=true)."; \
	fi

# Lint and format checks first (ruff pinned in the test extra), then the tests.
test: $(VENV)/.installed-test browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[bench]'
	touch $@

# Bilat against Datasette (SQLite FTS5) at each size of SIZES (11k: the White House
# statements; any other size, such as 100k or 1m, derived from them by
# bench/make_corpus.py), then search speed through the API and HTTP. Collections and
# indexes are built under var/bench the first time and reused while their input and the
# indexer are unchanged (needs ../shared/corpus). `make bench SIZES=11k` skips the 100k;
# `make bench SIZES="11k 100k 1m"` adds a million statements; `SIZES=mixed` measures the
# White House statements with the addresses, Chinese pages and treaties beside them.
SIZES ?= 11k 100k
# BENCH_ARGS=--keep-indexes measures the existing indexes even if the indexer changed;
# BENCH_ARGS=--bilat-only measures Bilat alone (no SQLite load, no Datasette).
BENCH_ARGS ?=
bench: $(VENV)/.installed-run $(VENV)/.installed-bench
	$(BIN)/python bench/peer_bench.py --sizes "$(SIZES)" $(BENCH_ARGS)
	$(BIN)/python bench/bench_search.py

# The optional part of the bench: a three-node Typesense cluster on loopback beside the
# embedded index and Datasette, on CLUSTER_SIZE statements (11k; 100k as `make bench`
# makes it): p50/p95 per query type, indexing rates, memory of each node and server; the
# nodes are stopped at the end. REQUESTS per query type (10).
REQUESTS ?= 10
CLUSTER_SIZE ?= 11k
bench-cluster: $(VENV)/.installed-run $(VENV)/.installed-bench $(VENV)/.installed-typesense
	$(BIN)/python bench/cluster_bench.py --size $(CLUSTER_SIZE) --requests $(REQUESTS) $(BENCH_ARGS)

# Enrichment quality on the White House bilateral statements (needs ../shared/corpus).
quality: $(VENV)/.installed-run
	$(BIN)/python bench/quality.py

# The generic HTML reading against trafilatura on the saved pages of ../shared/corpus/html:
# verdict, title, date, place, chrome-free and complete text, speed.
extraction: $(VENV)/.installed-run $(VENV)/.installed-bench
	$(BIN)/python bench/extraction_compare.py

# wrk against bilat serve at concurrency 8 and 32, then while indexing runs commit
# (installs Debian's wrk when missing and root; serves var/bench/index if built, else var/index).
load: $(VENV)/.installed-run
	bench/load.sh

# Resident memory of bilat serve after each of 50 commits, under steady queries
# (serves a copy of var/index, brought up to date first; COMMITS=n for another count).
COMMITS ?= 50
memory: $(VENV)/.installed-run
	$(BIN)/python bench/memory_commits.py --commits $(COMMITS)

$(VENV)/.installed-typesense: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[typesense]'
	touch $@

# A three-node Typesense cluster on loopback (API ports 8108, 8118, 8128; data and logs
# under var/cluster), left running; `make cluster-stop` stops it. Then, for example:
#   BILAT_BACKEND=typesense://bilat-local@127.0.0.1:8108,127.0.0.1:8118,127.0.0.1:8128 \
#     .venv/bin/bilat index corpus && make run
cluster: $(VENV)/.installed-typesense
	$(BIN)/python -m search.cluster start --root var/cluster

cluster-stop:
	$(BIN)/python -m search.cluster stop --root var/cluster

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf var .pytest_cache test-artifacts
