"""``didban eval summary``: extractive summaries against the Fars abstracts, by ROUGE-1, ROUGE-2 and ROUGE-L.

Every held-out Fars article (:func:`~didban.evaluation.split.evaluation_articles`) is read by the pipeline
from its title and paragraphs only, as ``analyze_document`` reads any record without its abstract. The
reference is the article's abstract, repaired by the same :func:`~didban.text.repair` and without its
«خبرگزاری فارس:» byline; articles with an empty abstract are skipped and counted.

Tokens (:func:`rouge_tokens`): letters and digits folded as search folds them
(:func:`didban.search.fold`), punctuation dropped, and a word written with a half-space counted as one
token — the ZWNJ is deleted, not split on — so «می‌دهد» is one token, the same as a glued «میدهد»
(otherwise every «می» would be a free unigram match). Scores are macro averages over articles; a summary of
several sentences is scored as one token sequence.

Systems side by side: Lead-N (the first N body sentences as written), Lead-1 with Didban's prefix
stripping, TextRank (a word-overlap sentence graph ranked by PageRank, top N in text order), and Didban's
:func:`~didban.read.summary.summarize` at each size.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from didban.article import Article
from didban.document import Document
from didban.evaluation.split import evaluation_articles
from didban.read.pipeline import analyze_document
from didban.read.summary import DEFAULT_SIZE, MAX_CANDIDATES, candidates, summarize
from didban.search import fold
from didban.text import repair
from didban.text.sentences import split_sentences

SIZES = (1, 2, 3)
#: PageRank settings of the TextRank baseline: damping and a fixed number of power iterations.
DAMPING = 0.85
ITERATIONS = 30
_TOKEN = re.compile(r"\w+")
_BYLINE = re.compile(r"^\s*خبرگزاری\s+فارس\s*[:\-–—]+\s*")

Summarizer = Callable[[Article, int], list[str]]


class Score(NamedTuple):
    """Precision, recall and F1 of one comparison."""

    precision: float
    recall: float
    f1: float


def rouge_tokens(text: str) -> list[str]:
    """The ROUGE tokens of ``text``: folded words and numbers, a half-spaced word as one token.

    >>> rouge_tokens("درگيري‌ها، «۱۴۰۵» می دهد")
    ['درگیریها', '1405', 'می', 'دهد']
    """
    return _TOKEN.findall(fold(text.replace("\u200c", "")))


def _score(overlap: int, candidate: int, reference: int) -> Score:
    """P, R and F1 from an overlap count and the two lengths."""
    if not overlap:
        return Score(0.0, 0.0, 0.0)
    p, r = overlap / candidate, overlap / reference
    return Score(p, r, 2 * p * r / (p + r))


def rouge_n(candidate: list[str], reference: list[str], n: int) -> Score:
    """ROUGE-N: clipped overlap of the n-grams of two token lists.

    >>> rouge_n("الف ب ج".split(), "الف ب د ه".split(), 1)
    Score(precision=0.6666666666666666, recall=0.5, f1=0.5714285714285715)
    >>> rouge_n("الف ب ج".split(), "الف ب د ه".split(), 2).f1
    0.4
    >>> rouge_n([], ["الف"], 1)
    Score(precision=0.0, recall=0.0, f1=0.0)
    """
    grams_c = Counter(zip(*(candidate[i:] for i in range(n)), strict=False))
    grams_r = Counter(zip(*(reference[i:] for i in range(n)), strict=False))
    overlap = sum((grams_c & grams_r).values())
    return _score(overlap, sum(grams_c.values()), sum(grams_r.values()))


def rouge_l(candidate: list[str], reference: list[str]) -> Score:
    """ROUGE-L: the longest common subsequence of two token lists.

    >>> rouge_l("الف ج ب د".split(), "الف ب ج د".split()).f1
    0.75
    """
    previous = [0] * (len(reference) + 1)
    for word in candidate:
        current = [0]
        for j, other in enumerate(reference):
            current.append(previous[j] + 1 if word == other else max(previous[j + 1], current[j]))
        previous = current
    return _score(previous[-1], len(candidate), len(reference))


def reference(abstract: str) -> str:
    """The reference summary: the repaired abstract without its «خبرگزاری فارس:» byline.

    >>> reference("خبرگزاري فارس: وزير نفت گفت: توليد افزايش يافت.")
    'وزیر نفت گفت: تولید افزایش یافت.'
    """
    return _BYLINE.sub("", repair(abstract.strip())[0])


def record_article(record: dict[str, Any]) -> Article:
    """A news record read as the pipeline reads it without its abstract: title and paragraphs."""
    paragraphs = [p for p in record.get("paragraphs", []) if p.strip()]
    return analyze_document(Document(headline=record.get("title") or None, paragraphs=paragraphs))


def body_sentences(article: Article) -> list[str]:
    """The sentences of the lead and body paragraphs as written (no cleaning)."""
    text = article.text
    return [
        s.text
        for b in article.blocks
        if b.kind in ("lead", "paragraph")
        for s in split_sentences(text, b.start, b.end)
    ]


def lead(article: Article, size: int) -> list[str]:
    """The Lead-N baseline: the first ``size`` body sentences."""
    return body_sentences(article)[:size]


def lead_stripped(article: Article, size: int) -> list[str]:
    """Lead-N with Didban's cleaning (attribution prefix cut, opening pronoun resolved)."""
    return [c.text for c in candidates(article)[:size]]


def textrank(article: Article, size: int) -> list[str]:
    """The TextRank baseline: PageRank over a word-overlap graph of the body sentences, top ``size``."""
    sentences = body_sentences(article)
    words = [set(rouge_tokens(s)) for s in sentences]
    ranks = pagerank(
        [[_similarity(a, b) if i != j else 0.0 for j, b in enumerate(words)] for i, a in enumerate(words)]
    )
    best = sorted(range(len(sentences)), key=lambda i: (-ranks[i], i))[:size]
    return [sentences[i] for i in sorted(best)]


