"""``didban eval topic``: the topic classifier against a TF-IDF + linear SVM baseline, on held-out news.

The labeled set is every Fars article whose section maps to a topic (the table in :mod:`didban.read.topic`)
and every Varzesh3 article (sports), one record per link. The hold-out is a seeded, stratified 30 %: within
each stratum (set, Fars id era, section, subsection) records are ordered by the SHA-1 of
``SPLIT_SEED + link`` and the first ``round(0.3 n)`` are held out. The strata are finer than the labels, so
the split is the same whichever label mapping is used, and it depends on nothing but the links (no RNG).

Didban's shipped model is scored as users run it: each record becomes a
:class:`~didban.document.Document` (title, abstract, paragraphs), goes through
:func:`~didban.read.pipeline.analyze_document` and :func:`~didban.read.topic.classify`. The baseline
(scikit-learn, the ``train`` extra) is fitted on the training 70 % of the raw title, abstract and paragraphs.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from didban.document import Document
from didban.evaluation.split import SETS, load_articles
from didban.read.pipeline import analyze_document
from didban.read.topic import article_features, classify, topic_model

SPLIT_SEED = "didban-topic-1:"
HOLDOUT = 0.3
LABELS = ("politics", "world", "economy", "society", "culture", "science", "sports")

#: Fars sections (``cat``) of current articles → topic, for every subsection.
SECTIONS = {
    "politics": "politics",
    "foreign-policy": "politics",
    "world": "world",
    "regional-offices": "world",
    "economy": "economy",
    "social": "society",
    "education": "society",
    "culture": "culture",
    "arts-media": "culture",
    "scientific-academic": "science",
    "sports": "sports",
}
#: The opinion section goes by its subsection.
VIEWPOINT = {
    "politics-security": "politics",
    "religion": "culture",
    "law-economy": "economy",
    "science-technology": "science",
}
#: Archive articles (old ten-digit ids, 2003–2011) had their section re-assigned when the site moved; only
#: the (section, subsection) groups whose training titles read as one topic are labeled, with that topic.
ARCHIVE = {
    ("politics", ""): "politics",
    ("world", ""): "world",
    ("economy", ""): "economy",
    ("culture", ""): "culture",
    ("sports", ""): "sports",
    ("", ""): "science",
    ("arts-media", ""): "economy",
    ("scientific-academic", "it"): "culture",
    ("politics", "others"): "world",
    ("economy", "stock"): "world",
    ("social", "welfare"): "world",
    ("world", "islamic-forces"): "sports",
    ("world", "iran"): "sports",
    ("world", "west-asia"): "sports",
    ("social", "medicine-spirituality"): "science",
}
_FARS_ID = re.compile(r"farsnews\.ir/news/(\d+)")
ARCHIVE_ID_DIGITS = 10


def is_archive(link: str) -> bool:
    """Whether a Fars link has an old ten-digit archive id.

    >>> is_archive("https://www.farsnews.ir/news/8311040031"), is_archive("https://www.farsnews.ir/news/13950212000699/x")
    (True, False)
    """
    match = _FARS_ID.search(link)
    return bool(match) and len(match.group(1)) <= ARCHIVE_ID_DIGITS


def fars_topic(cat: str, subcat: str, link: str) -> str | None:
    """The topic of a Fars article from its section, subsection and link; ``None`` when it has none.

    >>> fars_topic("world", "islamic-forces", "https://www.farsnews.ir/news/8511220075")
    'sports'
    >>> fars_topic("world", "islamic-forces", "https://www.farsnews.ir/news/13951017000656/x")
    'world'
    >>> fars_topic("province", "", "https://www.farsnews.ir/news/13951017000656/x") is None
    True
    """
    if is_archive(link):
        return ARCHIVE.get((cat, subcat))
    if cat == "viewpoint":
        return VIEWPOINT.get(subcat)
    return SECTIONS.get(cat)


@dataclass(frozen=True)
class Record:
    """One news article of the topic data: its text parts, its topic (``None``: unlabeled) and stratum."""

    set: str
    link: str
    label: str | None
    stratum: str
    cat: str
    subcat: str
    title: str
    abstract: str
    paragraphs: list[str] = field(default_factory=list)


def _record(name: str, raw: dict[str, Any]) -> Record:
    link = raw.get("link") or raw.get("title") or ""
    cat, subcat = raw.get("cat") or "", raw.get("subcat") or ""
    label = "sports" if name == "varzesh3" else fars_topic(cat, subcat, link)
    era = "archive" if name == "fars" and is_archive(link) else "current"
    paragraphs = [p for p in raw.get("paragraphs") or [] if p and p.strip()]
    return Record(
        name,
        link,
        label,
        f"{name}|{era}|{cat}|{subcat}",
        cat,
        subcat,
        raw.get("title") or "",
        raw.get("abstract") or "",
        paragraphs,
    )


def load_records(data_dir: Path) -> list[Record]:
    """Every article of the news sets under ``data_dir``, one per link (labeled and unlabeled)."""
    records: list[Record] = []
    for name in SETS:
        seen: set[str] = set()
        for raw in load_articles(data_dir, name):
            record = _record(name, raw)
            if record.link not in seen:
                seen.add(record.link)
                records.append(record)
    return records


def _key(record: Record) -> str:
    return hashlib.sha1((SPLIT_SEED + record.link).encode("utf-8")).hexdigest()


def split_records(records: Iterable[Record]) -> tuple[list[Record], list[Record]]:
    """All records as (training 70 %, held-out 30 %), stratified by :attr:`Record.stratum`.

    Unlabeled records are split too (their strata are sections such as ``province``), so unlabeled text used
    in training never comes from the held-out side, whichever label mapping is evaluated.
    """
    strata: dict[str, list[Record]] = {}
    for record in records:
        strata.setdefault(record.stratum, []).append(record)
    train: list[Record] = []
    held: list[Record] = []
    for stratum in sorted(strata):
        group = sorted(strata[stratum], key=_key)
        cut = round(HOLDOUT * len(group))
        held.extend(group[:cut])
        train.extend(group[cut:])
    return sorted(train, key=_key), sorted(held, key=_key)


def label_counts(records: Iterable[Record]) -> Counter[str]:
    """How many records of each topic."""
    return Counter(r.label for r in records if r.label is not None)


def section_topic(record: Record) -> str | None:
    """The topic by section alone, ignoring the archive re-assignment (the ``sections`` label mapping)."""
    if record.set == "varzesh3":
        return "sports"
    return VIEWPOINT.get(record.subcat) if record.cat == "viewpoint" else SECTIONS.get(record.cat)


def record_document(record: Record) -> Document:
    """The record as the pipeline receives a JSON article: title, abstract and paragraphs."""
    return Document(headline=record.title or None, lead=record.abstract or None, paragraphs=record.paragraphs)


def record_features(record: Record) -> list[str]:
    """The topic features of a record, read through the whole pipeline as users run it."""
    return article_features(analyze_document(record_document(record)))


def baseline_text(record: Record) -> str:
    """The baseline's input: raw title, abstract and paragraphs."""
    return "\n".join([record.title, record.abstract, *record.paragraphs])


