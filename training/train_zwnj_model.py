"""Train the half-space (ZWNJ) gap model shipped as ``src/didban/lexicon/data/zwnj_model.tsv``.

Usage::

    python training/train_zwnj_model.py --data ../shared/data [--out src/didban/lexicon/data]

Only the *training* articles (:func:`didban.evaluation.split.training_articles`) are read. They are
split by a hash of their link into two halves: the count features of one half's paragraphs come from a
lexicon built from the *other* half (so a paragraph never sees its own counts), and a tenth of the
articles is kept aside as a dev set for the regularization. Each paragraph that uses half-spaces is
corrupted as the evaluation does — every ZWNJ deleted, or replaced by a space — and every candidate gap the
runtime would score becomes one example. Two logistic regressions (glued gaps, spaced gaps) are fitted with
scikit-learn (the ``train`` extra); only their weights are shipped. Each threshold is the lowest at which
the out-of-fold ZWNJs of its kind (every training article, scored by a regression fitted without its fold)
reach a precision floor (:data:`GLUED_PRECISION`, :data:`PAIR_PRECISION`). Deterministic: same data, same
file.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from build_zwnj_lexicon import PHRASE, clean, count_news, hazm_verbs, hazm_words, keep_pairs

from didban.evaluation.split import training_articles
from didban.lexicon.zwnj_lexicon import OTHER_WEIGHT, ZwnjLexicon, build_lexicon, verb_forms
from didban.text.letters import ZWNJ
from didban.text.zwnj import Restorer, zwnj_positions
from didban.text.zwnj_model import GapModel, parse_model, text_style

log = logging.getLogger("train_zwnj_model")
MIN_FEATURE_COUNT = 3
FOLDS = 5
DEV_FOLD = 9
C_GRID = (0.1, 0.3, 1.0)
THRESHOLDS = [x / 4 for x in range(-8, 17)]
#: Precision floors of the two thresholds. A glued-gap error is a ZWNJ where the writer wrote none; a
#: spaced-gap error is a ZWNJ where the writer wrote a space, and most of those are standard spellings
#: («می‌شود»، «شده‌اند»: the evaluation's hand check), so recall is worth more there.
GLUED_PRECISION = 0.935
PAIR_PRECISION = 0.80
HEADER = (
    "# zwnj_model.tsv: logistic-regression weights derived by training/train_zwnj_model.py from the"
    " training split of news/fars and news/varzesh3 and hazm's word lists. See SOURCES.md.\n"
)


@dataclass
class Examples:
    """Feature lists and labels of one kind of gap (glued or pair)."""

    rows: list[list[str]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    folds: list[int] = field(default_factory=list)  # the fold of each example's article

    def add(self, features: list[str], label: int) -> None:
        """One candidate gap."""
        self.rows.append(features)
        self.labels.append(label)

    def extend(self, other: Examples, fold: int) -> None:
        """Add ``other``'s examples, all from articles of ``fold``."""
        self.rows.extend(other.rows)
        self.labels.extend(other.labels)
        self.folds.extend([fold] * len(other.rows))

    def part(self, keep: Callable[[int], bool]) -> Examples:
        """The examples whose fold passes ``keep``."""
        chosen = [i for i, k in enumerate(self.folds) if keep(k)]
        return Examples(
            [self.rows[i] for i in chosen], [self.labels[i] for i in chosen], [self.folds[i] for i in chosen]
        )


def fold(article: dict[str, Any]) -> int:
    """0–9 from a hash of the article's link (``fold % FOLDS`` is its fold; :data:`DEV_FOLD` is dev)."""
    key = article.get("link") or article.get("title") or ""
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % 10


def article_texts(articles: Iterable[dict[str, Any]]) -> Iterator[str]:
    """Titles, leads and paragraphs of articles."""
    for article in articles:
        yield article.get("title") or ""
        yield article.get("abstract") or ""
        yield from article.get("paragraphs", [])


def fold_lexicon(articles: list[dict[str, Any]], data: Path, scale: float) -> ZwnjLexicon:
    """A lexicon built like the shipped one from ``articles`` only, counts multiplied by ``scale``."""
    forms_z, forms_n, pairs_z, pairs_n = count_news(article_texts(articles))
    forms = {
        f: scale * (forms_z[f] + OTHER_WEIGHT * forms_n[f])
        for f in sorted(forms_z.keys() | forms_n.keys())
        if ZWNJ in f or forms_z[f] + forms_n[f] >= 2
    }
    words = frozenset(hazm_words(data / "lexicons/hazm"))
    pairs = keep_pairs(pairs_z.keys() | pairs_n.keys(), set(forms) | words)
    weighted = {p: scale * (pairs_z[p] + OTHER_WEIGHT * pairs_n[p]) for p in pairs}
    verbs = verb_forms([row.split("\t") for row in hazm_verbs(data / "lexicons/hazm")])
    return build_lexicon(forms, weighted, words, verbs)


