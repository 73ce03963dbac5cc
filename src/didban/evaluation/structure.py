"""``didban eval structure``: headline and lead recovery from plain text, on held-out news articles.

Each held-out Fars / Varzesh3 record is rendered as a plain-text article (title, blank line, abstract,
blank line, paragraphs) and read by the whole pipeline. Scored: the headline equals the repaired title; the
lead equals the repaired abstract (compared without spaces and half-spaces, which repair decides from the
whole article's style); and, rendered without its abstract, the article gets no lead (or one the
reader must judge, since some first paragraphs are real leads).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from didban.evaluation.split import SETS, evaluation_articles
from didban.read.pipeline import analyze
from didban.text import repair


def _usable(record: dict[str, Any]) -> bool:
    paragraphs = [p for p in record.get("paragraphs", []) if p.strip()]
    return bool(record.get("title", "").strip() and record.get("abstract", "").strip() and paragraphs)


def _render(record: dict[str, Any], with_lead: bool) -> str:
    parts = [record["title"], *([record["abstract"]] if with_lead else []), *record["paragraphs"]]
    return "\n\n".join(p.strip() for p in parts if p.strip())


def _letters(text: str | None) -> str:
    """Text without spaces and half-spaces: repair decides those from the whole article's style."""
    return (text or "").replace(" ", "").replace("\u200c", "")


def _score_record(record: dict[str, Any], counts: Counter[str]) -> None:
    title, abstract = repair(record["title"].strip())[0], repair(record["abstract"].strip())[0]
    article = analyze(_render(record, with_lead=True))
    counts["articles"] += 1
    counts["headline"] += _letters(article.headline) == _letters(title)
    counts["lead"] += _letters(article.lead) == _letters(abstract)
    counts["crossheads"] += len(article.crossheads)
    counts["no lead without abstract"] += analyze(_render(record, with_lead=False)).lead is None


def evaluate_structure(data_dir: Path) -> dict[str, Counter[str]]:
    """Counts per set: articles, headlines and leads recovered, no-lead when the abstract is removed."""
    results: dict[str, Counter[str]] = {}
    for name in SETS:
        counts: Counter[str] = Counter()
        for record in filter(_usable, evaluation_articles(data_dir, name)):
            _score_record(record, counts)
        results[name] = counts
    return results


def format_structure_report(results: dict[str, Counter[str]]) -> str:
    """A plain-text table of the structure evaluation."""
    rows = ["set        articles  headline  lead    no-lead-without-abstract  crossheads"]
    for name, c in results.items():
        n = max(c["articles"], 1)
        rows.append(
            f"{name:<10} {c['articles']:>8}  {c['headline'] / n:>8.3f}  {c['lead'] / n:>6.3f}"
            f"  {c['no lead without abstract'] / n:>24.3f}  {c['crossheads']:>10}"
        )
    return "\n".join(rows)