# --- evaluation -------------------------------------------------------------------------------------

MAPPINGS = ("archive", "sections")


@dataclass
class SystemScores:
    """One system's held-out scores: accuracy, macro-F1 and (precision, recall, F1) per topic."""

    accuracy: float
    macro_f1: float
    per_class: dict[str, tuple[float, float, float]]


@dataclass
class TopicReport:
    """The held-out comparison: split sizes, scores per system, Didban's speed, notes."""

    mapping: str
    train: Counter[str]
    held: Counter[str]
    systems: dict[str, SystemScores] = field(default_factory=dict)
    classify_us: float = 0.0
    analyze_ms: float = 0.0
    notes: list[str] = field(default_factory=list)


def score(gold: list[str], predicted: list[str | None]) -> SystemScores:
    """Accuracy, macro-F1 over the gold topics, and per-topic precision, recall and F1.

    >>> score(["sports", "world"], ["sports", "sports"]).macro_f1
    0.3333333333333333
    """
    per_class: dict[str, tuple[float, float, float]] = {}
    for label in (t for t in LABELS if t in gold):
        hits = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        p = hits / max(sum(x == label for x in predicted), 1)
        r = hits / gold.count(label)
        per_class[label] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / max(len(gold), 1)
    macro = sum(f for _, _, f in per_class.values()) / max(len(per_class), 1)
    return SystemScores(accuracy, macro, per_class)


def relabel(records: list[Record], mapping: str) -> list[Record]:
    """The records labeled by ``mapping``: ``archive`` (the default, as trained) or ``sections``."""
    if mapping not in MAPPINGS:
        raise ValueError(f"unknown label mapping {mapping!r} (expected one of {', '.join(MAPPINGS)})")
    if mapping == "archive":
        return records
    return [replace(r, label=section_topic(r)) for r in records]


def run_didban(records: list[Record], report: TopicReport) -> list[str | None]:
    """Didban's topic of each record through the whole pipeline; records the time per article.

    :func:`classify` is called here even when the pipeline already ran it as a stage, so its time is
    measured on its own (the result is the same: it reads only the article's structure).
    """
    predicted: list[str | None] = []
    analyze_s = classify_s = 0.0
    topic_model()  # loaded once, outside the timing
    for record in records:
        start = time.perf_counter()
        article = analyze_document(record_document(record))
        middle = time.perf_counter()
        topic = classify(article)
        classify_s += time.perf_counter() - middle
        analyze_s += middle - start
        predicted.append(topic.label if topic else None)
    report.classify_us = 1e6 * classify_s / max(len(records), 1)
    report.analyze_ms = 1e3 * analyze_s / max(len(records), 1)
    return predicted


