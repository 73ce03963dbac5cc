"""Train the summary sentence scorer shipped as ``src/didban/models/data/summary_model.tsv``.

Usage::

    python training/train_summary.py --data ../shared/data [--out src/didban/models/data] [--dev]

Only training articles are read: the Fars articles outside
:func:`~didban.evaluation.split.evaluation_articles` (with ``--varzesh3``, the Varzesh3 ones too; it
lowered the Fars dev scores, so the shipped model does not use them). Each article is read by the pipeline
from its title and paragraphs, as ``didban eval summary`` reads it, and every candidate sentence of
:func:`~didban.read.summary.candidates` becomes one example with the runtime's
:func:`~didban.read.summary.features`. The label is the sentence's ROUGE-1 + ROUGE-2 F1 against the
article's abstract (byline removed); a ridge regression (scikit-learn, the ``train`` extra) is fitted and
only its weights are shipped. ``--dev`` cross-validates on the Fars training articles (five folds by a
hash of the link) and prints the mean dev ROUGE of one-sentence summaries for each regularization; the
held-out evaluation articles are never read. Deterministic: same data, same file.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from didban.evaluation.split import evaluation_articles, load_articles
from didban.evaluation.summary import record_article, reference, rouge_n, rouge_tokens
from didban.read.summary import SummaryModel, candidates, features

log = logging.getLogger("train_summary")
ALPHAS = (3.0, 10.0, 30.0)
DEFAULT_ALPHA = 10.0
MIN_FEATURE_COUNT = 3
FOLDS = 5
HEADER = (
    "# summary_model.tsv: ridge-regression weights of the summary sentence scorer, derived by"
    " training/train_summary.py from the training split of news/fars.\n"
)


@dataclass
class Example:
    """One article's candidates: features and the ROUGE-1 / ROUGE-2 F1 of each against the abstract."""

    rows: list[list[str]] = field(default_factory=list)
    r1: list[float] = field(default_factory=list)
    r2: list[float] = field(default_factory=list)


def training_records(data: Path, name: str) -> list[dict[str, Any]]:
    """The articles of one set outside its held-out evaluation part, with an abstract."""
    held_out = {r.get("link") for r in evaluation_articles(data, name)}
    return [r for r in load_articles(data, name) if r.get("link") not in held_out and r.get("abstract")]


def fold_of(record: dict[str, Any]) -> int:
    """The cross-validation fold of a training article (by a hash of its link)."""
    key = (record.get("link") or record.get("title") or "").encode("utf-8")
    return int(hashlib.sha1(key).hexdigest()[:8], 16) % FOLDS


def example(record: dict[str, Any]) -> Example | None:
    """The candidates of one article with their features and ROUGE; None when it has none."""
    article = record_article(record)
    found = candidates(article)
    if not found:
        return None
    ref = rouge_tokens(reference(record["abstract"]))
    out = Example(rows=features(article, found))
    for candidate in found:
        tokens = rouge_tokens(candidate.text)
        out.r1.append(rouge_n(tokens, ref, 1).f1)
        out.r2.append(rouge_n(tokens, ref, 2).f1)
    return out


def examples(records: Iterable[dict[str, Any]]) -> list[Example]:
    """The examples of many articles."""
    return [e for e in map(example, records) if e is not None]


def fit(train: list[Example], alpha: float) -> SummaryModel:
    """A ridge regression of each sentence's ROUGE-1 + ROUGE-2 F1 over the features; weights by name."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import Ridge

    counts: dict[str, int] = {}
    for e in train:
        for row in e.rows:
            for f in row:
                counts[f] = counts.get(f, 0) + 1
    kept = {f for f, n in counts.items() if n >= MIN_FEATURE_COUNT}
    rows = [{f: 1 for f in row if f in kept} for e in train for row in e.rows]
    labels = [a + b for e in train for a, b in zip(e.r1, e.r2, strict=True)]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(rows)
    model = Ridge(alpha=alpha, fit_intercept=False).fit(matrix, labels)
    names = vectorizer.get_feature_names_out()
    return SummaryModel({str(n): float(w) for n, w in zip(names, model.coef_, strict=True) if abs(w) >= 1e-5})


def dev_rouge(model: SummaryModel, dev: list[Example]) -> tuple[float, float]:
    """Mean ROUGE-1 and ROUGE-2 F1 of the one-sentence summaries the model picks on ``dev``."""
    r1 = r2 = 0.0
    for e in dev:
        scores = [model.score(row) for row in e.rows]
        pick = scores.index(max(scores))
        r1, r2 = r1 + e.r1[pick], r2 + e.r2[pick]
    return r1 / len(dev), r2 / len(dev)


def cross_validate(fars: list[dict[str, Any]], extra: list[Example]) -> None:
    """Log the mean dev ROUGE over :data:`FOLDS` folds of the Fars training articles, per C."""
    folds = [examples(r for r in fars if fold_of(r) == k) for k in range(FOLDS)]
    lead = SummaryModel({"pos:0": 1.0})
    log.info("lead-1 stripped: R-1 %.4f R-2 %.4f", *_mean([dev_rouge(lead, f) for f in folds]))
    for alpha in ALPHAS:
        scores = []
        for k in range(FOLDS):
            train = [e for j, f in enumerate(folds) if j != k for e in f] + extra
            scores.append(dev_rouge(fit(train, alpha), folds[k]))
        log.info("alpha=%g: R-1 %.4f R-2 %.4f", alpha, *_mean(scores))


def _mean(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return sum(p[0] for p in pairs) / len(pairs), sum(p[1] for p in pairs) / len(pairs)


def write_model(model: SummaryModel, out: Path) -> Path:
    """Write the weights as ``feature<TAB>weight`` lines, sorted by feature."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "summary_model.tsv"
    lines = [f"{name}\t{weight:.5f}" for name, weight in sorted(model.weights.items())]
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="shared data folder (holding news/)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parents[1] / "src/didban/models/data")
    parser.add_argument("--dev", action="store_true", help="score regularizations on a dev fifth; no file")
    parser.add_argument("--varzesh3", action="store_true", help="also train on the Varzesh3 training set")
    parser.add_argument("--alpha", type=float, default=DEFAULT_ALPHA, help="ridge regularization strength")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    news = args.data / "news" if (args.data / "news").is_dir() else args.data
    fars = training_records(news, "fars")
    extra = training_records(news, "varzesh3") if args.varzesh3 else []
    if args.dev:
        cross_validate(fars, examples(extra))
        return
    model = fit(examples(fars + extra), args.alpha)
    log.info("wrote %s (%d weights)", write_model(model, args.out), len(model.weights))


if __name__ == "__main__":
    main()
