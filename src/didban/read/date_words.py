"""Word tables for the dates stage: ordinal days, weekdays, relative words, eras, context words.

Names are listed once in Persian spelling; :func:`spellings` adds the Arabic ي/ك and half-space variants
that unrepaired text uses, and :func:`alternation` turns a list of names into a regex alternation shaped
as a trie (one branch per first letter), which Python's regex engine scans several times faster than a
flat list of words.

>>> ORDINALS["بیست و پنجم"], ORDINALS["سی‌ام"], ORDINALS["یکم"], ORDINALS["اول"]
(25, 30, 1, 1)
>>> {"ربيع الاول", "ربیعالاول"} <= spellings("ربیع‌الاول")
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ZWNJ = "\u200c"
_GAPS = re.compile(r"[\s\u200c]+")


def _word_set(words: str) -> frozenset[str]:
    """A set of words written space-separated."""
    return frozenset(words.split())


#: Any decimal digit a Persian text uses: ASCII, Persian, Arabic-Indic (``int()`` reads all three).
DIGIT = "[0-9۰-۹٠-٩]"

_UNITS = {1: ("یکم", "اول"), 2: ("دوم",), 3: ("سوم",), 4: ("چهارم",), 5: ("پنجم",), 6: ("ششم",)}
_UNITS |= {7: ("هفتم",), 8: ("هشتم",), 9: ("نهم",)}
_TEENS = {
    10: ("دهم",),
    11: ("یازدهم",),
    12: ("دوازدهم",),
    13: ("سیزدهم",),
    14: ("چهاردهم",),
    15: ("پانزدهم", "پونزدهم"),
    16: ("شانزدهم",),
    17: ("هفدهم", "هیفدهم"),
    18: ("هجدهم", "هیجدهم", "هژدهم"),
    19: ("نوزدهم",),
    20: ("بیستم",),
    30: ("سی‌ام", "سی ام", "سیم"),
}


def _ordinals() -> dict[str, int]:
    """Ordinal day words 1–31: «یکم»، «نهم»، «بیست و پنجم»، «سی‌ام»، «سی و یکم»."""
    table = {word: n for n, words in (_UNITS | _TEENS).items() for word in words}
    for tens, word in ((20, "بیست"), (30, "سی")):
        for unit, words in _UNITS.items():
            for joint in (" و ", f"{ZWNJ}و", f"{ZWNJ}و "):  # «بیست و یکم»، «بیست‌ویکم»، «بیست‌و یکم»
                if tens + unit <= 31:
                    table[f"{word}{joint}{words[0]}"] = tens + unit
    return table


#: Ordinal day words → day of month.
ORDINALS: dict[str, int] = _ordinals()

#: Cardinal words used in «سه روز پیش»، «ده سال پیش».
CARDINALS: dict[str, int] = {
    "یک": 1,
    "دو": 2,
    "سه": 3,
    "چهار": 4,
    "پنج": 5,
    "شش": 6,
    "هفت": 7,
    "هشت": 8,
    "نه": 9,
    "ده": 10,
    "یازده": 11,
    "دوازده": 12,
    "پانزده": 15,
    "بیست": 20,
    "سی": 30,
    "چهل": 40,
    "پنجاه": 50,
    "شصت": 60,
    "صد": 100,
}

#: Weekday names → Python ``date.weekday()`` (Monday 0 … Sunday 6); the Persian week starts on Saturday.
WEEKDAYS: dict[str, int] = {
    "شنبه": 5,
    "یکشنبه": 6,
    "یک‌شنبه": 6,
    "دوشنبه": 0,
    "سه‌شنبه": 1,
    "چهارشنبه": 2,
    "پنجشنبه": 3,
    "پنج‌شنبه": 3,
    "جمعه": 4,
}
SATURDAY = 5

#: Single words (and fixed phrases) for a day relative to the publication date → offset in days.
RELATIVE_DAYS: dict[str, int] = {
    "امروز": 0,
    "امشب": 0,
    "دیروز": -1,
    "دیشب": -1,
    "روز گذشته": -1,
    "شب گذشته": -1,
    "پریروز": -2,
    "فردا": 1,
    "فردا شب": 1,
    "پس‌فردا": 2,
}

#: «هفته/ماه/سال …» + this word → offset in that unit.
RELATIVE_UNITS: dict[str, int] = {"گذشته": -1, "پیش": -1, "قبل": -1, "جاری": 0, "آینده": 1}
#: Words for «this year» / «last year» used alone.
RELATIVE_YEARS: dict[str, int] = {"امسال": 0, "پارسال": -1}
#: Units of «N … پیش» and «هفته/ماه/سال گذشته».
UNITS = ("روز", "هفته", "ماه", "سال")

#: Parts of the day that may stand before a day («بامداد امروز»، «شامگاه دوشنبه»); hours to add to a
#: clock time after which they stand («ساعت ۵ بعد از ظهر» → 17:00).
DAY_PARTS: dict[str, int] = {
    "صبح": 0,
    "بامداد": 0,
    "سحرگاه": 0,
    "صبحگاه": 0,
    "ظهر": 12,
    "بعدازظهر": 12,
    "بعد از ظهر": 12,
    "عصر": 12,
    "غروب": 12,
    "شامگاه": 12,
    "شب": 12,
    "نیمه‌شب": 0,
}

#: Era words after a year → calendar.
ERAS: dict[str, str] = {
    "میلادی": "gregorian",
    "شمسی": "jalali",
    "خورشیدی": "jalali",
    "هجری شمسی": "jalali",
    "هجری خورشیدی": "jalali",
    "هجری قمری": "hijri",
    "قمری": "hijri",
    "هجری": "hijri",
}

#: Honorifics after a lunar month name («رمضان المبارک»، «محرم الحرام»).
HIJRI_SUFFIXES = ("المبارک", "المکرم", "الحرام", "المرجب", "المعظم", "الاصب")

#: Words before a date that make it a name of a place («خیابان ۱۵ خرداد»، «بیمارستان ۲۲ بهمن»): no date.
PLACE_WORDS = _word_set(
    "خیابان میدان بلوار بزرگراه اتوبان کوچه کوی پل ورزشگاه استادیوم بیمارستان درمانگاه دبستان دبیرستان "
    "مدرسه هنرستان دانشگاه پارک بوستان مجموعه مجتمع سالن شهرک فرودگاه ایستگاه پایگاه تالار سینما مسجد "
    "حسینیه پادگان اردوگاه محله جاده تونل کارخانه ورزشی جبهه حزب شرکت ناو گردان لشکر تیپ",
)
#: Words before a date that make it a historical event («قیام ۱۹ دی»، «کودتای ۲۸ مرداد»): kept as a
#: date, but its year is never guessed from the publication date.
EVENT_WORDS = _word_set(
    "قیام کودتا کودتای حماسه حماسه‌ی قائله فتنه واقعه حادثه فاجعه جنبش نهضت عملیات",
)
#: Words before an ordinal that make it a part of a month, not a day («نیمه دوم آذر»).
PART_WORDS = _word_set("نیمه دهه هفته نوبت مرحله بخش قسمت فصل نیم")
#: Words before a weekday that make it habitual or a name («نماز جمعه»، «هر شنبه»).
NOT_A_DAY_WORDS = _word_set(
    "نماز امام امامان ائمه خطیب خطبه خطبه‌های خطبه‌ها تریبون هر روزهای شب‌های شبهای بازار",
)
#: Words before a lone «مهر» that make it the news agency («به گزارش مهر»).
NEWS_WORDS = _word_set("گزارش خبرگزاری نقل")
#: Words after a bare year that make it a count («۱۴۰۵ نفر»).
COUNT_WORDS = _word_set(
    "نفر تن هزار میلیون میلیارد درصد دلار یورو ریال تومان کیلو کیلوگرم متر کیلومتر واحد مورد عدد "
    "دستگاه فقره بار رای رأی نسخه جلد عنوان قطعه راس رأس هکتار لیتر بشکه خانوار",
)


def spellings(name: str) -> set[str]:
    """The spellings of a name found in the news: Arabic ي/ك, and a half-space written as space or nothing."""
    forms = {name}
    if ZWNJ in name:
        forms |= {name.replace(ZWNJ, " "), name.replace(ZWNJ, "")}
    if " " in name:
        forms |= {name.replace(" ", ZWNJ)}
    arabic = {f.replace("ی", "ي").replace("ک", "ك") for f in forms}
    return forms | arabic


def alternation(names: Iterable[str]) -> str:
    """A regex alternation of ``names`` built as a trie; longer names are preferred to their prefixes.

    >>> alternation(["آذر", "آبان", "آذرماه"])
    'آ(?:بان|ذر(?:ماه)?)'
    """
    trie: dict[str, dict] = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit(trie)


def _emit(node: dict[str, dict]) -> str:
    """The regex for one trie node (the empty key marks the end of a name)."""
    ends = "" in node
    parts = [re.escape(char) + _emit(child) for char, child in sorted(node.items()) if char]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    if ends:
        return f"(?:{body})?" if len(parts) == 1 and len(parts[0]) > 1 else body + "?"
    return body


def key(word: str) -> str:
    """A word or phrase as a lookup key: Persian ی/ک, no spaces or half-spaces.

    >>> key("بيست  و يكم") == key("بیست‌و‌یکم") == "بیستویکم"
    True
    """
    return _GAPS.sub("", word.replace("ي", "ی").replace("ك", "ک"))


def keyed(table: dict[str, int]) -> dict[str, int]:
    """``table`` with its names turned into :func:`key` form."""
    return {key(name): value for name, value in table.items()}
