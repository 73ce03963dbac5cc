"""Search filters as index tokens: every filter becomes part of the FTS5 ``MATCH``.

An article's ``meta`` column holds tokens for its date (``y2020 m202012 d20201218``), its topic
(``topicpolitics``) and each word of its speakers', entities' and sources' names (``speakerپوتین``,
``sourcetasnim``). A date range becomes the fewest whole years, months and days that cover it, so a filter
costs a doclist merge inside the index instead of a lookup per matching article.

>>> date_tokens("2020-11-30", "2021-02-28")
['d20201130', 'm202012', 'm202101', 'm202102']
>>> name_tokens("speaker", "ولادیمیر پوتین")
['speakerولادیمیر', 'speakerپوتین']
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from didban.search import fold

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
_WORD = re.compile(r"\w+")


def name_tokens(kind: str, name: str) -> list[str]:
    """The tokens of a name for one kind of filter (speaker, entity, source)."""
    return [f"{kind}{word}" for word in _WORD.findall(fold(name))]


def article_date_tokens(published: str | None) -> list[str]:
    """The year, month and day tokens of an ISO date (none when it is missing or malformed)."""
    day = _parse(published)
    if day is None:
        return []
    return [f"y{day.year}", f"m{day.year}{day.month:02d}", f"d{day:%Y%m%d}"]


def date_tokens(since: str | None, until: str | None) -> list[str]:
    """Tokens any one of which an article published in ``[since, until]`` carries (both ends optional)."""
    start = max(_parse(since) or EARLIEST, EARLIEST)
    end = min(_parse(until) or LATEST, LATEST)
    tokens: list[str] = []
    day = start
    while day <= end:
        year_end = date(day.year, 12, 31)
        month_end = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        if day.month == 1 and day.day == 1 and year_end <= end:
            tokens.append(f"y{day.year}")
            day = year_end + timedelta(days=1)
        elif day.day == 1 and month_end <= end:
            tokens.append(f"m{day.year}{day.month:02d}")
            day = month_end + timedelta(days=1)
        else:
            tokens.append(f"d{day:%Y%m%d}")
            day += timedelta(days=1)
    return tokens


def _parse(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
