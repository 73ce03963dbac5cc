"""Train the neural named-entity tagger shipped as ``src/didban/models/data/ner_neural.onnx`` (with
``ner_neural_vocab.tsv``): char CNN + word embeddings (FastText trained here) + gazetteer and cluster
embeddings → BiLSTM → CRF; exported to ONNX for :mod:`didban.read.ner_neural` (onnxruntime + numpy).

Usage (in the torch venv, one thread)::

    export OMP_NUM_THREADS=1
    PY=".venv-torch/bin/python training/train_ner_neural.py --data ../shared/data/ner"
    $PY --multi                          # train the shipped model (Arman head) and export it
    $PY --dev arman [--no-char] [--no-gaz] [--no-clusters] [--no-pretrained] [--set hidden=160]
    $PY --dev all --multi                # dev F1 of the three heads of one multi-corpus model
    $PY --protocol [--multi]             # the test protocol numbers of didban.evaluation.ner
    $PY --bench                          # tokens/s of the exported files (features + onnxruntime + Viterbi)
    $PY --pretrain-lm /tmp/lm.pt [--dev all]  # pretrain the encoder as a bidirectional LM (~9 min)
    $PY --multi --init /tmp/lm.pt        # (or a dev run) the encoder starting from that LM

Steps, each deterministic (fixed seeds, one thread):

1. Word vectors: FastText (gensim, skip-gram, 100 dimensions) over the normalized news text and the
   training and dev parts of the NER corpora (``train_ner.unlabeled_sentences``, as the CRF's clusters:
   no PEYMA or ParsTwiNER test text; Arman's three train folds hold all of its sentences, unlabeled);
   cached under ``--cache``. The shipped vocabulary is the words seen twice or more there (capped by
   ``--max-words``, most frequent first).
2. The tagger, trained with Adam on the CRF log-likelihood; the epoch with the best dev F1 is kept (dev:
   a held-out tenth of the training sentences, or the corpus's dev split). With ``--multi`` the encoder is
   shared by the three corpora, each with its own output layer and CRF (their label sets differ).
   With ``--init``, the encoder starts from a language model (``--pretrain-lm``: the forward LSTM
   predicts the next word, the backward one the previous, over the training news sentences and the NER
   training text — with ``--dev``, only the dev sets' train parts); the run-time network is unchanged.
3. Export: the emission network of one head to ONNX (word table in fp16), its labels, characters, words
   and CRF scores to the vocabulary TSV; the ONNX emissions are checked against torch's, and the exported
   files are scored on dev through the run-time code.
"""

from __future__ import annotations

import argparse
import copy
import logging
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "training"))

from train_ner import arman_all, dev_sets, unlabeled_sentences  # noqa: E402

from didban.evaluation.ner import (  # noqa: E402
    Row,
    Sentence,
    entities_only,
    held_out,
    read_corpus,
    row_lines,
    score,
)
from didban.read.ner_features import Resources, shipped_resources  # noqa: E402
from didban.read.ner_neural import (  # noqa: E402
    GAZ_TAGS,
    MAX_CHARS,
    MODEL_FILE,
    VOCAB_FILE,
    Vocab,
    constrain,
    constrain_start,
    make_batch,
    parse_vocab,
    tag_batch,
    viterbi,
)

log = logging.getLogger("train_ner_neural")
N_CLUSTERS = 1024


@dataclass(frozen=True)
class Config:
    """Model and training settings (the defaults are the shipped ones)."""

    wdim: int = 100
    cdim: int = 24
    cfilters: int = 48
    gdim: int = 8
    kdim: int = 16
    hidden: int = 96
    dropout: float = 0.5
    word_dropout: float = 0.05
    lr: float = 2e-3
    batch: int = 32
    epochs: int = 15
    patience: int = 4
    char: bool = True
    gaz: bool = True
    clusters: bool = True
    pretrained: bool = True
    seed: int = 0


# --- data ----------------------------------------------------------------------------------------


def word_vectors(news: Path, ner: Path, cache: Path, dims: int) -> tuple[list[str], np.ndarray, Counter]:
    """Words seen twice or more (most frequent first), their FastText vectors and counts; cached."""
    path = cache / f"fasttext{dims}.model"
    sentences = list(unlabeled_sentences(news, ner))
    counts = Counter(w for s in sentences for w in s)
    from gensim.models import FastText

    if path.is_file():
        model = FastText.load(str(path))
    else:
        log.info("fasttext: %d sentences, %d tokens", len(sentences), sum(counts.values()))
        model = FastText(
            sentences, vector_size=dims, window=5, min_count=2, sg=1, epochs=5, workers=1, seed=0
        )
        cache.mkdir(parents=True, exist_ok=True)
        model.save(str(path))
    words = sorted((w for w, c in counts.items() if c >= 2), key=lambda w: (-counts[w], w))
    return words, np.stack([model.wv[w] for w in words]), counts


