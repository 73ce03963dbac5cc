"""Named-entity tags from a small neural tagger: a char CNN + word BiLSTM run by onnxruntime, decoded by
Viterbi over the transition scores of its CRF layer (numpy only; no torch at run time).

The model (``models/data/ner_neural.onnx``) and its vocabulary file (``ner_neural_vocab.tsv``: labels,
characters, words, CRF transitions) are trained by ``training/train_ner_neural.py``; they load once, on
first use. Each word is read as its normalized form (:func:`didban.read.ner_features.normalize`), its
first characters, its gazetteer tag and its finest word cluster (the CRF's shipped resources).

>>> viterbi(np.array([[[0.0, 2.0, 0.0], [0.0, 0.0, 1.0]]]), np.array([2]), np.zeros((3, 3)),
...         np.zeros(3), np.zeros(3), ("O", "B-PER", "I-PER"))
[['B-PER', 'I-PER']]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from didban.read.ner_features import Resources, gazetteer_tags, normalize, shipped_resources

MODEL_FILE = "ner_neural.onnx"
VOCAB_FILE = "ner_neural_vocab.tsv"
#: Characters read of each word (the rest is cut; shorter words are padded).
MAX_CHARS = 16
#: Gazetteer tags, as :func:`didban.read.ner_features.gazetteer_tags` writes them.
GAZ_TAGS = ("O", "B-country", "I-country", "B-fname", "I-fname", "B-outlet", "I-outlet")
_GAZ_INDEX = {tag: i for i, tag in enumerate(GAZ_TAGS)}
PAD, UNK = 0, 1
BATCH = 64
_BLOCKED = -1e4


#: A word's inputs: its normalized form, word id, character ids and cluster id (see :func:`make_batch`).
_Row = tuple[str, int, tuple[int, ...], int]
#: The most words whose inputs a vocabulary remembers (the memo starts again when full).
_MEMO_LIMIT = 1 << 16


@dataclass(frozen=True, eq=False)
class Vocab:
    """Labels, character and word ids, and the CRF scores of the model (``start`` with ``I-`` blocked)."""

    labels: tuple[str, ...]
    chars: Mapping[str, int]
    words: Mapping[str, int]
    transitions: np.ndarray
    start: np.ndarray
    end: np.ndarray
    #: The resources the memo was made with, and each word's :data:`_Row` (a memo, not data).
    memo: list[Any] = field(default_factory=lambda: [None, {}], repr=False)

    def rows(self, res: Resources) -> dict[str, _Row]:
        """The memo of word inputs for ``res`` (emptied when the resources change or it is full)."""
        if self.memo[0] is not res or len(self.memo[1]) > _MEMO_LIMIT:
            self.memo[:] = [res, {}]
        return self.memo[1]


def parse_vocab(text: str) -> Vocab:
    """A :class:`Vocab` from ``kind<TAB>value…`` lines (``label``, ``char``, ``word``, ``trans``, ``start``,
    ``end``); ids follow line order, after the padding and unknown ids."""
    rows: dict[str, list[list[str]]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            kind, *values = line.split("\t")
            rows.setdefault(kind, []).append(values)
    floats = {
        k: np.array([[float(v) for v in r] for r in rows.get(k, [])]) for k in ("trans", "start", "end")
    }
    return Vocab(
        labels=tuple(r[0] for r in rows.get("label", [])),
        chars={r[0]: i + 2 for i, r in enumerate(rows.get("char", []))},
        words={r[0]: i + 2 for i, r in enumerate(rows.get("word", []))},
        transitions=constrain(floats["trans"], tuple(r[0] for r in rows.get("label", []))),
        start=constrain_start(
            floats["start"].ravel().astype(np.float32), tuple(r[0] for r in rows.get("label", []))
        ),
        end=floats["end"].ravel(),
    )


def constrain(transitions: np.ndarray, labels: Sequence[str]) -> np.ndarray:
    """The transition scores with the moves IOB2 forbids (``O → I-X``, ``B-X → I-Y``) blocked.

    >>> constrain(np.zeros((3, 3)), ("O", "B-PER", "I-PER"))[0].tolist()
    [0.0, 0.0, -10000.0]
    """
    out = np.array(transitions, dtype=np.float32)
    for j, label in enumerate(labels):
        if label.startswith("I-"):
            for i, before in enumerate(labels):
                if before[2:] != label[2:]:
                    out[i, j] = _BLOCKED
    return out


def constrain_start(start: np.ndarray, labels: Sequence[str]) -> np.ndarray:
    """The start scores (in their own precision) with ``I-`` labels blocked: a span starts with ``B-``.

    >>> constrain_start(np.zeros(3, dtype=np.float32), ("O", "B-PER", "I-PER")).tolist()
    [0.0, 0.0, -10000.0]
    """
    blocked = np.array([_BLOCKED if lab.startswith("I-") else 0.0 for lab in labels], dtype=start.dtype)
    return start + blocked


@dataclass(frozen=True)
class Batch:
    """The model inputs of a batch of sentences (padded to the longest)."""

    words: np.ndarray
    chars: np.ndarray
    gaz: np.ndarray
    clusters: np.ndarray
    rev: np.ndarray
    lengths: np.ndarray

    def feeds(self) -> dict[str, np.ndarray]:
        """The onnxruntime input feed."""
        return {"words": self.words, "chars": self.chars, "gaz": self.gaz, "clusters": self.clusters,
                "rev": self.rev}  # fmt: skip


def _row(word: str, vocab: Vocab, res: Resources) -> _Row:
    """A word's inputs: normalized form, word id, character ids (cut or padded to :data:`MAX_CHARS`) and
    finest cluster plus one (0: no cluster)."""
    norm = normalize(word)
    ids = [vocab.chars.get(c, UNK) for c in norm[:MAX_CHARS]]
    cluster = res.clusters.get(norm)
    return (
        norm,
        vocab.words.get(norm, UNK),
        (*ids, *[PAD] * (MAX_CHARS - len(ids))),
        int(cluster[-1]) + 1 if cluster else 0,
    )


def make_batch(sentences: Sequence[Sequence[str]], vocab: Vocab, res: Resources) -> Batch:
    """The padded inputs of ``sentences`` (word strings as written)."""
    lengths = np.array([len(s) for s in sentences], dtype=np.int64)
    size, width = len(sentences), int(lengths.max())
    words = np.zeros((size, width), dtype=np.int64)
    chars = np.zeros((size, width, MAX_CHARS), dtype=np.int64)
    gaz = np.zeros((size, width), dtype=np.int64)
    clusters = np.zeros((size, width), dtype=np.int64)
    memo = vocab.rows(res)
    for b, sentence in enumerate(sentences):
        rows = [memo.get(w) or memo.setdefault(w, _row(w, vocab, res)) for w in sentence]
        norm, ids, char_ids, cluster_ids = zip(*rows, strict=True)
        n = len(rows)
        words[b, :n], chars[b, :n], clusters[b, :n] = ids, char_ids, cluster_ids
        gaz[b, :n] = [_GAZ_INDEX.get(t, 0) for t in gazetteer_tags(norm, res.phrases, res.starts)]
    return Batch(words, chars, gaz, clusters, reverse_index(lengths, width), lengths)


def reverse_index(lengths: np.ndarray, width: int) -> np.ndarray:
    """For each position, the one that reverses the sentence's words (padding stays in place).

    >>> reverse_index(np.array([2, 3]), 3).tolist()
    [[1, 0, 2], [2, 1, 0]]
    """
    pos = np.arange(width)[None, :]
    return np.where(pos < lengths[:, None], lengths[:, None] - 1 - pos, pos).astype(np.int64)


def viterbi(
    emissions: np.ndarray,
    lengths: np.ndarray,
    transitions: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    labels: Sequence[str],
) -> list[list[str]]:
    """The best label sequence of each sentence of a batch (``emissions``: batch × words × labels).

    Each step adds the scores of every move ``i → j`` as ``[sentence, j, i]`` and reduces the last,
    contiguous axis; the length masks are skipped while every sentence is still running.
    """
    size, width, n = emissions.shape
    shortest = int(lengths.min())
    score = start[None, :] + emissions[:, 0]
    into = np.ascontiguousarray(transitions.T)  # into[j, i]: the score of moving from label i to label j
    step = np.empty((size, n, n), dtype=np.result_type(score, into))
    back = np.empty((width, size, n), dtype=np.intp)
    for t in range(1, width):
        np.add(score[:, None, :], into, out=step)
        back[t] = step.argmax(axis=2)
        moved = step.max(axis=2) + emissions[:, t]
        score = moved if t < shortest else np.where((t < lengths)[:, None], moved, score)
    final = (score + end[None, :]).argmax(axis=1)
    paths, rows, best = np.empty((size, width), dtype=np.intp), np.arange(size), final
    ends = set((lengths - 1).tolist())
    for t in range(width - 1, -1, -1):
        if t in ends:
            best = np.where(t == lengths - 1, final, best)
        paths[:, t] = best
        if t:
            found = back[t, rows, best]
            best = found if t < shortest else np.where(t < lengths, found, best)
    return [[labels[i] for i in paths[b, : lengths[b]]] for b in range(size)]


@cache
def _model() -> tuple[Any, Vocab] | None:
    """The onnxruntime session (one thread) and the vocabulary, loaded once; ``None`` when the model is not
    shipped or onnxruntime is not installed."""
    data = resources.files("didban").joinpath("models", "data")
    if not data.joinpath(MODEL_FILE).is_file() or not data.joinpath(VOCAB_FILE).is_file():
        return None
    try:
        import onnxruntime
    except ImportError:
        return None

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(
        str(data.joinpath(MODEL_FILE)), options, providers=["CPUExecutionProvider"]
    )
    return session, parse_vocab(data.joinpath(VOCAB_FILE).read_text(encoding="utf-8"))


def tag_batch(
    session: Any, vocab: Vocab, sentences: Sequence[Sequence[str]], res: Resources
) -> list[list[str]]:
    """The IOB2 tags of one batch of non-empty sentences."""
    batch = make_batch(sentences, vocab, res)
    (emissions,) = session.run(["emissions"], batch.feeds())
    return viterbi(emissions, batch.lengths, vocab.transitions, vocab.start, vocab.end, vocab.labels)


def tag_sentences(sentences: Sequence[Sequence[str]], batch_size: int = BATCH) -> list[list[str]] | None:
    """The IOB2 tags of each sentence (word strings as written), or ``None`` when no model is shipped (or
    onnxruntime is missing).

    Sentences are tagged in batches of similar length (sorted by length; a batch ends at ``batch_size``
    sentences or when a sentence is more than :data:`SPREAD` times as long as the batch's first, so little
    padding is read).
    """
    model = _model()
    if model is None:
        return None
    session, vocab = model
    res = shipped_resources()
    out: list[list[str]] = [[] for _ in sentences]
    order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: len(sentences[i]))
    for chunk in _batches(order, [len(s) for s in sentences], batch_size):
        for i, tags in zip(chunk, tag_batch(session, vocab, [sentences[i] for i in chunk], res), strict=True):
            out[i] = tags
    return out


#: The longest sentence of a batch is at most this many times its shortest (plus a few words).
SPREAD = 1.5
#: At most this many (padded) words a batch: news sentences fill 64 a batch far below it, and text
#: without punctuation (sentences cut at 2,500 characters) no longer takes a gigabyte.
MAX_BATCH_WORDS = 8192


def _batches(order: Sequence[int], lengths: Sequence[int], size: int) -> list[list[int]]:
    """``order`` (indexes sorted by length) cut into batches of similar length.

    >>> _batches([0, 1, 2, 3], [4, 5, 20, 22], 64)
    [[0, 1], [2, 3]]
    >>> _batches([0, 1, 2], [3000, 3000, 3000], 64)  # a batch holds at most MAX_BATCH_WORDS words
    [[0, 1], [2]]
    """
    batches: list[list[int]] = []
    for i in order:
        last = batches[-1] if batches else []
        if (
            not last
            or len(last) >= size
            or (len(last) + 1) * lengths[i] > MAX_BATCH_WORDS
            or lengths[i] > SPREAD * lengths[last[0]] + 4
        ):
            batches.append([])
        batches[-1].append(i)
    return batches
