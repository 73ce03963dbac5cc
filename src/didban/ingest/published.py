"""Publication dates from page metadata → ISO ``YYYY-MM-DD``: ISO 8601, RFC 2822, Jalali and Gregorian.

Persian sites give dates in many shapes: ISO datetimes in ``article:published_time``, RFC 2822 in feeds,
Jalali dates with Persian digits («۱۴۰۳/۰۹/۰۸»), or in words («جمعه ۲۸ آذر ۱۳۹۹ - ۱۰:۲۲»), and Gregorian
dates with Persian month names («۱۸ دسامبر ۲۰۲۰»). The calendar is told by the year: Jalali years lie in
1300–1500, Gregorian ones in 1900–2100. Jalali dates are converted with :mod:`jdatetime`.

The month-name tables are module constants, keyed by normalised spelling (Arabic ي/ك as Persian ی/ک,
no ZWNJ or spaces) as well as under the name as written; look names up with :func:`month_key`.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

#: Persian and Arabic-Indic digits → ASCII digits; Arabic yeh / kaf → Persian; tatweel and marks dropped.
_NORMALISE = str.maketrans(
    "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩يكىۀ",
    "01234567890123456789یکیه",
    "\u0640\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0654",
)

JALALI_YEARS = range(1300, 1501)
GREGORIAN_YEARS = range(1900, 2101)


def month_key(name: str) -> str:
    """Normalised spelling of a month name for the tables: Persian letters, no ZWNJ, spaces or ``ماه``."""
    key = name.translate(_NORMALISE).lower()
    key = re.sub(r"[\s\u200c\u200d.]+", "", key)
    return key.removesuffix("ماه") or key


def _table(names: dict[str, int]) -> dict[str, int]:
    """A month table holding each name as written and under its :func:`month_key`."""
    table = dict(names)
    table.update({month_key(name): number for name, number in names.items()})
    return table


#: Jalali (solar hijri) months; «آذر» and «آذرماه» share a key.
JALALI_MONTHS: dict[str, int] = _table(
    {
        "فروردین": 1,
        "اردیبهشت": 2,
        "خرداد": 3,
        "تیر": 4,
        "مرداد": 5,
        "امرداد": 5,
        "شهریور": 6,
        "مهر": 7,
        "آبان": 8,
        "آذر": 9,
        "دی": 10,
        "بهمن": 11,
        "اسفند": 12,
    }
)

#: Gregorian months as written in Persian, with the common spelling variants.
GREGORIAN_MONTHS_FA: dict[str, int] = _table(
    {
        "ژانویه": 1,
        "فوریه": 2,
        "مارس": 3,
        "مارچ": 3,
        "آوریل": 4,
        "آپریل": 4,
        "اپریل": 4,
        "مه": 5,
        "می": 5,
        "مئی": 5,
        "ژوئن": 6,
        "جون": 6,
        "ژوئیه": 7,
        "جولای": 7,
        "ژوییه": 7,
        "اوت": 8,
        "آگوست": 8,
        "اگوست": 8,
        "آگست": 8,
        "سپتامبر": 9,
        "اکتبر": 10,
        "اکتوبر": 10,
        "نوامبر": 11,
        "نوومبر": 11,
        "دسامبر": 12,
    }
)

#: Gregorian months in English, full and abbreviated.
GREGORIAN_MONTHS_EN: dict[str, int] = {
    name: number
    for number, full in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
    for name in (full, full[:3], *(("sept",) if number == 9 else ()))
}

#: Lunar hijri months (not used by :func:`parse_published`; kept for the dates stage).
HIJRI_MONTHS: dict[str, int] = _table(
    {
        "محرم": 1,
        "محرم‌الحرام": 1,
        "صفر": 2,
        "ربیع‌الاول": 3,
        "ربیع‌الأول": 3,
        "ربیع‌الثانی": 4,
        "ربیع‌الآخر": 4,
        "جمادی‌الاول": 5,
        "جمادی‌الأولی": 5,
        "جمادی‌الاولی": 5,
        "جمادی‌الثانی": 6,
        "جمادی‌الثانیه": 6,
        "جمادی‌الآخر": 6,
        "رجب": 7,
        "شعبان": 8,
        "رمضان": 9,
        "شوال": 10,
        "ذی‌القعده": 11,
        "ذیقعده": 11,
        "ذی‌الحجه": 12,
        "ذیحجه": 12,
    }
)

_YEAR_FIRST = re.compile(r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")
_DAY_FIRST = re.compile(r"(?<!\d)(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?!\d)")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_WORD = r"[^\W\d_](?:[^\W\d_]|[\u200c\u200d])*(?:\s+ماه)?"
_DAY_MONTH_YEAR = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?\s*({_WORD})\.?[\s,،]+(\d{{4}}|\d{{2}})(?!\d)"
)
_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)")
_RFC_2822 = re.compile(r"^\s*(?:[A-Za-z]{3},?\s+)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}")


def parse_published(value: str | None) -> str | None:
    """A date from metadata → ISO ``YYYY-MM-DD``, or None when not understood.

    >>> parse_published("2020-12-18T10:22:00+03:30")
    '2020-12-18'
    >>> parse_published("جمعه ۲۸ آذر ۱۳۹۹ - ۱۰:۲۲")
    '2020-12-18'
    >>> parse_published("۱۴۰۵/۰۹/۰۸")
    '2026-11-29'
    >>> parse_published("1399/13/01") is None
    True
    """
    if not value or not value.strip():
        return None
    text = value.translate(_NORMALISE).strip()
    for parse in (_numeric, _rfc_2822, _with_month_name):
        date = parse(text)
        if date is not None:
            return date.isoformat()
    return None


def _numeric(text: str) -> dt.date | None:
    """Year-first (ISO, «۱۴۰۳/۰۹/۰۸»), day-first Jalali («۰۸/۰۹/۱۴۰۳») or compact ``YYYYMMDD``."""
    match = _YEAR_FIRST.search(text)
    if match:
        return _date(int(match[1]), int(match[3]), int(match[4]))
    match = _DAY_FIRST.search(text)
    if match and int(match[4]) in JALALI_YEARS:
        return _date(int(match[4]), int(match[3]), int(match[1]))
    match = _COMPACT.fullmatch(text)
    if match:
        return _date(int(match[1]), int(match[2]), int(match[3]))
    return None


def _rfc_2822(text: str) -> dt.date | None:
    """An RFC 822 / 2822 date as in feeds: ``Fri, 18 Dec 2020 10:22:00 +0330``."""
    if not _RFC_2822.match(text):
        return None
    parsed = email.utils.parsedate_tz(text)
    if parsed is None:
        return None
    year, month, day = parsed[:3]
    return _gregorian(year, month, day)


def _with_month_name(text: str) -> dt.date | None:
    """Day, month name and year: «۸ آذر ۱۴۰۳», «۱۸ دسامبر ۲۰۲۰», ``18 December 2020``, ``Dec 18, 2020``."""
    for match in _DAY_MONTH_YEAR.finditer(text):
        date = _named(int(match[1]), match[2], match[3])
        if date is not None:
            return date
    for match in _MONTH_DAY_YEAR.finditer(text):
        month = GREGORIAN_MONTHS_EN.get(match[1].lower())
        if month is not None:
            return _gregorian(int(match[3]), month, int(match[2]))
    return None


def _named(day: int, name: str, year_text: str) -> dt.date | None:
    """A date from a day, a month name and a year; the table the name is in gives the calendar."""
    key = month_key(name)
    year = int(year_text)
    if key in JALALI_MONTHS:
        if len(year_text) == 2:
            year += 1400 if year < 50 else 1300
        return _jalali(year, JALALI_MONTHS[key], day) if year in JALALI_YEARS else None
    if len(year_text) == 2:
        return None
    month = GREGORIAN_MONTHS_FA.get(key) or GREGORIAN_MONTHS_EN.get(name.lower())
    if month is None:
        return None
    return _gregorian(year, month, day)


def _date(year: int, month: int, day: int) -> dt.date | None:
    """A numeric date, Jalali or Gregorian by the year."""
    if year in JALALI_YEARS:
        return _jalali(year, month, day)
    return _gregorian(year, month, day)


def _gregorian(year: int, month: int, day: int) -> dt.date | None:
    """A valid Gregorian date in the accepted year range, or None."""
    if year not in GREGORIAN_YEARS:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _jalali(year: int, month: int, day: int) -> dt.date | None:
    """A valid Jalali date converted to Gregorian with jdatetime, or None."""
    import jdatetime

    try:
        return jdatetime.date(year, month, day).togregorian()
    except ValueError:
        return None