def paragraph_examples(fixer: Restorer, gold: str, glued: Examples, pairs: Examples) -> None:
    """Examples of one paragraph (with ZWNJs), under both corruptions."""
    for kind in ("deleted", "space"):
        text = gold.replace(ZWNJ, "" if kind == "deleted" else " ")
        style = text_style(text, fixer.lex.verbs)
        for phrase in PHRASE.findall(gold.strip(ZWNJ)):
            tokens = phrase.split(" ") if kind == "deleted" else phrase.replace(ZWNJ, " ").split(" ")
            joins = [0] * (len(tokens) - 1) if kind == "deleted" else _joins(phrase)
            for token in tokens:
                key = token.replace(ZWNJ, "")
                if len(key) >= 4:
                    cuts = zwnj_positions(token)
                    for i, features in fixer.glued_gap_features(key, style):
                        glued.add(features, int(i in cuts))
            for (a, b), label in zip(itertools.pairwise(tokens), joins, strict=True):
                a, b = a.replace(ZWNJ, ""), b.replace(ZWNJ, "")
                features = None if not (a and b) else fixer.pair_gap_features(a, b, style)
                if features is not None:
                    pairs.add(features, label)


def _joins(phrase: str) -> list[int]:
    """For each separator of ``phrase`` in order, 1 if it is a ZWNJ, 0 if a space."""
    return [int(c == ZWNJ) for c in phrase if c in (" ", ZWNJ)]


def collect(articles: list[dict[str, Any]], lex: ZwnjLexicon) -> tuple[Examples, Examples]:
    """Glued and pair examples of every paragraph with a ZWNJ in ``articles``, counts from ``lex``."""
    fixer, glued, pairs = Restorer(lex), Examples(), Examples()
    for article in articles:
        for paragraph in article.get("paragraphs", []):
            if ZWNJ in paragraph:
                paragraph_examples(fixer, clean(paragraph), glued, pairs)
    return glued, pairs


def vocabulary(rows: list[list[str]]) -> dict[str, int]:
    """Features seen at least :data:`MIN_FEATURE_COUNT` times, numbered in sorted order."""
    counts = Counter(f for row in rows for f in row)
    return {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_FEATURE_COUNT))}


def matrix(rows: list[list[str]], vocab: dict[str, int]) -> Any:
    """A sparse 0/1 matrix of ``rows`` over ``vocab``."""
    from scipy.sparse import csr_matrix

    indptr, indices = [0], []
    for row in rows:
        indices.extend(sorted({vocab[f] for f in row if f in vocab}))
        indptr.append(len(indices))
    return csr_matrix(([1.0] * len(indices), indices, indptr), shape=(len(rows), len(vocab)))


def _regression(c: float) -> Any:
    """The logistic regression both :func:`fit` and :func:`out_of_fold` train."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, solver="liblinear", max_iter=200, random_state=0)


def fit(train: Examples, dev: Examples, c_grid: Iterable[float]) -> tuple[dict[str, float], float]:
    """The best (dev log-loss) logistic regression's weights by feature, and its ``C``."""
    from sklearn.metrics import log_loss

    vocab = vocabulary(train.rows)
    x_train, x_dev = matrix(train.rows, vocab), matrix(dev.rows, vocab)
    best: tuple[float, Any] | None = None
    for c in c_grid:
        model = _regression(c)
        model.fit(x_train, train.labels)
        loss = log_loss(dev.labels, model.predict_proba(x_dev)[:, 1])
        log.info("C=%s dev log-loss %.4f", c, loss)
        if best is None or loss < best[0]:
            best = (loss, model)
    assert best is not None
    model = best[1]
    weights = {f: float(model.coef_[0][i]) for f, i in vocab.items()}
    bias = next(f for f in vocab if f in ("g", "p"))
    weights[bias] += float(model.intercept_[0])
    return weights, float(model.C)


def out_of_fold(examples: Examples, c: float) -> tuple[list[float], list[int]]:
    """Log-odds of every example from a regression fitted on the other folds' examples, with its label:
    the thresholds are chosen on these (all the training articles) rather than on the small dev fold."""
    scores: list[float] = []
    labels: list[int] = []
    for k in range(FOLDS):
        train, held = examples.part(lambda f, k=k: f != k), examples.part(lambda f, k=k: f == k)
        vocab = vocabulary(train.rows)
        model = _regression(c)
        model.fit(matrix(train.rows, vocab), train.labels)
        scores.extend(model.decision_function(matrix(held.rows, vocab)))
        labels.extend(held.labels)
    return scores, labels


