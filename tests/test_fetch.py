"""The HTTP layer: redirects, conditional GET, size limit and every failure as one FetchError (no network)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from didban.ingest.fetch import USER_AGENT, Fetched, Fetcher, FetchError

PAGE = "<html><body><p>وزیر گفت: «برنامه را انجام می‌دهد.»</p></body></html>".encode()

Handler = Callable[[httpx.Request], httpx.Response]


def fetcher(handler: Handler, **options: int) -> Fetcher:
    return Fetcher(transport=httpx.MockTransport(handler), **options)


def test_fetch_follows_redirects_and_reports_type_charset_and_validators() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/old":
            return httpx.Response(301, headers={"Location": "https://www.pejvak.example/news/1"})
        headers = {
            "Content-Type": "text/html; charset=UTF-8",
            "ETag": '"v1"',
            "Last-Modified": "Sat, 29 Nov 2025 08:00:00 GMT",
        }
        return httpx.Response(200, content=PAGE, headers=headers)

    with fetcher(handler) as client:
        got = client.fetch("https://pejvak.example/old")
    assert got == Fetched(
        url="https://www.pejvak.example/news/1",
        status=200,
        content=PAGE,
        content_type="text/html",
        charset="utf-8",
        etag='"v1"',
        last_modified="Sat, 29 Nov 2025 08:00:00 GMT",
        not_modified=False,
    )
    assert [r.headers["User-Agent"] for r in seen] == [USER_AGENT, USER_AGENT]
    assert USER_AGENT.startswith("didban/")


def test_conditional_get_sends_validators_and_reads_304() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["If-None-Match"] == '"v1"'
        assert request.headers["If-Modified-Since"] == "Sat, 29 Nov 2025 08:00:00 GMT"
        return httpx.Response(304, headers={"ETag": '"v1"'})

    got = fetcher(handler).fetch(
        "https://pejvak.example/rss", etag='"v1"', last_modified="Sat, 29 Nov 2025 08:00:00 GMT"
    )
    assert got.not_modified
    assert got.status == 304
    assert got.content == b""
    assert got.etag == '"v1"'


def test_no_conditional_headers_without_validators() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert "If-None-Match" not in request.headers
        assert "If-Modified-Since" not in request.headers
        return httpx.Response(200, content=b"ok")

    assert fetcher(handler).fetch("http://pejvak.example/").content == b"ok"


@pytest.mark.parametrize(("status", "words"), [(404, "HTTP 404 Not Found"), (503, "HTTP 503")])
def test_http_errors_are_fetch_errors_with_the_status(status: int, words: str) -> None:
    client = fetcher(lambda request: httpx.Response(status, text="خطا"))
    with pytest.raises(FetchError, match=words) as caught:
        client.fetch("https://pejvak.example/news/404")
    assert caught.value.status == status
    assert "\n" not in str(caught.value)


def test_declared_size_past_the_limit_is_refused_before_reading() -> None:
    client = fetcher(lambda request: httpx.Response(200, content=b"x" * 2000), max_bytes=1000)
    with pytest.raises(FetchError, match="larger than the 1000 bytes limit"):
        client.fetch("https://pejvak.example/big")


def test_streamed_body_stops_as_soon_as_it_passes_the_limit() -> None:
    sent: list[int] = []

    def chunks() -> Iterator[bytes]:
        for number in range(100):
            sent.append(number)
            yield b"y" * 1024

    client = fetcher(lambda request: httpx.Response(200, content=chunks()), max_bytes=4096)
    with pytest.raises(FetchError, match="larger than"):
        client.fetch("https://pejvak.example/endless")
    assert len(sent) <= 6  # stopped after the limit, not at the end of the body


def test_body_within_the_limit_is_read_whole() -> None:
    client = fetcher(lambda request: httpx.Response(200, content=iter([b"a" * 1000, b"b" * 1000])))
    assert len(client.fetch("https://pejvak.example/ok").content) == 2000


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (httpx.ConnectError("[Errno -2] Name or service\nnot known"), "cannot fetch https://pejvak.example/"),
        (httpx.ReadTimeout("read timed out"), "timed out after 20 s"),
        (httpx.ConnectTimeout("connect"), "timed out"),
    ],
)
def test_network_errors_and_timeouts_are_one_line_fetch_errors(error: Exception, words: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error

    with pytest.raises(FetchError, match=words) as caught:
        fetcher(handler).fetch("https://pejvak.example/")
    assert "\n" not in str(caught.value)
    assert caught.value.status is None


@pytest.mark.parametrize("url", ["ftp://pejvak.example/feed", "file:///etc/passwd", "pejvak.example/rss", ""])
def test_only_http_and_https_urls_are_fetched(url: str) -> None:
    calls: list[httpx.Request] = []
    client = fetcher(lambda request: calls.append(request) or httpx.Response(200))
    with pytest.raises(FetchError, match="not an http"):
        client.fetch(url)
    assert calls == []


def test_redirect_to_another_scheme_is_a_fetch_error() -> None:
    client = fetcher(lambda request: httpx.Response(302, headers={"Location": "ftp://pejvak.example/x"}))
    with pytest.raises(FetchError, match="cannot fetch"):
        client.fetch("https://pejvak.example/")


def test_redirect_loop_is_a_fetch_error() -> None:
    client = fetcher(lambda request: httpx.Response(302, headers={"Location": str(request.url)}))
    with pytest.raises(FetchError, match="cannot fetch"):
        client.fetch("https://pejvak.example/loop")


def test_context_manager_closes_the_client() -> None:
    with fetcher(lambda request: httpx.Response(200)) as client:
        client.fetch("https://pejvak.example/")
    with pytest.raises(FetchError, match="closed"):
        client.fetch("https://pejvak.example/")
