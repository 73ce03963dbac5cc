"""WARC archives → documents for HTML 200 responses only; a truncated or corrupt archive ends in one failure.

The archives are written here with warcio from the ``archive-*.html`` fixtures, so no binary is committed.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from didban.document import Document, Failure
from didban.ingest.warc import content_type, read_warc

WEB = Path(__file__).resolve().parent / "fixtures" / "web"
ZWNJ = "\u200c"
BOOKS = "https://aftabnegar.example/news/501"
WRESTLING = "https://varzeshnama.example/news/77"
EMPTY_PAGE = "https://aftabnegar.example/news/empty"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))


class Archive:
    """A WARC written in memory, with the byte offset where each record ends."""

    def __init__(self, *, gzipped: bool) -> None:
        self.buffer = io.BytesIO()
        self.writer = WARCWriter(self.buffer, gzip=gzipped)
        self.ends: list[int] = []

    def response(self, uri: str, body: bytes, headers: list[tuple[str, str]], status: str = "200 OK") -> None:
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        self._write(
            self.writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http)
        )

    def request(self, uri: str) -> None:
        http = StatusAndHeaders("GET / HTTP/1.1", [("Host", uri.split("/")[2])], is_http_request=True)
        self._write(
            self.writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=http)
        )

    def metadata(self, uri: str) -> None:
        payload = io.BytesIO(b"outlinks: https://aftabnegar.example/\n")
        self._write(
            self.writer.create_warc_record(
                uri, "metadata", payload=payload, warc_content_type="application/warc-fields"
            )
        )

    def _write(self, record: object) -> None:
        self.writer.write_record(record)
        self.ends.append(self.buffer.tell())

    @property
    def data(self) -> bytes:
        return self.buffer.getvalue()


def news_archive(*, gzipped: bool = True) -> Archive:
    """warcinfo, request, 2 HTML pages (one gzip-encoded, one Windows-1256), a PNG, a 404, a redirect, …"""
    archive = Archive(gzipped=gzipped)
    archive._write(archive.writer.create_warcinfo_record("news.warc.gz", {"software": "didban tests"}))
    archive.request(BOOKS)
    archive.response(
        BOOKS,
        gzip.compress((WEB / "archive-page-1.html").read_bytes(), mtime=0),
        [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
    )
    archive.metadata(BOOKS)
    archive.response("https://aftabnegar.example/logo.png", PNG, [("Content-Type", "image/png")])
    archive.response(
        "https://aftabnegar.example/missing",
        b"<html><body>404</body></html>",
        [("Content-Type", "text/html")],
        status="404 Not Found",
    )
    archive.response(
        "https://aftabnegar.example/old",
        b"",
        [("Location", BOOKS), ("Content-Type", "text/html")],
        "301 Moved",
    )
    archive.response(EMPTY_PAGE, b"<html><body></body></html>", [("Content-Type", "text/html")])
    wrestling = (WEB / "archive-page-2.html").read_text(encoding="utf-8").encode("cp1256")
    archive.response(WRESTLING, wrestling, [("Content-Type", "application/xhtml+xml; charset=windows-1256")])
    return archive


def read(data: bytes, **options: int) -> list[Document | Failure]:
    return list(read_warc(io.BytesIO(data), origin="news.warc.gz", **options))


@pytest.mark.parametrize("gzipped", [True, False], ids=["warc.gz", "warc"])
def test_html_responses_become_documents_and_other_records_are_skipped(gzipped: bool) -> None:
    items = read(news_archive(gzipped=gzipped).data)
    assert [type(item) for item in items] == [Document, Failure, Document]
    books, empty, wrestling = items
    assert isinstance(books, Document)
    assert books.url == BOOKS
    assert books.origin == f"news.warc.gz#{BOOKS}"
    assert books.headline == f"بازار کتاب در آستانه نمایشگاه جان می{ZWNJ}گیرد"
    assert books.published == "2025-11-20"
    assert books.paragraphs is not None
    assert any(f"کتاب{ZWNJ}فروشی{ZWNJ}های خیابان انقلاب" in p for p in books.paragraphs)
    assert empty == Failure(origin=f"news.warc.gz#{EMPTY_PAGE}", reason="no main text found in the page")
    assert isinstance(wrestling, Document)
    assert wrestling.url == WRESTLING
    assert wrestling.headline is not None
    assert "کشتي در مشهد" in wrestling.headline  # Windows-1256, told by the HTTP header


def test_archive_cut_inside_its_last_record_keeps_what_was_read_and_fails_once() -> None:
    archive = news_archive()
    cut = (archive.ends[-2] + archive.ends[-1]) // 2
    items = read(archive.data[:cut])
    assert [type(item) for item in items] == [Document, Failure, Failure]
    assert isinstance(items[0], Document)
    assert items[0].url == BOOKS
    assert items[-1].origin == "news.warc.gz"
    assert items[-1].reason.startswith(
        f"archive truncated or corrupt after {len(archive.ends) - 1} records: "
    )


def test_archive_missing_only_its_gzip_trailer_is_reported() -> None:
    items = read(news_archive().data[:-4])
    assert [type(item) for item in items] == [Document, Failure, Document, Failure]
    assert items[-1].reason.endswith("the compressed stream ends early")


def test_uncompressed_archive_cut_short_reports_the_missing_bytes() -> None:
    archive = news_archive(gzipped=False)
    items = read(archive.data[: archive.ends[-1] - 200])
    assert [type(item) for item in items] == [Document, Failure, Failure]
    assert f"record {WRESTLING} is missing its last" in items[-1].reason


def test_archive_cut_in_a_record_header() -> None:
    archive = news_archive(gzipped=False)
    items = read(archive.data[: archive.ends[2] + 12])
    assert [type(item) for item in items] == [Document, Failure]
    assert items[-1].reason.startswith("archive truncated or corrupt after 3 records: ")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (PNG, "archive truncated or corrupt after 0 records: "),
        (b"this is not a web archive at all\n\n", "not a WARC archive"),
        (b"", "empty archive"),
        (
            gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n"),
            "archive truncated or corrupt after 0 records",
        ),
    ],
    ids=["png", "text", "empty", "gzipped-header-only"],
)
def test_not_an_archive_is_one_failure(data: bytes, words: str) -> None:
    items = read(data)
    assert len(items) == 1
    assert isinstance(items[0], Failure)
    assert words in items[0].reason
    assert "\n" not in items[0].reason


def test_page_larger_than_the_limit_is_a_failure_and_the_archive_goes_on() -> None:
    items = read(news_archive().data, max_record_bytes=1024)
    assert isinstance(items[0], Failure)
    assert items[0].origin == f"news.warc.gz#{BOOKS}"
    assert "larger than" in items[0].reason
    assert isinstance(items[-1], Document)


def test_content_type_header() -> None:
    assert content_type("text/html; charset=UTF-8") == ("text/html", "utf-8")
    assert content_type("application/xhtml+xml") == ("application/xhtml+xml", None)
    assert content_type(None) == (None, None)


def test_record_of_a_wrong_length_is_one_failure_line_not_bytes_on_stderr(
    capsys: pytest.CaptureFixture,
) -> None:
    # warcio printed «WARNING: Record not followed by newline…» and the raw bytes for each such record.
    data = news_archive(gzipped=False).data
    at = data.index(b"Content-Length: ", data.index(b"logo.png")) + len(b"Content-Length: ")
    end = data.index(b"\r\n", at)
    shorter = data[:at] + str(int(data[at:end]) - 5).encode() + data[end:]  # the PNG's last 5 bytes left over
    items = read(shorter)
    assert [item.headline for item in items if isinstance(item, Document)] == [
        item.headline for item in read(data) if isinstance(item, Document)
    ]
    assert items[-1] == Failure(
        origin="news.warc.gz", reason="archive damaged: 1 record(s) not of their declared length"
    )
    assert capsys.readouterr().err == ""
