"""The extractive summary: candidates, attribution prefixes, pronouns, size, and odd articles."""

from __future__ import annotations

import re
from typing import Any

import pytest

from didban import analyze
from didban.article import Article, Quote
from didban.document import Document
from didban.read.pipeline import analyze_document
from didban.read.summary import (
    MAX_SIZE,
    PRONOUNS,
    candidates,
    parse_model,
    resolve_pronoun,
    summarize,
    summary_model,
)

_PREFIX = re.compile(r"^(?:به\s+گزارش|به\s+نقل\s+از|خبرگزاری\s+\S+\s*:)")
_LEADING_PRONOUN = re.compile(rf"^(?:{'|'.join(PRONOUNS)})\s")

# (article: headline, blank line, body) → its first candidate sentence, cleaned.
FIRST_SENTENCE = [
    # a Fars opening: outlet, then the city it reports from
    (
        "افزایش صادرات\n\nبه گزارش خبرگزاری فارس از تبریز، مدیرکل گمرک استان گفت: صادرات ۲۰ درصد بیشتر شد.",
        "مدیرکل گمرک استان گفت: صادرات ۲۰ درصد بیشتر شد.",
    ),
    # a Varzesh3 opening, the outlet in quotes
    (
        'استقلال به مصاف پرسپولیس می‌رود\n\nبه گزارش "ورزش سه"، تیم فوتبال استقلال روز جمعه به مصاف '
        "پرسپولیس می‌رود.",
        "تیم فوتبال استقلال روز جمعه به مصاف پرسپولیس می‌رود.",
    ),
    # a desk before the outlet
    (
        "تورم کاهش یافت\n\nبه گزارش خبرنگار اقتصادی خبرگزاری فارس، نرخ تورم در آبان ماه به ۳۰ درصد رسید.",
        "نرخ تورم در آبان‌ماه به ۳۰ درصد رسید.",
    ),
    # «به نقل از» an outlet
    (
        "تورم کاهش یافت\n\nبه نقل از ایسنا، نرخ تورم در آبان ماه به ۳۰ درصد رسید.",
        "نرخ تورم در آبان‌ماه به ۳۰ درصد رسید.",
    ),
    # a chain of two outlets
    (
        "نشست سران\n\nبه گزارش آران نیوز به نقل از خبرگزاری تسنیم، رئیس جمهوری روسیه در نشست سران سخن گفت.",
        "رئیس جمهوری روسیه در نشست سران سخن گفت.",
    ),
    # no mark after the outlet: the prefix ends with it
    (
        "درگذشت استاد دانشگاه\n\nبه گزارش خبرگزاری فارس عظیمی که از اساتید ممتاز کشور بود امروز درگذشت.",
        "عظیمی که از اساتید ممتاز کشور بود امروز درگذشت.",
    ),
    # an unknown reporter: «به گزارش» up to the comma
    (
        "بارش باران در گلستان\n\nبه گزارش خبرنگار ما، میزان بارش‌ها در گلستان ۳۲ درصد بیشتر شد.",
        "میزان بارش‌ها در گلستان ۳۲ درصد بیشتر شد.",
    ),
    # a dateline
    (
        "افزایش تولید نفت\n\nتهران - ایرنا - وزیر نفت گفت تولید نفت کشور در سال جاری افزایش یافت.",
        "وزیر نفت گفت تولید نفت کشور در سال جاری افزایش یافت.",
    ),
    # a person is not a source: «به نقل از» a person stays
    (
        "مذاکرات ادامه دارد\n\nبه نقل از علی لاریجانی، مذاکرات هسته‌ای هفته آینده در وین ادامه خواهد یافت.",
        "به نقل از علی لاریجانی، مذاکرات هسته‌ای هفته آینده در وین ادامه خواهد یافت.",
    ),
    # a sentence without attribution stays whole
    (
        "بارش باران\n\nمیزان بارش‌ها در گلستان امسال ۳۲ درصد بیشتر از پارسال بود.",
        "میزان بارش‌ها در گلستان امسال ۳۲ درصد بیشتر از پارسال بود.",
    ),
]

GUMRUK = (
    "افزایش صادرات غیرنفتی آذربایجان شرقی\n\n"
    "به گزارش خبرگزاری فارس از تبریز، مدیرکل گمرک آذربایجان شرقی صبح امروز در جمع خبرنگاران گفت: صادرات "
    "غیرنفتی استان در هشت ماه امسال ۲۰ درصد افزایش یافت.\n\n"
    "وی افزود: بیشتر این کالاها به عراق و ترکیه صادر شده است.\n\n"
    "این مقام مسئول با اشاره به واردات کالا گفت: واردات استان ۱۰ درصد کم شد.\n\n"
    "او همچنین از راه‌اندازی بازارچه مرزی جدید در جلفا خبر داد."
)


@pytest.mark.parametrize(("text", "expected"), FIRST_SENTENCE)
def test_attribution_prefixes_are_cut(text: str, expected: str) -> None:
    assert candidates(analyze(text))[0].text == expected


