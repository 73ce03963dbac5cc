"""Publication dates written into article URLs, for inputs whose metadata gives none.

Some agencies put the date in the address: Fars news ids begin with the Jalali date (``/news/13991226000512``
= 1399-12-26; the older ``/news/8707060255`` = 1387-07-06), and many sites use dated paths
(``/fa/news/1399/09/28/…`` on Tasnim, ``/2020/12/18/…`` elsewhere). Only well-formed, real calendar dates
are accepted; anything else gives ``None``.

>>> published_from_url("https://www.farsnews.ir/news/13991226000512/title")
'2021-03-16'
>>> published_from_url("https://www.farsnews.ir/news/8707060255")
'2008-09-27'
>>> published_from_url("https://www.tasnimnews.com/fa/news/1399/09/28/2412345/x")
'2020-12-18'
>>> published_from_url("https://example.com/2020/12/18/story") , published_from_url("https://isna.ir/news/1/")
('2020-12-18', None)
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import unquote, urlsplit

from didban.ingest.published import GREGORIAN_YEARS, JALALI_YEARS

_FARS_ID = re.compile(r"/news/(?:(1[34]\d\d)(\d\d)(\d\d)\d{6}|([89]\d)(\d\d)(\d\d)\d{4})(?:/|$)")
_DATED_PATH = re.compile(r"/((?:13|14|19|20)\d\d)/(\d\d?)/(\d\d?)/")


def published_from_url(url: str | None) -> str | None:
    """The ISO date written in ``url`` (Fars news id or a /YYYY/MM/DD/ path), else None."""
    if not url:
        return None
    parts = urlsplit(url)
    path = unquote(parts.path)
    host = parts.hostname or ""
    found = _FARS_ID.search(path) if host.endswith("farsnews.ir") else None
    if found:
        long_year, short_year = found.group(1), found.group(4)
        year = int(long_year) if long_year else 1300 + int(short_year)
        numbers = found.group(2, 3) if long_year else found.group(5, 6)
        return _iso(year, int(numbers[0]), int(numbers[1]))
    found = _DATED_PATH.search(path + "/")
    return _iso(*map(int, found.groups())) if found else None


def _iso(year: int, month: int, day: int) -> str | None:
    """The Gregorian ISO date of a Jalali or Gregorian year/month/day, None when it is not a real date."""
    import jdatetime

    try:
        if year in JALALI_YEARS:
            return jdatetime.date(year, month, day).togregorian().isoformat()
        if year in GREGORIAN_YEARS:
            return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
    return None
