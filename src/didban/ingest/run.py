"""``didban ingest``: inputs → analysed articles → the store, resumable and idempotent.

Reading happens here, analysis in worker processes (:func:`didban.batch.ordered_map`), writing in this
process (the store's single writer), batch by batch. Each batch is one transaction that also records how
far every input was read, so an interrupted ingest resumes where its last batch ended and a finished input
whose file has not changed is skipped. Identical content is stored once (the article id is the hash of the
repaired text); failures are stored with their reason and never stop the run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import msgspec

from didban.article import Article
from didban.batch import chunked, default_workers, ordered_map
from didban.document import Document, Failure
from didban.ingest.inputs import Input, expand, read_input
from didban.store.base import Checkpoint, PreparedArticle, Store

if TYPE_CHECKING:
    from didban.ingest.fetch import Fetcher

#: Items per task sent to a worker, and per write transaction.
CHUNK = 16
BATCH = 256
#: Write at least this often (seconds) so progress shows and an interruption loses little.
MAX_BATCH_SECONDS = 2.0
#: Failures kept in the report (all of them are in the store).
REPORTED_FAILURES = 20


class Options(msgspec.Struct, kw_only=True):
    """How to ingest: one options object for the CLI, the API and the tests."""

    workers: int = 0  # 0: one per core
    mapping: dict[str, str] | None = None
    force: bool = False  # read inputs again even when they were read to the end before
    published: str | None = None  # for inputs that do not say
    outlet: str | None = None
    follow_links: bool = True  # fetch the page of a feed item that only has a summary


@dataclass
class Report:
    """What an ingest did."""

    added: int = 0
    duplicates: int = 0
    failed: int = 0
    unchanged_inputs: int = 0
    resumed_inputs: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)

    @property
    def read(self) -> int:
        """Items taken from the inputs in this run."""
        return self.added + self.duplicates + self.failed

    def summary(self) -> str:
        """One line for the terminal."""
        parts = [f"added {self.added}", f"duplicates {self.duplicates}", f"failed {self.failed}"]
        if self.unchanged_inputs:
            parts.append(f"{self.unchanged_inputs} input(s) unchanged since the last ingest")
        if self.resumed_inputs:
            parts.append(f"{self.resumed_inputs} input(s) resumed")
        rate = self.read / self.seconds if self.seconds else 0.0
        return f"{', '.join(parts)} ({self.read} items in {self.seconds:.1f} s, {rate:.0f}/s)"


class _End(msgspec.Struct, frozen=True):
    """Marks that an input was read to its end (it travels with the items, in order)."""


_END = _End()
Entry = tuple[str, str | None, int, Document | Failure | _End]
Result = tuple[str, str | None, int, PreparedArticle | Failure | _End]


def ingest(
    names: Iterable[str],
    store: Store,
    options: Options | None = None,
    *,
    progress: Callable[[Report], None] | None = None,
    fetcher_factory: Callable[[], Fetcher] | None = None,
) -> Report:
    """Read, analyse and store everything ``names`` stand for.

    Returns:
        The report; per-item failures are in it (the first few) and in the store (all).
    """
    options = options or Options()
    report = Report()
    started = time.monotonic()
    entries = _entries(names, store, options, report, fetcher_factory if options.follow_links else None)
    workers = options.workers or default_workers()
    writer = _Writer(store, report, progress, started)
    try:
        for results in ordered_map(analyze_chunk, chunked(entries, CHUNK), workers=workers):
            writer.take(results)
        writer.flush()
    finally:
        report.seconds = time.monotonic() - started
    return report


def _entries(
    names: Iterable[str],
    store: Store,
    options: Options,
    report: Report,
    fetcher_factory: Callable[[], Fetcher] | None,
) -> Iterator[Entry]:
    """(input key, fingerprint, item number, item) for every item still to take, then an end marker."""
    for source in expand(names):
        if isinstance(source, Failure):
            yield source.origin, None, 0, source
            continue
        skip = _already_read(source, store, options)
        if skip is None:
            report.unchanged_inputs += 1
            continue
        if skip:
            report.resumed_inputs += 1
        number = 0
        for number, item in enumerate(
            read_input(source, mapping=options.mapping, fetcher_factory=fetcher_factory), 1
        ):
            if number > skip:
                yield source.key, source.fingerprint, number, _with_defaults(item, source, options)
        yield source.key, source.fingerprint, number, _END


def _already_read(source: Input, store: Store, options: Options) -> int | None:
    """Items of ``source`` taken before (None: all of them, the input is unchanged and complete)."""
    if options.force or source.fingerprint is None:
        return 0
    point = store.checkpoint(source.key)
    if point is None or point.fingerprint != source.fingerprint:
        return 0
    return None if point.complete else point.items


def _with_defaults(item: Document | Failure, source: Input, options: Options) -> Document | Failure:
    """Fill what the input does not say: its location as the url, and the command-line metadata."""
    if isinstance(item, Failure):
        return item
    url = source.key if source.kind != "stdin" else None
    return item.fill(url=url, published=options.published, outlet=options.outlet)


def store_documents(documents: list[Document], store: Store) -> Report:
    """Analyse a few documents in this process and store them (``didban watch`` polls feeds with this)."""
    report = Report()
    started = time.monotonic()
    entries: list[Entry] = [(d.origin, None, i, d) for i, d in enumerate(documents, 1)]
    writer = _Writer(store, report, None, started)
    writer.take(analyze_chunk(entries))
    writer.flush()
    report.seconds = time.monotonic() - started
    return report


def analyze_chunk(entries: list[Entry]) -> list[Result]:
    """Analyse the documents of a chunk into rows (runs in a worker); failures and markers pass through."""
    from didban.read.pipeline import analysis_failure, analyze_documents
    from didban.store.rows import prepare

    documents = [item for *_, item in entries if isinstance(item, Document)]
    read = iter(analyze_documents(documents))
    results: list[Result] = []
    for key, fingerprint, number, item in entries:
        if isinstance(item, Document):
            article = next(read)
            try:
                row = prepare(article, origin=item.origin) if isinstance(article, Article) else article
            except Exception as error:  # one bad item must not stop a batch
                row = analysis_failure(item.origin, error)
            results.append((key, fingerprint, number, row))
        else:
            results.append((key, fingerprint, number, item))
    return results


class _Writer:
    """Collects analysed items and writes them with their inputs' checkpoints, one transaction per batch."""

    def __init__(
        self, store: Store, report: Report, progress: Callable[[Report], None] | None, started: float
    ) -> None:
        self.store = store
        self.report = report
        self.progress = progress
        self.started = started
        self.items: list[PreparedArticle | Failure] = []
        self.points: dict[str, Checkpoint] = {}
        self.last_write = time.monotonic()

    def take(self, results: list[Result]) -> None:
        """Queue a chunk's results; write when the batch is full or old."""
        for key, fingerprint, number, item in results:
            if isinstance(item, _End):
                self.points[key] = Checkpoint(key=key, fingerprint=fingerprint, items=number, complete=True)
                continue
            self.items.append(item)
            if fingerprint is not None:
                self.points[key] = Checkpoint(key=key, fingerprint=fingerprint, items=number, complete=False)
        if len(self.items) >= BATCH or time.monotonic() - self.last_write > MAX_BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Write what is queued."""
        if not self.items and not self.points:
            return
        points = [p for p in self.points.values() if p.fingerprint is not None]
        added = self.store.write(self.items, points)
        for item, new in zip(self.items, added, strict=True):
            if isinstance(item, Failure):
                self.report.failed += 1
                if len(self.report.failures) < REPORTED_FAILURES:
                    self.report.failures.append(item)
            elif new:
                self.report.added += 1
            else:
                self.report.duplicates += 1
        self.items, self.points = [], {}
        self.last_write = time.monotonic()
        if self.progress:
            self.report.seconds = time.monotonic() - self.started
            self.progress(self.report)
