"""Dates in Persian news text: Jalali, Gregorian and lunar hijri dates, clock times and relative days.

:func:`find_dates` returns one :class:`~didban.article.DateRef` per expression, its span indexing the text.

**Calendar.** ``jalali`` («۹ آذر ۱۴۰۵»، «۱۴۰۵/۰۹/۰۹»، «آذرماه ۱۴۰۵»، «نهم آذر»، «سال ۱۳۹۹»),
``gregorian`` («۱۸ دسامبر ۲۰۲۰»، «دسامبر ۲۰۲۰»، «سال 2020»، «۲۰۲۰/۱۲/۱۸»), ``hijri`` («۱۵ رمضان ۱۴۴۷»),
``relative`` (words resolved against the publication date: «امروز»، «روز جمعه»، «هفته گذشته»، «سال جاری»,
and a clock time that stands alone). A numeric date or a bare year is Jalali for years 1200–1500 and
Gregorian for 1501–2100; an era word («میلادی»، «شمسی»، «هجری قمری») decides when present.

**Value.** An ISO string at the finest granularity the expression pins down: ``YYYY-MM-DD`` for a day
(``YYYY-MM-DDTHH:MM`` when a clock time is attached), ``YYYY-MM`` for a month, ``YYYY`` for a year.
A Jalali or lunar month, a Jalali year and a week (Saturday–Friday) do not coincide with a Gregorian unit:
each is given the Gregorian month (periods up to 45 days) or year that holds its middle day, i.e. most of
its days. So «آذر ۱۴۰۵» (2026-11-22 … 2026-12-21) is ``"2026-12"``, «سال ۱۳۹۹» (2020-03-20 … 2021-03-20)
is ``"2020"`` (the Gregorian year in which the Jalali year starts), «هفته گذشته» is the month of that
week's Tuesday. An analyst filtering by a Gregorian month or year thus finds the expressions that are
mostly inside it; the span text keeps the exact wording.

**Missing year.** A day and month without a year («نهم آذر»، «۱۸ دسامبر») takes the year that puts it
nearest the publication date («آذر گذشته»: the latest one before it; «آذر آینده»: the next one after;
«آبان امسال»، «اسفند پارسال»: that year). Without a publication date the value is null. After an event
word («قیام ۱۹ دی»، «کودتای ۲۸ مرداد») the year is never guessed: the value is null unless written.

**Relative words** need ``published`` (ISO ``YYYY-MM-DD``), else their value is null. «امروز»، «امشب»:
that day; «دیروز»، «روز گذشته»، «دیشب»: the day before; «هفته/ماه/سال گذشته|جاری|آینده»، «امسال»،
«پارسال»: Saturday-weeks, Jalali months and Jalali years; «سه روز پیش»: counted back. A weekday
(«روز جمعه»، «شامگاه دوشنبه») is the latest such day on or before the publication date, unless a future
verb (…خواهد) follows in its sentence or «آینده»/«بعد» follows it (the next such day); «جمعه گذشته» is the
one before, «سه‌شنبه هفته آینده» the one in next week; «شب جمعه» is the evening before (Thursday).

**Ranges.** In «۱۶ تا ۲۶ اسفندماه»، «۸ و ۹ دی» the first day is a date of its own; a range's start
without a year takes the year written at its end («۱۹ دی لغایت ۱۱ بهمن ۹۳»).

**Lunar dates** are converted with hijridate (Umm al-Qura tables, 1343–1500 AH; Iran's official lunar
calendar may differ by a day); other years have a null value, and so does a lunar month with a year up to
1420 and no era word («محرم ۱۳۵۷»), which Iranian writers often pair with a Jalali year.

**Clock times** («ساعت ۱۰ صبح»، «ساعت ۱۴:۳۰»، «ساعت ۱۰ و ۳۰ دقیقه») join the date just before them
(«جمعه ۲۸ آذر ۱۳۹۹ - ۱۰:۲۲») or, failing that, just after them («ساعت ۱۰ صبح روز جمعه»), and the span
covers both. A clock time alone says nothing of the day: it is kept (calendar ``relative``) with value null.

**Not dates.** A bare number («۱۴۰۵ نفر»، «ماده ۹»); a month name that is also a word — «مهر»، «دی»،
«تیر»، «بهمن»، «می»… — unless a day, a year or «ماه» stands with it («خبرگزاری مهر» is the agency); a
date after a place word («خیابان ۱۵ خرداد»، «بیمارستان ۲۲ بهمن»); «نماز جمعه»; «نیمه دوم آذر» (a month).

>>> [(d.text, d.value, d.calendar) for d in find_dates("روز جمعه در سال 2020 و ۹ آذر ۱۴۰۵")]
[('روز جمعه', None, 'relative'), ('سال 2020', '2020', 'gregorian'), ('۹ آذر ۱۴۰۵', '2026-11-30', 'jalali')]
>>> [(d.text, d.value) for d in find_dates("دیروز ساعت ۱۰ صبح", published="2020-12-18")]
[('دیروز ساعت ۱۰ صبح', '2020-12-17T10:00')]
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import replace

from didban.article import DateRef
from didban.read import date_values as values
from didban.read.date_readers import Hit, read_block

_RANGE_GAP = re.compile(r"[ \t]*(?:تا|الی|لغایت|و|-|–)[ \t]*")
_JOIN_GAP = re.compile(r"[ \t،,\-–—:؛/]*(?:(?:از|در)[ \t]*)?")


def find_dates(
    text: str, published: str | None = None, spans: Sequence[tuple[int, int]] | None = None
) -> list[DateRef]:
    """The date expressions of ``text`` (within ``spans`` when given), resolved against ``published``.

    Args:
        text: the repaired article text (unrepaired text works too).
        published: the publication date, ISO ``YYYY-MM-DD`` (a longer ISO string is cut), or None.
        spans: ``(start, end)`` blocks to search (headline, lead, paragraphs); an expression never
            crosses a block. None searches the whole text.

    Returns:
        DateRefs in text order, values as documented in the module.
    """
    today = _iso_date(published)
    hits = [hit for lo, hi in spans or [(0, len(text))] for hit in read_block(text, lo, hi)]
    hits = _join_clocks(text, _join_weekdays(text, _share_years(text, _non_overlapping(hits))))
    return [_date_ref(text, hit, today) for hit in hits if hit.calendar]


def _iso_date(value: str | None) -> dt.date | None:
    """``YYYY-MM-DD…`` → a date, or None."""
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _date_ref(text: str, hit: Hit, today: dt.date | None) -> DateRef:
    """The DateRef of a hit, its value resolved against ``today``."""
    period = hit.resolve(today)
    value = values.iso_value(period, hit.clock) if period else None
    assert hit.calendar is not None
    start, end = hit.start, hit.end
    return DateRef(text=text[start:end], value=value, calendar=hit.calendar, start=start, end=end)


def _non_overlapping(hits: list[Hit]) -> list[Hit]:
    """Hits in text order; of overlapping ones the earlier, then the longer, wins."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


