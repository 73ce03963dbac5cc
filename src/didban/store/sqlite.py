"""The embedded corpus: SQLite in WAL mode with FTS5 indexes over folded text.

One connection per store object; one writer at a time (``BEGIN IMMEDIATE`` batches); readers run beside it
thanks to WAL. Schema changes are numbered SQL files in ``migrations/``, applied in order and recorded in
``PRAGMA user_version``.
"""

from __future__ import annotations

import functools
import sqlite3
import time
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from didban.article import Article
from didban.document import Failure
from didban.search import Query, search_key, snippet
from didban.store.base import (
    Checkpoint,
    CorpusCounts,
    EntityCount,
    Filters,
    Hit,
    PreparedArticle,
    QuoteRecord,
)
from didban.store.filters import date_tokens, name_tokens

if TYPE_CHECKING:
    from didban.ingest.watch import FeedState

#: BM25 weights of the indexed columns: a word in the headline counts three times one in the body.
HEADLINE_WEIGHT = 3.0
BODY_WEIGHT = 1.0
MIN_ID_PREFIX = 6
#: A query matching more articles than this ranks the most recently stored ones only: BM25 over every match
#: of a word found in half the corpus costs tens of milliseconds and ranks little (its IDF is near zero).
RANK_WINDOW = 2000
#: A query that runs longer than this is stopped (the web UI and API must stay responsive).
QUERY_TIME_LIMIT_S = 5.0


class StoreError(RuntimeError):
    """The database cannot be used: not a Didban corpus, newer than this version, or locked."""


