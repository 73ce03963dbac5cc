"""Named-entity evaluation: train the CRF of :mod:`didban.read.ner` on each corpus and score its test set.

Protocol (issue 4): PEYMA (train on train, score test; all 7 classes, and the entity classes only), Arman
(train on ``train_foldK``, score ``test_foldK``, K = 1..3, and the 3-fold mean), ParsTwiNER (train on
train, score test). Scores are seqeval strict IOB2 exact-span micro P/R/F1 and per type. Hyper-parameters
and features are those chosen on the dev sets by ``training/train_ner.py --ablation``, never on test.

Corpus tokens are cut again with :func:`didban.text.words.tokenize` (the run-time tokenizer; PEYMA writes
«می شود» as one token), each piece keeping its token's tag (``B-X`` then ``I-X``): the entities are the same.

Run ``python -m didban.evaluation.ner --data ../shared/data/ner`` (needs python-crfsuite and seqeval).
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from didban.read.ner_features import FeatureConfig, Resources, features, resources_for
from didban.text.words import tokenize

Sentence = tuple[list[str], list[str]]  # words, IOB2 tags

#: Each corpus's entity types → Didban's labels (types not listed are kept under their own name).
ARMAN_TYPES = {"pers": "PER", "org": "ORG", "loc": "LOC", "fac": "FAC", "event": "EVENT", "pro": "PRODUCT"}
PEYMA_TYPES = {
    "PER": "PER",
    "ORG": "ORG",
    "LOC": "LOC",
    "DAT": "DAT",
    "TIM": "TIM",
    "MON": "MON",
    "PCT": "PCT",
}
TWITTER_TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "EVE": "EVENT", "NAT": "NAT", "POG": "POG"}
#: PEYMA's date, time, money and percent classes are not entities (Didban reads them as dates/numbers).
NOT_ENTITIES = frozenset(("DAT", "TIM", "MON", "PCT"))
SEPARATORS = {"arman": " ", "peyma": "|", "parstwiner": "\t"}
TYPES = {"arman": ARMAN_TYPES, "peyma": PEYMA_TYPES, "parstwiner": TWITTER_TYPES}


@dataclass(frozen=True)
class TrainParams:
    """CRF training settings (L-BFGS with elastic-net regularization)."""

    c1: float = 0.1
    c2: float = 0.01
    max_iterations: int = 150
    config: FeatureConfig = field(default_factory=FeatureConfig)


#: The settings chosen on dev (see the ablation in ``training/train_ner.py`` and the model card).
CHOSEN = TrainParams()


def _tag(raw: str, types: dict[str, str]) -> str:
    """A corpus tag (``B-pers``, ``I_ORG``, ``O``) as an IOB2 tag with Didban's type name."""
    if raw in ("O", ""):
        return "O"
    prefix, kind = raw[0], raw[2:]
    return f"{prefix}-{types.get(kind, kind)}"


def retokenize(words: Sequence[str], tags: Sequence[str]) -> Sentence:
    """Cut each corpus token with the run-time tokenizer; its pieces share its tag (``B`` then ``I``).

    >>> retokenize(["می شود", "جمهوری", "آذربایجان"], ["O", "B-LOC", "I-LOC"])
    (['می', 'شود', 'جمهوری', 'آذربایجان'], ['O', 'O', 'B-LOC', 'I-LOC'])
    """
    out_words: list[str] = []
    out_tags: list[str] = []
    for word, tag in zip(words, tags, strict=True):
        pieces = [t.text for t in tokenize(word)] or ([word.strip()] if word.strip() else [])
        for n, piece in enumerate(pieces):
            out_words.append(piece)
            out_tags.append(tag if n == 0 or tag == "O" else "I" + tag[1:])
    return out_words, out_tags


def parse_corpus(text: str, corpus: str) -> list[Sentence]:
    """The sentences of a corpus file's text (one ``token<sep>tag`` a line, blank lines between)."""
    sep, types = SEPARATORS[corpus], TYPES[corpus]
    sentences: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    for line in [*text.splitlines(), ""]:
        if not line.strip():
            if words:
                sentence = retokenize(words, tags)
                if sentence[0]:
                    sentences.append(sentence)
            words, tags = [], []
            continue
        word, _, raw = line.rstrip("\r").rpartition(sep)
        words.append(word)
        tags.append(_tag(raw.strip(), types))
    return sentences


def read_corpus(path: Path, corpus: str) -> list[Sentence]:
    """The sentences of one corpus file."""
    return parse_corpus(path.read_text(encoding="utf-8"), corpus)