def test_the_seed_summary_reads_on_its_own(seed_text: str) -> None:
    article = analyze(seed_text)
    for size in range(1, MAX_SIZE + 1):
        summary = summarize(article, size)
        assert len(summary) == size
        for sentence in summary:
            assert not _PREFIX.match(sentence)
            assert not _LEADING_PRONOUN.match(sentence)
            assert _from_article(sentence, article)


def test_the_seed_pronouns_become_putin(seed_text: str) -> None:
    texts = [c.text for c in candidates(analyze(seed_text))]
    assert "ولادیمیر پوتین همچنین با اشاره به اینکه تقویت همکاری‌ها" in "\n".join(texts)
    assert not any(_LEADING_PRONOUN.match(t) for t in texts)
    assert not any(_PREFIX.match(t) for t in texts)


def test_a_pronoun_takes_the_resolved_speaker() -> None:
    texts = [c.text for c in candidates(analyze(GUMRUK))]
    assert texts[1] == "مدیرکل گمرک آذربایجان شرقی افزود: بیشتر این کالاها به عراق و ترکیه صادر شده است."
    assert texts[3].startswith("مدیرکل گمرک آذربایجان شرقی همچنین از راه‌اندازی")


def test_an_unresolved_pronoun_is_left() -> None:
    [only] = candidates(analyze("تیم ملی\n\nاو در این فصل ۳۹ برد و ۸۴ باخت را با شیکاگو تجربه کرد."))
    assert only.text.startswith("او در این فصل")
    assert only.pronoun == "او"
    assert not only.resolved


def test_resolve_pronoun_prefers_the_quote_of_the_sentence() -> None:
    first = _quote("علی لاریجانی", "لاریجانی", 0)
    second = _quote("محمدجواد ظریف", "وی", 120)
    assert resolve_pronoun([first, second], 100, 200, "وی") == "محمدجواد ظریف"
    assert resolve_pronoun([first, second], 100, 200, "او") == "علی لاریجانی"  # no «او» quote: the last one
    assert resolve_pronoun([_quote(None, "وی", 0)], 100, 200, "وی") is None  # a pronoun is never a speaker


@pytest.mark.parametrize("size", [1, 2, 3])
def test_size_is_respected(size: int) -> None:
    summary = summarize(analyze(GUMRUK), size)
    assert len(summary) == size
    order = [c.text for c in candidates(analyze(GUMRUK))]
    assert [order.index(s) for s in summary] == sorted(order.index(s) for s in summary)  # text order


def test_size_is_clipped() -> None:
    article = analyze(GUMRUK)
    assert len(summarize(article, 10)) == MAX_SIZE
    assert summarize(article, 0) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),  # nothing
        ("فقط یک عنوان", []),  # a headline only
        ("عنوان خبر\n\nیک جمله کوتاه در متن.", ["یک جمله کوتاه در متن."]),  # one sentence
        ("عنوان خبر\n\n* * *\n\nیک جمله.", ["یک جمله."]),  # a line without words is no candidate
    ],
)
def test_empty_and_short_articles(text: str, expected: list[str]) -> None:
    assert summarize(analyze(text), 3) == expected


def test_an_article_without_blocks_gives_nothing() -> None:
    assert summarize(Article(text="متن بدون ساختار")) == []


def test_headline_and_crossheads_are_never_candidates(seed_text: str) -> None:
    article = analyze(seed_text)
    texts = [c.text for c in candidates(article)]
    assert article.headline not in texts
    assert not set(article.crossheads) & set(texts)


def test_the_shipped_model_loads_and_parses() -> None:
    model = summary_model()
    assert "bias" in model.weights
    assert len(model.weights) > 20
    parsed = parse_model("# comment\nbias\t0.5\npos:0\t-1.25\n")
    assert parsed.weights == {"bias": 0.5, "pos:0": -1.25}
    assert parsed.score(["bias", "pos:0", "unknown"]) == -0.75


def test_real_news_summaries(news_records: list[dict[str, Any]]) -> None:
    for record in news_records:
        paragraphs = [p for p in record["paragraphs"] if p.strip()]
        article = analyze_document(Document(headline=record["title"], paragraphs=paragraphs))
        summary = summarize(article, 2)
        assert 1 <= len(summary) <= 2, record["link"]
        assert all(s.strip() and not _PREFIX.match(s) for s in summary), record["link"]


def _quote(speaker: str | None, mention: str, start: int) -> Quote:
    return Quote(
        text="…",
        kind="direct",
        speaker=speaker,
        speaker_id=None,
        speaker_mention=mention,
        cue="گفت",
        start=start,
        end=start + 40,
    )


def _from_article(sentence: str, article: Article) -> bool:
    """The sentence is the article's own (after a leading speaker that replaced a pronoun)."""
    flat = " ".join(article.text.split())
    words = sentence.split()
    return any(" ".join(words[k:]) in flat for k in range(min(4, len(words))))