def run_baseline(train: list[Record], held: list[Record]) -> list[str | None] | None:
    """TF-IDF (scikit-learn defaults) + LinearSVC on raw text, fitted on ``train``; ``None`` without it."""
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC
    except ImportError:
        return None
    vectorizer = TfidfVectorizer()
    features = vectorizer.fit_transform([baseline_text(r) for r in train])
    model = LinearSVC(random_state=0).fit(features, [r.label for r in train])
    return [str(p) for p in model.predict(vectorizer.transform([baseline_text(r) for r in held]))]


def evaluate_topic(data_dir: Path, *, mapping: str = "archive", baseline: bool = True) -> TopicReport:
    """Score Didban's shipped topic model (and the baseline) on the held-out 30 % of the news sets.

    Args:
        data_dir: the news directory (``fars/``, ``varzesh3/``).
        mapping: which labels to score against: ``archive`` (the shipped model's, see
            :mod:`didban.read.topic`) or ``sections`` (every article by its section, archive ones too).
        baseline: also fit and score the TF-IDF + LinearSVC baseline (needs scikit-learn).
    """
    train, held = split_records(relabel(load_records(data_dir), mapping))
    train = [r for r in train if r.label is not None]
    held = [r for r in held if r.label is not None]
    report = TopicReport(mapping, label_counts(train), label_counts(held))
    gold = [r.label or "" for r in held]
    report.systems["didban"] = score(gold, run_didban(held, report))
    predicted = run_baseline(train, held) if baseline else None
    if predicted is not None:
        report.systems["baseline"] = score(gold, predicted)
    elif baseline:
        report.notes.append("the baseline needs scikit-learn: pip install -e .[train]")
    return report


def _split_table(report: TopicReport) -> list[str]:
    labels = [t for t in LABELS if t in report.train or t in report.held]
    rows = ["| split | " + " | ".join(labels) + " | total |", "|---|" + "---:|" * (len(labels) + 1)]
    for name, counts in (("training", report.train), ("held out", report.held)):
        cells = [str(counts[t]) for t in labels] + [str(sum(counts.values()))]
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return rows


def _scores_table(report: TopicReport) -> list[str]:
    systems = list(report.systems)
    head = " | ".join(f"{s} {m}" for s in systems for m in ("P", "R", "F1"))
    rows = [f"| topic | held out | {head} |", "|---|---:|" + "---:|" * (3 * len(systems))]
    for label in (t for t in LABELS if t in report.held):
        cells = [f"{v:.3f}" for s in systems for v in report.systems[s].per_class[label]]
        rows.append(f"| {label} | {report.held[label]} | " + " | ".join(cells) + " |")
    for name, attr in (("accuracy", "accuracy"), ("macro-F1", "macro_f1")):
        cells = [c for s in systems for c in ("", "", f"{getattr(report.systems[s], attr):.3f}")]
        total = str(sum(report.held.values())) if attr == "accuracy" else ""
        rows.append(f"| **{name}** | {total} | " + " | ".join(cells) + " |")
    return rows


def format_topic_report(report: TopicReport) -> str:
    """The report as markdown: split sizes, the side-by-side scores table, Didban's speed and notes."""
    share = report.classify_us / 10 / report.analyze_ms if report.analyze_ms else 0.0
    lines = [
        f"Topic classification on the held-out {HOLDOUT:.0%} of the news sets (labels: {report.mapping}).",
        "",
        *_split_table(report),
        "",
        *_scores_table(report),
        "",
        f"Didban topic: {report.classify_us:.0f} µs/article (classify only; the whole analyze took"
        f" {report.analyze_ms:.1f} ms/article, so topic adds {share:.1f} %).",
        *report.notes,
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m didban.evaluation.topic --data DIR [--labels sections] [--no-baseline]``."""
    import argparse

    parser = argparse.ArgumentParser(description="Topic classification on held-out news.")
    parser.add_argument("--data", type=Path, required=True, help="the news directory (fars/, varzesh3/)")
    parser.add_argument(
        "--labels", choices=MAPPINGS, default="archive", help="label mapping to score against"
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip the TF-IDF + LinearSVC baseline")
    args = parser.parse_args(argv)
    print(format_topic_report(evaluate_topic(args.data, mapping=args.labels, baseline=not args.no_baseline)))


if __name__ == "__main__":
    main()
