"""Publication dates read from article URLs (Fars news ids, dated paths)."""

from __future__ import annotations

import pytest

from didban import analyze
from didban.ingest.url_dates import published_from_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # Fars: 14-digit ids begin with the Jalali date
        ("https://www.farsnews.ir/news/13911222000865/تشدید-مجازات-شکارچیان", "2013-03-12"),
        ("https://www.farsnews.ir/news/13970506001199/%D8%B4%D8%B1%D9%88%D8%B9", "2018-07-28"),
        # Fars: older 10-digit ids begin with yymmdd of the 1380s
        ("https://www.farsnews.ir/news/8707060255", "2008-09-27"),
        ("https://www.farsnews.ir/news/8410220112", "2006-01-12"),
        # Fars ids that hold no date
        ("https://www.farsnews.ir/news/6011171294", None),
        # dated paths, Jalali and Gregorian
        ("https://www.tasnimnews.com/fa/news/1399/09/28/2412345/عنوان", "2020-12-18"),
        ("https://example.com/2020/12/18/story", "2020-12-18"),
        # not real dates
        ("https://www.farsnews.ir/news/13991340000001/x", None),
        ("https://example.com/2020/13/45/story", None),
        # no date at all
        ("https://www.varzesh3.com/news/1392980", None),
        ("https://www.example.com/news/13911222000865", None),  # the Fars rule is for farsnews.ir only
        (None, None),
    ],
)
def test_published_from_url(url: str | None, expected: str | None) -> None:
    assert published_from_url(url) == expected


def test_analyze_takes_the_date_from_the_url_when_no_metadata_gives_one() -> None:
    text = "بازی امروز برگزار شد\n\nبه گزارش خبرگزاری فارس، تیم ملی دیروز تمرین کرد."
    assert analyze(text, url="https://www.farsnews.ir/news/13990928000123").published == "2020-12-18"
    given = analyze(text, url="https://www.farsnews.ir/news/13990928000123", published="2020-12-20")
    assert given.published == "2020-12-20"
