# Didban: `make demo` sets everything up and reads the bundled articles; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA ?= ../shared/data
BASELINES := .venv-baselines

.PHONY: demo test lint bench eval eval-zwnj eval-zwnj-ceiling eval-structure eval-sources eval-quotes baselines train-zwnj schema clean

$(BIN)/didban: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

demo: $(BIN)/didban
	$(BIN)/didban analyze examples/seed.txt examples/demo-articles.jsonl

test: $(BIN)/didban
	$(BIN)/ruff check src tests training bench
	$(BIN)/python -m pytest

lint: $(BIN)/didban
	$(BIN)/ruff check src tests training bench
	$(BIN)/ruff format --check src tests training bench

schema: $(BIN)/didban
	$(BIN)/didban schema > src/didban/schema/article-1.json

# hazm and parsivar live in their own venv (hazm 0.10.0 pins numpy 1.24), never in Didban's.
$(BASELINES)/bin/python: bench/baselines-requirements.txt
	$(PYTHON) -m venv $(BASELINES)
	$(BASELINES)/bin/python -m pip install --quiet --upgrade pip
	$(BASELINES)/bin/python -m pip install --quiet -r bench/baselines-requirements.txt
	touch $@

baselines: $(BASELINES)/bin/python

train-zwnj: $(BIN)/didban
	$(BIN)/python -m pip install --quiet -e ".[train]"
	$(BIN)/python training/build_zwnj_lexicon.py --data $(DATA)
	$(BIN)/python training/train_zwnj_model.py --data $(DATA)

eval: eval-zwnj eval-zwnj-ceiling eval-structure eval-sources eval-quotes

eval-quotes: $(BIN)/didban
	$(BIN)/didban eval quotes --data $(DATA)/news

eval-structure: $(BIN)/didban
	$(BIN)/didban eval structure --data $(DATA)/news

eval-sources: $(BIN)/didban
	$(BIN)/didban eval sources --data $(DATA)/news

eval-zwnj-ceiling: $(BIN)/didban
	$(BIN)/didban eval zwnj-ceiling --data $(DATA)/news

eval-zwnj: $(BIN)/didban baselines
	$(BIN)/didban eval zwnj --data $(DATA)/news --baselines-python $(BASELINES)/bin/python

bench: $(BIN)/didban baselines
	$(BIN)/python bench/run.py --data $(DATA)/news --baselines-python $(BASELINES)/bin/python

clean:
	rm -rf $(VENV) $(BASELINES) build *.egg-info
