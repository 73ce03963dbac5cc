"""Reading date expressions: the patterns of the dates stage and what each match means.

:func:`read_block` finds the candidate expressions of one block of text as :class:`Hit` objects, each with
a resolver that gives its period once the publication date is known (see :mod:`didban.read.date_values`).
Candidates may overlap; :func:`didban.read.dates.find_dates` chooses among them and joins neighbours.
The conventions are documented in :mod:`didban.read.dates`.

>>> text = "روز جمعه ۲۸ آذر ۱۳۹۹"
>>> [(text[h.start : h.end], h.calendar) for h in read_block(text, 0, len(text))]
[('روز جمعه', 'relative'), ('۲۸ آذر ۱۳۹۹', 'jalali')]
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from didban.article import Calendar
from didban.ingest.published import GREGORIAN_MONTHS_FA, HIJRI_MONTHS, JALALI_MONTHS
from didban.read import date_values as values
from didban.read.date_words import (
    CARDINALS,
    COUNT_WORDS,
    DAY_PARTS,
    DIGIT,
    ERAS,
    EVENT_WORDS,
    HIJRI_SUFFIXES,
    NEWS_WORDS,
    NOT_A_DAY_WORDS,
    ORDINALS,
    PART_WORDS,
    PLACE_WORDS,
    RELATIVE_DAYS,
    RELATIVE_UNITS,
    RELATIVE_YEARS,
    WEEKDAYS,
    alternation,
    key,
    keyed,
    spellings,
)

Resolver = Callable[[dt.date | None], values.Period | None]

#: A lunar month with a year up to this one and no era word is ambiguous: Iranian writers also pair lunar
#: months with Jalali years («محرم ۱۳۵۷»، «رمضان ۱۴۰۰»). Later years cannot be Jalali in today's news.
LAST_AMBIGUOUS_HIJRI_YEAR = 1420

_EXTRA_HIJRI = {"ذوالحجه": 12, "ذوالقعده": 11, "ربیع‌الاخر": 4, "جمادی‌الاخر": 6}
_MONTHS: dict[str, tuple[Calendar, int]] = {
    **{key(n): ("hijri", v) for n, v in (HIJRI_MONTHS | _EXTRA_HIJRI).items()},
    **{key(n): ("gregorian", v) for n, v in GREGORIAN_MONTHS_FA.items()},
    **{key(n): ("jalali", v) for n, v in JALALI_MONTHS.items()},
}
_MONTH_NAMES = {
    s for n in (*JALALI_MONTHS, *GREGORIAN_MONTHS_FA, *HIJRI_MONTHS, *_EXTRA_HIJRI) for s in spellings(n)
}
_ORDINALS, _CARDINALS, _WEEKDAYS = keyed(ORDINALS), keyed(CARDINALS), keyed(WEEKDAYS)
_RELATIVE_DAYS, _RELATIVE_UNITS, _DAY_PARTS = keyed(RELATIVE_DAYS), keyed(RELATIVE_UNITS), keyed(DAY_PARTS)
_ERAS: dict[str, Calendar] = {key(k): v for k, v in ERAS.items()}  # type: ignore[misc]
_LAST_NIGHT = frozenset(key(w) for w in ("روز گذشته", "شب گذشته"))
#: Gregorian month names that are common words («می»، «مه»): they need a year.
_WORD_LIKE_GREGORIAN = frozenset(key(w) for w in ("مه", "می", "مئی", "جون"))
_PLACE, _EVENT, _PART, _NOT_A_DAY, _NEWS, _COUNT = (
    frozenset(map(key, words))
    for words in (PLACE_WORDS, EVENT_WORDS, PART_WORDS, NOT_A_DAY_WORDS, NEWS_WORDS, COUNT_WORDS)
)


def _words(names: object) -> str:
    """A trie alternation of names and their spellings."""
    return alternation({s for n in names for s in spellings(n)})  # type: ignore[attr-defined]


_D, _S, _END = DIGIT, r"[ \t\u00a0]+", r"(?![\w\u200c])"
_ERA = _words(ERAS)
_DAY_PART = _words(DAY_PARTS)
_YY_FOLLOW = rf"(?=[ \t]*(?:[^\w\s\u200c]|$)|{_S}(?:ساعت|در|از|تا|و|به|که|با|برگزار|رسما|{_ERA}){_END})"
#: A year: four digits, or two followed by what ends a date (not «۳ خرداد ۶۱ نفر») or after «سال» («سال ۹۸»).
_YEAR_NUMBER = rf"(?:{_D}{{4}}|{_D}{{2}}(?:{_YY_FOLLOW}|(?<=سال {_D}{_D})))(?!{_D}|[/.\-:٫]{_D})"
_NAMED = (
    rf"(?:(?P<day>{_D}{{1,2}})[ \t\u00a0]*|(?P<oday>{_words(ORDINALS)}){_S})?(?:(?P<pm>ماه){_S})?"
    rf"(?P<month>{alternation(_MONTH_NAMES)})(?P<mah>[ \u200c]?ماه)?(?:[ \u200c]?{_words(HIJRI_SUFFIXES)})?"
    rf"(?:(?:{_S}(?:(?P<sal>سال){_S})?|(?={_D}))(?P<year>{_YEAR_NUMBER})"
    rf"|{_S}(?:(?P<sal2>سال){_S})?(?P<yrel>جاری|گذشته|آینده|امسال|پارسال|قبل))?"
    rf"(?:{_S}(?P<era>{_ERA}))?{_END}"
)
_YEAR = rf"(?:سال{_S}(?P<y>{_YEAR_NUMBER})|(?P<y3>{_D}{{3,4}})(?={_S}{_ERA}))(?:{_S}(?P<yera>{_ERA}))?{_END}"
_RELATIVE = (
    rf"(?:(?P<part>{_DAY_PART}){_S})?(?:(?P<rday>{_words(RELATIVE_DAYS)})|(?P<ryear>امسال|پارسال)"
    rf"|(?P<unit>هفته|ماه|سال){_S}(?P<uoff>{_words(RELATIVE_UNITS)})(?:{_S}(?P<uera>میلادی))?"
    rf"|(?:روز{_S})?(?P<wd>{_words(WEEKDAYS)})(?:{_S}(?:صبح|ظهر|عصر|شب))?"
    rf"(?:{_S}(?P<wweek>هفته{_S})?(?P<woff>گذشته|آینده|قبل|بعد|پیش|جاری))?"
    rf"|(?P<n>{_D}{{1,3}}|{_words(CARDINALS)}){_S}(?P<nunit>روز|هفته|ماه|سال){_S}(?:پیش|قبل)){_END}"
)
_TIME = (
    rf"ساعت[ \u200c]*(?P<h>{_D}{{1,2}})(?:[:٫](?P<m>{_D}{{2}}))?(?!{_D})"
    rf"(?:{_S}و{_S}(?P<m2>{_D}{{1,2}}){_S}دقیقه)?(?:{_S}دقیقه)?(?:{_S}(?P<tpart>{_DAY_PART}))?{_END}"
)
_BODY = re.compile(rf"(?P<named>{_NAMED})|(?P<year_>{_YEAR})|(?P<rel>{_RELATIVE})|(?P<time>{_TIME})")
_FIRST_WORDS = (
    *_MONTH_NAMES,
    *(
        s
        for table in (ORDINALS, CARDINALS, WEEKDAYS, RELATIVE_DAYS, DAY_PARTS)
        for n in table
        for s in spellings(n)
    ),
    *("ماه", "سال", "هفته", "روز", "امسال", "پارسال", "ساعت"),
)
#: Where an expression may start: after a separator, at a digit or at a word that can open one. One trie
#: behind a one-character class lets the engine skip most positions; :data:`_BODY` then reads from there.
_TRIGGER = re.compile(
    r"[\s(«»\"'“”،,:؛\-–—/\[\]{}.!؟*•]"
    + f"(?={_D}|(?:{alternation(_FIRST_WORDS)})(?:(?![\\w\u200c])|\u200c?ماه|(?<=ساعت){_D}))"
)
#: Numeric dates and bare clock times; the look-behind after the first digit checks the character before it.
_NUMERIC = re.compile(
    rf"(?P<a>{_D}(?<![\w\u200c/.:\-٫]{_D}){_D}{{0,3}})(?:(?P<sep>[/.\-])(?P<b>{_D}{{1,2}})(?P=sep)"
    rf"(?P<c>{_D}{{1,4}})|:(?P<mm>{_D}{{2}}))(?!{_D})(?![/.\-:]{_D})"
)
_COUNT_BEFORE = re.compile(rf"(?<![\w\u200c])(?:{_D}{{1,3}}|{_words(CARDINALS)}|چند|این)[ \t]+$")
_PREV_WORD = re.compile(r"([\w\u200c]+)[^\w\u200c]*$")
_NEXT_WORD = re.compile(r"[^\w\u200c]*([\w\u200c]+)")
_RANGE_HEAD = re.compile(rf"(?<![\w\u200c/.:])({_D}{{1,2}})[ ]*(?:تا|الی|و|-|–)[ ]*$")
_FUTURE = re.compile(r"[.!؟\n]|خواه(?:ند|ید|یم|د|م|ی)(?![\w\u200c])")


@dataclass(frozen=True)
class Hit:
    """A date expression found at ``text[start:end]`` and how to resolve it."""

    start: int
    end: int
    calendar: Calendar | None  # None: a bare «۱۰:۲۲», kept only when it joins a date
    resolve: Resolver
    daily: bool = False  # names one day, so a clock time may join it
    weekday: bool = False
    clock: tuple[int, int] | None = None


def read_block(text: str, lo: int, hi: int) -> Iterator[Hit]:
    """Every candidate expression in ``text[lo:hi]``, overlapping ones included."""
    done = lo  # end of the last expression read: triggers inside it are skipped
    for start in _starts(text, lo, hi):
        match = _BODY.match(text, start, hi) if start >= done else None
        hit = _READERS[match.lastgroup or ""](text, match, lo, hi) if match else None
        if hit is not None:
            done = match.end()  # type: ignore[union-attr]
            yield hit
            yield from _range_head(text, match, hit, lo)  # type: ignore[arg-type]
    for match in _NUMERIC.finditer(text, lo, hi):
        hit = _numeric(match)
        if hit is not None:
            yield hit


def _starts(text: str, lo: int, hi: int) -> Iterator[int]:
    """Positions in ``text[lo:hi]`` where a word-led expression may start."""
    yield lo
    for trigger in _TRIGGER.finditer(text, lo, hi):
        yield trigger.end()


# --- reading one match -------------------------------------------------------------------------------


def _prev_word(text: str, start: int, lo: int) -> str:
    """The word before ``start`` (within the block), in key form."""
    match = _PREV_WORD.search(text, max(lo, start - 24), start)
    return key(match[1]) if match else ""


def _next_word(text: str, end: int, hi: int) -> str:
    """The word after ``end`` (within the block), in key form."""
    match = _NEXT_WORD.match(text, end, min(hi, end + 24))
    return key(match[1]) if match else ""


def _number(word: str) -> int:
    """Digits in any script, an ordinal («نهم») or a cardinal («سه») → int."""
    return int(word) if word.isdigit() else _ORDINALS.get(key(word)) or _CARDINALS[key(word)]


def _year(text: str) -> int:
    """A written year; two digits are a Jalali year (00–39 → 14xx, else 13xx)."""
    year = int(text)
    if len(text) == 2:
        year += 1400 if year < 40 else 1300
    return year


def _named(text: str, match: re.Match[str], lo: int, hi: int) -> Hit | None:
    """A date with a month name: «۹ آذر ۱۴۰۵»، «نهم آذر»، «آذرماه»، «دسامبر ۲۰۲۰»، «۱۵ رمضان ۱۴۴۷»."""
    calendar, month = _MONTHS[key(match["month"])]
    start, day = match.start("named"), match["day"] or match["oday"]
    if match["oday"] and _prev_word(text, start, lo) in _PART:
        start, day = match.start("month"), None  # «نیمه دوم آذر»: a part of the month
    year = _year(match["year"]) if match["year"] else None
    if not _plausible_named(match, calendar, day, year) or not _month_year_fits(calendar, year):
        return None
    before = _prev_word(text, start, lo)
    if before in _PLACE or (before in _NEWS and not day):
        return None
    if calendar == "hijri" and year is not None and year <= LAST_AMBIGUOUS_HIJRI_YEAR and not match["era"]:
        resolve: Resolver = functools.partial(values.fixed, None)  # «محرم ۱۳۵۷»: the year may be a Jalali one
    else:
        side, shift = _year_words(match["sal"] or match["sal2"], match["yrel"])
        day_number = _number(day) if day else None
        resolve = functools.partial(
            values.explicit, calendar, month, day_number, year, side, shift, before in _EVENT
        )
    return Hit(start, match.end("named"), calendar, resolve, daily=bool(day))


def _plausible_named(match: re.Match[str], calendar: str, day: str | None, year: int | None) -> bool:
    """Whether a month name is a month here: «می»، «مه» need a year; a lunar month a day or a year («۲ صفر»
    is a score: «صفر» needs a year or an ordinal day); a month alone needs «ماه» or «امسال»، «گذشته»…"""
    name = key(match["month"])
    if name in _WORD_LIKE_GREGORIAN:
        return year is not None
    if calendar == "hijri":
        return year is not None or bool(day and (name != "صفر" or not day.isdigit()))
    return bool(day or year or match["mah"] or match["yrel"] or match["pm"])


def _month_year_fits(calendar: str, year: int | None) -> bool:
    """Whether a written year is in the range of the month's calendar (no «آذر ۲۰۲۰»)."""
    if year is None:
        return True
    return year in {"jalali": range(1200, 1501), "hijri": range(1000, 1501)}.get(calendar, range(1000, 2101))


