"""Polling feeds: conditional GET and 304, items never taken twice, backoff on errors, the watch loop."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import httpx
import pytest

from didban.document import Document, Failure
from didban.ingest.fetch import Fetcher
from didban.ingest.watch import (
    FeedState,
    backoff,
    parse_interval,
    poll_feed,
    read_feeds_file,
    watch,
)

WEB = Path(__file__).resolve().parent / "fixtures" / "web"
FEED = "https://www.pejvak.example/rss/latest"
EVERY = 600.0
ZWNJ = "\u200c"
ARTICLE = (WEB / "feed-linked-article.html").read_bytes()


class Memory:
    """An in-memory FeedMemory, as the SQLite store implements it."""

    def __init__(self) -> None:
        self.states: dict[str, FeedState] = {}
        self.keys: set[str] = set()

    def feed_state(self, url: str) -> FeedState | None:
        return self.states.get(url)

    def save_feed_state(self, state: FeedState) -> None:
        self.states[state.url] = state

    def seen(self, keys: Iterable[str]) -> set[str]:
        return self.keys.intersection(keys)

    def mark_seen(self, keys: Iterable[str]) -> None:
        self.keys.update(keys)


def rss(*items: str) -> bytes:
    channel = "".join(items)
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>خبرگزاری پژواک</title>{channel}</channel></rss>"
    ).encode()


def item(number: int, title: str, description: str, content: str | None = None) -> str:
    body = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
    return (
        f"<item><title>{title}</title><link>https://www.pejvak.example/news/{number}</link>"
        f'<guid isPermaLink="false">{number}</guid><description>{description}</description>{body}</item>'
    )


FULL = item(
    1001,
    "وزیر نیرو: برق تابستان تأمین می‌شود",
    "وزیر نیرو از نیروگاه‌های تازه خبر داد.",
    "<p>وزیر نیرو گفت: «برق تابستان بی‌وقفه تأمین می‌شود و نیروگاه‌ها آماده‌اند.»</p>"
    "<p>او افزود که سه نیروگاه خورشیدی تازه تا پایان بهار به شبکه سراسری می‌پیوندد.</p>",
)
SUMMARY_ONLY = item(1002, "ادامه درگیری‌های مرزی", "فرماندار از ادامه درگیری‌ها خبر داد.")
NEW = item(
    1003,
    "بازگشایی مدارس پس از تعطیلی",
    "مدارس از شنبه باز می‌شوند.",
    "<p>مدیرکل آموزش و پرورش گفت: «همه مدارس استان از شنبه بازگشایی می‌شوند.»</p>"
    "<p>کلاس‌های جبرانی نیز در هفته‌های آینده برگزار می‌شود.</p>",
)
FEED_PATH = "/rss/latest"


class Server:
    """A mock agency: the feed (with ETag / Last-Modified) and article pages; counts requests per path."""

    def __init__(self, feed: bytes, *, etag: str = '"v1"') -> None:
        self.feed = feed
        self.etag = etag
        self.last_modified = "Sat, 29 Nov 2025 08:00:00 GMT"
        self.status = 200
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == FEED_PATH:
            if self.status != 200:
                return httpx.Response(self.status)
            if request.headers.get("If-None-Match") == self.etag:
                return httpx.Response(304, headers={"ETag": self.etag})
            headers = {"Content-Type": "application/rss+xml", "ETag": self.etag}
            headers["Last-Modified"] = self.last_modified
            return httpx.Response(200, content=self.feed, headers=headers)
        if request.url.path.startswith("/news/"):
            return httpx.Response(200, content=ARTICLE, headers={"Content-Type": "text/html; charset=utf-8"})
        return httpx.Response(404)

    def fetcher(self) -> Fetcher:
        return Fetcher(transport=httpx.MockTransport(self))

    def count(self, path: str) -> int:
        return sum(1 for request in self.requests if request.url.path == path)


def test_first_poll_reads_every_item_and_remembers_the_validators() -> None:
    server = Server(rss(FULL, SUMMARY_ONLY))
    memory = Memory()
    result = poll_feed(FEED, memory, server.fetcher(), 1000.0, every=EVERY)
    assert [d.headline for d in result.documents] == [
        f"وزیر نیرو: برق تابستان تأمین می{ZWNJ}شود",
        f"ادامه درگیری{ZWNJ}های مرزی در شمال منطقه",  # the page's headline
    ]
    summary_only = result.documents[1]
    assert summary_only.paragraphs is not None  # completed from its page
    assert any(f"درگیری{ZWNJ}های اخیر" in p for p in summary_only.paragraphs)
    assert result.keys == ["https://www.pejvak.example/news/1001", "https://www.pejvak.example/news/1002"]
    assert result.failures == []
    assert not result.not_modified
    assert result.state == FeedState(
        url=FEED,
        etag='"v1"',
        last_modified="Sat, 29 Nov 2025 08:00:00 GMT",
        failures=0,
        next_poll=1000.0 + EVERY,
        last_status=200,
    )
    assert memory.states == {}  # poll_feed saves nothing; the caller does, after storing
    assert memory.keys == set()


def test_second_poll_is_conditional_and_304_gives_nothing() -> None:
    server = Server(rss(FULL))
    memory = Memory()
    first = poll_feed(FEED, memory, server.fetcher(), 1000.0, every=EVERY)
    memory.save_feed_state(first.state)
    memory.mark_seen(first.keys)
    second = poll_feed(FEED, memory, server.fetcher(), 2000.0, every=EVERY)
    request = server.requests[-1]
    assert request.headers["If-None-Match"] == '"v1"'
    assert request.headers["If-Modified-Since"] == "Sat, 29 Nov 2025 08:00:00 GMT"
    assert second.not_modified
    assert second.documents == []
    assert second.keys == []
    assert second.state.etag == '"v1"'
    assert second.state.next_poll == 2000.0 + EVERY
    assert second.state.last_status == 304


def test_items_taken_before_are_not_fetched_again_and_a_new_item_comes_alone() -> None:
    server = Server(rss(FULL, SUMMARY_ONLY))
    memory = Memory()
    first = poll_feed(FEED, memory, server.fetcher(), 1000.0, every=EVERY)
    memory.mark_seen(first.keys)
    memory.save_feed_state(first.state)
    assert server.count("/news/1002") == 1

    server.feed = rss(NEW, FULL, SUMMARY_ONLY)  # the agency publishes a new item
    server.etag = '"v2"'
    second = poll_feed(FEED, memory, server.fetcher(), 2000.0, every=EVERY)
    assert server.count("/news/1002") == 1  # the summary-only item taken before is not fetched again
    assert [d.headline for d in second.documents] == ["بازگشایی مدارس پس از تعطیلی"]
    assert second.keys == ["https://www.pejvak.example/news/1003"]
    assert second.state.etag == '"v2"'


def test_errors_back_off_exponentially_up_to_six_hours_and_success_resets() -> None:
    server = Server(rss(FULL))
    server.status = 503
    memory = Memory()
    now = 10_000.0
    waits = []
    for _ in range(8):
        result = poll_feed(FEED, memory, server.fetcher(), now, every=EVERY)
        assert result.documents == []
        assert len(result.failures) == 1
        assert result.failures[0].origin == FEED
        assert "HTTP 503" in result.failures[0].reason
        memory.save_feed_state(result.state)
        waits.append(result.state.next_poll - now)
        now = result.state.next_poll
    assert waits == [1200.0, 2400.0, 4800.0, 9600.0, 19200.0, 21600.0, 21600.0, 21600.0]
    assert memory.states[FEED].failures == 8
    assert memory.states[FEED].last_status == 503

    server.status = 200
    result = poll_feed(FEED, memory, server.fetcher(), now, every=EVERY)
    assert result.state.failures == 0
    assert result.state.next_poll == now + EVERY
    assert len(result.documents) == 1


def test_network_error_backs_off_with_no_status() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused")

    result = poll_feed(FEED, Memory(), Fetcher(transport=httpx.MockTransport(handler)), 0.0, every=EVERY)
    assert result.state.failures == 1
    assert result.state.last_status is None
    assert result.state.next_poll == 2 * EVERY
    assert "cannot fetch" in result.failures[0].reason


def test_unreadable_feed_is_a_failure_that_backs_off_and_keeps_the_old_validators() -> None:
    server = Server(b"<?xml version='1.0'?><rss version='2.0'><channel><title>\xd9\xbe", etag='"broken"')
    memory = Memory()
    memory.save_feed_state(FeedState(url=FEED, etag='"v0"', last_modified=None))
    result = poll_feed(FEED, memory, server.fetcher(), 0.0, every=EVERY)
    assert len(result.failures) == 1
    assert result.failures[0].reason.startswith("not a readable feed")
    assert result.state.failures == 1
    assert result.state.etag == '"v0"'
    assert result.state.last_status == 200


def test_truncated_feed_gives_its_whole_items_but_not_the_cut_one_nor_its_validators() -> None:
    whole = rss(FULL, NEW)
    server = Server(whole[: whole.index("کلاس".encode())])  # cut inside the second item's body
    memory = Memory()
    first = poll_feed(FEED, memory, server.fetcher(), 0.0, every=EVERY)
    assert [d.headline for d in first.documents] == [f"وزیر نیرو: برق تابستان تأمین می{ZWNJ}شود"]
    assert first.keys == ["https://www.pejvak.example/news/1001"]
    assert first.state.etag is None  # the next poll reads the whole feed again
    assert first.state.failures == 0
    memory.mark_seen(first.keys)
    memory.save_feed_state(first.state)

    server.feed = whole
    second = poll_feed(FEED, memory, server.fetcher(), 1.0, every=EVERY)
    assert [d.headline for d in second.documents] == ["بازگشایی مدارس پس از تعطیلی"]
    assert second.documents[0].paragraphs is not None
    assert len(second.documents[0].paragraphs) == 2
    assert second.state.etag == '"v1"'


def test_item_whose_link_fails_is_retried_on_the_next_poll() -> None:
    title_only = "<item><title>خبر فوری</title><link>https://www.pejvak.example/gone/1</link></item>"
    server = Server(rss(title_only))
    result = poll_feed(FEED, Memory(), server.fetcher(), 0.0, every=EVERY)
    assert result.documents == []
    assert [f.reason for f in result.failures] == [
        "link not readable: HTTP 404 Not Found for https://www.pejvak.example/gone/1"
    ]
    assert result.keys == []  # not marked seen: tried again next time


def test_watch_polls_due_feeds_stores_then_marks_and_sleeps_until_the_next_poll() -> None:
    server = Server(rss(FULL, SUMMARY_ONLY))
    memory = Memory()
    now = [5000.0]
    sleeps: list[float] = []
    stored: list[list[Document]] = []
    failures: list[Failure] = []

    def store(documents: list[Document]) -> None:
        assert memory.keys == set()  # keys are marked only after storing
        stored.append(documents)

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    with server.fetcher() as fetcher:
        total = watch(
            [FEED],
            memory,
            fetcher,
            every=EVERY,
            store_documents=store,
            on_failure=failures.append,
            clock=lambda: now[0],
            sleep=sleep,
            rounds=3,
        )
    assert total == 2
    assert [len(batch) for batch in stored] == [2]
    assert memory.keys == {"https://www.pejvak.example/news/1001", "https://www.pejvak.example/news/1002"}
    assert sleeps == [EVERY, EVERY]
    assert server.count(FEED_PATH) == 3  # then two 304s
    assert failures == []
    assert memory.states[FEED].next_poll == 5000.0 + 3 * EVERY


def test_watch_skips_feeds_not_due_and_reports_failures() -> None:
    server = Server(rss(FULL))
    server.status = 500
    memory = Memory()
    memory.save_feed_state(FeedState(url="https://other.example/rss", next_poll=99_999.0))
    failures: list[Failure] = []
    watch(
        [FEED, "https://other.example/rss"],
        memory,
        server.fetcher(),
        every=EVERY,
        store_documents=lambda documents: None,
        on_failure=failures.append,
        clock=lambda: 0.0,
        sleep=lambda seconds: None,
        rounds=1,
    )
    assert [f.origin for f in failures] == [FEED]
    assert all(r.url.host != "other.example" for r in server.requests)


def test_ctrl_c_ends_the_watch_cleanly() -> None:
    server = Server(rss(FULL))

    def interrupted(seconds: float) -> None:
        raise KeyboardInterrupt

    memory = Memory()
    total = watch(
        [FEED],
        memory,
        server.fetcher(),
        every=EVERY,
        store_documents=lambda documents: None,
        on_failure=lambda failure: None,
        clock=lambda: 0.0,
        sleep=interrupted,
    )
    assert total == 1
    assert FEED in memory.states


def test_read_feeds_file(tmp_path: Path) -> None:
    path = tmp_path / "feeds.txt"
    path.write_text(
        "# خبرگزاری‌ها\n\nhttps://www.pejvak.example/rss/latest\n  http://sepideh.example/atom.xml  \n"
        "https://www.pejvak.example/rss/latest\n",
        encoding="utf-8",
    )
    assert read_feeds_file(path) == [
        "https://www.pejvak.example/rss/latest",
        "http://sepideh.example/atom.xml",
    ]


def test_feeds_file_with_bad_lines_names_them(tmp_path: Path) -> None:
    path = tmp_path / "feeds.txt"
    path.write_text(
        "https://ok.example/rss\nwww.pejvak.example/rss\n\nftp://x.example/feed\n", encoding="utf-8"
    )
    with pytest.raises(
        ValueError, match=r"line 2: 'www\.pejvak\.example/rss'; line 4: 'ftp://x\.example/feed'"
    ):
        read_feeds_file(path)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("10m", 600.0), ("30s", 30.0), ("2h", 7200.0), ("1h30m", 5400.0), (" 1H ", 3600.0), ("1d", 86400.0)],
)
def test_parse_interval(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("5s", "too short"),
        ("10", "use a number with a unit"),
        ("ten minutes", "not an interval"),
        ("", "not an"),
    ],
)
def test_parse_interval_refuses_unclear_or_short_intervals(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_interval(text)


def test_backoff_never_shorter_than_the_interval() -> None:
    assert backoff(8 * 3600, 3) == 8 * 3600
    assert backoff(600, 10_000) == 6 * 3600


def test_watching_into_the_sqlite_store_takes_each_item_once(tmp_path: Path) -> None:
    from didban.ingest.run import store_documents
    from didban.search import parse_query
    from didban.store import open_store
    from didban.store.base import Filters

    store = open_store(tmp_path / "watch.db")
    feed = {"body": rss(FULL)}
    requests: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(str(request.url))
        if request.headers.get("if-none-match") == '"v2"':
            return httpx.Response(304)
        etag = '"v2"' if NEW in feed["body"].decode() else '"v1"'
        return httpx.Response(
            200, content=feed["body"], headers={"ETag": etag, "Content-Type": "application/rss+xml"}
        )

    clock = iter(range(0, 10**6, 1000))
    with Fetcher(transport=httpx.MockTransport(handler)) as fetcher:

        def poll(rounds: int) -> None:
            watch(
                [FEED],
                store,
                fetcher,
                every=EVERY,
                store_documents=lambda documents: store_documents(documents, store),
                on_failure=lambda f: None,
                clock=lambda: float(next(clock)),
                sleep=lambda s: None,
                rounds=rounds,
            )

        poll(1)
        feed["body"] = rss(FULL, NEW)
        poll(2)
    assert store.counts().articles == 2
    assert store.feed_state(FEED).etag == '"v2"'  # type: ignore[union-attr]
    assert store.search(parse_query("مدارس"), Filters())[0].url == "https://www.pejvak.example/news/1003"
    assert requests == [FEED, FEED, FEED]  # the third poll was a 304
