"""HTTP for pages and feeds: one small client with timeouts, a size limit and conditional GET.

Every way a fetch can go wrong (bad URL, network error, timeout, HTTP status ≥ 400, a body past the size
limit) becomes one :class:`FetchError` with a one-line message, so callers record a failure and go on.
Tests pass an ``httpx.MockTransport``; nothing here touches the network unless asked to fetch.
"""

from __future__ import annotations

from types import TracebackType
from urllib.parse import urlsplit

import httpx
import msgspec

from didban import __version__

USER_AGENT = f"didban/{__version__} (+https://github.com/didban)"
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 8 * 1024 * 1024
MAX_REDIRECTS = 10


class FetchError(ValueError):
    """A fetch that failed; ``status`` is the HTTP status when the server answered, else None."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class Fetched(msgspec.Struct, kw_only=True, frozen=True):
    """One fetched resource: the final URL after redirects, the body and the caching validators.

    ``content_type`` is the media type alone (``text/html``), ``charset`` the header's charset parameter,
    both lower-cased. On ``304 Not Modified`` (``not_modified``) the content is empty.
    """

    url: str
    status: int
    content: bytes
    content_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False


class Fetcher:
    """An HTTP client for pages and feeds that follows redirects and bounds time and size."""

    def __init__(
        self,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = DEFAULT_MAX_BYTES,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._client = httpx.Client(
            transport=transport,
            timeout=timeout,
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            headers={"User-Agent": user_agent},
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET ``url``, conditionally when a saved ETag / Last-Modified is given.

        Raises:
            FetchError: for a non-http(s) URL, a network error or timeout, HTTP ≥ 400, or a body larger than
                ``max_bytes``.
        """
        _check_url(url)
        if self._client.is_closed:
            raise FetchError(f"cannot fetch {url}: the fetcher is closed")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                return self._read(url, response)
        except httpx.TimeoutException as error:
            raise FetchError(f"timed out after {self.timeout:g} s fetching {url}") from error
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as error:
            raise FetchError(f"cannot fetch {url}: {_one_line(error)}") from error

    def _read(self, url: str, response: httpx.Response) -> Fetched:
        """Check the status and read the body within the size limit."""
        status = response.status_code
        if status >= 400:
            reason = f" {response.reason_phrase}" if response.reason_phrase else ""
            raise FetchError(f"HTTP {status}{reason} for {url}", status=status)
        not_modified = status == 304
        content = b"" if not_modified else self._body(url, response)
        media_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        return Fetched(
            url=str(response.url),
            status=status,
            content=content,
            content_type=media_type or None,
            charset=(response.charset_encoding or "").strip().lower() or None,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            not_modified=not_modified,
        )

    def _body(self, url: str, response: httpx.Response) -> bytes:
        """The (decompressed) body, refused as soon as it passes ``max_bytes``."""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"{url} is larger than the {_size(self.max_bytes)} limit ({declared} bytes)")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"{url} is larger than the {_size(self.max_bytes)} limit")
            chunks.append(chunk)
        return b"".join(chunks)


def _check_url(url: str) -> None:
    """Refuse anything but absolute http(s) URLs."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise FetchError(f"not an http(s) URL: {url!r}")


def _one_line(error: BaseException) -> str:
    """An exception as one line of text, with its type when the message is empty."""
    text = " ".join(str(error).split())
    return text or type(error).__name__


def _size(limit: int) -> str:
    """A byte count for messages: whole MiB when it is one, else bytes."""
    return f"{limit >> 20} MiB" if limit >= 1 << 20 and limit % (1 << 20) == 0 else f"{limit} bytes"
