"""RSS / Atom feeds → documents: headlines, ZWNJ-safe bodies, Jalali dates, links followed, bad input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from didban.document import Document, Failure
from didban.ingest.feeds import entry_key, feed_outcomes, html_paragraphs, read_feed
from didban.ingest.fetch import Fetcher

WEB = Path(__file__).resolve().parent / "fixtures" / "web"
RSS_URL = "https://www.pejvak.example/rss/latest"
ATOM_URL = "https://sepideh.example/atom.xml"
ZWNJ = "\u200c"


def fixture(name: str) -> bytes:
    return (WEB / name).read_bytes()


def rss_items(**options: object) -> list[Document | Failure]:
    return list(read_feed(fixture("feed-agency-rss.xml"), origin="latest.rss", feed_url=RSS_URL, **options))


class Site:
    """A mock web site: path → (status, content type, body); counts the requests to each path."""

    def __init__(self, pages: dict[str, tuple[int, str, bytes]]) -> None:
        self.pages = pages
        self.requests: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request.url.path)
        status, kind, body = self.pages.get(request.url.path, (404, "text/plain", b"not found"))
        return httpx.Response(status, content=body, headers={"Content-Type": kind})

    def fetcher(self) -> Fetcher:
        return Fetcher(transport=httpx.MockTransport(self))


ARTICLE_1002 = (200, "text/html; charset=utf-8", fixture("feed-linked-article.html"))


def test_rss_items_become_documents_with_headline_url_date_and_outlet() -> None:
    items = rss_items()
    assert [type(item) for item in items] == [Document, Document, Document, Failure]
    first, second, third = items[:3]
    assert isinstance(first, Document)
    assert first.headline == f"وزیر نیرو: برق تابستان بدون خاموشی تأمین می{ZWNJ}شود"
    assert first.url == "https://www.pejvak.example/news/1001/برق-تابستان"
    assert first.origin == first.url
    assert first.outlet == "خبرگزاری پژواک"
    # 01:10 at +03:30 is still 28 November in UTC: the publisher's own day is kept
    assert first.published == "2025-11-29"
    assert second.published == "2026-11-29"  # «۱۴۰۵/۰۹/۰۸ - ۱۰:۲۲», which feedparser misreads
    assert third.headline == f"کاهش «چشمگیر» بارش{ZWNJ}ها در استان{ZWNJ}های غربی"
    assert third.published == "2025-12-01"


def test_content_encoded_gives_paragraphs_with_zwnj_and_the_description_as_lead() -> None:
    first = rss_items()[0]
    assert isinstance(first, Document)
    assert first.lead == f"وزیر نیرو از آماده{ZWNJ}سازی نیروگاه{ZWNJ}های تازه برای اوج مصرف تابستان خبر داد."
    paragraphs = first.paragraphs or []
    assert len(paragraphs) == 4  # three <p>, the last split at its <br/>
    assert f"می{ZWNJ}دهد" in paragraphs[0]
    assert paragraphs[2].startswith(f"به گفته این مقام مسئول، درگیری{ZWNJ}های پیشین")
    assert paragraphs[3] == f"مدیران استانی تا هفته آینده گزارش آمادگی خود را می{ZWNJ}فرستند."
    assert not any("var x" in p or "tabliq" in p for p in paragraphs)


def test_content_without_description_has_no_lead() -> None:
    third = rss_items()[2]
    assert isinstance(third, Document)
    assert third.lead is None  # feedparser's copy of the content as summary is not a lead
    assert third.paragraphs == [
        f"مدیرکل هواشناسی استان گفت: «میزان بارش{ZWNJ}ها نسبت به سال گذشته سی درصد کاهش نشان می{ZWNJ}دهد.»",
        f"کارشناسان از کشاورزان خواسته{ZWNJ}اند در مصرف آب صرفه{ZWNJ}جویی کنند.",
    ]


def test_summary_only_item_without_a_fetcher_keeps_the_summary() -> None:
    second = rss_items()[1]
    assert isinstance(second, Document)
    assert second.headline == f"ادامه درگیری{ZWNJ}های مرزی در شمال منطقه"
    assert second.lead == f"فرماندار شهرستان از ادامه درگیری{ZWNJ}های پراکنده در نوار مرزی خبر داد."
    assert second.paragraphs is None


def test_entry_with_no_title_and_no_text_is_a_failure_and_reading_goes_on() -> None:
    failure = rss_items()[3]
    assert failure == Failure(origin="latest.rss#4", reason="entry has no title and no text")


def test_summary_only_item_is_completed_from_its_page() -> None:
    site = Site({"/news/1002": ARTICLE_1002})
    with site.fetcher() as fetcher:
        items = rss_items(fetcher=fetcher)
    assert site.requests == ["/news/1002"]  # items with full content are not fetched
    page = items[1]
    assert isinstance(page, Document)
    assert page.headline == f"ادامه درگیری{ZWNJ}های مرزی در شمال منطقه"
    assert page.url == "https://www.pejvak.example/news/1002"
    assert page.origin == "https://www.pejvak.example/news/1002"
    assert page.published == "2026-11-29"
    assert page.outlet == "خبرگزاری پژواک"
    paragraphs = page.paragraphs or []
    assert len(paragraphs) >= 3
    assert any(f"درگیری{ZWNJ}های اخیر" in p for p in paragraphs)
    assert not any("صفحه نخست" in p or "حقوق" in p for p in paragraphs)


def test_unreachable_link_falls_back_to_the_summary_without_a_failure() -> None:
    site = Site({})  # every link is a 404
    with site.fetcher() as fetcher:
        items = rss_items(fetcher=fetcher)
    assert [type(item) for item in items] == [Document, Document, Document, Failure]
    assert items[1] == rss_items()[1]


def test_link_to_something_other_than_html_falls_back_to_the_summary() -> None:
    site = Site({"/news/1002": (200, "image/jpeg", b"\xff\xd8\xff\xe0 jpeg")})
    with site.fetcher() as fetcher:
        items = rss_items(fetcher=fetcher)
    assert items[1] == rss_items()[1]


def test_title_only_item_whose_link_fails_is_a_failure_to_retry() -> None:
    feed = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>پژواک</title>
    <item><title>خبر فوری: زلزله در شرق کشور</title><link>https://www.pejvak.example/news/3001</link></item>
    </channel></rss>""".encode()
    site = Site({})
    with site.fetcher() as fetcher:
        outcomes = list(feed_outcomes(feed, origin="x.rss", fetcher=fetcher))
    assert len(outcomes) == 1
    assert outcomes[0].item == Failure(
        origin="https://www.pejvak.example/news/3001",
        reason="link not readable: HTTP 404 Not Found for https://www.pejvak.example/news/3001",
    )
    assert not outcomes[0].final
    without_fetcher = list(read_feed(feed, origin="x.rss"))
    assert without_fetcher == [
        Document(
            headline="خبر فوری: زلزله در شرق کشور",
            url="https://www.pejvak.example/news/3001",
            outlet="پژواک",
            origin="https://www.pejvak.example/news/3001",
        )
    ]


