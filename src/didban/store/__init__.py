"""Corpus stores: one :class:`~didban.store.base.Store` interface; SQLite is the embedded default."""

from __future__ import annotations

from pathlib import Path

from didban.store.base import Checkpoint, Filters, Hit, PreparedArticle, QuoteRecord, Store
from didban.store.sqlite import SQLiteStore, StoreError

__all__ = [
    "Checkpoint",
    "Filters",
    "Hit",
    "PreparedArticle",
    "QuoteRecord",
    "SQLiteStore",
    "Store",
    "StoreError",
    "open_store",
]

DEFAULT_DB = "didban.db"


def open_store(location: str | Path = DEFAULT_DB, *, readonly: bool = False) -> SQLiteStore:
    """Open (and create or migrate, unless ``readonly``) the corpus at ``location``.

    Raises:
        StoreError: the file is not a Didban corpus, is newer than this version, or cannot be opened.
    """
    location = str(location)
    if location.startswith(("postgres://", "postgresql://")):
        raise StoreError("the PostgreSQL store is not part of this version; use an SQLite file path")
    if readonly and location != ":memory:" and not Path(location).exists():
        raise StoreError(f"{location}: no such corpus; create it with `didban ingest`")
    return SQLiteStore(location, readonly=readonly)
