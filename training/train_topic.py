"""Train the topic classifier shipped as ``src/didban/models/data/topic_model.tsv``.

Usage::

    python training/train_topic.py --data ../shared/data/news [--out src/didban/models/data] [--ablation]

Only the training 70 % of :func:`didban.evaluation.topic.split_records` is read; each record goes through
the reading pipeline and :func:`didban.read.topic.article_features`, exactly as at run time. Varzesh3 is
capped at :data:`VARZESH3_CAP` records (the first in split-hash order): with all of them the sports prior
pulls short science and society articles to sports. Features seen in :data:`MIN_DF` articles or more are
ranked by chi² against the topics and the best :data:`KEEP` kept; they are weighted TF-IDF (raw counts, L2
norm) and a class-balanced linear SVM (scikit-learn, the ``train`` extra) is fitted. Its weights, multiplied
by the IDF, are shipped with the IDF and a softmax temperature fitted on cross-validated scores.
Deterministic: same data, same file (with the same scikit-learn).

``--ablation`` prints the cross-validated macro-F1 (3 × 5 folds inside the training 70 %; every training
record is scored, the Varzesh3 cap applies to the part each fold's model is fitted on) of each choice that led
to the shipped configuration, and of the alternatives tried and not kept. Choices were made on that CV only,
keeping the simpler option when the richer one was not better by more than the spread across CV seeds.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.feature_selection import chi2
from sklearn.metrics import f1_score
from sklearn.svm import LinearSVC

from didban.article import Article
from didban.evaluation.topic import (
    LABELS,
    Record,
    baseline_text,
    load_records,
    record_document,
    split_records,
)
from didban.read.pipeline import analyze_document
from didban.read.topic import MODEL_FILE, article_features, parse_model, words

log = logging.getLogger("train_topic")
VARZESH3_CAP = 50
MIN_DF = 3
KEEP = 2000
C = 0.5
FOLDS = 5
CV_SEEDS = 3
TEMPERATURES = [t / 20 for t in range(1, 61)]
HEADER = (
    "# topic_model.tsv: linear-SVM weights (multiplied by the IDF) of didban.read.topic, fitted by"
    " training/train_topic.py on the training split of news/fars and news/varzesh3.\n"
)


@dataclass
class Sample:
    """The labeled training records with their labels and read articles."""

    records: list[Record]
    labels: np.ndarray
    articles: list[Article] = field(default_factory=list)

    def fitted_on(self, indices: np.ndarray, cap: int | None = VARZESH3_CAP) -> np.ndarray:
        """The records of ``indices`` a model is fitted on: Varzesh3 ones only up to the first ``cap``."""
        if cap is None:
            return indices
        sports = [i for i in indices if self.records[i].set == "varzesh3"]
        dropped = set(sports[cap:])
        return np.array([i for i in indices if i not in dropped])


def training_sample(data: Path) -> Sample:
    """The labeled training records (in split-hash order), read by the pipeline."""
    train, _ = split_records(load_records(data))
    records = [r for r in train if r.label is not None]
    articles = [analyze_document(record_document(r)) for r in records]
    return Sample(records, np.array([r.label for r in records]), articles)


@dataclass(frozen=True)
class Config:
    """One way to fit: feature pruning, TF weighting, SVM options; ``raw`` is the baseline on raw text."""

    min_df: int = MIN_DF
    keep: int | None = KEEP
    c: float = C
    sublinear: bool = False
    balanced: bool = True
    raw: bool = False


@dataclass
class Fitted:
    """A fitted vectorizer and SVM."""

    vec: TfidfVectorizer
    model: LinearSVC

    def decision(self, docs: Sequence[Any]) -> np.ndarray:
        """The SVM's score of each topic (columns in ``model.classes_`` order)."""
        return self.model.decision_function(self.vec.transform(docs))


def _identity(features: list[str]) -> list[str]:
    return features


def tfidf(config: Config, vocabulary: list[str] | None = None) -> TfidfVectorizer:
    """TF-IDF over ready-made feature lists: raw counts, smoothed IDF, L2 norm (as the runtime computes)."""
    if config.raw:
        return TfidfVectorizer()
    min_df = 1 if vocabulary else config.min_df
    return TfidfVectorizer(
        analyzer=_identity,
        min_df=min_df,
        sublinear_tf=config.sublinear,
        lowercase=False,
        vocabulary=vocabulary,
    )


def best_features(vec: TfidfVectorizer, x: Any, labels: np.ndarray, keep: int) -> list[str]:
    """The ``keep`` features with the highest chi² between their TF-IDF and the topics."""
    scores, _ = chi2(x, labels)
    names = vec.get_feature_names_out()
    order = sorted(range(len(names)), key=lambda j: (-np.nan_to_num(scores[j]), names[j]))
    return sorted(names[j] for j in order[:keep])