def lowest_threshold(scored: tuple[list[float], list[int]], floor: float) -> tuple[float, float, float]:
    """The lowest of :data:`THRESHOLDS` whose precision on ``scored`` reaches ``floor`` (the highest if
    none does), with its precision and recall."""
    positives = max(sum(scored[1]), 1)
    for threshold in THRESHOLDS:
        tp, fp = _tally(scored, threshold)
        precision = tp / (tp + fp) if tp + fp else 1.0
        if precision >= floor:
            break
    return threshold, precision, tp / positives


def _tally(scored: tuple[list[float], list[int]], threshold: float) -> tuple[int, int]:
    """True and false positives at ``threshold``."""
    tp = sum(1 for s, y in zip(*scored, strict=True) if s > threshold and y)
    fp = sum(1 for s, y in zip(*scored, strict=True) if s > threshold and not y)
    return tp, fp


def write_model(path: Path, weights: dict[str, float], thresholds: tuple[float, float]) -> None:
    """The shipped TSV: thresholds, then every non-negligible weight, sorted."""
    lines = [HEADER, f"#threshold glued\t{thresholds[0]}\n", f"#threshold pair\t{thresholds[1]}\n"]
    lines += [f"{f}\t{w:.4f}\n" for f, w in sorted(weights.items()) if abs(w) >= 5e-4]
    path.write_text("".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="shared data folder (news/, lexicons/)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parents[1] / "src/didban/lexicon/data")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    articles = list(training_articles(args.data / "news"))
    train, dev = cross_fitted(articles, args.data)
    glued_weights, glued_c = fit(train[0], dev[0], C_GRID)
    pair_weights, pair_c = fit(train[1], dev[1], C_GRID)
    tg, *glued_pr = lowest_threshold(out_of_fold(train[0], glued_c), GLUED_PRECISION)
    tp, *pair_pr = lowest_threshold(out_of_fold(train[1], pair_c), PAIR_PRECISION)
    log.info("glued threshold %.2f: out-of-fold P %.3f R %.3f", tg, *glued_pr)
    log.info("pair threshold %.2f: out-of-fold P %.3f R %.3f", tp, *pair_pr)
    write_model(args.out / "zwnj_model.tsv", {**glued_weights, **pair_weights}, (tg, tp))
    log.info("wrote %s", args.out / "zwnj_model.tsv")
    model = parse_model((args.out / "zwnj_model.tsv").read_text(encoding="utf-8"))
    for line in dev_report(articles, args.data, model):
        log.info("%s", line)


def cross_fitted(articles: list[dict[str, Any]], data: Path) -> tuple[tuple[Examples, Examples], ...]:
    """Training and dev examples (glued, pair); each fold's counts come from the other folds."""
    train, dev = (Examples(), Examples()), (Examples(), Examples())
    for k in range(FOLDS):
        rest = [a for a in articles if fold(a) % FOLDS != k]
        lex = fold_lexicon(rest, data, len(articles) / len(rest))
        for target, wanted in ((train, False), (dev, True)):
            part = [a for a in articles if fold(a) % FOLDS == k and (fold(a) == DEV_FOLD) == wanted]
            glued, pairs = collect(part, lex)
            target[0].extend(glued, k)
            target[1].extend(pairs, k)
        log.info("fold %d: %d glued, %d pair training examples", k, len(train[0].rows), len(train[1].rows))
    return train, dev


def dev_report(articles: list[dict[str, Any]], data: Path, model: GapModel) -> list[str]:
    """The evaluation's scores on the dev paragraphs: rules alone, then rules and ``model``."""
    from didban.evaluation.zwnj import corrupt, score
    from didban.text import repair, zwnj

    rest = [a for a in articles if fold(a) % FOLDS != DEV_FOLD % FOLDS]
    lex = fold_lexicon(rest, data, len(articles) / len(rest))
    paragraphs = [p for a in articles if fold(a) == DEV_FOLD for p in a.get("paragraphs", []) if ZWNJ in p]
    lines, saved = [], list(zwnj._RESTORER)
    try:
        for name, fixer in (("rules", Restorer(lex)), ("model", Restorer(lex, model))):
            zwnj._RESTORER[:] = [fixer]
            for kind in ("deleted", "space"):
                outputs = [repair(corrupt(p, kind))[0] for p in paragraphs]
                c = score(paragraphs, outputs)[0]
                lines.append(
                    f"dev {name:5} {kind:7} P {c.precision:.3f} R {c.recall:.3f} F1 {c.f1:.3f}"
                    f" P-nosp {c.p_nospace:.3f} ({len(paragraphs)} paragraphs)"
                )
    finally:
        zwnj._RESTORER[:] = saved
    return lines


if __name__ == "__main__":
    main()
