"""Polling feeds (``didban watch FEEDS_FILE --every 10m``): conditional GET, new items only, backoff.

The store implements :class:`FeedMemory`: per-feed state (validators, failures, next poll) and the keys of
items already taken. :func:`poll_feed` reads one feed and changes nothing; :func:`watch` stores the new
documents, *then* marks their keys seen and saves the feed state, so an item is never lost to a crash
between reading and storing (at worst it is read again). Items already taken are skipped before their
link is fetched, so no page is fetched twice. A feed that fails backs off exponentially, up to six hours.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

import msgspec

from didban.document import Document, Failure

if TYPE_CHECKING:
    from didban.ingest.fetch import Fetched, Fetcher

MIN_INTERVAL = 10.0
MAX_BACKOFF = 6 * 3600.0
_INTERVAL = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
_UNIT_SECONDS = (86400, 3600, 60, 1)


class FeedState(msgspec.Struct, kw_only=True):
    """What is remembered of one feed between polls."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0  # consecutive failed polls
    next_poll: float = 0.0  # epoch seconds
    last_status: int | None = None  # HTTP status of the last poll; None when no answer came


class FeedMemory(Protocol):
    """Storage for feed state and taken item keys (implemented by the SQLite store)."""

    def feed_state(self, url: str) -> FeedState | None: ...

    def save_feed_state(self, state: FeedState) -> None: ...

    def seen(self, keys: Iterable[str]) -> set[str]:
        """Which of these item keys were already taken."""
        ...

    def mark_seen(self, keys: Iterable[str]) -> None: ...


class PollResult(msgspec.Struct, kw_only=True):
    """The outcome of one poll: new documents, failures, the keys to mark seen and the state to save.

    Nothing is saved by :func:`poll_feed`; the caller stores ``documents``, then calls
    ``memory.mark_seen(keys)`` and ``memory.save_feed_state(state)``.
    """

    url: str
    documents: list[Document]
    failures: list[Failure]
    keys: list[str]
    not_modified: bool
    state: FeedState


def read_feeds_file(path: str | Path) -> list[str]:
    """Feed URLs from a file, one per line; ``#`` comments and blank lines are ignored, repeats dropped.

    Raises:
        ValueError: naming every line (by number) that is not an http(s) URL.
        OSError: when the file cannot be read.
    """
    text = Path(path).read_text(encoding="utf-8-sig")
    urls: list[str] = []
    bad: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not re.fullmatch(r"https?://[^\s/]+\S*", line, re.IGNORECASE):
            bad.append(f"line {number}: {line[:80]!r}")
        elif line not in urls:
            urls.append(line)
    if bad:
        raise ValueError(f"{path}: not an http(s) feed URL — " + "; ".join(bad))
    return urls


def parse_interval(value: str) -> float:
    """Seconds in an interval such as ``30s``, ``10m``, ``2h`` or ``1h30m`` (at least 10 seconds).

    >>> parse_interval("1h30m")
    5400.0

    Raises:
        ValueError: for anything else, or an interval shorter than 10 seconds.
    """
    text = value.strip().lower().replace(" ", "")
    match = _INTERVAL.fullmatch(text)
    if not text or match is None or not any(match.groups()):
        raise ValueError(f"not an interval: {value!r} (use a number with a unit: 30s, 10m, 2h or 1h30m)")
    seconds = float(
        sum(int(part or 0) * unit for part, unit in zip(match.groups(), _UNIT_SECONDS, strict=True))
    )
    if seconds < MIN_INTERVAL:
        raise ValueError(f"interval too short: {value!r} (the minimum is {MIN_INTERVAL:g}s)")
    return seconds


def backoff(every: float, failures: int) -> float:
    """Seconds to wait after ``failures`` consecutive failures: doubling, at most six hours.

    >>> backoff(600, 1), backoff(600, 3), backoff(600, 10)
    (1200.0, 4800.0, 21600.0)
    """
    return float(max(every, min(every * 2 ** min(failures, 32), MAX_BACKOFF)))


def poll_feed(url: str, memory: FeedMemory, fetcher: Fetcher, now: float, *, every: float) -> PollResult:
    """Poll one feed: conditional GET, then the entries not seen before (their links fetched if needed).

    On a fetch error or an unreadable feed the failure count goes up and the next poll backs off; the
    validators are then kept as they were, so the next poll reads the whole feed again.
    """
    from didban.ingest.fetch import FetchError

    state = memory.feed_state(url) or FeedState(url=url)
    try:
        fetched = fetcher.fetch(url, etag=state.etag, last_modified=state.last_modified)
    except FetchError as error:
        return _failed(state, Failure(origin=url, reason=str(error)), error.status, now, every)
    if fetched.not_modified:
        kept = msgspec.structs.replace(
            state,
            etag=fetched.etag or state.etag,
            last_modified=fetched.last_modified or state.last_modified,
        )
        return msgspec.structs.replace(_succeeded(url, kept, fetched.status, now, every), not_modified=True)
    try:
        read = _read_entries(url, fetched, memory, fetcher)
    except Exception as error:  # a feed that trips the parser must not end the watch
        reason = " ".join(f"feed not readable: {type(error).__name__}: {error}".split())
        return _failed(state, Failure(origin=url, reason=reason), fetched.status, now, every)
    if read.unreadable is not None:
        return _failed(state, read.unreadable, fetched.status, now, every)
    validators = {} if read.malformed else {"etag": fetched.etag, "last_modified": fetched.last_modified}
    result = _succeeded(url, msgspec.structs.replace(state, **validators), fetched.status, now, every)
    return msgspec.structs.replace(result, documents=read.documents, failures=read.failures, keys=read.keys)


