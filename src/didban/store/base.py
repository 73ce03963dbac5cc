"""The Store interface every corpus backend implements (SQLite now, PostgreSQL at scale), and its records.

Analysis never happens in a store: articles arrive analysed and already turned into rows
(:class:`PreparedArticle`, built by :func:`didban.store.rows.prepare` in the worker processes), so the single
writer only writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

import msgspec

from didban.document import Failure

if TYPE_CHECKING:
    from didban.article import Article
    from didban.ingest.watch import FeedState
    from didban.search import Query


class PreparedArticle(msgspec.Struct, kw_only=True):
    """An analysed article as rows, ready for one insert (cheap to pickle between processes)."""

    id: str
    url: str | None
    origin: str | None
    headline: str | None
    published: str | None
    outlet_id: str | None
    outlet_name: str | None
    topic: str | None
    json: str
    search_headline: str
    search_body: str
    #: (position, id, name, name_key)
    sources: list[tuple[int, str | None, str, str]]
    #: (position, id, name, name_key, label, mentions)
    entities: list[tuple[int, str, str, str, str, int]]
    #: (entity position, text, start, end)
    mentions: list[tuple[int, str, int, int]]
    #: (position, kind, speaker, speaker_id, speaker_key, speaker_mention, cue, text, start, end, folded text)
    quotes: list[
        tuple[int, str, str | None, str | None, str | None, str | None, str | None, str, int, int, str]
    ]
    #: (position, text, value, calendar, start, end)
    dates: list[tuple[int, str, str | None, str, int, int]]
    #: filter tokens of the article (:mod:`didban.store.filters`), indexed beside its text
    search_meta: str


class Checkpoint(msgspec.Struct, kw_only=True):
    """How far one input was read: ``items`` taken in order, and whether it was read to its end."""

    key: str
    fingerprint: str | None
    items: int
    complete: bool


class Filters(msgspec.Struct, kw_only=True):
    """Restrictions shared by article search and quote listing (names match as whole folded words)."""

    speaker: str | None = None
    entity: str | None = None
    source: str | None = None
    topic: str | None = None
    since: str | None = None
    until: str | None = None
    limit: int = 20
    offset: int = 0


class Hit(msgspec.Struct, kw_only=True):
    """One search result: a ranked article with a snippet and where the query terms are in it."""

    id: str
    headline: str | None
    url: str | None
    published: str | None
    outlet: str | None
    score: float
    snippet: str
    highlights: list[tuple[int, int]]


class QuoteRecord(msgspec.Struct, kw_only=True):
    """A stored quotation with the article it is in."""

    article_id: str
    headline: str | None
    url: str | None
    published: str | None
    outlet: str | None
    speaker: str | None
    speaker_id: str | None
    kind: str
    cue: str | None
    text: str


class EntityCount(msgspec.Struct, kw_only=True):
    """An entity across the corpus: in how many articles, with how many mentions."""

    id: str
    name: str
    label: str
    articles: int
    mentions: int


class CorpusCounts(msgspec.Struct, kw_only=True):
    """Sizes of a corpus, for summaries."""

    articles: int
    quotes: int
    entities: int
    failures: int


class Store(Protocol):
    """A corpus of analysed articles: one writer, many readers."""

    def write(
        self, items: Sequence[PreparedArticle | Failure], checkpoints: Sequence[Checkpoint] = ()
    ) -> list[bool]:
        """Store a batch in one transaction; per item, whether it was new (a duplicate or failure is not)."""
        ...

    def checkpoint(self, key: str) -> Checkpoint | None:
        """How far the input ``key`` was read by earlier ingests."""
        ...

    def get(self, article_id: str) -> Article | None:
        """The stored Article with this id (or a unique prefix of at least 6 characters)."""
        ...

    def search(self, query: Query, filters: Filters) -> list[Hit]:
        """Articles matching the query, best first (BM25, the headline weighted above the body)."""
        ...

    def quotes(self, filters: Filters, about: Query | None = None) -> list[QuoteRecord]:
        """Quotations, newest first, by speaker and/or about a query."""
        ...

    def entities(self, top: int = 20, label: str | None = None) -> list[EntityCount]:
        """The entities in the most articles."""
        ...

    def failures(self, limit: int = 50) -> list[Failure]:
        """Recorded failures, latest first."""
        ...

    def counts(self) -> CorpusCounts:
        """How many articles, quotes, entities and failures are stored."""
        ...

    def seen(self, keys: Iterable[str]) -> set[str]:
        """Which of these feed item keys were already taken."""
        ...

    def mark_seen(self, keys: Iterable[str]) -> None:
        """Remember feed items as taken."""
        ...

    def feed_state(self, url: str) -> FeedState | None:
        """The polling state of a watched feed (ETag, Last-Modified, failures, next poll)."""
        ...

    def save_feed_state(self, state: FeedState) -> None:
        """Remember the polling state of a watched feed."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...
