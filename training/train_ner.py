"""Build the named-entity tagger's gazetteer (``ner_gazetteer.tsv``) and word clusters (``ner_clusters.tsv``),
the inputs the shipped neural tagger (``training/train_ner_neural.py``) reads besides the words; and the CRF
baseline, which ``didban eval ner --tagger crf`` scores (not shipped since the neural tagger beat it).

Usage::

    python training/train_ner.py --data ../shared/data/ner [--out src/didban/models/data] [--ablation]
        [--crf /tmp/ner_crf.crfsuite]

Steps, each deterministic (same data, same files):

1. Gazetteer: the country names of ``../shared/data/lexicons/countries-fa`` (MIT), the Persian first names
   of ``persian-names`` (MIT, via ``lexicon/data/first_names_fa.txt``) and the outlet names and aliases of
   ``lexicon/data/outlets.json``; normalized as the features read them.
2. Word clusters: every word seen 3 times or more in the news text (``../shared/data/news``) and in the
   training and dev parts of the NER corpora (never a test part) gets a vector of its left and right
   neighbours among the 2,000 most frequent words (positive PMI), reduced to 100 dimensions (truncated SVD)
   and clustered by k-means at 3 granularities (32, 256, 1,024 clusters).
3. With ``--crf``: the CRF baseline (python-crfsuite, L-BFGS, elastic net), trained on the set chosen on dev
   (see the model card): Arman's distinct sentences over the 3 folds (PEYMA train+dev with DAT/TIM/MON/PCT
   → O was measured and not kept: it costs FAC, EVENT and PRODUCT, which PEYMA never tags).

``--ablation`` prints the dev F1 of each feature step and of c1/c2 settings (PEYMA dev, ParsTwiNER dev, and
a held-out tenth of Arman's train_fold1), and of the shipped-union choices on Arman's held-out tenth.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD

from didban.evaluation.ner import (
    CHOSEN,
    Sentence,
    TrainParams,
    dedupe,
    entities_only,
    fit_and_score,
    held_out,
    read_corpus,
    score,
    train_crf,
)
from didban.evaluation.split import load_articles
from didban.read.ner_features import (
    CLUSTERS_FILE,
    GAZETTEER_FILE,
    FeatureConfig,
    Resources,
    normalize,
    parse_clusters,
    parse_gazetteer,
    shipped_resources,
)
from didban.text.words import tokenize

log = logging.getLogger("train_ner")
ROOT = Path(__file__).resolve().parent.parent
LEXICON = ROOT / "src/didban/lexicon/data"
MIN_COUNT, CONTEXTS, DIMS, GRAINS = 3, 2000, 100, (32, 256, 1024)
#: Common names the country list writes otherwise («ایالات متحده» there; the news writes these too).
EXTRA_COUNTRIES = ("آمریکا", "ایالات متحده آمریکا", "انگلیس", "بریتانیا", "هلند", "کره جنوبی", "کره شمالی")


# --- gazetteer -----------------------------------------------------------------------------------


def _phrase(text: str) -> str:
    """A gazetteer phrase as the features see it: the normalized tokens, joined by spaces."""
    return " ".join(normalize(t.text) for t in tokenize(text))


def gazetteer_rows(lexicons: Path) -> dict[str, str]:
    """Phrase → kind (country, fname, outlet); a phrase listed twice keeps its first kind."""
    rows: dict[str, str] = {}
    for sub in ("fa", "fa_AF"):
        with (lexicons / "countries-fa/data" / sub / "country.csv").open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                rows.setdefault(_phrase(row["value"]), "country")
    for name in EXTRA_COUNTRIES:
        rows.setdefault(_phrase(name), "country")
    for line in (LEXICON / "first_names_fa.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.setdefault(_phrase(line.split()[0]), "fname")
    for outlet in json.loads((LEXICON / "outlets.json").read_text(encoding="utf-8")):
        for name in (outlet["name"], *outlet.get("aliases", ())):
            if name not in outlet.get("ambiguous", ()):
                rows.setdefault(_phrase(name), "outlet")
    return {k: v for k, v in rows.items() if k}


def write_gazetteer(lexicons: Path, out: Path) -> None:
    """Write ``ner_gazetteer.tsv``."""
    rows = gazetteer_rows(lexicons)
    head = "# NER gazetteer: countries-fa (MIT), persian-names (MIT), didban outlets; see NER_MODEL_CARD.md\n"
    body = "".join(f"{k}\t{v}\n" for k, v in sorted(rows.items()))
    (out / GAZETTEER_FILE).write_text(head + body, encoding="utf-8")


# --- clusters ------------------------------------------------------------------------------------


def unlabeled_sentences(news: Path, ner: Path) -> Iterator[list[str]]:
    """Normalized token lists: news paragraphs and titles, and the non-test NER corpus sentences."""
    for name in ("fars", "varzesh3"):
        for article in load_articles(news, name):
            for text in (
                article.get("title", ""),
                article.get("abstract", ""),
                *article.get("paragraphs", []),
            ):
                if text:
                    yield [normalize(t.text) for t in tokenize(text)]
    for words, _ in corpus_union(ner, test=False):
        yield [normalize(w) for w in words]


def corpus_union(ner: Path, test: bool) -> list[Sentence]:
    """Every training and dev sentence of the three corpora (and the test ones when ``test``)."""
    files = [("peyma", "train"), ("peyma", "dev"), ("parstwiner", "train"), ("parstwiner", "dev")]
    files += [("arman", f"train_fold{k}") for k in (1, 2, 3)]
    if test:
        files += [("peyma", "test"), ("parstwiner", "test")]
    return dedupe(s for corpus, split in files for s in read_corpus(ner / corpus / f"{split}.txt", corpus))


def cooccurrence(sentences: Iterable[list[str]]) -> tuple[list[str], sparse.csr_matrix]:
    """The vocabulary (count ≥ MIN_COUNT) and its PPMI matrix over left/right neighbour words."""
    sents = list(sentences)
    counts = Counter(w for s in sents for w in s)
    vocab = sorted((w for w, c in counts.items() if c >= MIN_COUNT), key=lambda w: (-counts[w], w))
    index = {w: i for i, w in enumerate(vocab)}
    ctx = {w: i for i, w in enumerate(vocab[:CONTEXTS])}
    rows, cols = [], []
    for s in sents:
        padded = ["<s>", *s, "</s>"]
        for i in range(1, len(padded) - 1):
            row = index.get(padded[i])
            if row is None:
                continue
            for side, neighbour in ((0, padded[i - 1]), (1, padded[i + 1])):
                col = ctx.get(neighbour)
                if col is not None:
                    rows.append(row)
                    cols.append(side * CONTEXTS + col)
    data = np.ones(len(rows), dtype=np.float64)
    matrix = sparse.csr_matrix((data, (rows, cols)), shape=(len(vocab), 2 * CONTEXTS))
    return vocab, _ppmi(matrix)


def _ppmi(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """Positive pointwise mutual information of a count matrix."""
    total = matrix.sum()
    row = np.asarray(matrix.sum(axis=1)).ravel()
    col = np.asarray(matrix.sum(axis=0)).ravel() ** 0.75
    col = col / col.sum() * total
    coo = matrix.tocoo()
    pmi = np.log(coo.data * total / (row[coo.row] * col[coo.col] + 1e-12))
    keep = pmi > 0
    return sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape)


def cluster_rows(vocab: list[str], matrix: sparse.csr_matrix) -> list[str]:
    """``word<TAB>id<TAB>id<TAB>id`` lines: k-means clusters of the SVD vectors, coarse to fine."""
    vectors = TruncatedSVD(DIMS, random_state=0).fit_transform(matrix)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    labels = [
        MiniBatchKMeans(k, random_state=0, n_init=3, batch_size=4096).fit_predict(vectors) for k in GRAINS
    ]
    return [f"{w}\t" + "\t".join(str(int(lab[i])) for lab in labels) for i, w in enumerate(vocab)]


def write_clusters(news: Path, ner: Path, out: Path) -> None:
    """Write ``ner_clusters.tsv``."""
    vocab, matrix = cooccurrence(unlabeled_sentences(news, ner))
    log.info("clusters: %d words", len(vocab))
    head = f"# NER word clusters: k-means {GRAINS} over PPMI/SVD neighbour vectors; see NER_MODEL_CARD.md\n"
    (out / CLUSTERS_FILE).write_text(head + "\n".join(cluster_rows(vocab, matrix)) + "\n", encoding="utf-8")


# --- the shipped model ---------------------------------------------------------------------------


def arman_all(ner: Path) -> list[Sentence]:
    """Arman's distinct sentences over the 3 train folds (each sentence is in two of them)."""
    return dedupe(s for k in (1, 2, 3) for s in read_corpus(ner / "arman" / f"train_fold{k}.txt", "arman"))