# --- joining neighbours ------------------------------------------------------------------------------


def _written(hit: Hit) -> tuple | None:
    """(calendar, month, day, year, …) of a date written with a month name, else None."""
    resolve = hit.resolve
    written = isinstance(resolve, functools.partial) and resolve.func is values.explicit
    return resolve.args if written else None  # type: ignore[union-attr]


def _share_years(text: str, hits: list[Hit]) -> list[Hit]:
    """«از ۳۱ جولای تا ۱۹ آگوست ۲۰۱۹»، «۱۹ دی لغایت ۱۱ بهمن ۹۳»: a range's start takes the year of its end
    (the year before when its month comes later, as in «۲۰ اسفند تا ۱۰ فروردین ۱۴۰۰»)."""
    for index in range(len(hits) - 1, 0, -1):
        first, last = _written(hits[index - 1]), _written(hits[index])
        if not first or not last or first[3] is not None or last[3] is None or first[0] != last[0]:
            continue
        if _RANGE_GAP.fullmatch(text, hits[index - 1].end, hits[index].start):
            calendar, month, day = first[:3]
            year = last[3] - ((month, day or 0) > (last[1], last[2] or 32))
            resolve = functools.partial(values.explicit, calendar, month, day, year, 0, None, False)
            hits[index - 1] = replace(hits[index - 1], resolve=resolve)
    return hits


def _gap_ok(text: str, end: int, start: int) -> bool:
    """Whether only separators («،»، «-»، «از»…) lie between ``end`` and ``start``, on one line."""
    return 0 <= start - end <= 12 and _JOIN_GAP.fullmatch(text, end, start) is not None


def _join_weekdays(text: str, hits: list[Hit]) -> list[Hit]:
    """«جمعه ۲۸ آذر ۱۳۹۹»: a weekday just before a written date becomes part of it."""
    joined: list[Hit] = []
    for hit in hits:
        previous = joined[-1] if joined else None
        written = hit.daily and hit.calendar not in (None, "relative")
        if previous and previous.weekday and written and _gap_ok(text, previous.end, hit.start):
            joined[-1] = replace(hit, start=previous.start)
            continue
        joined.append(hit)
    return joined


def _join_clocks(text: str, hits: list[Hit]) -> list[Hit]:
    """A clock time joins the day just before it, else the one just after; a lone bare «۱۰:۲۲» is dropped."""
    joined: list[Hit] = []
    pending: Hit | None = None  # a clock time waiting for the day after it
    for hit in hits:
        if hit.clock:
            previous = joined[-1] if joined else None
            if previous and previous.daily and not previous.clock and _gap_ok(text, previous.end, hit.start):
                joined[-1] = replace(previous, end=hit.end, clock=hit.clock)
                continue
            _flush(joined, pending)
            pending = hit
            continue
        if pending and hit.daily and not hit.clock and _gap_ok(text, pending.end, hit.start):
            hit, pending = replace(hit, start=pending.start, clock=pending.clock), None
        _flush(joined, pending)
        pending = None
        joined.append(hit)
    _flush(joined, pending)
    return joined


def _flush(joined: list[Hit], pending: Hit | None) -> None:
    """Keep a clock time that joined no day if it was written with «ساعت» (a bare one has no calendar)."""
    if pending is not None and pending.calendar:
        joined.append(pending)