def _year_words(sal: str | None, word: str | None) -> tuple[int, int | None]:
    """(side, year shift) from the words after a month.

    «امسال» (0, 0), «سال گذشته» (0, -1), «گذشته» (-1, None): see :func:`values.explicit`.
    """
    if not word:
        return 0, None
    if word in RELATIVE_YEARS:
        return 0, RELATIVE_YEARS[word]
    if sal or word == "جاری":
        return 0, _RELATIVE_UNITS.get(key(word), 0)
    return (1 if word == "آینده" else -1), None


def _range_head(text: str, match: re.Match[str], hit: Hit, lo: int) -> Iterator[Hit]:
    """The first day of a range written «۱۶ تا ۲۶ اسفندماه»، «۸ و ۹ دی»: a date of its own."""
    if match.lastgroup != "named" or not (match["day"] or "").isdigit() or hit.start != match.start("named"):
        return
    head = _RANGE_HEAD.search(text, max(lo, hit.start - 12), hit.start)
    if head is None or not 0 < int(head[1]) < int(match["day"]):
        return
    assert isinstance(hit.resolve, functools.partial)
    calendar, month, _, *rest = hit.resolve.args
    resolve = functools.partial(values.explicit, calendar, month, int(head[1]), *rest)
    yield replace(hit, start=head.start(1), end=head.end(1), resolve=resolve)