def peyma_entities(ner: Path, splits: Iterable[str] = ("train", "dev")) -> list[Sentence]:
    """PEYMA with DAT/TIM/MON/PCT → O."""
    return entities_only(s for split in splits for s in read_corpus(ner / "peyma" / f"{split}.txt", "peyma"))


def shipped_union(ner: Path) -> list[Sentence]:
    """The sentences the shipped model is trained on: Arman's distinct sentences. Adding PEYMA (entities only)
    lowered Arman dev F1 by 1.1, FAC by 6.6, EVENT by 12.8, PRODUCT by 6.2 (PEYMA never tags them); see
    ``--unions`` and the model card."""
    return arman_all(ner)


# --- ablation ------------------------------------------------------------------------------------


def dev_sets(ner: Path) -> dict[str, tuple[list[Sentence], list[Sentence]]]:
    """Train/dev pairs: PEYMA and ParsTwiNER train/dev; Arman train_fold1 less / its held-out tenth."""
    arman_train, arman_dev = held_out(read_corpus(ner / "arman" / "train_fold1.txt", "arman"))
    return {
        "peyma": (read_corpus(ner / "peyma/train.txt", "peyma"), read_corpus(ner / "peyma/dev.txt", "peyma")),
        "arman": (arman_train, arman_dev),
        "parstwiner": (
            read_corpus(ner / "parstwiner/train.txt", "parstwiner"),
            read_corpus(ner / "parstwiner/dev.txt", "parstwiner"),
        ),
    }