class _FeedRead(NamedTuple):
    """What one fetched feed gave: new items, keys taken, and whether the feed itself was broken."""

    documents: list[Document]
    failures: list[Failure]
    keys: list[str]
    unreadable: Failure | None  # nothing could be read from the feed
    malformed: bool  # broken XML, some entries recovered


def _read_entries(url: str, fetched: Fetched, memory: FeedMemory, fetcher: Fetcher) -> _FeedRead:
    """The entries not seen before; keys of items to retry later (links not fetched) are left out."""
    from didban.ingest.feeds import feed_outcomes

    malformed: list[str] = []
    read = _FeedRead([], [], [], None, False)
    content_type = fetched.content_type
    if content_type and fetched.charset:
        content_type = f"{content_type}; charset={fetched.charset}"
    outcomes = feed_outcomes(
        fetched.content,
        origin=url,
        feed_url=fetched.url,
        fetcher=fetcher,
        skip=lambda key: bool(memory.seen([key])),
        content_type=content_type,
        on_malformed=malformed.append,
        complete_only=True,
    )
    for outcome in outcomes:
        if not outcome.key and isinstance(outcome.item, Failure):  # the whole feed is unreadable
            return read._replace(unreadable=outcome.item)
        if isinstance(outcome.item, Document):
            read.documents.append(outcome.item)
        else:
            read.failures.append(outcome.item)
        if outcome.final:
            read.keys.append(outcome.key)
    return read._replace(malformed=bool(malformed))


def _succeeded(url: str, state: FeedState, status: int, now: float, every: float) -> PollResult:
    """An empty result for a poll that worked: failures reset, next poll one interval on."""
    state = msgspec.structs.replace(state, failures=0, next_poll=now + every, last_status=status)
    return PollResult(url=url, documents=[], failures=[], keys=[], not_modified=False, state=state)


def _failed(state: FeedState, failure: Failure, status: int | None, now: float, every: float) -> PollResult:
    """The result of a failed poll: one failure, the count up and the next poll backed off."""
    failures = state.failures + 1
    next_poll = now + backoff(every, failures)
    new_state = msgspec.structs.replace(state, failures=failures, next_poll=next_poll, last_status=status)
    return PollResult(
        url=state.url, documents=[], failures=[failure], keys=[], not_modified=False, state=new_state
    )


def watch(
    urls: Sequence[str],
    memory: FeedMemory,
    fetcher: Fetcher,
    *,
    every: float,
    store_documents: Callable[[list[Document]], None],
    on_failure: Callable[[Failure], None],
    clock: Callable[[], float] = time.time,
    sleep: Callable[[float], None] = time.sleep,
    rounds: int | None = None,
) -> int:
    """Poll the feeds that are due, over and over, until Ctrl-C (or ``rounds`` passes); documents stored.

    For each poll: failures go to ``on_failure``, new documents to ``store_documents``, and only then are
    the item keys marked seen and the feed state saved. An error raised by ``store_documents`` propagates
    with nothing marked, so those items are read again next time.
    """
    stored = 0
    done = 0
    try:
        while rounds is None or done < rounds:
            due_next = []
            for url in urls:
                state = memory.feed_state(url)
                if state is not None and state.next_poll > clock():
                    due_next.append(state.next_poll)
                    continue
                result = poll_feed(url, memory, fetcher, clock(), every=every)
                stored += _keep(result, memory, store_documents, on_failure)
                due_next.append(result.state.next_poll)
            done += 1
            if rounds is not None and done >= rounds:
                break
            sleep(max(1.0, min(due_next, default=clock() + every) - clock()))
    except KeyboardInterrupt:
        pass
    return stored


def _keep(
    result: PollResult,
    memory: FeedMemory,
    store_documents: Callable[[list[Document]], None],
    on_failure: Callable[[Failure], None],
) -> int:
    """Report failures, store documents, then mark their keys seen and save the feed state."""
    for failure in result.failures:
        on_failure(failure)
    if result.documents:
        store_documents(result.documents)
    if result.keys:
        memory.mark_seen(result.keys)
    memory.save_feed_state(result.state)
    return len(result.documents)