def relabel(sentences: Iterable[Sentence], mapping: dict[str, str]) -> list[Sentence]:
    """The sentences with entity types renamed by ``mapping`` (to ``"O"`` to drop a type)."""
    return [(words, [_rename(tag, mapping) for tag in tags]) for words, tags in sentences]


def _rename(tag: str, mapping: dict[str, str]) -> str:
    """One IOB2 tag with its type renamed (``O`` drops it)."""
    if tag == "O":
        return tag
    kind = mapping.get(tag[2:], tag[2:])
    return "O" if kind == "O" else f"{tag[:2]}{kind}"


def entities_only(sentences: Iterable[Sentence]) -> list[Sentence]:
    """PEYMA without its date, time, money and percent classes."""
    return relabel(sentences, dict.fromkeys(NOT_ENTITIES, "O"))


def dedupe(sentences: Iterable[Sentence]) -> list[Sentence]:
    """Each distinct sentence (same words and tags) once, in first-seen order (Arman's folds overlap)."""
    seen: set[str] = set()
    out = []
    for words, tags in sentences:
        key = hashlib.sha1(("\n".join(words) + "\t" + " ".join(tags)).encode("utf-8")).hexdigest()
        if key not in seen:
            seen.add(key)
            out.append((words, tags))
    return out


def held_out(sentences: Sequence[Sentence], share: int = 10) -> tuple[list[Sentence], list[Sentence]]:
    """A deterministic split (by a hash of the words): about 1/``share`` held out, the rest for training."""
    train, dev = [], []
    for sentence in sentences:
        digest = hashlib.sha1(" ".join(sentence[0]).encode("utf-8")).digest()
        (dev if digest[0] % share == 0 else train).append(sentence)
    return train, dev


# --- training and tagging --------------------------------------------------------------------------