def char_list(counts: Counter, min_count: int = 5) -> list[str]:
    """Characters seen ``min_count`` times or more in the counted words, most frequent first."""
    chars: Counter = Counter()
    for word, n in counts.items():
        for c in word[:MAX_CHARS]:
            chars[c] += n
    return sorted((c for c, n in chars.items() if n >= min_count), key=lambda c: (-chars[c], c))


def make_vocab(labels: Sequence[str], chars: Sequence[str], words: Sequence[str]) -> Vocab:
    """A vocabulary with zero CRF scores (training fills them in at export)."""
    n = len(labels)
    return Vocab(
        tuple(labels),
        {c: i + 2 for i, c in enumerate(chars)},
        {w: i + 2 for i, w in enumerate(words)},
        np.zeros((n, n)),
        np.zeros(n),
        np.zeros(n),
    )


def label_list(sentences: Sequence[Sentence]) -> list[str]:
    """``O`` then each type's ``B-`` and ``I-`` labels, types sorted."""
    kinds = sorted({t[2:] for _, tags in sentences for t in tags if t != "O"})
    return ["O", *(f"{p}-{k}" for k in kinds for p in "BI")]


# --- the model -----------------------------------------------------------------------------------


class Tagger(nn.Module):
    """Emission scores of each word (batch × words × labels) for each task's head, and each head's CRF
    transition scores; the encoder (embeddings, char CNN, BiLSTM) is shared by the tasks."""

    def __init__(self, n_words: int, n_chars: int, n_labels: Sequence[int], cfg: Config) -> None:
        super().__init__()
        self.cfg = cfg
        self.word = nn.Embedding(n_words, cfg.wdim, padding_idx=0)
        self.char = nn.Embedding(n_chars, cfg.cdim, padding_idx=0)
        self.conv = nn.Conv1d(cfg.cdim, cfg.cfilters, 3, padding=1)
        self.gaz = nn.Embedding(len(GAZ_TAGS), cfg.gdim)
        self.clusters = nn.Embedding(N_CLUSTERS + 1, cfg.kdim)
        size = cfg.wdim + cfg.cfilters * cfg.char + cfg.gdim * cfg.gaz + cfg.kdim * cfg.clusters
        self.fwd = nn.LSTM(size, cfg.hidden, batch_first=True)
        self.bwd = nn.LSTM(size, cfg.hidden, batch_first=True)
        self.drop = nn.Dropout(cfg.dropout)
        self.heads = nn.ModuleList(nn.Linear(2 * cfg.hidden, n) for n in n_labels)
        self.trans = nn.ParameterList(nn.Parameter(torch.zeros(n, n)) for n in n_labels)
        self.start = nn.ParameterList(nn.Parameter(torch.zeros(n)) for n in n_labels)
        self.end = nn.ParameterList(nn.Parameter(torch.zeros(n)) for n in n_labels)

    def embed(self, words: torch.Tensor, chars: torch.Tensor, gaz: torch.Tensor, clusters: torch.Tensor):
        """The input vector of each word."""
        parts = [self.word(words).float()]
        if self.cfg.char:
            c = self.char(chars.reshape(-1, MAX_CHARS)).transpose(1, 2)
            c = torch.relu(self.conv(c)).max(dim=2).values
            parts.append(c.reshape(words.shape[0], words.shape[1], self.cfg.cfilters))
        if self.cfg.gaz:
            parts.append(self.gaz(gaz))
        if self.cfg.clusters:
            parts.append(self.clusters(clusters))
        return torch.cat(parts, dim=-1)

    def states(self, words, chars, gaz, clusters, rev) -> tuple[torch.Tensor, torch.Tensor]:
        """The forward and backward LSTM states of each word; ``rev`` reverses each sentence for the
        backward LSTM (padding stays last)."""
        x = self.drop(self.embed(words, chars, gaz, clusters))
        f, _ = self.fwd(x)
        index = rev.unsqueeze(-1)
        b, _ = self.bwd(x.gather(1, index.expand(-1, -1, x.shape[2])))
        return f, b.gather(1, index.expand(-1, -1, b.shape[2]))

    def forward(self, words, chars, gaz, clusters, rev, head: int = 0):
        """Emission scores of one head."""
        f, b = self.states(words, chars, gaz, clusters, rev)
        return self.heads[head](self.drop(torch.cat([f, b], dim=-1)))


