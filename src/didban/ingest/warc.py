"""WARC / WARC.gz web archives → documents, one per archived HTML page.

Only ``response`` records of HTML pages (``text/html``, ``application/xhtml+xml``) with HTTP status 200 are
read; requests, metadata, images, redirects and the like are passed over silently. A page that cannot be
read becomes a failure and the archive goes on. warcio stops quietly at a truncated or corrupt archive, so
each record is checked against its declared length and the compressed stream for a proper end: the pages
read so far are kept and one failure says where the archive broke.
"""

from __future__ import annotations

from collections.abc import Iterator
from email.message import Message
from typing import Any, BinaryIO, NamedTuple

from didban.document import Failure, Item

MAX_RECORD_BYTES = 8 * 1024 * 1024
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_DRAIN_BLOCK = 1 << 16


class _Page(NamedTuple):
    """An archived HTML page: its URL, raw payload and the charset the HTTP header declared."""

    uri: str
    payload: bytes
    charset: str | None


class _BrokenArchiveError(Exception):
    """The archive cannot be read past this point."""


def read_warc(stream: BinaryIO, *, origin: str, max_record_bytes: int = MAX_RECORD_BYTES) -> Iterator[Item]:
    """Documents from the HTML responses of a WARC (plain or gzipped); ends with one failure when broken."""
    iterator = _archive_iterator(stream)
    records = 0
    while True:
        try:
            record = next(iterator, None)
            if record is None:
                problem = iterator.end_problem()
                if problem:
                    raise _BrokenArchiveError(problem)
                if iterator.err_count:
                    reason = f"archive damaged: {iterator.err_count} record(s) not of their declared length"
                    yield Failure(origin=origin, reason=reason)
                return
            page = _read_record(record, max_record_bytes)
        except Exception as error:  # warcio raises many kinds of errors on broken input
            yield Failure(
                origin=origin, reason=f"archive truncated or corrupt after {records} records: {_why(error)}"
            )
            return
        records += 1
        if page is not None:
            yield _page_item(page, origin)


def _archive_iterator(stream: BinaryIO) -> Any:
    """A warcio ArchiveIterator that remembers whether the compressed stream ended properly, and counts
    records of a wrong length without printing them."""
    from warcio.archiveiterator import ArchiveIterator

    class CheckedIterator(ArchiveIterator):
        clean_end = True
        consumed = 0
        # warcio writes each record whose length is wrong to stderr, raw bytes and all; counted instead
        # (``err_count``) and reported as one failure line
        INC_RECORD = ""

        def __init__(self, fileobj: BinaryIO) -> None:
            super().__init__(fileobj)
            self._start = self.offset

        def close(self) -> None:
            reader = getattr(self, "reader", None)
            decompressor = getattr(reader, "decompressor", None)
            self.clean_end = decompressor is None or bool(getattr(decompressor, "eof", True))
            try:
                self.consumed = self.fh.tell() - self._start
            except (OSError, AttributeError, ValueError):
                self.consumed = 1
            super().close()

        def end_problem(self) -> str | None:
            """Why the archive did not end properly, or None."""
            if not self.consumed:
                return "empty archive"
            return None if self.clean_end else "the compressed stream ends early"

    return CheckedIterator(stream)


def _read_record(record: Any, max_bytes: int) -> _Page | Failure | None:
    """Read one record to its end; the page when it is an HTML 200 response, else None.

    Raises:
        _BrokenArchiveError: when the record is not WARC or is shorter than its declared length.
    """
    if record.format != "warc":
        raise _BrokenArchiveError("not a WARC archive (ARC or unknown format)")
    page = _html_page(record, max_bytes) if _is_html_response(record) else None
    _drain(record)
    return page


def _is_html_response(record: Any) -> bool:
    """A ``response`` record holding an HTML page served with status 200."""
    if record.rec_type != "response" or record.http_headers is None:
        return False
    if record.http_headers.get_statuscode() != "200":
        return False
    media_type, _ = content_type(record.http_headers.get_header("Content-Type"))
    return media_type in HTML_TYPES


def _html_page(record: Any, max_bytes: int) -> _Page | Failure:
    """The page's payload (transfer and content encodings undone), or a failure when too large."""
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    payload = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        return Failure(origin=uri, reason=f"page larger than {max_bytes >> 20} MiB; skipped")
    _, charset = content_type(record.http_headers.get_header("Content-Type"))
    return _Page(uri, payload, charset)


def _drain(record: Any) -> None:
    """Read the rest of a record and check that it was as long as declared."""
    raw = record.raw_stream
    while raw.read(_DRAIN_BLOCK):
        pass
    missing = getattr(raw, "limit", None)
    if missing is None:
        raise _BrokenArchiveError("a record header is cut short")
    if missing > 0:
        uri = record.rec_headers.get_header("WARC-Target-URI") or record.rec_type
        raise _BrokenArchiveError(f"record {uri} is missing its last {missing} bytes")


def _page_item(page: _Page | Failure, origin: str) -> Item:
    """The document for one archived page; a page that cannot be read becomes a failure."""
    if isinstance(page, Failure):
        return Failure(origin=f"{origin}#{page.origin}", reason=page.reason)
    from didban.ingest.decode import UnreadableInputError
    from didban.ingest.html import document_from_html

    page_origin = f"{origin}#{page.uri}"
    try:
        return document_from_html(
            page.payload, url=page.uri or None, origin=page_origin, declared_charset=page.charset
        )
    except UnreadableInputError as error:
        return Failure(origin=page_origin, reason=_why(error))
    except Exception as error:  # one bad page must not stop the archive
        return Failure(origin=page_origin, reason=f"page not readable: {type(error).__name__}: {_why(error)}")


def content_type(value: str | None) -> tuple[str | None, str | None]:
    """The media type (lower-cased) and charset of a ``Content-Type`` header value.

    >>> content_type('text/html; charset="Windows-1256"')
    ('text/html', 'windows-1256')
    """
    if not value:
        return None, None
    message = Message()
    message["Content-Type"] = value
    return message.get_content_type(), message.get_content_charset()


def _why(error: BaseException) -> str:
    """An error as one line (its type name when it has no message)."""
    return " ".join(str(error).split()) or type(error).__name__