def test_atom_entries() -> None:
    items = list(read_feed(fixture("feed-agency-atom.xml"), origin="sepideh.atom", feed_url=ATOM_URL))
    assert all(isinstance(item, Document) for item in items)
    first, second, third = items
    assert isinstance(first, Document)
    assert isinstance(second, Document)
    assert isinstance(third, Document)
    assert first.headline == f"رئیس سازمان محیط زیست: تالاب{ZWNJ}ها در خطرند"  # HTML title, tags removed
    assert first.published == "2025-12-02"  # <published> (local day), not <updated>
    assert first.lead == f"هشدار درباره خشک شدن تالاب{ZWNJ}های شمال کشور."
    assert first.paragraphs is not None
    assert len(first.paragraphs) == 2
    assert f"درگیری{ZWNJ}های میان کشاورزان" in first.paragraphs[1]
    assert first.outlet == "پایگاه خبری سپیده"
    assert second.url == "https://sepideh.example/news/78"  # relative link resolved against the feed
    assert second.published == "2025-12-01"
    assert second.lead == f"نمایشگاه کتاب کودک و نوجوان از فردا در شیراز آغاز به کار می{ZWNJ}کند."
    assert third.paragraphs == [
        f"دامپزشکی استان اعلام کرد که طرح واکسیناسیون دام سبک از این هفته در روستاها اجرا می{ZWNJ}شود.",
        f"دامداران می{ZWNJ}توانند برای نوبت{ZWNJ}گیری به مراکز خدمات مراجعه کنند.",
    ]
    assert third.published == "2025-11-30"


def test_empty_feed_gives_nothing() -> None:
    assert list(read_feed(fixture("feed-empty.xml"), origin="sport.rss", feed_url=RSS_URL)) == []