def crf_loss(
    model: Tagger, head: int, em: torch.Tensor, tags: torch.Tensor, lengths: torch.Tensor
) -> torch.Tensor:
    """Mean negative log-likelihood of the gold tags under one head's linear-chain CRF."""
    trans, start, end = model.trans[head], model.start[head], model.end[head]
    size, width, _ = em.shape
    mask = torch.arange(width)[None, :] < lengths[:, None]
    rows = torch.arange(size)
    gold = start[tags[:, 0]] + em[rows, 0, tags[:, 0]]
    alpha = start[None, :] + em[:, 0]
    for t in range(1, width):
        on = mask[:, t]
        gold = gold + torch.where(on, trans[tags[:, t - 1], tags[:, t]] + em[rows, t, tags[:, t]], 0.0)
        moved = torch.logsumexp(alpha[:, :, None] + trans[None] + em[:, t, None, :], dim=1)
        alpha = torch.where(on[:, None], moved, alpha)
    gold = gold + end[tags[rows, lengths - 1]]
    return (torch.logsumexp(alpha + end[None, :], dim=1) - gold).mean()


# --- training ------------------------------------------------------------------------------------


@dataclass
class Task:
    """One corpus: its training and dev sentences and its labels (a head of the model)."""

    name: str
    train: list[Sentence]
    dev: list[Sentence]
    vocab: Vocab


def tensors(batch, word_dropout: float = 0.0, rng: random.Random | None = None):
    """The torch inputs of a :class:`didban.read.ner_neural.Batch` (words dropped to unknown at random)."""
    words = torch.from_numpy(batch.words)
    if word_dropout and rng is not None:
        drop = torch.rand(words.shape, generator=torch.Generator().manual_seed(rng.randrange(1 << 30)))
        words = torch.where((drop < word_dropout) & (words > 1), 1, words)
    rest = (batch.chars, batch.gaz, batch.clusters, batch.rev)
    return (words, *(torch.from_numpy(a) for a in rest))


def batches(sentences: Sequence[Sentence], size: int, rng: random.Random) -> list[list[Sentence]]:
    """Shuffled batches of sentences of similar length."""
    order = list(sentences)
    rng.shuffle(order)
    out = []
    for k in range(0, len(order), size * 50):
        pool = sorted(order[k : k + size * 50], key=lambda s: len(s[0]))
        out += [pool[i : i + size] for i in range(0, len(pool), size)]
    return out


def crf_scores(model: Tagger, head: int, vocab: Vocab) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One head's transition, start and end scores as run time reads them (IOB2 constraints applied)."""
    trans = constrain(model.trans[head].detach().numpy(), vocab.labels)
    start = constrain_start(model.start[head].detach().numpy().astype(np.float64), vocab.labels)
    return trans, start, model.end[head].detach().numpy()


def predict(
    model: Tagger, head: int, vocab: Vocab, sentences: Sequence[Sentence], res: Resources
) -> list[list[str]]:
    """The tags one head of the torch model gives each sentence (same decoding as run time)."""
    model.eval()
    out: list[list[str]] = [[] for _ in sentences]
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i][0]))
    trans, start, end = crf_scores(model, head, vocab)
    with torch.no_grad():
        for k in range(0, len(order), 128):
            chunk = order[k : k + 128]
            batch = make_batch([sentences[i][0] for i in chunk], vocab, res)
            em = model(*tensors(batch), head=head).numpy()
            tags = viterbi(em, batch.lengths, trans, start, end, vocab.labels)
            for i, t in zip(chunk, tags, strict=True):
                out[i] = t
    return out


def new_model(
    tasks: Sequence[Task], vectors: np.ndarray | None, cfg: Config, init: Path | None = None
) -> Tagger:
    """A model with one head per task, its word table set from ``vectors`` (unit length), then its
    encoder from the file ``init`` (written by :func:`pretrain_lm`) if given."""
    torch.manual_seed(cfg.seed)
    vocab = tasks[0].vocab
    model = Tagger(len(vocab.words) + 2, len(vocab.chars) + 2, [len(t.vocab.labels) for t in tasks], cfg)
    if vectors is not None and cfg.pretrained:
        with torch.no_grad():
            unit = vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-6)
            model.word.weight[2:] = torch.from_numpy(unit)
    if init is not None:
        model.load_state_dict(torch.load(init), strict=False)
    return model


