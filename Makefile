# Didban: `make demo` sets everything up and reads the bundled articles; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA ?= ../shared/data
BASELINES := .venv-baselines
TORCH := .venv-torch

.PHONY: demo test lint bench bench-text bench-analyze bench-corpus eval eval-zwnj eval-zwnj-ceiling eval-structure eval-sources eval-quotes eval-topic eval-summary eval-ner eval-ner-crf bench-ner baselines torch train-zwnj train-summary train-topic train-ner schema clean

# setup.py builds the compiled fast paths (_speedups.c); an edit of the C source rebuilds them.
$(BIN)/didban: pyproject.toml setup.py src/didban/text/_speedups.c
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

DEMO_DB ?= demo.db

demo: $(BIN)/didban
	$(BIN)/didban analyze examples/seed.txt
	$(BIN)/didban ingest examples/ --db $(DEMO_DB)
	$(BIN)/didban search "درگیریها" --db $(DEMO_DB) --limit 3
	$(BIN)/didban quotes --speaker پوتین --about "قره باغ" --db $(DEMO_DB) --limit 5
	$(BIN)/didban entities --db $(DEMO_DB) --top 8

# The text tests run a second time on the pure-Python code, which runs where no C compiler built the extension.
test: $(BIN)/didban
	$(BIN)/ruff check src tests training bench
	$(BIN)/python -m pytest
	DIDBAN_PURE_PYTHON=1 $(BIN)/python -m pytest -p no:cacheprovider tests/test_words.py tests/test_zwnj.py tests/test_repair.py tests/test_sentences.py

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

# PyTorch trains the neural tagger in its own venv (the CPU build, pinned); Didban runs it with onnxruntime.
$(TORCH)/bin/python: training/torch-requirements.txt
	$(PYTHON) -m venv $(TORCH)
	$(TORCH)/bin/python -m pip install --quiet --upgrade pip
	$(TORCH)/bin/python -m pip install --quiet -r training/torch-requirements.txt
	$(TORCH)/bin/python -m pip install --quiet -e .
	touch $@

torch: $(TORCH)/bin/python

# Gazetteer and word clusters, then the neural tagger (about 15 minutes on one core).
train-ner: $(BIN)/didban torch
	$(BIN)/python -m pip install --quiet -e ".[train]"
	$(BIN)/python training/train_ner.py --data $(DATA)/ner
	OMP_NUM_THREADS=1 PYTHONHASHSEED=0 $(TORCH)/bin/python training/train_ner_neural.py --data $(DATA)/ner --multi

train-topic: $(BIN)/didban
	$(BIN)/python -m pip install --quiet -e ".[train]"
	$(BIN)/python training/train_topic.py --data $(DATA)/news

train-summary: $(BIN)/didban
	$(BIN)/python -m pip install --quiet -e ".[train]"
	$(BIN)/python training/train_summary.py --data $(DATA)

eval: eval-zwnj eval-zwnj-ceiling eval-structure eval-sources eval-quotes eval-topic eval-summary eval-ner

# Trains the shipped recipe once per Arman fold (with PEYMA and ParsTwiNER train), scores every test part
# (about 45 minutes on one core); eval-ner-crf scores the CRF baseline the same way (about 7 minutes).
eval-ner: $(BIN)/didban torch
	PYTHONHASHSEED=0 $(BIN)/didban eval ner --data $(DATA)/ner --torch-python $(TORCH)/bin/python

eval-ner-crf: $(BIN)/didban
	$(BIN)/didban eval ner --data $(DATA)/ner --tagger crf

eval-topic: $(BIN)/didban
	$(BIN)/didban eval topic --data $(DATA)/news

eval-summary: $(BIN)/didban
	$(BIN)/didban eval summary --data $(DATA)/news

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

bench: bench-text bench-analyze bench-ner bench-corpus

bench-text: $(BIN)/didban baselines
	$(BIN)/python bench/run.py --data $(DATA)/news --baselines-python $(BASELINES)/bin/python

# Per-stage analyze time per article; dates + topic + summary must add at most 20 %.
bench-analyze: $(BIN)/didban
	$(BIN)/python bench/analyze.py --data $(DATA)/news

# NER tagging throughput (sentences, tokens, features, CRF) on one core; target 20,000 tokens/s.
bench-ner: $(BIN)/didban
	$(BIN)/python bench/ner.py --data $(DATA)/news

# 100k recombined articles: ingest throughput, memory, search latency; then a 1 GB JSONL for memory.
bench-corpus: $(BIN)/didban
	$(BIN)/python bench/corpus.py --data $(DATA)/news --articles 100000 --memory-mb 1024

clean:
	rm -rf $(VENV) $(BASELINES) $(TORCH) build *.egg-info $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
