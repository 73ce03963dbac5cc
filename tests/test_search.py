"""Persian-aware search: folding, the query parser, and highlighted snippets."""

from __future__ import annotations

import pytest

from didban.search import QueryError, find_terms, fold, parse_query, snippet

FOLD_ROWS = [
    # the three spellings of a half-space word meet
    ("درگیری‌ها", "درگیری ها"),
    ("درگیری ها", "درگیری ها"),
    # plural suffix forms split off by the half-space fold together
    ("درگیری‌های", "درگیری ها"),
    ("کتاب‌هایی", "کتاب هایی".replace("هایی", "ها")),
    # Arabic letters and digits
    ("درگيري", "درگیری"),
    ("كشور", "کشور"),
    ("١٤٠٥ ۱۴۰۵ 1405", "1405 1405 1405"),
    # hamza seats and heh with hamza
    ("آمریکا", "امریکا"),
    ("مؤسسه", "موسسه"),
    ("پائیز", "پاییز"),
    ("خانۀ", "خانه"),
    # diacritics, tanvin, tatweel
    ("قبلاً", "قبلا"),
    ("کِتاب", "کتاب"),
    ("ایـــران", "ایران"),
    # Latin case and spaces
    ("  NATO  و\nOSCE ", "nato و osce"),
]


@pytest.mark.parametrize(("raw", "folded"), FOLD_ROWS)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_highlights_find_every_spelling_of_letters_and_digits() -> None:
    text = "سفر به آمريكا در ١٤٠٥ و NATO قبلاً"
    spans = find_terms(text, parse_query("امریکا 1405 nato قبلا").highlight_terms())
    assert [text[s:e] for s, e in spans] == ["آمريكا", "١٤٠٥", "NATO", "قبلاً"]


QUERY_ROWS = [
    # every spelling of «درگیری‌ها» asks for the same phrase
    ("درگیری‌ها", '"درگیری ها"'),
    ("درگیریها", '"درگیری ها"'),
    ("درگیری ها", '"درگیری ها"'),
    ("درگيري‌ها", '"درگیری ها"'),
    # words are ANDed; quoted and «guillemet» phrases stay phrases
    ("پوتین قفقاز", '"پوتین" AND "قفقاز"'),
    ('"قره باغ" پوتین', '"قره باغ" AND "پوتین"'),
    ("«گروه مینسک»", '"گروه مینسک"'),
    # OR, exclusion, prefix
    ("روسیه OR فرانسه", '"روسیه" OR "فرانسه"'),
    ("روسیه فرانسه -ارمنستان", '("روسیه" AND "فرانسه") NOT "ارمنستان"'),
    ("تروریسم*", '"تروریسم" *'),
    # FTS5 syntax in user input is quoted, never interpreted (words joined by punctuation stay a phrase)
    ("NEAR(a b) AND c:d", '"near a" AND "b" AND "and" AND "c d"'),
    ("۱۴۰۵", '"1405"'),
]


@pytest.mark.parametrize(("query", "expression"), QUERY_ROWS)
def test_parse_query(query: str, expression: str) -> None:
    assert parse_query(query).expression == expression


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "nothing to search"),
        ("  ؟ ! ", "nothing to search"),
        ('"قره باغ', "unbalanced quotation mark"),
        ("-روسیه", "not excluded"),
        ("ب" * 501, "longer than 500"),
    ],
)
def test_unreadable_queries_say_why(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(query)


def test_terms_are_found_in_every_spelling_with_original_offsets() -> None:
    text = "گزارش‌ها از درگیریها و درگیری ها و درگیری‌های مرزی و درگيري‌ها حکایت دارد."
    spans = find_terms(text, parse_query("درگیری‌ها").highlight_terms())
    assert [text[s:e] for s, e in spans] == ["درگیریها", "درگیری ها", "درگیری‌های", "درگيري‌ها"]


def test_snippet_window_marks_terms_and_cuts_at_words() -> None:
    text = " ".join(["خبر بی‌ربط است."] * 40 + ["پوتین درباره قره باغ سخن گفت."] + ["پایان متن."] * 40)
    shown = snippet(text, parse_query('پوتین "قره باغ"'), width=120)
    marked = [shown.text[s:e] for s, e in shown.highlights]
    assert marked == ["پوتین", "قره باغ"]
    assert shown.text.startswith("… ")
    assert shown.text.endswith(" …")
    assert len(shown.text) < 160


def test_snippet_without_match_shows_the_start() -> None:
    shown = snippet("متن کوتاه خبر.", parse_query("روسیه"))
    assert shown.text == "متن کوتاه خبر."
    assert shown.highlights == []


def test_snippet_finds_words_past_the_first_screens() -> None:
    text = "خبر کوتاه است. " * 400 + "پوتین درباره قره باغ سخن گفت."
    shown = snippet(text, parse_query("پوتین"))
    assert [shown.text[s:e] for s, e in shown.highlights] == ["پوتین"]
