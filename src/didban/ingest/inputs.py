"""What the user names on the command line → inputs, each read by the adapter its kind needs.

An :class:`Input` is one file, URL or stdin: it has a key and (for files) a fingerprint, so an ingest can
tell an input it already read to the end, and resume one it read in part. Kinds come from the suffix
(``.txt``, ``.json``, ``.jsonl[.gz]``, ``.csv``/``.tsv``, ``.html``, ``.xml``/``.rss``/``.atom``,
``.warc[.gz]``); a URL is fetched and read as a feed or a page by what it returns. Directories are read
recursively and glob patterns expanded, in sorted order.
"""

from __future__ import annotations

import glob
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from didban.document import Failure, Item
from didban.ingest.decode import UnreadableInputError
from didban.ingest.files import Mapping, read_csv, read_jsonl, read_stream

if TYPE_CHECKING:
    from didban.ingest.fetch import Fetcher


KINDS_BY_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonl.gz": "jsonl",
    ".ndjson.gz": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".warc": "warc",
    ".warc.gz": "warc",
}
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class Input:
    """One named input: a file, a URL or stdin."""

    key: str
    kind: str
    fingerprint: str | None = None

    @property
    def is_url(self) -> bool:
        """Whether the input is fetched over HTTP."""
        return self.kind == "url"


def kind_of(path: Path) -> str:
    """The adapter for a file, by its suffix (plain text when unknown)."""
    name = path.name.lower()
    for suffix in (".jsonl.gz", ".ndjson.gz", ".warc.gz"):
        if name.endswith(suffix):
            return KINDS_BY_SUFFIX[suffix]
    return KINDS_BY_SUFFIX.get(path.suffix.lower(), "text")


def expand(names: Iterable[str]) -> Iterator[Input | Failure]:
    """The inputs that ``names`` stand for, in order (a name that matches nothing is a failure)."""
    for name in names:
        if name == "-":
            yield Input(key="<stdin>", kind="stdin")
        elif name.startswith(("http://", "https://")):
            yield Input(key=name, kind="url")
        elif Path(name).is_dir():
            for path in sorted(p for p in Path(name).rglob("*") if p.is_file() and _known(p)):
                yield _file_input(path)
        elif Path(name).is_file():
            yield _file_input(Path(name))
        elif _GLOB_CHARS & set(name):
            paths = sorted(Path(p) for p in glob.glob(name, recursive=True) if Path(p).is_file())
            if not paths:
                yield Failure(origin=name, reason="the pattern matches no file")
            for path in paths:
                yield _file_input(path)
        else:
            yield Failure(origin=name, reason="no such file or directory")


def _known(path: Path) -> bool:
    name = path.name.lower()
    return any(name.endswith(suffix) for suffix in KINDS_BY_SUFFIX)


def _file_input(path: Path) -> Input:
    try:
        stat = path.stat()
        fingerprint = f"{stat.st_size}:{stat.st_mtime_ns}"
    except OSError:
        fingerprint = None
    return Input(key=str(path), kind=kind_of(path), fingerprint=fingerprint)


def read_input(
    source: Input, *, mapping: Mapping = None, fetcher_factory: Callable[[], Fetcher] | None = None
) -> Iterator[Item]:
    """The documents of one input; unreadable items become failures and the rest is read. An exception a
    reader's library raises on hostile bytes ends this input with a failure, never the whole run."""
    try:
        yield from _read_source(source, mapping, fetcher_factory)
    except Exception as error:
        yield Failure(origin=source.key, reason=f"could not be read: {type(error).__name__}: {error}")


def _read_source(
    source: Input, mapping: Mapping, fetcher_factory: Callable[[], Fetcher] | None
) -> Iterator[Item]:
    if source.kind == "stdin":
        yield from read_stream(sys.stdin.buffer, "<stdin>", mapping=mapping)
        return
    if source.is_url:
        yield from _read_url(source.key, fetcher_factory)
        return
    try:
        with open(source.key, "rb") as stream:
            yield from _read_file(stream, source, mapping, fetcher_factory)
    except OSError as error:
        yield Failure(origin=source.key, reason=error.strerror or str(error))


def _read_file(
    stream: BinaryIO, source: Input, mapping: Mapping, fetcher_factory: Callable[[], Fetcher] | None
) -> Iterator[Item]:
    origin = source.key
    if source.kind == "jsonl":
        yield from read_jsonl(stream, origin, mapping=mapping)
    elif source.kind in ("csv", "tsv"):
        yield from read_csv(stream, origin, delimiter="\t" if source.kind == "tsv" else ",", mapping=mapping)
    elif source.kind == "html":
        yield _html(stream, origin)
    elif source.kind == "feed":
        yield from _feed(stream.read(), origin, None, fetcher_factory)
    elif source.kind == "warc":
        from didban.ingest.warc import read_warc

        yield from read_warc(stream, origin=origin)
    else:
        yield from read_stream(
            stream, origin, json_file=True if source.kind == "json" else None, mapping=mapping
        )


def _html(stream: BinaryIO, origin: str, url: str | None = None, charset: str | None = None) -> Item:
    from didban.ingest.html import MAX_HTML_BYTES, document_from_html

    data = stream.read(MAX_HTML_BYTES + 1)
    try:
        return document_from_html(data, url=url, origin=origin, declared_charset=charset)
    except UnreadableInputError as error:
        return Failure(origin=origin, reason=str(error))


def _feed(
    data: bytes, origin: str, feed_url: str | None, fetcher_factory: Callable[[], Fetcher] | None
) -> Iterator[Item]:
    from didban.ingest.feeds import read_feed

    if fetcher_factory is None:
        yield from read_feed(data, origin=origin, feed_url=feed_url)
        return
    with fetcher_factory() as fetcher:
        yield from read_feed(data, origin=origin, feed_url=feed_url, fetcher=fetcher)


def _read_url(url: str, fetcher_factory: Callable[[], Fetcher] | None) -> Iterator[Item]:
    from didban.ingest.fetch import Fetcher, FetchError

    factory = fetcher_factory or Fetcher
    try:
        with factory() as fetcher:
            fetched = fetcher.fetch(url)
    except FetchError as error:
        yield Failure(origin=url, reason=str(error))
        return
    if _looks_like_feed(fetched.content_type, fetched.content):
        yield from _feed(fetched.content, url, fetched.url, factory)
        return
    from io import BytesIO

    yield _html(BytesIO(fetched.content), url, url=fetched.url, charset=fetched.charset)


def _looks_like_feed(content_type: str | None, content: bytes) -> bool:
    kind = (content_type or "").lower()
    if any(word in kind for word in ("rss", "atom", "xml")) and "xhtml" not in kind:
        return True
    head = content[:512].lstrip().lower()
    return head.startswith((b"<?xml", b"<rss", b"<feed")) and b"<html" not in content[:2048].lower()


def read_inputs(
    names: Iterable[str], *, mapping: Mapping = None, fetcher_factory: Callable[[], Fetcher] | None = None
) -> Iterator[Item]:
    """Documents from every input ``names`` stand for, in order."""
    for source in expand(names):
        if isinstance(source, Failure):
            yield source
        else:
            yield from read_input(source, mapping=mapping, fetcher_factory=fetcher_factory)