def _year_only(text: str, match: re.Match[str], lo: int, hi: int) -> Hit | None:
    """«سال ۱۳۹۹»، «سال 2020»، «سال ۹۹»، «۱۳۹۹ شمسی»، «۱۴۴۲ هجری قمری»."""
    written, era = match["y"] or match["y3"], match["yera"]
    calendar = _ERAS.get(key(era)) if era else _calendar_of_year(_year(written))
    year = _era_year(written, calendar)
    start, end = match.start("year_"), match.end("year_")
    if calendar is None or _prev_word(text, start, lo) == "هر" or _next_word(text, end, hi) in _COUNT:
        return None
    if len(written) == 2 and not era and year >= 1410:
        return None  # «سال ۲۰» is not a year
    return Hit(start, end, calendar, functools.partial(values.fixed, values.PERIODS[calendar](year)))


def _era_year(written: str, calendar: Calendar | None) -> int:
    """The year a number stands for: «سال ۹۹» 1399, «سال ۷۰ میلادی» 1970, «سال ۶۱ هجری» 61."""
    if len(written) != 2 or calendar == "hijri":
        return int(written)
    if calendar == "gregorian":
        return int(written) + (1900 if int(written) >= 30 else 2000)
    return _year(written)


def _calendar_of_year(year: int) -> Calendar | None:
    """The calendar of a year written without an era word."""
    if 1200 <= year <= 1500:
        return "jalali"
    return "gregorian" if 1500 < year <= 2100 else None