@functools.cache
def migrations() -> list[tuple[int, str]]:
    """The numbered schema migrations shipped with the package, in order (read once per process)."""
    folder = resources.files("didban.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), entry.read_text(encoding="utf-8")))
    return sorted(found)


_SAVE_CHECKPOINT = (
    "INSERT INTO inputs (key, fingerprint, items, complete, updated_at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (key) DO UPDATE SET fingerprint = excluded.fingerprint, items = excluded.items, "
    "complete = excluded.complete, updated_at = excluded.updated_at"
)
_INSERT_ARTICLE = (
    "INSERT INTO articles (id, url, origin, headline, published, outlet_id, outlet_name, topic, quotes, "
    "ingested_at, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING"
)
_INSERT_QUOTE = (
    "INSERT INTO quotes (article, position, kind, speaker, speaker_id, speaker_key, speaker_mention, cue, "
    'text, start, "end") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class SQLiteStore:
    """A corpus in one SQLite file (``:memory:`` for tests)."""

    def __init__(self, path: str | Path = "didban.db", *, readonly: bool = False) -> None:
        self.path = str(path)
        try:
            if readonly:
                uri = f"file:{Path(self.path).resolve()}?mode=ro"
                self.db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            else:
                self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA busy_timeout = 10000")
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                self._migrate()
            self._check_version()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: not a usable Didban database ({error})") from error

    # -- schema ---------------------------------------------------------------------------------------

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version == 0 and self._has_foreign_tables():
            raise StoreError(f"{self.path}: an SQLite database that is not a Didban corpus")
        for number, script in migrations():
            if number <= version:
                continue
            with self._transaction():
                for statement in _statements(script):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number}")

    def _has_foreign_tables(self) -> bool:
        return self.db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0

    def _check_version(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        latest = migrations()[-1][0]
        if version > latest:
            raise StoreError(f"{self.path}: schema {version} is newer than this Didban (knows {latest})")
        if version == 0:
            raise StoreError(f"{self.path}: not a Didban corpus")

    def schema_version(self) -> int:
        """The applied schema migration number."""
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    # -- writing --------------------------------------------------------------------------------------

    def write(
        self, items: Sequence[PreparedArticle | Failure], checkpoints: Sequence[Checkpoint] = ()
    ) -> list[bool]:
        """Store a batch in one transaction; per item, whether it was new."""
        added: list[bool] = []
        now = _now()
        with self._transaction():
            for item in items:
                if isinstance(item, Failure):
                    self._write_failure(item, now)
                    added.append(False)
                else:
                    added.append(self._write_article(item, now))
            for point in checkpoints:
                self.db.execute(
                    _SAVE_CHECKPOINT, (point.key, point.fingerprint, point.items, int(point.complete), now)
                )
        return added

    def _write_failure(self, failure: Failure, now: str) -> None:
        self.db.execute(
            "INSERT INTO failures (origin, reason, at) VALUES (?, ?, ?) "
            "ON CONFLICT (origin, reason) DO UPDATE SET at = excluded.at",
            (failure.origin, failure.reason, now),
        )

    def _write_article(self, row: PreparedArticle, now: str) -> bool:
        cursor = self.db.execute(
            _INSERT_ARTICLE,
            (
                row.id,
                row.url,
                row.origin,
                row.headline,
                row.published,
                row.outlet_id,
                row.outlet_name,
                row.topic,
                len(row.quotes),
                now,
                row.json,
            ),
        )
        if cursor.rowcount == 0:
            return False
        key = cursor.lastrowid
        db = self.db
        db.execute(
            "INSERT INTO article_search (rowid, headline, body, meta) VALUES (?, ?, ?, ?)",
            (key, row.search_headline, row.search_body, row.search_meta),
        )
        db.executemany("INSERT INTO sources VALUES (?, ?, ?, ?, ?)", [(key, *s) for s in row.sources])
        db.executemany("INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?)", [(key, *e) for e in row.entities])
        db.executemany("INSERT INTO mentions VALUES (?, ?, ?, ?, ?)", [(key, *m) for m in row.mentions])
        db.executemany("INSERT INTO dates VALUES (?, ?, ?, ?, ?, ?, ?)", [(key, *d) for d in row.dates])
        for quote in row.quotes:
            quote_key = db.execute(_INSERT_QUOTE, (key, *quote[:10])).lastrowid
            db.execute("INSERT INTO quote_search (rowid, text) VALUES (?, ?)", (quote_key, quote[10]))
        return True

    def checkpoint(self, key: str) -> Checkpoint | None:
        """How far the input ``key`` was read by earlier ingests."""
        row = self.db.execute(
            "SELECT fingerprint, items, complete FROM inputs WHERE key = ?", (key,)
        ).fetchone()
        if row is None:
            return None
        return Checkpoint(key=key, fingerprint=row[0], items=row[1], complete=bool(row[2]))

    # -- reading --------------------------------------------------------------------------------------

    def get(self, article_id: str) -> Article | None:
        """The stored Article with this id (or a unique prefix of at least 6 characters)."""
        row = self.db.execute("SELECT json FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None and len(article_id) >= MIN_ID_PREFIX and article_id.isalnum():
            rows = self.db.execute(
                "SELECT json FROM articles WHERE id >= ? AND id < ? LIMIT 2", (article_id, article_id + "~")
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
        return Article.from_json(row[0]) if row else None

    def search(self, query: Query, filters: Filters) -> list[Hit]:
        """Articles matching the query, best first (BM25, the headline weighted above the body)."""
        expression = match_expression(query, filters)
        if expression is None:
            return []
        with self._time_limit():
            cutoff = self.db.execute(*window_sql(expression)).fetchone()
            sql, params = search_sql(query, filters, cutoff[0] if cutoff else None)
            rows = self.db.execute(sql, params).fetchall()
        hits = []
        for article_id, headline, url, published, outlet, score, text in rows:
            shown = snippet(_body(text, headline), query)
            hits.append(
                Hit(
                    id=article_id,
                    headline=headline,
                    url=url,
                    published=published,
                    outlet=outlet,
                    score=round(-score, 4),
                    snippet=shown.text,
                    highlights=shown.highlights,
                )
            )
        return hits

    def quotes(self, filters: Filters, about: Query | None = None) -> list[QuoteRecord]:
        """Quotations, newest first, by speaker and/or about a query."""
        sql, params = quotes_sql(filters, about)
        with self._time_limit():
            rows = self.db.execute(sql, params).fetchall()
        return [
            QuoteRecord(
                article_id=r[0],
                headline=r[1],
                url=r[2],
                published=r[3],
                outlet=r[4],
                speaker=r[5],
                speaker_id=r[6],
                kind=r[7],
                cue=r[8],
                text=r[9],
            )
            for r in rows
        ]

    def entities(self, top: int = 20, label: str | None = None) -> list[EntityCount]:
        """The entities in the most articles."""
        where, params = ("WHERE label = ?", [label]) if label else ("", [])
        rows = self.db.execute(
            "SELECT id, max(name), max(label), count(DISTINCT article), sum(mentions) FROM entities "
            f"{where} GROUP BY id ORDER BY count(DISTINCT article) DESC, sum(mentions) DESC, id LIMIT ?",
            [*params, top],
        ).fetchall()
        return [EntityCount(id=r[0], name=r[1], label=r[2], articles=r[3], mentions=r[4]) for r in rows]

    def failures(self, limit: int = 50) -> list[Failure]:
        """Recorded failures, latest first."""
        rows = self.db.execute(
            "SELECT origin, reason FROM failures ORDER BY at DESC, origin LIMIT ?", (limit,)
        ).fetchall()
        return [Failure(origin=o, reason=r) for o, r in rows]

    def counts(self) -> CorpusCounts:
        """How many articles, quotes, entities and failures are stored."""

        def count(table: str) -> int:
            return int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

        return CorpusCounts(
            articles=count("articles"),
            quotes=count("quotes"),
            entities=int(self.db.execute("SELECT count(DISTINCT id) FROM entities").fetchone()[0]),
            failures=count("failures"),
        )

    # -- feeds (didban watch) -------------------------------------------------------------------------

    def seen(self, keys: Iterable[str]) -> set[str]:
        """Which of these feed item keys were already taken."""
        wanted = list(keys)
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0] for r in self.db.execute(f"SELECT key FROM seen_items WHERE key IN ({marks})", chunk)
            )
        return found

    def mark_seen(self, keys: Iterable[str]) -> None:
        """Remember feed items as taken."""
        now = _now()
        with self._transaction():
            self.db.executemany(
                "INSERT INTO seen_items (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                [(key, now) for key in keys],
            )

    def feed_state(self, url: str) -> FeedState | None:
        """The stored polling state of one feed."""
        from didban.ingest.watch import FeedState

        row = self.db.execute(
            "SELECT etag, last_modified, failures, next_poll, last_status FROM feeds WHERE url = ?", (url,)
        ).fetchone()
        if row is None:
            return None
        etag, modified, failures, next_poll, status = row
        return FeedState(
            url=url,
            etag=etag,
            last_modified=modified,
            failures=failures,
            next_poll=next_poll,
            last_status=status,
        )

    def save_feed_state(self, state: FeedState) -> None:
        """Store the polling state of one feed."""
        values = (state.etag, state.last_modified, state.failures, state.next_poll, state.last_status)
        with self._transaction():
            self.db.execute(
                "INSERT INTO feeds (url, etag, last_modified, failures, next_poll, last_status) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
                "last_modified = excluded.last_modified, failures = excluded.failures, "
                "next_poll = excluded.next_poll, last_status = excluded.last_status",
                (state.url, *values),
            )

    # -- plumbing -------------------------------------------------------------------------------------

    def _transaction(self) -> _Transaction:
        return _Transaction(self.db)

    def _time_limit(self) -> _TimeLimit:
        return _TimeLimit(self.db, QUERY_TIME_LIMIT_S)

    def close(self) -> None:
        """Release the connection."""
        self.db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` when the block raises (the error goes on)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *exc: object) -> None:
        self.db.execute("ROLLBACK" if kind else "COMMIT")


class _TimeLimit:
    """Interrupt a query that runs past ``seconds`` (checked every 10,000 virtual-machine steps)."""

    def __init__(self, db: sqlite3.Connection, seconds: float) -> None:
        self.db = db
        self.seconds = seconds

    def __enter__(self) -> None:
        deadline = time.monotonic() + self.seconds
        self.db.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)

    def __exit__(self, *exc: object) -> None:
        self.db.set_progress_handler(None, 0)


def _statements(script: str) -> list[str]:
    """The statements of a migration script (``;`` at a line end closes one; comments dropped)."""
    statements, current = [], []
    for line in script.splitlines():
        stripped = line.split("--", 1)[0].rstrip()
        if not stripped:
            continue
        current.append(stripped)
        if stripped.endswith(";"):
            statements.append("\n".join(current))
            current = []
    if current:
        statements.append("\n".join(current))
    return statements


def _body(text: str | None, headline: str | None) -> str:
    """The article text without its headline line (the snippet shows the body)."""
    text = text or ""
    if headline and text.startswith(headline):
        return text[len(headline) :].lstrip()
    return text


def _filter_sql(filters: Filters, article: str = "a") -> tuple[list[str], list[Any]]:
    """WHERE conditions and parameters for the filters of a quotation listing (speaker aside)."""
    where: list[str] = []
    params: list[Any] = []
    if filters.entity:
        where.append(f"{article}.rowid IN (SELECT article FROM entities WHERE name_key LIKE ? OR id = ?)")
        params.extend([_word_pattern(filters.entity), filters.entity])
    if filters.source:
        where.append(
            f"({article}.outlet_id = ? OR {article}.rowid IN "
            "(SELECT article FROM sources WHERE id = ? OR name_key LIKE ?))"
        )
        params.extend([filters.source, filters.source, _word_pattern(filters.source)])
    if filters.topic:
        where.append(f"{article}.topic = ?")
        params.append(filters.topic)
    if filters.since:
        where.append(f"{article}.published >= ?")
        params.append(filters.since)
    if filters.until:
        where.append(f"{article}.published <= ?")
        params.append(filters.until)
    return where, params


def _word_pattern(name: str) -> str:
    """A LIKE pattern matching ``name`` as whole folded words inside a space-padded key."""
    key = search_key(name).replace("\\", "").replace("%", "").replace("_", "")
    return f"%{key}%"


def match_expression(query: Query, filters: Filters) -> str | None:
    """The FTS5 expression of a query with its filters (None: the filters exclude everything).

    The user's expression is confined to the text columns; each filter is a condition on ``meta``.
    """
    conditions = [f"{{headline body}} : ({query.expression})"]
    for kind, name in (("speaker", filters.speaker), ("entity", filters.entity), ("source", filters.source)):
        if name:
            tokens = name_tokens(kind, name)
            if not tokens:
                return None
            conditions.append("meta : (" + " AND ".join(f'"{t}"' for t in tokens) + ")")
    if filters.topic:
        tokens = name_tokens("topic", filters.topic)
        if not tokens:
            return None
        conditions.append("meta : (" + " AND ".join(f'"{t}"' for t in tokens) + ")")
    if filters.since or filters.until:
        days = date_tokens(filters.since, filters.until)
        if not days:
            return None
        conditions.append("meta : (" + " OR ".join(days) + ")")
    return " AND ".join(conditions)


def window_sql(expression: str) -> tuple[str, list[Any]]:
    """The SQL finding the rowid of the :data:`RANK_WINDOW`-th most recent match (none: fewer matches)."""
    sql = "SELECT rowid FROM article_search WHERE article_search MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?"
    return sql, [expression, RANK_WINDOW - 1]


def search_sql(query: Query, filters: Filters, since_rowid: int | None = None) -> tuple[str, list[Any]]:
    """The SQL of an article search and its parameters (inspectable without a database).

    Ranks inside a subquery and reads the article text for the hits only; ``since_rowid`` restricts the
    ranking to the most recent matches (see :data:`RANK_WINDOW`).
    """
    expression = match_expression(query, filters) or 'meta : "none"'  # no article carries that token
    window = "AND rowid >= ? " if since_rowid is not None else ""
    sql = (
        f"WITH top AS (SELECT rowid AS article, bm25(article_search, {HEADLINE_WEIGHT}, {BODY_WEIGHT}, 0.0) "
        f"AS score FROM article_search WHERE article_search MATCH ? {window}"
        "ORDER BY score, rowid DESC LIMIT ? OFFSET ?) "
        "SELECT a.id, a.headline, a.url, a.published, a.outlet_name, top.score, "
        "json_extract(a.json, '$.text') AS text FROM top JOIN articles AS a ON a.rowid = top.article "
        "ORDER BY top.score, a.rowid DESC"
    )
    params: list[Any] = [expression] + ([since_rowid] if since_rowid is not None else [])
    return sql, [*params, filters.limit, filters.offset]


def quotes_sql(filters: Filters, about: Query | None) -> tuple[str, list[Any]]:
    """The SQL listing quotations (by speaker, about a query) and its parameters."""
    where, params = _filter_sql(filters)
    if filters.speaker:
        where.insert(0, "(q.speaker_key LIKE ? OR q.speaker_id = ?)")
        params[:0] = [_word_pattern(filters.speaker), filters.speaker]
    if about is not None:
        where.insert(0, "q.rowid IN (SELECT rowid FROM quote_search WHERE quote_search MATCH ?)")
        params.insert(0, about.expression)
    conditions = ("WHERE " + " AND ".join(where)) if where else ""
    sql = (
        "SELECT a.id, a.headline, a.url, a.published, a.outlet_name, q.speaker, q.speaker_id, q.kind, q.cue, "
        f"q.text FROM quotes AS q JOIN articles AS a ON a.rowid = q.article {conditions} "
        "ORDER BY a.published DESC, a.rowid DESC, q.position LIMIT ? OFFSET ?"
    )
    return sql, [*params, filters.limit, filters.offset]