def fit(docs: Sequence[Any], labels: np.ndarray, config: Config = Config()) -> Fitted:
    """Fit the vectorizer (pruned to the ``keep`` best features) and the SVM on ``docs``."""
    vec = tfidf(config)
    x = vec.fit_transform(docs)
    if config.keep and not config.raw and len(vec.vocabulary_) > config.keep:
        vec = tfidf(config, best_features(vec, x, labels, config.keep))
        x = vec.fit_transform(docs)
    weights = "balanced" if config.balanced else None
    return Fitted(vec, LinearSVC(C=config.c, class_weight=weights, random_state=0).fit(x, labels))


def cv_folds(records: Sequence[Record], seed: int) -> np.ndarray:
    """Fold numbers from a hash of each link (no RNG)."""
    keys = [hashlib.sha1(f"topic-cv-{seed}:{r.link}".encode()).hexdigest() for r in records]
    return np.array([int(k[:8], 16) % FOLDS for k in keys])


def out_of_fold(
    docs: Sequence[Any], sample: Sample, folds: np.ndarray, config: Config, cap: int | None = VARZESH3_CAP
) -> np.ndarray:
    """Decision values of each record from a model fitted on the other folds."""
    scores = np.zeros((len(docs), len(set(sample.labels))))
    for k in range(FOLDS):
        train, test = sample.fitted_on(np.where(folds != k)[0], cap), np.where(folds == k)[0]
        fitted = fit([docs[i] for i in train], sample.labels[train], config)
        scores[test] = fitted.decision([docs[i] for i in test])
    return scores


def temperature(scores: np.ndarray, labels: np.ndarray, classes: np.ndarray) -> float:
    """The softmax temperature that minimizes the log-loss of cross-validated scores."""
    gold = np.searchsorted(classes, labels)

    def loss(t: float) -> float:
        z = scores / t
        z -= z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-log_p[np.arange(len(gold)), gold].mean())

    return min(TEMPERATURES, key=loss)


def model_tsv(fitted: Fitted, temp: float) -> str:
    """The shipped file: labels, biases, temperature, then ``feature idf weights…`` sorted by feature."""
    vec, model = fitted.vec, fitted.model
    order = [list(model.classes_).index(label) for label in LABELS]
    idf = vec.idf_
    coef = model.coef_[order] * idf
    lines = [
        HEADER.rstrip("\n"),
        "#labels\t" + "\t".join(LABELS),
        "#bias\t" + "\t".join(f"{b:.6g}" for b in model.intercept_[order]),
        f"#temperature\t{temp:g}",
    ]
    for feature, j in sorted(vec.vocabulary_.items()):
        lines.append("\t".join([feature, f"{idf[j]:.5g}", *(f"{w:.4g}" for w in coef[:, j])]))
    return "\n".join(lines) + "\n"


def check_export(text: str, fitted: Fitted, docs: Sequence[list[str]]) -> float:
    """The largest difference between the shipped model's scores and scikit-learn's on ``docs``."""
    shipped = parse_model(text)
    order = [list(fitted.model.classes_).index(label) for label in LABELS]
    expected = fitted.decision(docs)[:, order]
    worst = 0.0
    for doc, row in zip(docs, expected, strict=True):
        scores = shipped.scores(doc) or [0.0] * len(LABELS)
        worst = max(worst, *(abs(a - b) for a, b in zip(scores, row, strict=True)))
    return worst


def train(data: Path, out: Path) -> Path:
    """Fit the shipped model and write it; returns the path written."""
    sample = training_sample(data)
    docs = [article_features(a) for a in sample.articles]
    kept = sample.fitted_on(np.arange(len(docs)))
    fitted = fit([docs[i] for i in kept], sample.labels[kept])
    oof = out_of_fold(docs, sample, cv_folds(sample.records, 0), Config())
    temp = temperature(oof, sample.labels, fitted.model.classes_)
    text = model_tsv(fitted, temp)
    drift = check_export(text, fitted, [docs[i] for i in kept])
    if drift > 1e-3:
        raise RuntimeError(f"shipped weights drift from scikit-learn's scores by {drift:.2g}")
    out.mkdir(parents=True, exist_ok=True)
    path = out / MODEL_FILE
    path.write_text(text, encoding="utf-8")
    log.info(
        "fitted on %d of %d training records, %d features", len(kept), len(docs), len(fitted.vec.vocabulary_)
    )
    log.info("temperature %g; largest score drift from scikit-learn %.1g", temp, drift)
    return path


# --- ablation ---------------------------------------------------------------------------------------