def _relative(text: str, match: re.Match[str], lo: int, hi: int) -> Hit | None:
    """«امروز»، «روز گذشته»، «هفته آینده»، «امسال»، «روز جمعه»، «شامگاه دوشنبه»، «سه روز پیش»."""
    start, end = match.start("rel"), match.end("rel")
    before = _prev_word(text, start, lo)
    if match["wd"]:
        if before in _NOT_A_DAY:
            return None
        return Hit(start, end, "relative", _weekday_resolver(text, match, hi), daily=True, weekday=True)
    if (match["unit"] or key(match["rday"] or "") in _LAST_NIGHT) and _counted(text, start, lo):
        return None  # «ده سال گذشته» is a span of time, «این سال» a narrative one
    daily = bool(match["rday"]) or match["nunit"] == "روز"
    return Hit(start, end, "relative", _relative_resolver(match), daily=daily)


def _counted(text: str, start: int, lo: int) -> bool:
    """Whether a number stands just before ``start`` as a count («ده سال گذشته»), not as a clock time
    («ساعت 17 روز گذشته»)."""
    number = _COUNT_BEFORE.search(text, max(lo, start - 24), start)
    if number is None:
        return False
    return not text[max(lo, number.start() - 6) : number.start()].rstrip().endswith("ساعت")