def train_epoch(model: Tagger, opt: torch.optim.Optimizer, tasks: Sequence[Task], res: Resources,
                cfg: Config, rng: random.Random) -> float:  # fmt: skip
    """One pass over every task's training sentences (batches of the tasks interleaved); the summed loss."""
    model.train()
    jobs = [(h, group) for h, task in enumerate(tasks) for group in batches(task.train, cfg.batch, rng)]
    rng.shuffle(jobs)
    total = 0.0
    for head, group in jobs:
        vocab = tasks[head].vocab
        index = {lab: i for i, lab in enumerate(vocab.labels)}
        batch = make_batch([w for w, _ in group], vocab, res)
        tags = np.zeros(batch.words.shape, dtype=np.int64)
        for b, (_, t) in enumerate(group):
            tags[b, : len(t)] = [index[x] for x in t]
        em = model(*tensors(batch, cfg.word_dropout, rng), head=head)
        loss = crf_loss(model, head, em, torch.from_numpy(tags), torch.from_numpy(batch.lengths))
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        total += float(loss.detach())
    return total


@dataclass
class Best:
    """The best dev F1 of a task, its epoch and the model state then."""

    f1: float = -1.0
    epoch: int = 0
    state: dict | None = None


def train(
    tasks: Sequence[Task], vectors: np.ndarray | None, res: Resources, cfg: Config, init: Path | None = None
) -> tuple[Tagger, dict[str, Best]]:
    """Train on all tasks (the encoder from ``init`` if given); for each task with dev sentences, the state
    of its best dev epoch (training stops when no task has improved for ``patience`` epochs)."""
    model = new_model(tasks, vectors, cfg, init)
    rng = random.Random(cfg.seed)
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    best = {t.name: Best() for t in tasks if t.dev}
    for epoch in range(1, cfg.epochs + 1):
        started = time.perf_counter()
        total = train_epoch(model, opt, tasks, res, cfg, rng)
        f1s = {}
        for head, task in enumerate(tasks):
            if task.dev:
                f1s[task.name] = score(
                    [t for _, t in task.dev], predict(model, head, task.vocab, task.dev, res)
                ).f1
                if f1s[task.name] > best[task.name].f1:
                    best[task.name] = Best(f1s[task.name], epoch, copy.deepcopy(model.state_dict()))
        shown = " ".join(f"{k}={100 * v:.1f}" for k, v in f1s.items())
        log.info("epoch %d loss %.1f dev %s (%.0f s)", epoch, total, shown, time.perf_counter() - started)
        if epoch - max(b.epoch for b in best.values()) >= cfg.patience:
            break
    return model, best


# --- language-model pretraining ------------------------------------------------------------------


@dataclass(frozen=True)
class LMConfig:
    """Settings of the bidirectional language model that pretrains the encoder (``--pretrain-lm``)."""

    epochs: int = 3
    lr: float = 2e-3
    dropout: float = 0.3
    word_dropout: float = 0.05
    batch: int = 64
    out_words: int = 20000
    max_len: int = 60
    seed: int = 0


def news_sentences(news: Path, max_len: int) -> list[list[str]]:
    """The tokenized sentences (3 words or more, cut at ``max_len``) of the training articles only."""
    from didban.evaluation.split import training_articles

    return [
        words[:max_len]
        for article in training_articles(news)
        for words in article_sentences(article)
        if len(words) >= 3
    ]


def article_sentences(article: dict[str, Any]) -> list[list[str]]:
    """The words of each sentence of a news record (title, abstract, paragraphs), repaired as analyze does."""
    from didban.text import repair
    from didban.text.sentences import split_sentences
    from didban.text.words import tokenize

    parts = [article.get("title", ""), article.get("abstract", ""), *article.get("paragraphs", [])]
    text = repair("\n\n".join(p for p in parts if p))[0]
    return [[t.text for t in tokenize(text, s.start, s.end)] for s in split_sentences(text)]


def lm_targets(words: torch.Tensor, size: int) -> torch.Tensor:
    """The output class of each word id: the ``size - 1`` most frequent words, then one class for the rest."""
    target = torch.where(words - 2 < size - 1, words - 2, size - 1).clamp(min=0)
    return torch.where(words == 1, size - 1, target)


