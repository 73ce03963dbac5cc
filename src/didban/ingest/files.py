"""Files, directories and stdin → documents, one failure record per unreadable item.

Plain text files are one article each; ``.json`` holds one record or a list of records; ``.jsonl`` /
``.ndjson`` one record per line, streamed so memory stays flat in the file size.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from didban.document import Document, Failure
from didban.ingest.decode import UnreadableInputError, decode_bytes
from didban.ingest.records import RecordError, document_from_record

JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
MAX_ARTICLE_BYTES = 16 * 1024 * 1024  # one plain-text article; larger inputs belong in JSONL

Item = Document | Failure


def read_inputs(names: Iterable[str]) -> Iterator[Item]:
    """Documents from paths, directories (recursively) and ``-`` (stdin), in the order given."""
    for name in names:
        if name == "-":
            yield from read_stream(sys.stdin.buffer, origin="<stdin>")
            continue
        path = Path(name)
        if path.is_dir():
            yield from _read_directory(path)
        elif path.is_file():
            yield from read_file(path)
        else:
            yield Failure(origin=name, reason="no such file or directory")


def _read_directory(root: Path) -> Iterator[Item]:
    suffixes = JSON_SUFFIXES | JSONL_SUFFIXES | {".txt"}
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in suffixes):
        yield from read_file(path)


def read_file(path: Path) -> Iterator[Item]:
    """Documents from one file, chosen by its suffix (plain text when unknown)."""
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as stream:
            if suffix in JSONL_SUFFIXES:
                yield from _read_jsonl(stream, str(path))
            else:
                yield from read_stream(stream, str(path), json_file=suffix in JSON_SUFFIXES)
    except OSError as error:
        yield Failure(origin=str(path), reason=error.strerror or str(error))


def read_stream(stream: BinaryIO, origin: str, *, json_file: bool | None = None) -> Iterator[Item]:
    """Documents from a byte stream: JSON when asked or when it starts with ``{``/``[``, else text."""
    data = stream.read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        limit = MAX_ARTICLE_BYTES >> 20
        yield Failure(origin=origin, reason=f"larger than {limit} MiB for one article; use JSONL for corpora")
        return
    try:
        text = decode_bytes(data).text
    except UnreadableInputError as error:
        yield Failure(origin=origin, reason=str(error))
        return
    if json_file or (json_file is None and text.lstrip()[:1] in ("{", "[")):
        yield from _json_documents(text, origin)
    else:
        yield Document(text=text, origin=origin)


def _json_documents(text: str, origin: str) -> Iterator[Item]:
    lines = text.splitlines()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        if len(lines) > 1 and lines[0].strip().startswith("{"):
            yield from _jsonl_lines(enumerate(lines, 1), origin)  # JSON Lines piped in
            return
        yield Failure(origin=origin, reason=f"invalid JSON: {error}")
        return
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        yield _record(record, f"{origin}[{index}]" if isinstance(data, list) else origin)


def _read_jsonl(stream: BinaryIO, origin: str) -> Iterator[Item]:
    for number, raw in enumerate(stream, 1):
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            yield Failure(origin=f"{origin}:{number}", reason="line is not UTF-8")
            continue
        yield from _jsonl_lines([(number, line)], origin)


def _jsonl_lines(lines: Iterable[tuple[int, str]], origin: str) -> Iterator[Item]:
    for number, line in lines:
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Failure(origin=f"{origin}:{number}", reason=f"invalid JSON: {error.msg}")
            continue
        yield _record(record, f"{origin}:{number}")


def _record(record: object, origin: str) -> Item:
    try:
        return document_from_record(record, origin)
    except RecordError as error:
        return Failure(origin=origin, reason=str(error))
