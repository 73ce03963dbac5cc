"""Publication dates from metadata: ISO, RFC 2822, Jalali (digits and month names) and Gregorian."""

from __future__ import annotations

import pytest

from didban.ingest.published import (
    GREGORIAN_MONTHS_FA,
    HIJRI_MONTHS,
    JALALI_MONTHS,
    month_key,
    parse_published,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # ISO 8601
        ("2020-12-18", "2020-12-18"),
        ("2020-12-18T10:22:00+03:30", "2020-12-18"),
        ("2020-12-18T22:50:00Z", "2020-12-18"),
        ("  2024-02-29 08:00:00 ", "2024-02-29"),
        ("20201218", "2020-12-18"),
        # RFC 822 / 2822
        ("Fri, 18 Dec 2020 10:22:00 +0330", "2020-12-18"),
        ("18 Dec 2020 10:22:00 GMT", "2020-12-18"),
        # Jalali, numeric, in Persian, Arabic-Indic and ASCII digits
        ("۱۴۰۵/۰۹/۰۸", "2026-11-29"),
        ("1399-09-28", "2020-12-18"),
        ("۱۳۹۹.۰۹.۲۸", "2020-12-18"),
        ("١٣٩٩/٠٩/٢٨", "2020-12-18"),
        ("۱۴۰۵/۰۹/۰۸ - ۱۰:۲۲", "2026-11-29"),
        ("1399/9/28", "2020-12-18"),
        ("۲۸/۰۹/۱۳۹۹", "2020-12-18"),
        ("1399/12/30", "2021-03-20"),  # 1399 is a leap year
        # Jalali with month names
        ("۸ آذر ۱۴۰۵", "2026-11-29"),
        ("جمعه ۲۸ آذر ۱۳۹۹ - ۱۰:۲۲", "2020-12-18"),
        ("۲۸ آذرماه ۱۳۹۹", "2020-12-18"),
        ("۲۸ آذر ماه ۱۳۹۹", "2020-12-18"),
        ("تاریخ انتشار: ۱ فروردین ۱۴۰۳", "2024-03-20"),
        ("۲ ارديبهشت ۱۴۰۲", "2023-04-22"),
        ("۱۰ دی ۱۴۰۲", "2023-12-31"),
        ("۲۹ اسفند ۱۴۰۲", "2024-03-19"),
        ("۲۸ آذر ۹۹", "2020-12-18"),
        # Gregorian with Persian or English month names
        ("۱۸ دسامبر ۲۰۲۰", "2020-12-18"),
        ("۲۰ مه ۲۰۲۱", "2021-05-20"),
        ("۲۰ می ۲۰۲۱", "2021-05-20"),
        ("۴ ژوئیه ۲۰۲۲", "2022-07-04"),
        ("۴ جولای ۲۰۲۲", "2022-07-04"),
        ("۱۵ آگوست ۲۰۲۳", "2023-08-15"),
        ("18 December 2020", "2020-12-18"),
        ("December 18, 2020", "2020-12-18"),
        ("Dec 18th, 2020", "2020-12-18"),
        # not understood or invalid
        (None, None),
        ("", None),
        ("   ", None),
        ("دیروز", None),
        ("کد خبر: ۸۴۵۱۲۳۷۷", None),
        ("1399/13/01", None),
        ("1399/09/32", None),
        ("1400/12/30", None),  # 1400 is not a leap year
        ("2020-02-30", None),
        ("2020-13-01", None),
        ("۳۲ آذر ۱۴۰۳", None),
        ("۱۸ آذر ۲۰۲۰", None),  # Jalali month, Gregorian year
        ("۱۸ دسامبر ۱۳۹۹", None),  # Gregorian month, Jalali year
        ("۱۸ فلان ۱۳۹۹", None),
        ("1750-01-01", None),
        ("آذر ۱۴۰۳", None),
    ],
)
def test_parse_published(value: str | None, expected: str | None) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    ("table", "name", "number"),
    [
        (JALALI_MONTHS, "فروردین", 1),
        (JALALI_MONTHS, "اردیبهشت", 2),
        (JALALI_MONTHS, month_key("ارديبهشت"), 2),
        (JALALI_MONTHS, month_key("آذرماه"), 9),
        (JALALI_MONTHS, "اسفند", 12),
        (GREGORIAN_MONTHS_FA, "ژانویه", 1),
        (GREGORIAN_MONTHS_FA, "مه", 5),
        (GREGORIAN_MONTHS_FA, "می", 5),
        (GREGORIAN_MONTHS_FA, "ژوئیه", 7),
        (GREGORIAN_MONTHS_FA, "جولای", 7),
        (GREGORIAN_MONTHS_FA, "اوت", 8),
        (GREGORIAN_MONTHS_FA, "آگوست", 8),
        (GREGORIAN_MONTHS_FA, "دسامبر", 12),
        (HIJRI_MONTHS, "محرم", 1),
        (HIJRI_MONTHS, "ذی‌الحجه", 12),
        (HIJRI_MONTHS, month_key("ذي الحجه"), 12),
    ],
)
def test_month_tables(table: dict[str, int], name: str, number: int) -> None:
    assert table[name] == number


@pytest.mark.parametrize("table", [JALALI_MONTHS, GREGORIAN_MONTHS_FA, HIJRI_MONTHS])
def test_month_tables_cover_the_year(table: dict[str, int]) -> None:
    assert set(table.values()) == set(range(1, 13))