def test_truncated_feed_still_gives_the_entries_recovered() -> None:
    problems: list[str] = []
    outcomes = list(
        feed_outcomes(fixture("feed-truncated.xml"), origin="cut.rss", on_malformed=problems.append)
    )
    documents = [o.item for o in outcomes if isinstance(o.item, Document)]
    assert [d.headline for d in documents] == [
        "افتتاح پل تازه بر روی رودخانه کارون",
        f"بازگشایی مدارس پس از تعطیلی سه{ZWNJ}روزه",
    ]
    assert problems  # the broken XML is reported to whoever asks
    assert all(o.key for o in outcomes)  # no failure of the whole feed


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (fixture("feed-broken.xml"), "not a readable feed: "),
        ("<html><body><p>سلام</p></body></html>".encode(), "no RSS or Atom channel found"),
        (b"", "not a readable feed"),
    ],
    ids=["truncated-before-items", "html-page", "empty"],
)
def test_unreadable_feed_is_one_failure(data: bytes, words: str) -> None:
    items = list(read_feed(data, origin="bad.rss"))
    assert len(items) == 1
    assert isinstance(items[0], Failure)
    assert items[0].origin == "bad.rss"
    assert words in items[0].reason
    assert "\n" not in items[0].reason


def test_entries_come_with_keys_and_seen_keys_are_skipped_before_any_fetch() -> None:
    outcomes = feed_outcomes(fixture("feed-agency-rss.xml"), origin="latest.rss", feed_url=RSS_URL)
    keys = [outcome.key for outcome in outcomes]
    assert keys[:3] == [
        "https://www.pejvak.example/news/1001/برق-تابستان",  # permalink guid
        "https://www.pejvak.example/news/1002",  # opaque guid: the link
        "https://www.pejvak.example/news/1003",
    ]
    assert keys[3] == f"{RSS_URL}#pejvak-1004"  # opaque guid and no link: the guid within this feed
    site = Site({"/news/1002": ARTICLE_1002})
    seen = {"https://www.pejvak.example/news/1002"}
    with site.fetcher() as fetcher:
        items = rss_items(fetcher=fetcher, skip=seen.__contains__)
    assert site.requests == []
    assert len(items) == 3


def test_repeated_entries_in_one_feed_are_read_once() -> None:
    item = "<item><title>تیتر تکراری</title><link>https://www.pejvak.example/news/5</link></item>"
    feed = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>{item}{item}</channel></rss>'
    assert len(list(read_feed(feed.encode(), origin="dup.rss"))) == 1


def test_entry_key_prefers_uri_ids_then_links_then_a_content_hash() -> None:
    assert entry_key({"id": "tag:sepideh.example,2025:news-77", "link": "https://x.example/77"}) == (
        "tag:sepideh.example,2025:news-77"
    )
    assert entry_key({"id": "77", "link": "https://x.example/77"}) == "https://x.example/77"
    assert entry_key({"id": "77"}, feed_url="https://x.example/rss") == "https://x.example/rss#77"
    hashed = entry_key({"title": "تیتر", "summary": "خلاصه"})
    assert hashed.startswith("sha1:")
    assert hashed == entry_key({"title": "تیتر", "summary": "خلاصه"})
    assert hashed != entry_key({"title": "تیتر دیگر", "summary": "خلاصه"})


@pytest.mark.parametrize(
    ("html", "paragraphs"),
    [
        ("<p>می&zwnj;دهد</p>", [f"می{ZWNJ}دهد"]),
        ("<div>یک<br>دو</div><ul><li>سه</li><li>آن&#8204;ها</li></ul>", ["یک", "دو", "سه", f"آن{ZWNJ}ها"]),
        ("متن ساده   بدون   برچسب", ["متن ساده بدون برچسب"]),
        ("<p>الف</p><!-- x --><style>p{}</style><p>ب\x00</p>", ["الف", "ب"]),
        ("", []),
    ],
    ids=["zwnj-entity", "blocks-and-lists", "plain-text", "comments-styles-controls", "empty"],
)
def test_html_paragraphs(html: str, paragraphs: list[str]) -> None:
    assert html_paragraphs(html) == paragraphs


def test_an_entry_that_breaks_becomes_a_failure_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from didban.ingest import feeds

    original: Callable[..., object] = feeds._content_paragraphs

    def flaky(entry: dict[str, object]) -> object:
        if "1001" in str(entry.get("link")):
            raise RuntimeError("boom")
        return original(entry)

    monkeypatch.setattr(feeds, "_content_paragraphs", flaky)
    items = rss_items()
    assert isinstance(items[0], Failure)
    assert items[0].reason == "entry not readable: RuntimeError: boom"
    assert [type(item) for item in items[1:]] == [Document, Document, Failure]


def test_broken_bytes_in_the_xml_declaration_do_not_lose_the_feed() -> None:
    # feedparser raised UnicodeDecodeError on them, out of read_feed: a traceback instead of a failure line.
    data = fixture("feed-agency-rss.xml").replace(b'encoding="utf-8"', b'encoding="utf-8\x82\xe9"', 1)
    assert data != fixture("feed-agency-rss.xml")
    items = list(read_feed(data, origin="latest.rss", feed_url=RSS_URL))
    assert [i.headline for i in items if isinstance(i, Document)] == [
        i.headline for i in rss_items() if isinstance(i, Document)
    ]