def train_crf(
    sentences: Iterable[Sentence],
    model_path: Path,
    params: TrainParams = CHOSEN,
    res: Resources | None = None,
) -> None:
    """Fit a CRF on ``sentences`` and write it to ``model_path`` (python-crfsuite's binary format); the
    features read ``res`` (the shipped gazetteer and clusters by default)."""
    import pycrfsuite

    res = res if res is not None else resources_for(params.config)
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags in sentences:
        trainer.append(features(words, params.config, res), tags)
    trainer.set_params(
        {
            "c1": params.c1,
            "c2": params.c2,
            "max_iterations": params.max_iterations,
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(model_path))


def tag_sentences(model_path: Path, sentences: Iterable[Sentence], config: FeatureConfig) -> list[list[str]]:
    """The tags a CRF model file gives each sentence."""
    import pycrfsuite

    res: Resources = resources_for(config)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    try:
        return [tagger.tag(features(words, config, res)) for words, _ in sentences]
    finally:
        tagger.close()


# --- scores --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    """Micro P/R/F1 over exact spans, and per type ``(precision, recall, f1, support)``."""

    precision: float
    recall: float
    f1: float
    support: int
    per_type: dict[str, tuple[float, float, float, int]]


def score(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> Scores:
    """seqeval strict IOB2 exact-span scores.

    >>> score([["B-PER", "I-PER", "O"]], [["B-PER", "I-PER", "O"]]).f1
    1.0
    """
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2

    report = classification_report(
        [list(g) for g in gold], [list(p) for p in predicted], mode="strict", scheme=IOB2,
        output_dict=True, zero_division=0,
    )  # fmt: skip
    micro = report["micro avg"]
    per_type = {
        name: (float(row["precision"]), float(row["recall"]), float(row["f1-score"]), int(row["support"]))
        for name, row in report.items()
        if not name.endswith("avg")
    }
    p, r, f = (float(micro[k]) for k in ("precision", "recall", "f1-score"))
    return Scores(p, r, f, int(micro["support"]), per_type)


def fit_and_score(
    train: Sequence[Sentence], test: Sequence[Sentence], params: TrainParams = CHOSEN
) -> list[list[str]]:
    """Train on ``train`` in a temporary file and return the predicted tags of ``test``."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ner.crfsuite"
        train_crf(train, path, params)
        return tag_sentences(path, test, params.config)


# --- the report ----------------------------------------------------------------------------------


@dataclass
class Row:
    """One scored test set."""

    corpus: str
    split: str
    scores: Scores
    tokens: int


@dataclass
class NerReport:
    """All scored test sets, the headline F1 of each corpus, and the time taken."""

    rows: list[Row] = field(default_factory=list)
    headline: dict[str, float] = field(default_factory=dict)
    params: TrainParams = CHOSEN
    seconds: float = 0.0


def _run(report: NerReport, corpus: str, split: str, train: list[Sentence], test: list[Sentence]) -> Row:
    """Train, tag and score one split; the row is added to ``report``."""
    predicted = fit_and_score(train, test, report.params)
    row = Row(corpus, split, score([t for _, t in test], predicted), sum(len(w) for w, _ in test))
    report.rows.append(row)
    if corpus == "peyma":
        drop = dict.fromkeys(NOT_ENTITIES, "O")
        gold_e = [[_rename(t, drop) for t in tags] for _, tags in test]
        pred_e = [[_rename(t, drop) for t in tags] for tags in predicted]
        report.rows.append(Row(corpus, f"{split} (entities)", score(gold_e, pred_e), row.tokens))
    return row


def evaluate_ner(
    data_dir: Path,
    *,
    corpora: Sequence[str] = ("peyma", "arman", "parstwiner"),
    params: TrainParams = CHOSEN,
    progress: Callable[[str], None] | None = None,
) -> NerReport:
    """Train and score every corpus of ``data_dir`` (``peyma/``, ``arman/``, ``parstwiner/``) by the protocol.

    Args:
        data_dir: the folder holding the three corpora.
        corpora: which of them to run.
        params: CRF settings and features (the ones chosen on dev by default).
        progress: called with a line before each training (e.g. ``print`` to stderr).

    Returns:
        The report; ``format_ner_report`` renders it.
    """
    report = NerReport(params=params)
    started = time.perf_counter()
    say = progress or (lambda _: None)
    if "peyma" in corpora:
        say("peyma: train → test")
        d = data_dir / "peyma"
        row = _run(
            report,
            "peyma",
            "test",
            read_corpus(d / "train.txt", "peyma"),
            read_corpus(d / "test.txt", "peyma"),
        )
        report.headline["peyma"] = row.scores.f1
    if "arman" in corpora:
        f1s = []
        for k in (1, 2, 3):
            say(f"arman: train_fold{k} → test_fold{k}")
            d = data_dir / "arman"
            train, test = (
                read_corpus(d / f"train_fold{k}.txt", "arman"),
                read_corpus(d / f"test_fold{k}.txt", "arman"),
            )
            f1s.append(_run(report, "arman", f"fold{k}", train, test).scores.f1)
        report.headline["arman"] = sum(f1s) / len(f1s)
    if "parstwiner" in corpora:
        say("parstwiner: train → test")
        d = data_dir / "parstwiner"
        train, test = read_corpus(d / "train.txt", "parstwiner"), read_corpus(d / "test.txt", "parstwiner")
        report.headline["parstwiner"] = _run(report, "parstwiner", "test", train, test).scores.f1
    report.seconds = time.perf_counter() - started
    return report


def _pct(value: float) -> str:
    return f"{100 * value:5.1f}"


def row_lines(row: Row) -> list[str]:
    """The micro line and the per-type lines of one scored set."""
    s = row.scores
    name = f"{row.corpus} {row.split}"
    lines = [f"{name:<26} {'micro':<8} {_pct(s.precision)} {_pct(s.recall)} {_pct(s.f1)} {s.support:>6}"]
    for kind, (p, r, f, n) in sorted(s.per_type.items()):
        lines.append(f"{'':<26} {kind:<8} {_pct(p)} {_pct(r)} {_pct(f)} {n:>6}")
    return lines


def format_ner_report(report: NerReport) -> str:
    """The report as a table (percentages), ending with the one-line summary ``ner: peyma=… arman=… …``."""
    p = report.params
    lines = [
        "NER: seqeval strict IOB2 exact-span scores (P R F1 in %, support = gold spans)",
        f"CRF c1={p.c1} c2={p.c2} max_iterations={p.max_iterations} features={p.config}",
        f"{'set':<26} {'type':<8} {'P':>5} {'R':>5} {'F1':>5} {'gold':>6}",
    ]
    for row in report.rows:
        lines += row_lines(row)
    if "arman" in report.headline:
        lines.append(f"arman 3-fold mean F1: {_pct(report.headline['arman'])}")
    lines.append("peyma= is PEYMA test with all 7 classes (as published); '(entities)' drops DAT/TIM/MON/PCT")
    lines.append(f"time: {report.seconds:.0f} s")
    heads = " ".join(f"{k}={100 * v:.1f}" for k, v in report.headline.items())
    lines.append(f"ner: {heads}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """``python -m didban.evaluation.ner --data ../shared/data/ner``."""
    import sys

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/ner"))
    parser.add_argument("--corpora", default="peyma,arman,parstwiner")
    args = parser.parse_args(argv)
    report = evaluate_ner(
        args.data, corpora=args.corpora.split(","), progress=lambda m: print(m, file=sys.stderr, flush=True)
    )
    print(format_ner_report(report))


if __name__ == "__main__":
    main()