def variant(article: Article, *, marks: bool = True, prefix: int = 0, bigrams: bool = False) -> list[str]:
    """Features of the shipped kind with one choice changed (``marks``: T:/L: copies; ``prefix`` 0: none)."""
    title, lead = words(article.headline or ""), words(article.lead or "")
    body = title + lead + words("\n".join([*article.crossheads, *article.paragraphs]))
    out = list(body)
    if marks:
        out += ["T:" + w for w in title] + ["L:" + w for w in lead]
    if prefix:
        out += ["P:" + w[:prefix] for w in body if len(w) > prefix]
    if bigrams:
        out += [f"{a} {b}" for a, b in itertools.pairwise(body)]
    return out


def char_grams(features: list[str]) -> list[str]:
    """The shipped features plus the letter 4-grams of every word (tried, not kept)."""
    grams = [f"<{w}>"[i : i + 4] for w in features if ":" not in w for i in range(len(w) - 1)]
    return features + ["G:" + g for g in grams]


def cv_macro_f1(docs: Sequence[Any], sample: Sample, config: Config, cap: int | None) -> tuple[float, float]:
    """Mean and standard deviation of macro-F1 over :data:`CV_SEEDS` hash-seeded 5-fold runs; every
    training record is scored, Varzesh3 is capped in the part each fold's model is fitted on."""
    results = []
    for seed in range(CV_SEEDS):
        scores = out_of_fold(docs, sample, cv_folds(sample.records, seed), config, cap)
        predicted = np.array(sorted(set(sample.labels)))[scores.argmax(axis=1)]
        results.append(f1_score(sample.labels, predicted, average="macro"))
    return float(np.mean(results)), float(np.std(results))


def ablation_rows(sample: Sample) -> list[tuple[str, list[Any], Config, int | None]]:
    """(name, documents, configuration, Varzesh3 cap) for each step of the ablation."""
    raw = [baseline_text(r) for r in sample.records]
    shipped = [article_features(a) for a in sample.articles]

    def words(**kw: Any) -> list[list[str]]:
        return [variant(a, **kw) for a in sample.articles]

    cap, full = VARZESH3_CAP, Config(min_df=MIN_DF, keep=None)
    plain = Config(min_df=2, keep=None, c=1.0, balanced=False)
    bal = Config(min_df=2, keep=None, c=1.0)
    return [
        (
            "baseline: raw text, TfidfVectorizer(), LinearSVC()",
            raw,
            Config(raw=True, c=1.0, balanced=False),
            None,
        ),
        ("pipeline text, folded words", words(marks=False), plain, None),
        ("+ class-balanced SVM", words(marks=False), bal, None),
        ("+ headline T: / lead L: copies", words(), bal, None),
        (f"+ Varzesh3 capped at {cap} in training", words(), bal, cap),
        (f"+ min_df {MIN_DF}, C {C}", shipped, full, cap),
        (f"+ {KEEP} features by chi² (shipped)", shipped, Config(), cap),
        ("  tried: 1000 features by chi²", shipped, Config(keep=1000), cap),
        ("  tried: + 5-letter prefixes", words(prefix=5), full, cap),
        ("  tried: + word bigrams", words(bigrams=True), full, cap),
        ("  tried: + both", words(prefix=5, bigrams=True), full, cap),
        ("  tried: + letter 4-grams", [char_grams(d) for d in shipped], full, cap),
        ("  tried: sublinear tf", shipped, Config(sublinear=True), cap),
        ("  tried: C 1", shipped, Config(c=1.0), cap),
        ("  tried: Varzesh3 capped at 150", shipped, Config(), 150),
        ("  tried: all Varzesh3", shipped, Config(), None),
    ]


def ablation(data: Path) -> str:
    """The cross-validated ablation table (markdown)."""
    sample = training_sample(data)
    lines = [
        f"{len(sample.records)} training records",
        "",
        "| step | CV macro-F1 (3×5 folds) |",
        "|---|---:|",
    ]
    for name, docs, config, cap in ablation_rows(sample):
        start = time.perf_counter()
        mean, std = cv_macro_f1(docs, sample, config, cap)
        lines.append(f"| {name} | {mean:.3f} ± {std:.3f} |")
        log.info("%s: %.3f (%.0f s)", name, mean, time.perf_counter() - start)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Command line: train and write the model, or print the ablation."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the news directory (fars/, varzesh3/)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent.parent / "src/didban/models/data")
    parser.add_argument("--ablation", action="store_true", help="print the cross-validated ablation instead")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.ablation:
        print(ablation(args.data))
    else:
        print(train(args.data, args.out))


if __name__ == "__main__":
    main()