def _similarity(a: set[str], b: set[str]) -> float:
    """TextRank's sentence similarity: shared words over the log lengths."""
    if len(a) < 2 or len(b) < 2:
        return 0.0
    return len(a & b) / (math.log(len(a)) + math.log(len(b)))


def pagerank(weights: list[list[float]]) -> list[float]:
    """Weighted PageRank by :data:`ITERATIONS` power iterations.

    >>> [round(r, 3) for r in pagerank([[0, 1, 1], [1, 0, 0], [1, 0, 0]])]
    [0.485, 0.257, 0.257]
    """
    n = len(weights)
    out = [sum(row) or 1.0 for row in weights]
    ranks = [1.0 / n] * n if n else []
    for _ in range(ITERATIONS):
        ranks = [
            (1 - DAMPING) / n + DAMPING * sum(weights[j][i] * ranks[j] / out[j] for j in range(n))
            for i in range(n)
        ]
    return ranks


@dataclass
class SummaryReport:
    """ROUGE per system and size, the articles scored and skipped, and the cost of ``summarize``."""

    rows: dict[tuple[str, int], list[tuple[Score, Score, Score]]] = field(default_factory=dict)
    articles: int = 0
    skipped: int = 0
    analyze_ms: float = 0.0
    summary_us: float = 0.0
    split_us: float = 0.0
    default_size: int = DEFAULT_SIZE


def systems(sizes: tuple[int, ...]) -> list[tuple[str, int, Summarizer]]:
    """The systems compared: (name, size, function)."""
    return [
        *(("Lead", n, lead) for n in sizes),
        ("Lead, stripped", 1, lead_stripped),
        *(("TextRank", n, textrank) for n in sizes),
        *(("Didban", n, summarize) for n in sizes),
    ]


def evaluate_summary(data_dir: Path, sizes: tuple[int, ...] = SIZES) -> SummaryReport:
    """Score every system on the held-out Fars articles against their abstracts.

    Args:
        data_dir: the news corpus directory (``…/shared/data/news``).
        sizes: the summary sizes (sentences) to score.

    Returns:
        The per-article scores of each system, with counts and timings.
    """
    report = SummaryReport()
    records = evaluation_articles(data_dir, "fars")
    report.skipped = sum(not r.get("abstract", "").strip() for r in records)
    records = [r for r in records if r.get("abstract", "").strip()]
    started = time.perf_counter()
    articles = [record_article(r) for r in records]
    report.analyze_ms = 1000 * (time.perf_counter() - started) / max(len(articles), 1)
    report.articles = len(articles)
    refs = [rouge_tokens(reference(r["abstract"])) for r in records]
    for name, size, system in systems(sizes):
        report.rows[(name, size)] = [
            _compare(system(a, size), ref) for a, ref in zip(articles, refs, strict=True)
        ]
    report.summary_us, report.split_us = _timings(articles)
    return report


def _compare(summary: list[str], ref: list[str]) -> tuple[Score, Score, Score]:
    """ROUGE-1, ROUGE-2 and ROUGE-L of one summary."""
    tokens = rouge_tokens(" ".join(summary))
    return rouge_n(tokens, ref, 1), rouge_n(tokens, ref, 2), rouge_l(tokens, ref)


def _timings(articles: list[Article], repeats: int = 3) -> tuple[float, float]:
    """µs per article of ``summarize`` (default size), and of the sentence splitting it does (the blocks
    it reads up to :data:`~didban.read.summary.MAX_CANDIDATES` sentences); best of ``repeats`` runs."""
    n = max(len(articles), 1)
    summary = min(_seconds(summarize, articles) for _ in range(repeats))
    split = min(_seconds(_split_read, articles) for _ in range(repeats))
    return 1e6 * summary / n, 1e6 * split / n


def _seconds(work: Callable[[Article], object], articles: list[Article]) -> float:
    started = time.perf_counter()
    for article in articles:
        work(article)
    return time.perf_counter() - started


def _split_read(article: Article) -> int:
    """Split the lead and body blocks as :func:`~didban.read.summary.candidates` does; the count."""
    found = 0
    for block in article.blocks:
        if block.kind in ("lead", "paragraph"):
            found += len(split_sentences(article.text, block.start, block.end))
            if found >= MAX_CANDIDATES:
                break
    return found


def _mean(scores: list[Score]) -> Score:
    n = max(len(scores), 1)
    return Score(*(sum(s[k] for s in scores) / n for k in range(3)))


def format_summary_report(report: SummaryReport) -> str:
    """A markdown table: ROUGE-1 P/R/F, ROUGE-2 P/R/F and ROUGE-L F per system and size."""
    lines = [
        f"Fars held-out articles: {report.articles} scored, {report.skipped} skipped (empty abstract)",
        "",
        "| system | sentences | R-1 P | R-1 R | R-1 F | R-2 P | R-2 R | R-2 F | R-L F |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for (name, size), scores in report.rows.items():
        r1, r2, rl = (_mean([s[k] for s in scores]) for k in range(3))
        mark = " (default)" if name == "Didban" and size == report.default_size else ""
        cells = [*r1, *r2, rl.f1]
        lines.append(f"| {name}{mark} | {size} | " + " | ".join(f"{c:.3f}" for c in cells) + " |")
    lines += [
        "",
        f"analyze: {report.analyze_ms:.2f} ms/article; summarize (size {report.default_size}, after "
        f"analyze): {report.summary_us:.0f} µs/article, of which sentence splitting {report.split_us:.0f} µs",
    ]
    return "\n".join(lines)
