"""Text, JSON, JSONL and CSV files → documents, one failure record per unreadable item.

Plain text files are one article each; ``.json`` holds one record or a list of records; ``.jsonl`` /
``.ndjson`` (optionally gzip-compressed) one record per line and ``.csv`` / ``.tsv`` one record per row, both
streamed so memory stays flat in the file size. Records are read with the tolerant field mapping of
:mod:`didban.ingest.records`, adjusted by an optional ``--map FIELD=COLUMN`` mapping.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, BinaryIO

from didban.document import Document, Failure, Item
from didban.ingest.decode import (
    REPLACEMENT,
    UnreadableInputError,
    damage_warnings,
    decode_bytes,
    stream_encoding,
    utf8_line,
)
from didban.ingest.records import RecordError, document_from_record, remap

MAX_ARTICLE_BYTES = 16 * 1024 * 1024  # one plain-text article; larger inputs belong in JSONL
MAX_CSV_FIELD = 16 * 1024 * 1024

Mapping = dict[str, str] | None


def read_stream(
    stream: BinaryIO, origin: str, *, json_file: bool | None = None, mapping: Mapping = None
) -> Iterator[Item]:
    """Documents from a byte stream: JSON when asked or when it starts with ``{``/``[``, else text."""
    data = stream.read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        limit = MAX_ARTICLE_BYTES >> 20
        yield Failure(origin=origin, reason=f"larger than {limit} MiB for one article; use JSONL for corpora")
        return
    try:
        decoded = decode_bytes(data)
    except UnreadableInputError as error:
        yield Failure(origin=origin, reason=str(error))
        return
    text, warnings = decoded.text, decoded.warnings
    if json_file or (json_file is None and text.lstrip()[:1] in ("{", "[")):
        yield from _json_documents(text, origin, mapping, warnings)
    else:
        yield Document(text=text, origin=origin, warnings=warnings)


def _json_documents(text: str, origin: str, mapping: Mapping, warnings: Sequence[str]) -> Iterator[Item]:
    lines = text.splitlines()
    try:
        data = _json(text)
    except json.JSONDecodeError as error:
        if len(lines) > 1 and lines[0].strip().startswith("{"):
            yield from _jsonl_lines(enumerate(lines, 1), origin, mapping, warnings)  # JSON Lines piped in
            return
        yield Failure(origin=origin, reason=f"invalid JSON: {error}")
        return
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        yield _record(record, f"{origin}[{index}]" if isinstance(data, list) else origin, mapping, warnings)


def read_jsonl(stream: BinaryIO, origin: str, *, mapping: Mapping = None) -> Iterator[Item]:
    """One record per line; a bad line is a failure and the next line is read."""
    if _is_gzip(stream):
        stream = gzip.GzipFile(fileobj=stream)  # type: ignore[assignment]
    number = 0
    try:
        for number, raw in enumerate(stream, 1):
            line = utf8_line(raw, first=number == 1)
            if line is None:
                yield Failure(origin=f"{origin}:{number}", reason="line is not UTF-8")
                continue
            yield from _jsonl_lines([(number, line.text)], origin, mapping, line.warnings)
    except (OSError, EOFError, zlib.error) as error:  # a truncated or corrupted .gz
        yield Failure(origin=origin, reason=f"stream broken after line {number}: {error}")


def _is_gzip(stream: BinaryIO) -> bool:
    peek = getattr(stream, "peek", None)
    return bool(peek and peek(2)[:2] == b"\x1f\x8b")


def _jsonl_lines(
    lines: Iterable[tuple[int, str]], origin: str, mapping: Mapping, warnings: Sequence[str]
) -> Iterator[Item]:
    for number, line in lines:
        if not line.strip():
            continue
        try:
            record = _json(line)
        except json.JSONDecodeError as error:
            yield Failure(origin=f"{origin}:{number}", reason=f"invalid JSON: {error.msg}")
            continue
        yield _record(record, f"{origin}:{number}", mapping, warnings)


def _json(text: str) -> Any:
    """``json.loads``, with nesting too deep for the parser's recursion reported as invalid JSON."""
    try:
        return json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text, 0) from None


def read_csv(
    stream: BinaryIO, origin: str, *, delimiter: str = ",", mapping: Mapping = None
) -> Iterator[Item]:
    """One record per row, the header naming the fields; a row without text is a failure.

    The file is UTF-8 unless its first bytes read as Windows-1256 Persian (:func:`stream_encoding`); a
    damaged byte sequence becomes U+FFFD and its row's document says so, and the rows after it are read.
    """
    csv.field_size_limit(MAX_CSV_FIELD)
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)  # type: ignore[arg-type]
    encoding = stream_encoding(stream.peek(65536))  # type: ignore[attr-defined]
    text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
    row_number = 1
    try:
        reader = csv.DictReader(text, delimiter=delimiter)
        for row_number, row in enumerate(reader, 2):
            fields = {k: v for k, v in row.items() if isinstance(k, str)}
            replaced = sum(v.count(REPLACEMENT) for v in fields.values() if isinstance(v, str))
            yield _record(fields, f"{origin}:{row_number}", mapping, damage_warnings(encoding, replaced))
    except csv.Error as error:
        yield Failure(origin=f"{origin}:{row_number + 1}", reason=f"unreadable CSV: {error}")


def _record(record: Any, origin: str, mapping: Mapping, warnings: Sequence[str] = ()) -> Item:
    try:
        document = document_from_record(remap(record, mapping), origin)
    except RecordError as error:
        return Failure(origin=origin, reason=str(error))
    document.warnings = list(warnings)
    return document
