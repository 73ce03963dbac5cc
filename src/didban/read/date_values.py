"""Calendar arithmetic for the dates stage: a date expression's period in Gregorian days, and its ISO value.

Every resolved expression is a :data:`Period`, its first and last Gregorian day. Jalali dates are converted
with :mod:`jdatetime`; lunar hijri ones with :mod:`hijridate` (Umm al-Qura tables, years 1343–1500 AH; it is
imported lazily, and without it hijri values are null). :func:`iso_value` turns a period into the value
convention documented in :mod:`didban.read.dates`.

>>> iso_value(jalali_period(1405, 9, 9))
'2026-11-30'
>>> iso_value(jalali_period(1405, 9)), iso_value(jalali_period(1399))
('2026-12', '2020')
>>> iso_value(gregorian_period(2020, 12)), iso_value(gregorian_period(2020))
('2020-12', '2020')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Period = tuple[dt.date, dt.date]
ONE_DAY = dt.timedelta(days=1)
#: Periods at most this long are given month granularity, longer ones year granularity.
MONTH_LIKE_DAYS = 45


def iso_value(period: Period, clock: tuple[int, int] | None = None) -> str:
    """``YYYY-MM-DD`` for a day (``THH:MM`` with a clock time), ``YYYY-MM`` or ``YYYY`` for longer periods.

    A period that is not a Gregorian month or year (a Jalali month, a week) is given the Gregorian month or
    year that holds its middle day, i.e. most of its days.
    """
    first, last = period
    if first == last:
        if clock is None or clock[0] == 24:  # «ساعت ۱۲ شب»: midnight closes the day, no clock value
            return first.isoformat()
        return f"{first.isoformat()}T{clock[0]:02d}:{clock[1]:02d}"
    middle = first + dt.timedelta(days=(last - first).days // 2)
    if (last - first).days < MONTH_LIKE_DAYS:
        return f"{middle.year:04d}-{middle.month:02d}"
    return f"{middle.year:04d}"


def gregorian_period(year: int, month: int | None = None, day: int | None = None) -> Period | None:
    """A Gregorian year, month or day; None when invalid."""
    try:
        if day is not None and month is not None:
            date = dt.date(year, month, day)
            return date, date
        if month is not None:
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return dt.date(year, month, 1), following - ONE_DAY
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except (ValueError, OverflowError):
        return None


def jalali_period(year: int, month: int | None = None, day: int | None = None) -> Period | None:
    """A Jalali year, month or day in Gregorian days (with :mod:`jdatetime`); None when invalid."""
    import jdatetime

    try:
        if day is not None and month is not None:
            date = jdatetime.date(year, month, day).togregorian()
            return date, date
        if month is not None:
            first = jdatetime.date(year, month, 1).togregorian()
            following = jdatetime.date(year + month // 12, month % 12 + 1, 1).togregorian()
            return first, following - ONE_DAY
        following = jdatetime.date(year + 1, 1, 1).togregorian()
        return jdatetime.date(year, 1, 1).togregorian(), following - ONE_DAY
    except (ValueError, OverflowError):
        return None


def hijri_period(year: int, month: int | None = None, day: int | None = None) -> Period | None:
    """A lunar hijri year, month or day in Gregorian days (with :mod:`hijridate`); None when unknown."""
    try:
        from hijridate import Hijri
    except ImportError:  # optional: without it lunar dates keep a null value
        return None
    try:
        if day is not None and month is not None:
            date = Hijri(year, month, day).to_gregorian()
            return dt.date(date.year, date.month, date.day), dt.date(date.year, date.month, date.day)
        first = Hijri(year, month or 1, 1)
        last = Hijri(year, month or 12, 1)
        start = first.to_gregorian()
        end = last.to_gregorian() + dt.timedelta(days=last.month_length() - 1)
        return dt.date(start.year, start.month, start.day), dt.date(end.year, end.month, end.day)
    except (ValueError, OverflowError):
        return None


PERIODS: dict[str, Callable[..., Period | None]] = {
    "jalali": jalali_period,
    "gregorian": gregorian_period,
    "hijri": hijri_period,
}


def calendar_year(calendar: str, date: dt.date) -> int | None:
    """The year of ``date`` in ``calendar``."""
    if calendar == "jalali":
        import jdatetime

        return jdatetime.date.fromgregorian(date=date).year
    if calendar == "hijri":
        try:
            from hijridate import Gregorian

            return Gregorian(date.year, date.month, date.day).to_hijri().year
        except (ImportError, ValueError, OverflowError):
            return None
    return date.year


def around(calendar: str, month: int, day: int | None, published: dt.date, side: int = 0) -> Period | None:
    """The day (or month) in the year that puts it nearest to ``published``.

    ``side`` -1 takes the latest one that ended before ``published`` («آذر گذشته»), +1 the first one that
    starts after it («آذر آینده»).

    >>> around("jalali", 9, 9, dt.date(2027, 2, 1))
    (datetime.date(2026, 11, 30), datetime.date(2026, 11, 30))
    >>> around("jalali", 12, 20, dt.date(2027, 4, 1))[0]
    datetime.date(2027, 3, 11)
    """
    year = calendar_year(calendar, published)
    if year is None:
        return None
    found = [p for y in (year - 1, year, year + 1) if (p := PERIODS[calendar](y, month, day))]
    if side < 0:
        found = [p for p in found if p[1] < published][-1:]
    elif side > 0:
        found = [p for p in found if p[0] > published][:1]
    return min(found, key=lambda p: abs((p[0] + (p[1] - p[0]) / 2) - published), default=None)


def jalali_shift(published: dt.date, unit: str, count: int) -> Period | None:
    """The Jalali month or year ``count`` units from the one holding ``published`` («ماه گذشته»، «امسال»)."""
    import jdatetime

    today = jdatetime.date.fromgregorian(date=published)
    if unit == "سال":
        return jalali_period(today.year + count)
    index = today.year * 12 + today.month - 1 + count
    return jalali_period(index // 12, index % 12 + 1)


def gregorian_shift(published: dt.date, unit: str, count: int) -> Period | None:
    """The Gregorian month or year ``count`` units from the one holding ``published`` («سال جاری میلادی»)."""
    if unit == "سال":
        return gregorian_period(published.year + count)
    index = published.year * 12 + published.month - 1 + count
    return gregorian_period(index // 12, index % 12 + 1)


def week(published: dt.date, count: int) -> Period:
    """The Saturday-to-Friday week ``count`` weeks from the one holding ``published``."""
    saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
    first = saturday + dt.timedelta(weeks=count)
    return first, first + dt.timedelta(days=6)


def weekday(published: dt.date, day: int, direction: int, weeks: int | None = None) -> dt.date:
    """The weekday ``day`` (Monday 0) near ``published``.

    ``weeks`` given: that weekday in the week ``weeks`` from the published one («سه‌شنبه هفته آینده»).
    Otherwise ``direction`` -1: the latest on or before ``published``; -2: strictly before («جمعه گذشته»);
    +1: the first on or after; +2: strictly after («جمعه آینده»).

    >>> weekday(dt.date(2020, 12, 18), 4, -1), weekday(dt.date(2020, 12, 18), 4, -2)
    (datetime.date(2020, 12, 18), datetime.date(2020, 12, 11))
    """
    if weeks is not None:
        return week(published, weeks)[0] + dt.timedelta(days=(day - 5) % 7)
    if direction < 0:
        back = (published.weekday() - day) % 7 or (7 if direction == -2 else 0)
        return published - dt.timedelta(days=back)
    ahead = (day - published.weekday()) % 7 or (7 if direction == 2 else 0)
    return published + dt.timedelta(days=ahead)


# --- resolvers: a date expression's period given the publication date (``today``) ------------------


def explicit(
    calendar: str,
    month: int,
    day: int | None,
    year: int | None,
    side: int,
    shift: int | None,
    historic: bool,
    today: dt.date | None,
) -> Period | None:
    """The period of a written date; a missing year comes from ``today`` (see the module's rules)."""
    if year is not None:
        return PERIODS[calendar](year, month, day)
    if today is None or historic:
        return None
    if shift is not None:
        this_year = calendar_year(calendar, today)
        return PERIODS[calendar](this_year + shift, month, day) if this_year else None
    return around(calendar, month, day, today, side)


def fixed(period: Period | None, today: dt.date | None) -> Period | None:
    """A period that does not depend on the publication date."""
    return period


def days_from(offset: int, today: dt.date | None) -> Period | None:
    """The day ``offset`` days from ``today``."""
    if today is None:
        return None
    day = today + dt.timedelta(days=offset)
    return day, day


def units_from(unit: str, count: int, today: dt.date | None, gregorian: bool = False) -> Period | None:
    """A Saturday-week, Jalali month or year (Gregorian with «میلادی») ``count`` units from ``today``'s."""
    if today is None:
        return None
    if unit == "هفته":
        return week(today, count)
    if gregorian:
        return gregorian_shift(today, unit, count)
    return jalali_shift(today, unit, count)


def weekday_on(day: int, direction: int, weeks: int | None, eve: int, today: dt.date | None) -> Period | None:
    """The weekday resolved against ``today`` (``eve`` -1 for «شب جمعه», the evening before)."""
    if today is None:
        return None
    date = weekday(today, day, direction, weeks) + dt.timedelta(days=eve)
    return date, date


def no_day(today: dt.date | None) -> Period | None:
    """A clock time alone: which day is not said."""
    return None