def _relative_resolver(match: re.Match[str]) -> Resolver:
    """How a relative word is resolved against the publication date."""
    if match["rday"]:
        return functools.partial(values.days_from, _RELATIVE_DAYS[key(match["rday"])])
    if match["ryear"]:
        return functools.partial(values.units_from, "سال", RELATIVE_YEARS[match["ryear"]])
    if match["unit"]:
        offset = _RELATIVE_UNITS[key(match["uoff"])]
        return functools.partial(values.units_from, match["unit"], offset, gregorian=bool(match["uera"]))
    count = -_number(match["n"])
    if match["nunit"] == "روز":
        return functools.partial(values.days_from, count)
    return functools.partial(values.units_from, match["nunit"], count)


def _weekday_resolver(text: str, match: re.Match[str], hi: int) -> Resolver:
    """How «روز جمعه»، «جمعه گذشته»، «سه‌شنبه هفته آینده»، «شب جمعه» are resolved."""
    day, offset, weeks = _WEEKDAYS[key(match["wd"])], match["woff"], None
    if offset in ("گذشته", "قبل", "پیش"):
        direction, weeks = -2, (-1 if match["wweek"] else None)
    elif offset in ("آینده", "بعد"):
        direction, weeks = 2, (1 if match["wweek"] else None)
    elif offset == "جاری":
        direction, weeks = -1, 0
    else:
        future = _FUTURE.search(text, match.end("rel"), min(hi, match.end("rel") + 160))
        direction = 1 if future and future[0].startswith("خواه") else -1
    eve = -1 if match["part"] and key(match["part"]) == "شب" else 0
    return functools.partial(values.weekday_on, day, direction, weeks, eve)


def _time(text: str, match: re.Match[str], lo: int, hi: int) -> Hit | None:
    """«ساعت ۱۰ صبح»، «ساعت ۱۴:۳۰»، «ساعت ۱۰ و ۳۰ دقیقه»: a clock time, to be joined to a date."""
    hour, minute = int(match["h"]), int(match["m"] or match["m2"] or 0)
    part = key(match["tpart"] or "")
    if part == "شب" and hour == 12:
        hour = 24  # midnight, the end of that day: the value keeps the day only
    elif _DAY_PARTS.get(part) and hour < 12 and not (part == "شب" and hour < 5):
        hour += 12
    if hour > 24 or minute > 59 or _prev_word(text, match.start("time"), lo) == "هر":
        return None
    return Hit(match.start("time"), match.end("time"), "relative", values.no_day, clock=(hour, minute))


def _numeric(match: re.Match[str]) -> Hit | None:
    """«۱۴۰۵/۰۹/۰۹»، «۲۰۲۰/۱۲/۱۸»، «۲۹/۹/۱۳۷۱»، «۹۹/۱۰/۰۴»; a bare «۱۰:۲۲» is a clock time to join."""
    if match["mm"] is not None:
        hour, minute = int(match["a"]), int(match["mm"])
        if hour > 24 or minute > 59 or len(match["a"]) > 2:
            return None
        return Hit(match.start(), match.end(), None, values.no_day, clock=(hour, minute))
    parts = _numeric_parts(match["a"], match["b"], match["c"], match["sep"])
    if parts is None:
        return None
    year, month, day = parts
    calendar = _calendar_of_year(year)
    if calendar is None:
        return None
    period = values.PERIODS[calendar](year, month, day)
    if period is None:
        return None
    return Hit(match.start(), match.end(), calendar, functools.partial(values.fixed, period), daily=True)


def _numeric_parts(a: str, b: str, c: str, sep: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a numeric date: year first or last, four digits or (with «/») two."""
    if len(a) == 4 and len(c) <= 2:
        return int(a), int(b), int(c)
    if len(c) == 4 and len(a) <= 2:
        return int(c), int(b), int(a)
    if sep != "/":
        return None
    if len(a) == 2 and int(a) > 31 and len(c) <= 2:
        return _year(a), int(b), int(c)
    if len(c) == 2 and int(c) > 31 and len(a) <= 2:
        return _year(c), int(b), int(a)
    return None


_READERS: dict[str, Callable[[str, re.Match[str], int, int], Hit | None]] = {
    "named": _named,
    "year_": _year_only,
    "rel": _relative,
    "time": _time,
}