def lm_step(model: Tagger, outs: Sequence[nn.Module], batch, lm: LMConfig, rng: random.Random):
    """The summed loss of the forward LSTM predicting the next word and the backward one the previous."""
    f, b = model.states(*tensors(batch, lm.word_dropout, rng))
    f, b = model.drop(f), model.drop(b)
    words = torch.from_numpy(batch.words)
    target = lm_targets(words, lm.out_words)
    on = words[:, 1:] > 0
    return outs[0](f[:, :-1][on], target[:, 1:][on]).loss + outs[1](b[:, 1:][on], target[:, :-1][on]).loss


def pretrain_lm(sentences: Sequence[list[str]], s: Setup, cfg: Config, lm: LMConfig, out: Path) -> None:
    """Train the encoder (tables, char CNN, both LSTMs) as a bidirectional language model over
    ``sentences`` (adaptive softmax outputs, dropped afterwards) and save its state to ``out``."""
    task = s.task("lm", [(["x"], ["O"])], [])
    model = new_model([task], s.vectors, replace(cfg, seed=lm.seed, dropout=lm.dropout))
    outs = [
        nn.AdaptiveLogSoftmaxWithLoss(cfg.hidden, lm.out_words, [2000, 8000], div_value=4.0) for _ in "fb"
    ]
    params = [*model.parameters(), *outs[0].parameters(), *outs[1].parameters()]
    opt = torch.optim.Adam(params, lr=lm.lr)
    rng = random.Random(lm.seed)
    model.train()
    for epoch in range(1, lm.epochs + 1):
        started, total = time.perf_counter(), 0.0
        groups = batches(sentences, lm.batch, rng)
        rng.shuffle(groups)
        for group in groups:
            loss = lm_step(model, outs, make_batch(group, task.vocab, s.res), lm, rng)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(params, 5.0)
            opt.step()
            total += float(loss.detach())
        log.info(
            "lm epoch %d: mean loss %.3f (%.0f s)", epoch, total / len(groups), time.perf_counter() - started
        )
    skip = ("heads", "trans", "start", "end")
    torch.save({k: v for k, v in model.state_dict().items() if not k.startswith(skip)}, out)


def lm_corpus(args: argparse.Namespace, max_len: int) -> list[list[str]]:
    """The language model's sentences: the training news, then with ``--dev`` the train parts of the dev
    sets (else every non-test NER sentence, as the word vectors)."""
    from train_ner import corpus_union

    sentences = news_sentences(args.news or args.data.parent / "news", max_len)
    if args.dev:
        return sentences + [w for train_set, _ in dev_sets(args.data).values() for w, _ in train_set]
    return sentences + [w for w, _ in corpus_union(args.data, test=False)]


# --- export --------------------------------------------------------------------------------------


class Exported(nn.Module):
    """One head of the emission network, its word table stored in fp16 (cast to fp32 after the lookup)."""

    def __init__(self, model: Tagger, head: int) -> None:
        super().__init__()
        self.model = copy.deepcopy(model).eval()
        self.model.word = nn.Embedding.from_pretrained(model.word.weight.detach().half())
        self.head = head

    def forward(self, words, chars, gaz, clusters, rev):
        return self.model(words, chars, gaz, clusters, rev, head=self.head)


def export(
    model: Tagger, head: int, vocab: Vocab, out: Path, res: Resources, check: Sequence[Sentence]
) -> None:
    """Write one head's ONNX model and vocabulary TSV to ``out``; check ONNX against torch on ``check``."""
    batch = make_batch([w for w, _ in check[:8]], vocab, res)
    args = tensors(batch)
    names = ["words", "chars", "gaz", "clusters", "rev"]
    axes = {n: {0: "batch", 1: "length"} for n in names} | {"emissions": {0: "batch", 1: "length"}}
    torch.onnx.export(
        Exported(model, head), args, str(out / MODEL_FILE), input_names=names, output_names=["emissions"],
        dynamic_axes=axes, opset_version=17, dynamo=False,
    )  # fmt: skip
    write_vocab(model, head, vocab, out / VOCAB_FILE)
    import onnxruntime

    session = onnxruntime.InferenceSession(str(out / MODEL_FILE), providers=["CPUExecutionProvider"])
    (onnx_em,) = session.run(["emissions"], batch.feeds())
    with torch.no_grad():
        torch_em = Exported(model, head)(*args).numpy()
    log.info("onnx vs torch: max |Δ| = %.2e", float(np.abs(onnx_em - torch_em).max()))