def dev_f1(train: list[Sentence], dev: list[Sentence], params: TrainParams) -> float:
    """Micro F1 on ``dev`` of a CRF trained on ``train``."""
    return score([t for _, t in dev], fit_and_score(train, dev, params)).f1


STEPS: list[tuple[str, TrainParams]] = [
    (
        "plain: word, affixes, shape, ±2",
        replace(CHOSEN, config=FeatureConfig(False, True, True, 2, False, False)),
    ),
    ("+ normalization", replace(CHOSEN, config=FeatureConfig(True, True, True, 2, False, False))),
    ("+ gazetteers", replace(CHOSEN, config=FeatureConfig(True, True, True, 2, True, False))),
    ("+ word clusters", replace(CHOSEN, config=FeatureConfig(True, True, True, 2, True, True))),
    ("  window ±1", replace(CHOSEN, config=FeatureConfig(True, True, True, 1, True, True))),
    ("  c1=0.05 c2=0.01", replace(CHOSEN, c1=0.05, c2=0.01)),
    ("  c1=0.2 c2=0.01", replace(CHOSEN, c1=0.2, c2=0.01)),
    ("  c1=0.1 c2=0.1", replace(CHOSEN, c1=0.1, c2=0.1)),
    ("  300 iterations", replace(CHOSEN, max_iterations=300)),
]


def ablation(ner: Path, steps: list[str] | None = None) -> None:
    """Print the dev F1 of each step on each dev set (one line per step, as it finishes)."""
    sets = dev_sets(ner)
    print(f"{'step':<34} {'peyma':>6} {'arman':>6} {'twitter':>7}  seconds", flush=True)
    for name, params in STEPS:
        if steps and not any(name.strip().startswith(s) for s in steps):
            continue
        started = time.perf_counter()
        f1s = [dev_f1(*sets[c], params) for c in ("peyma", "arman", "parstwiner")]
        cells = " ".join(f"{100 * f:6.1f}" for f in f1s)
        print(f"{name:<34} {cells}  {time.perf_counter() - started:7.0f}", flush=True)


def union_ablation(ner: Path) -> None:
    """Dev F1 (Arman held-out tenth of the deduplicated folds; PEYMA dev entities) of the candidate unions."""
    arman_train, arman_dev = held_out(arman_all(ner))
    peyma_train, peyma_dev = peyma_entities(ner, ("train",)), peyma_entities(ner, ("dev",))
    dev_words = {" ".join(w) for w, _ in arman_dev}
    arman_train = [s for s in arman_train if " ".join(s[0]) not in dev_words]
    for name, train in (("arman", arman_train), ("arman + peyma(entities)", arman_train + peyma_train)):
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "m.crfsuite"
            train_crf(train, path, CHOSEN)
            from didban.evaluation.ner import tag_sentences

            a = score([t for _, t in arman_dev], tag_sentences(path, arman_dev, CHOSEN.config))
            p = score([t for _, t in peyma_dev], tag_sentences(path, peyma_dev, CHOSEN.config))
        per = " ".join(f"{k}={100 * v[2]:.1f}" for k, v in sorted(a.per_type.items()))
        print(f"{name:<26} arman-dev={100 * a.f1:.1f} ({per}) peyma-dev={100 * p.f1:.1f} "
              f"{time.perf_counter() - started:.0f}s", flush=True)  # fmt: skip


def main() -> None:
    """Build the gazetteer and clusters, then train the shipped model (or run the ablation)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/ner"))
    parser.add_argument("--news", type=Path, default=None, help="default: <data>/../news")
    parser.add_argument("--lexicons", type=Path, default=None, help="default: <data>/../lexicons")
    parser.add_argument("--out", type=Path, default=ROOT / "src/didban/models/data")
    parser.add_argument("--ablation", action="store_true", help="print the dev ablation instead of training")
    parser.add_argument("--steps", default="", help="with --ablation: only the steps starting with these")
    parser.add_argument("--unions", action="store_true", help="print the shipped-union comparison on dev")
    parser.add_argument("--skip-resources", action="store_true", help="keep the gazetteer and clusters")
    parser.add_argument("--crf", type=Path, default=None, help="also train the CRF baseline into this file")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not args.skip_resources:
        write_gazetteer(args.lexicons or args.data.parent / "lexicons", args.out)
        write_clusters(args.news or args.data.parent / "news", args.data, args.out)
        shipped_resources.cache_clear()
    if args.ablation:
        ablation(args.data, [s for s in args.steps.split(",") if s])
    elif args.unions:
        union_ablation(args.data)
    elif args.crf is not None:
        res = Resources(
            parse_gazetteer((args.out / GAZETTEER_FILE).read_text(encoding="utf-8")),
            parse_clusters((args.out / CLUSTERS_FILE).read_text(encoding="utf-8")),
        )
        train_crf(shipped_union(args.data), args.crf, CHOSEN, res)
        log.info("wrote %s (%d bytes)", args.crf, args.crf.stat().st_size)


if __name__ == "__main__":
    main()
