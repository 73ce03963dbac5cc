"""The same pipeline over many documents: a bounded, ordered map over local worker processes.

Bounded: at most ``window`` chunks are in flight, so a 1 GB input streams through in constant memory (an
executor's ``map`` would read the whole input ahead). Ordered: results come back in input order, so the
writer can record how far each input was read. A worker error fails its chunk loudly, never silently.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    """One worker per available core."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last one shorter)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def ordered_map(
    function: Callable[[list[T]], list[R]],
    chunks: Iterable[list[T]],
    *,
    workers: int,
    window: int | None = None,
) -> Iterator[list[R]]:
    """``function`` over each chunk, in worker processes (in this one when ``workers`` ≤ 1), in order.

    ``function`` must be a module-level function (it is pickled to the workers).
    """
    if workers <= 1:
        for chunk in chunks:
            yield function(chunk)
        return
    limit = window or 4 * workers
    pending: deque[Future[list[R]]] = deque()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        try:
            for chunk in chunks:
                pending.append(pool.submit(function, chunk))
                if len(pending) >= limit:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