def write_vocab(model: Tagger, head: int, vocab: Vocab, path: Path) -> None:
    """The labels, characters, words and one head's CRF scores, one ``kind<TAB>value…`` line each."""
    lines = ["# ner_neural vocabulary: see training/train_ner_neural.py"]
    lines += [f"label\t{lab}" for lab in vocab.labels]
    lines += [f"char\t{c}" for c in vocab.chars]
    lines += [f"word\t{w}" for w in vocab.words]
    lines += ["trans\t" + "\t".join(f"{v:.6g}" for v in row) for row in model.trans[head].detach().tolist()]
    lines += ["start\t" + "\t".join(f"{v:.6g}" for v in model.start[head].detach().tolist())]
    lines += ["end\t" + "\t".join(f"{v:.6g}" for v in model.end[head].detach().tolist())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- runs ----------------------------------------------------------------------------------------


@dataclass
class Setup:
    """What every run reads: word list and vectors, characters, gazetteer and clusters."""

    words: list[str]
    vectors: np.ndarray
    chars: list[str]
    res: Resources

    def task(self, name: str, train_set: list[Sentence], dev_set: list[Sentence]) -> Task:
        """A task with the labels of its training sentences."""
        return Task(name, train_set, dev_set, make_vocab(label_list(train_set), self.chars, self.words))


def setup(args: argparse.Namespace, cfg: Config) -> Setup:
    """Load (or train) the word vectors and the shipped resources."""
    news = args.news or args.data.parent / "news"
    words, vectors, counts = word_vectors(news, args.data, args.cache, cfg.wdim)
    words, vectors = words[: args.max_words], vectors[: args.max_words]
    log.info("vocabulary: %d words", len(words))
    return Setup(words, vectors, char_list(counts), shipped_resources())


def aux_tasks(args: argparse.Namespace, s: Setup, main: str) -> list[Task]:
    """With ``--multi``: the other corpora's training splits as extra heads (no dev, never a test part)."""
    if not args.multi:
        return []
    ner = args.data
    sets = {
        "peyma": lambda: read_corpus(ner / "peyma/train.txt", "peyma"),
        "parstwiner": lambda: read_corpus(ner / "parstwiner/train.txt", "parstwiner"),
        "arman": lambda: arman_all(ner),
    }
    return [s.task(name, load(), []) for name, load in sets.items() if name != main]


def dev_runs(args: argparse.Namespace, s: Setup, cfg: Config) -> None:
    """Print the dev F1 of ``cfg`` on each requested dev set."""
    sets = dev_sets(args.data)
    if args.multi and args.dev == "all":  # one model, a head per corpus, each early-stopped on its dev
        started = time.perf_counter()
        _, best = train([s.task(c, *sets[c]) for c in sets], s.vectors, s.res, cfg, args.init)
        for c, b in best.items():
            print(f"dev {c:<10} F1 {100 * b.f1:5.1f} (epoch {b.epoch}) multi=all {cfg}", flush=True)
        print(f"{time.perf_counter() - started:.0f} s")
        return
    for corpus in args.dev.split(","):
        started = time.perf_counter()
        tasks = [s.task(corpus, *sets[corpus])]
        if args.multi:  # the other corpora's dev-set training parts (Arman's: its fold-1 training part)
            tasks += [s.task(c, sets[c][0], []) for c in sets if c != corpus]
        _, best = train(tasks, s.vectors, s.res, cfg, args.init)
        seconds = time.perf_counter() - started
        b = best[corpus]
        head = f"dev {corpus:<10} F1 {100 * b.f1:5.1f} (epoch {b.epoch}, {seconds:.0f} s)"
        print(f"{head} multi={args.multi} {cfg}", flush=True)


def protocol(args: argparse.Namespace, s: Setup, cfg: Config) -> None:
    """The test protocol of ``didban.evaluation.ner``: PEYMA and ParsTwiNER train → test (early stop on
    their dev split), Arman train_foldK → test_foldK (early stop on a held-out tenth of train_foldK).

    With ``--multi`` one model per Arman fold is trained on the three corpora at once (a head each; PEYMA
    and ParsTwiNER train, early stop on their dev), and each head scores its corpus's test set."""
    ner = args.data
    tests = {c: read_corpus(ner / c / "test.txt", c) for c in ("peyma", "parstwiner")}
    runs: dict[str, list[float]] = {}
    for k in (1, 2, 3):
        tr, dv = held_out(read_corpus(ner / "arman" / f"train_fold{k}.txt", "arman"))
        test = {"arman": read_corpus(ner / "arman" / f"test_fold{k}.txt", "arman"), **tests}
        tasks = [s.task("arman", tr, dv)]
        if args.multi:
            tasks += [
                s.task(c, *(read_corpus(ner / c / f"{x}.txt", c) for x in ("train", "dev"))) for c in tests
            ]
        model, best = train(tasks, s.vectors, s.res, cfg, args.init)
        for head, task in enumerate(tasks):
            model.load_state_dict(best[task.name].state)
            split = f"test_fold{k}" if task.name == "arman" else f"test (fold{k} run)"
            runs.setdefault(task.name, []).append(test_f1(model, head, task, test[task.name], s.res, split))
            b = best[task.name]
            f1 = runs[task.name][-1]
            print(f"test {task.name} (fold{k} run) F1 {100 * f1:5.1f} dev {100 * b.f1:5.1f} epoch {b.epoch}")
    if not args.multi:
        for c in tests:
            tr, dv = (read_corpus(ner / c / f"{x}.txt", c) for x in ("train", "dev"))
            model, best = train([s.task(c, tr, dv)], s.vectors, s.res, cfg, args.init)
            model.load_state_dict(best[c].state)
            runs[c] = [test_f1(model, 0, s.task(c, tr, dv), tests[c], s.res, "test")]
            print(f"test {c} F1 {100 * runs[c][0]:5.1f} dev {100 * best[c].f1:5.1f} epoch {best[c].epoch}")
    mean = {c: 100 * sum(v) / len(v) for c, v in runs.items()}
    print("arman: the 3-fold mean; peyma, parstwiner: the mean of the runs (7 PEYMA classes, as published)")
    print("ner: " + " ".join(f"{c}={mean[c]:.1f}" for c in ("peyma", "arman", "parstwiner") if c in mean))


def test_f1(model: Tagger, head: int, task: Task, test: list[Sentence], res: Resources, split: str) -> float:
    """One head's test F1; prints its rows of the report (micro and per type, as ``didban eval ner``), and
    for PEYMA also the entity classes only."""
    predicted = predict(model, head, task.vocab, test, res)
    gold = [t for _, t in test]
    result = score(gold, predicted)
    rows = [Row(task.name, split, result, sum(len(t) for t in gold))]
    if task.name == "peyma":
        kept = [t for _, t in entities_only(test)]
        strip = [t for _, t in entities_only(zip([w for w, _ in test], predicted, strict=True))]
        rows.append(Row(task.name, f"{split} (entities)", score(kept, strip), rows[0].tokens))
    for row in rows:
        print("\n".join(row_lines(row)), flush=True)
    return result.f1


def ship(args: argparse.Namespace, s: Setup, cfg: Config) -> None:
    """Train on Arman's distinct sentences (early stop on their held-out tenth; with ``--multi``, PEYMA and
    ParsTwiNER train+dev as extra heads) and export the Arman head."""
    tr, dv = held_out(arman_all(args.data))
    dev_words = {" ".join(w) for w, _ in dv}
    tr = [x for x in tr if " ".join(x[0]) not in dev_words]
    tasks = [s.task("arman", tr, dv)]
    if args.multi:
        for c in ("peyma", "parstwiner"):
            tasks.append(
                s.task(
                    c, [x for sp in ("train", "dev") for x in read_corpus(args.data / c / f"{sp}.txt", c)], []
                )
            )
    model, best = train(tasks, s.vectors, s.res, cfg, args.init)
    model.load_state_dict(best["arman"].state)
    log.info("shipped model: dev F1 %.1f at epoch %d", 100 * best["arman"].f1, best["arman"].epoch)
    export(model, 0, tasks[0].vocab, args.out, s.res, dv)
    check_exported(args.out, dv, s.res)


def check_exported(out: Path, dev: Sequence[Sentence], res: Resources) -> None:
    """Score the exported files (onnxruntime + numpy, the run-time path) on ``dev``."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(out / MODEL_FILE), options, providers=["CPUExecutionProvider"])
    vocab = parse_vocab((out / VOCAB_FILE).read_text(encoding="utf-8"))
    order = sorted(range(len(dev)), key=lambda i: len(dev[i][0]))
    predicted: list[list[str]] = [[] for _ in dev]
    for k in range(0, len(order), 64):
        chunk = order[k : k + 64]
        for i, tags in zip(chunk, tag_batch(session, vocab, [dev[i][0] for i in chunk], res), strict=True):
            predicted[i] = tags
    log.info("exported model, dev F1 %.1f", 100 * score([t for _, t in dev], predicted).f1)


def bench(args: argparse.Namespace, limit: int = 60000) -> None:
    """Tokens per second of the run-time path (:func:`didban.read.ner_neural.tag_sentences`: features,
    onnxruntime on one thread, Viterbi) over real news sentences (the evaluation articles of Fars and
    Varzesh3): every sentence in one call, and one call per article (as ``tag_spans`` would)."""
    from didban.read import ner_neural

    articles = bench_articles(args.news or args.data.parent / "news", limit)
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    path = str(args.out / MODEL_FILE)
    session = onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    model = (session, parse_vocab((args.out / VOCAB_FILE).read_text(encoding="utf-8")))
    ner_neural._model.cache_clear()
    ner_neural._model = lambda: model  # the files of --out
    pooled = [s for a in articles for s in a]
    tokens = sum(map(len, pooled))
    ner_neural.tag_sentences(pooled)  # warm-up: caches
    for name, calls in (("all sentences, one call", [pooled]), ("one call per article", articles)):
        best = min(_timed(ner_neural.tag_sentences, calls) for _ in range(3))
        print(f"bench: {len(articles)} articles, {tokens} tokens, {name}: {tokens / best:,.0f} tokens/s")


def _timed(tag: Callable, calls: Sequence[list[list[str]]]) -> float:
    """Seconds to make every call once."""
    started = time.perf_counter()
    for sentences in calls:
        tag(sentences)
    return time.perf_counter() - started


def bench_articles(news: Path, limit: int) -> list[list[list[str]]]:
    """The tokenized sentences of evaluation articles (Fars and Varzesh3 in turn), up to ``limit`` tokens."""
    from didban.evaluation.split import evaluation_articles

    out: list[list[list[str]]] = []
    pairs = zip(evaluation_articles(news, "fars"), evaluation_articles(news, "varzesh3"), strict=False)
    for article in (a for pair in pairs for a in pair):
        out.append(article_sentences(article))
        if sum(len(s) for a in out for s in a) >= limit:
            break
    return out


def main() -> None:
    """Parse the options; run the dev comparison, the test protocol, or train and export."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/ner"))
    parser.add_argument("--news", type=Path, default=None, help="default: <data>/../news")
    parser.add_argument("--out", type=Path, default=ROOT / "src/didban/models/data")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/ner_neural_cache"))
    parser.add_argument("--max-words", type=int, default=40000)
    parser.add_argument("--dev", default="", help="dev F1 on these corpora (peyma,arman,parstwiner)")
    parser.add_argument("--protocol", action="store_true", help="the test protocol numbers")
    parser.add_argument("--bench", action="store_true", help="tokens/s of the shipped files, one thread")
    parser.add_argument("--multi", action="store_true", help="train on the three corpora, a head each")
    parser.add_argument("--set", action="append", default=[], help="a Config field: name=value")
    parser.add_argument("--pretrain-lm", type=Path, default=None, help="pretrain the encoder, save it here")
    parser.add_argument("--init", type=Path, default=None, help="start from this pretrained encoder")
    for flag in ("char", "gaz", "clusters", "pretrained"):
        parser.add_argument(f"--no-{flag}", action="store_true")
    args = parser.parse_args()
    if args.protocol and args.init:
        parser.error("--init with --protocol: the LM read Arman's test folds (needs one LM per fold)")
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    logging.getLogger("gensim").setLevel(logging.WARNING)
    torch.set_num_threads(1)
    off = {f: False for f in ("char", "gaz", "clusters", "pretrained") if getattr(args, f"no_{f}")}
    cfg = replace(Config(), **off)
    for item in args.set:
        name, _, value = item.partition("=")
        cfg = replace(cfg, **{name: type(getattr(cfg, name))(value)})
    if args.pretrain_lm:
        lm = LMConfig()
        pretrain_lm(lm_corpus(args, lm.max_len), setup(args, cfg), cfg, lm, args.pretrain_lm)
    elif args.bench:
        bench(args)
    elif args.dev:
        dev_runs(args, setup(args, cfg), cfg)
    elif args.protocol:
        protocol(args, setup(args, cfg), cfg)
    else:
        ship(args, setup(args, cfg), cfg)


if __name__ == "__main__":
    main()
