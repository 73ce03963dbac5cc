"""The summary evaluation: Persian ROUGE, the references, the baselines, and a run on a tiny corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from didban import analyze
from didban.evaluation.summary import (
    Score,
    evaluate_summary,
    format_summary_report,
    lead,
    pagerank,
    reference,
    rouge_l,
    rouge_n,
    rouge_tokens,
    textrank,
)

# (text, tokens): letters folded, punctuation dropped, a half-spaced word one token.
TOKENS = [
    ("می‌دهد", ["میدهد"]),  # ZWNJ word: one token
    ("میدهد", ["میدهد"]),  # the same word glued
    ("درگيري‌هاي «اخير»، تمام شد.", ["درگیریهای", "اخیر", "تمام", "شد"]),  # Arabic ي folded, marks dropped
    ("سال ۱۴۰۵ و 1405", ["سال", "1405", "و", "1405"]),  # digits folded
    ("آمریکا و امريكا", ["امریکا", "و", "امریکا"]),  # hamza seats and Arabic letters folded
]


@pytest.mark.parametrize(("text", "expected"), TOKENS)
def test_rouge_tokens(text: str, expected: list[str]) -> None:
    assert rouge_tokens(text) == expected


def test_rouge_scores() -> None:
    same = rouge_tokens("وزیر نفت گفت تولید افزایش یافت")
    assert rouge_n(same, same, 1) == Score(1.0, 1.0, 1.0)
    assert rouge_n(same, same, 2).f1 == 1.0
    assert rouge_l(same, same).f1 == 1.0
    assert rouge_n(same, rouge_tokens("بارش باران در گلستان"), 1).f1 == 0.0
    half = rouge_tokens("وزیر نفت گفت")
    assert rouge_n(half, same, 1) == Score(1.0, 0.5, pytest.approx(2 / 3))
    assert rouge_n(half, same, 2).recall == pytest.approx(2 / 5)
    assert rouge_n(["الف", "الف"], ["الف"], 1).precision == 0.5  # counts are clipped
    assert rouge_l([], same) == Score(0.0, 0.0, 0.0)


def test_reference_drops_the_byline_and_repairs() -> None:
    assert (
        reference("خبرگزاري فارس: وزير نفت گفت: توليد افزايش مييابد.") == "وزیر نفت گفت: تولید افزایش می‌یابد."
    )
    assert (
        reference("خبرگزاری فارس - رئیس جمهور امروز به استان سفر کرد.")
        == "رئیس جمهور امروز به استان سفر کرد."
    )
    assert reference("رئیس جمهور امروز سفر کرد.") == "رئیس جمهور امروز سفر کرد."


def test_pagerank_ranks_the_hub_first() -> None:
    ranks = pagerank([[0, 1, 1], [1, 0, 0], [1, 0, 0]])
    assert ranks[0] > ranks[1] == ranks[2]
    assert sum(ranks) == pytest.approx(1.0)
    assert pagerank([]) == []


ARTICLE = (
    "صادرات غیرنفتی استان افزایش یافت\n\n"
    "به گزارش خبرگزاری فارس از تبریز، مدیرکل گمرک استان گفت: صادرات غیرنفتی استان ۲۰ درصد افزایش یافت.\n\n"
    "وی افزود: صادرات غیرنفتی استان بیشتر به عراق و ترکیه بود و صادرات به عراق دو برابر شد.\n\n"
    "هوای تبریز امروز ابری بود."
)


def test_baselines_pick_sentences_in_text_order() -> None:
    article = analyze(ARTICLE)
    assert lead(article, 1)[0].startswith("به گزارش خبرگزاری فارس")  # Lead keeps the prefix
    assert len(lead(article, 5)) == 3
    picked = textrank(article, 2)
    assert len(picked) == 2
    assert "هوای تبریز امروز ابری بود." not in picked
    assert textrank(analyze("فقط عنوان"), 2) == []


def _write_corpus(root: Path) -> Path:
    records = [
        {"title": "صادرات غیرنفتی استان افزایش یافت", "abstract": "خبرگزاری فارس: مدیرکل گمرک استان گفت: "
         "صادرات غیرنفتی استان ۲۰ درصد افزایش یافت.", "paragraphs": ARTICLE.split("\n\n")[1:], "link": "a"},
        {"title": "بارش باران", "abstract": "", "paragraphs": ["باران بارید."], "link": "b"},
    ]  # fmt: skip
    (root / "fars").mkdir(parents=True)
    (root / "fars" / "fars-news-1.json").write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    return root


def test_evaluate_summary_on_a_tiny_corpus(tmp_path: Path) -> None:
    report = evaluate_summary(_write_corpus(tmp_path / "news"), sizes=(1, 2))
    assert (report.articles, report.skipped) == (1, 1)
    didban_1 = report.rows[("Didban", 1)][0]
    assert didban_1[0].f1 > report.rows[("Lead", 1)][0][0].f1  # the prefix cut pays
    assert didban_1[0].f1 > 0.9
    table = format_summary_report(report)
    assert "| Didban (default) | 1 |" in table
    assert "| TextRank | 2 |" in table
    assert "1 scored, 1 skipped" in table
