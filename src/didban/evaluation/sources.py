"""``didban eval sources``: how often the source chain is found in real news, and what it names.

There is no gold set of source chains beyond the hand-checked test table, so this reports coverage, not
accuracy: the share of articles whose abstract or first two paragraphs yield at least one source, the share
whose first source is the set's own outlet, and the names found without a registry id.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from didban.document import Document
from didban.evaluation.split import SETS, load_articles
from didban.read.pipeline import analyze_document

OWN_OUTLET = {"fars": "fars", "varzesh3": "varzesh3"}


def _opening(record: dict[str, Any]) -> Document:
    paragraphs = [p for p in record.get("paragraphs", []) if p.strip()][:2]
    return Document(
        headline=record.get("title") or None, lead=record.get("abstract") or None, paragraphs=paragraphs
    )


def evaluate_sources(data_dir: Path) -> dict[str, Counter[str]]:
    """Per set: articles, articles with a source, with their own outlet first, and unknown names."""
    results: dict[str, Counter[str]] = {}
    for name in SETS:
        counts: Counter[str] = Counter()
        for record in load_articles(data_dir, name):
            sources = analyze_document(_opening(record)).sources
            counts["articles"] += 1
            counts["with a source"] += bool(sources)
            counts["own outlet first"] += bool(sources) and sources[0].id == OWN_OUTLET[name]
            counts.update(f"unknown: {s.name}" for s in sources if s.id is None)
        results[name] = counts
    return results


def format_sources_report(results: dict[str, Counter[str]], top: int = 10) -> str:
    """A plain-text table of coverage per set, then the most frequent names without a registry id."""
    rows = ["set        articles  with-source  own-outlet-first"]
    unknown: Counter[str] = Counter()
    for name, c in results.items():
        n = max(c["articles"], 1)
        found, own = c["with a source"] / n, c["own outlet first"] / n
        rows.append(f"{name:<10} {c['articles']:>8}  {found:>11.3f}  {own:>16.3f}")
        unknown.update({k[9:]: v for k, v in c.items() if k.startswith("unknown: ")})
    rows.append(f"most frequent sources without a registry id (top {top}):")
    rows += [f"  {count:>4}  {source}" for source, count in unknown.most_common(top)]
    return "\n".join(rows)
