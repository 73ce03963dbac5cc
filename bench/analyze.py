"""Analyze benchmark: time per article of each reading stage, and what dates + topic + summary add.

Usage (part of ``make bench``)::

    .venv/bin/python bench/analyze.py --data ../shared/data/news

Every article of ``--data`` (Fars and Varzesh3, as ``didban ingest`` reads the news JSON) is analysed once to
load every model and lexicon, then ``--repeat`` times with each stage of :data:`didban.read.pipeline.STAGES`
timed on its own; repair + structure (+ published date and outlet) is the rest of the whole analyse time. The
best pass counts. The issue-5 target: dates, topic and summary together add at most 20 % to the time the
article takes without them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from didban.document import Document
from didban.ingest.records import document_from_record
from didban.read.pipeline import STAGES, Stage, analyze_document

ADDED_STAGES = ("dates", "topic", "summary")
TARGET_OVERHEAD = 0.20


def load_documents(data_dir: Path) -> list[Document]:
    """Every article of the news folders, as documents (headline, lead, paragraphs)."""
    documents = []
    for path in sorted(data_dir.glob("*/*.json")):
        records = json.loads(path.read_text(encoding="utf-8"))
        documents += [document_from_record(r, f"{path.name}:{i}") for i, r in enumerate(records)]
    return documents


def timed(stages: Iterable[tuple[str, Stage]], seconds: dict[str, float]) -> list[tuple[str, Stage]]:
    """The stages, each wrapped to add its time to ``seconds[name]``."""

    def wrap(name: str, stage: Stage) -> Stage:
        def run(article: object) -> None:
            start = time.perf_counter()
            stage(article)  # type: ignore[arg-type]
            seconds[name] += time.perf_counter() - start

        return run

    return [(name, wrap(name, stage)) for name, stage in stages]


def one_pass(documents: list[Document]) -> dict[str, float]:
    """Seconds spent in each stage over all documents, with ``total`` for whole analyses."""
    seconds: dict[str, float] = defaultdict(float)
    stages = timed(STAGES, seconds)
    start = time.perf_counter()
    for document in documents:
        analyze_document(document, stages)
    seconds["total"] = time.perf_counter() - start
    seconds["repair, structure, rest"] = seconds["total"] - sum(seconds[name] for name, _ in STAGES)
    return seconds


def report(documents: list[Document], seconds: dict[str, float], warm_up: float, repeat: int) -> list[str]:
    """The Markdown table of µs per article and shares, and the verdict on the issue-5 overhead."""
    count = len(documents)
    size = sum(len((d.headline or "") + (d.lead or "") + "".join(d.paragraphs or [])) for d in documents)
    names = ["repair, structure, rest", *(name for name, _ in STAGES)]
    lines = [
        f"articles: {count:,} ({size / count:,.0f} characters each on average)",
        f"machine: {os.cpu_count()} CPUs (nproc), Python {platform.python_version()}, one process",
        f"best of {repeat} passes; the first analysis (models, lexicons) took {warm_up * 1000:.0f} ms",
        "",
        "| stage | µs / article | share of analyze |",
        "|---|---:|---:|",
    ]
    for name in names:
        share = seconds[name] / seconds["total"]
        lines.append(f"| {name} | {seconds[name] / count * 1e6:,.0f} | {share:.1%} |")
    lines.append(f"| **analyze, total** | **{seconds['total'] / count * 1e6:,.0f}** | 100% |")
    added = sum(seconds[name] for name in ADDED_STAGES if name in seconds)
    overhead = added / (seconds["total"] - added)
    status = "met" if overhead <= TARGET_OVERHEAD else "MISSED"
    lines += [
        "",
        f"target {status}: dates + topic + summary add {overhead:.1%} to analyze "
        f"(target ≤ {TARGET_OVERHEAD:.0%}); {count / seconds['total']:,.0f} articles/s on one core",
    ]
    return lines


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its table (Markdown, ready for docs/benchmarks.md)."""
    parser = argparse.ArgumentParser(description="Per-stage analyze time per article.")
    parser.add_argument("--data", type=Path, required=True, help="the news folder (../shared/data/news)")
    parser.add_argument("--repeat", type=int, default=3, help="passes; the best counts (default 3)")
    args = parser.parse_args(argv)
    documents = load_documents(args.data)
    start = time.perf_counter()
    analyze_document(documents[0])
    warm_up = time.perf_counter() - start
    passes = [one_pass(documents) for _ in range(args.repeat)]
    best = min(passes, key=lambda seconds: seconds["total"])
    print("\n".join(report(documents, best, warm_up, args.repeat)))


if __name__ == "__main__":
    main()
