"""NER throughput: tokens per second of :func:`didban.read.ner.tag_spans` on one core over news text.

Usage (for ``make bench``)::

    .venv/bin/python bench/ner.py --data ../shared/data/news [--articles 2000] [--repeat 3]

Each article (title, abstract and paragraphs of the Fars and Varzesh3 JSON) is repaired first, as the
pipeline does; only the tagging (sentence split, tokenize, inputs, the network, Viterbi) is timed, twice:
one article a call (``tag_spans``, as ``didban analyze``), and 16 articles a call (``tag_texts``, as the
workers of ``didban ingest`` read a chunk). The model is loaded and the caches warmed by one untimed pass;
the best of ``--repeat`` passes counts. Target (issue 4): ≥ 20,000 tokens/s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

from didban.ingest.run import CHUNK
from didban.read.ner import tag_spans, tag_texts
from didban.text import repair
from didban.text.words import tokenize

TARGET = 20_000


def load_texts(data_dir: Path, limit: int) -> list[str]:
    """Up to ``limit`` repaired article texts from the news folders, alternating the sets."""
    per_set = []
    for folder in sorted(p for p in data_dir.iterdir() if p.is_dir()):
        records = [r for path in sorted(folder.glob("*.json")) for r in json.loads(path.read_text("utf-8"))]
        per_set.append(records)
    texts = []
    for group in zip(*per_set, strict=False):
        for record in group:
            parts = [record.get("title", ""), record.get("abstract", ""), *record.get("paragraphs", [])]
            texts.append(repair("\n\n".join(p for p in parts if p))[0])
    return texts[:limit]


def main() -> None:
    """Time ``tag_spans`` over the texts and print tokens/s."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/news"))
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    texts = load_texts(args.data, args.articles)
    tokens = sum(len(tokenize(t)) for t in texts)
    spans = sum(len(tag_spans(t)) for t in texts)  # warm-up: model, gazetteer, clusters, caches
    print(
        f"NER bench: {len(texts)} articles, {tokens:,} tokens, {spans:,} spans; {platform.python_version()}"
    )
    for label, chunk in (("tag_spans, one article a call", 1), ("tag_texts, 16 articles a call", CHUNK)):
        best = min(_timed(texts, chunk) for _ in range(args.repeat))
        rate = tokens / best
        print(f"{label}: {best:.2f} s → {rate:,.0f} tokens/s on one core (target ≥ {TARGET:,}: "
              f"{'met' if rate >= TARGET else 'NOT met'})")  # fmt: skip


def _timed(texts: list[str], chunk: int) -> float:
    """Seconds to tag every text once, ``chunk`` texts a call."""
    start = time.perf_counter()
    for at in range(0, len(texts), chunk):
        if chunk == 1:
            tag_spans(texts[at])
        else:
            tag_texts([(text, None) for text in texts[at : at + chunk]])
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
