"""The SQLite store: migrations, idempotent writes, Persian-aware search with filters, quotes, failures."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from didban import analyze
from didban.document import Failure
from didban.search import parse_query
from didban.store import SQLiteStore, StoreError, open_store
from didban.store.base import Checkpoint, Filters
from didban.store.rows import prepare
from didban.store.sqlite import migrations, search_sql

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "tests" / "fixtures" / "seed.txt").read_text(encoding="utf-8")

#: Written for these tests in the style of an agency report: the same words in other spellings than the seed.
CLASHES = """درگیری‌ها در مرز ادامه دارد

به گزارش خبرگزاری ایسنا، درگیری‌ها در مرز شمالی از بامداد امروز ادامه داشت و مقام‌های محلی
از افزایش شمار زخمی‌ها خبر دادند.

مریم صالحی، سخنگوی هلال احمر، گفت: «تیم‌های امدادی در ۱۴ نقطه مستقر شده‌اند.»
"""


@pytest.fixture
def store() -> SQLiteStore:
    corpus = open_store(":memory:")
    seed = analyze(SEED, published="2020-12-18")
    clashes = analyze(CLASHES, published="2026-11-29")
    assert corpus.write([prepare(seed, origin="seed.txt"), prepare(clashes, origin="clashes.txt")]) == [
        True,
        True,
    ]
    return corpus


def _ids(store: SQLiteStore, query: str, **filters: str) -> list[str]:
    return [hit.headline or "" for hit in store.search(parse_query(query), Filters(**filters))]


def test_schema_is_migrated_once_and_recorded(tmp_path: Path) -> None:
    path = tmp_path / "corpus.db"
    with open_store(path) as first:
        assert first.schema_version() == migrations()[-1][0] >= 1
        assert first.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with open_store(path) as again:
        assert again.schema_version() == migrations()[-1][0]


def test_foreign_or_newer_databases_are_refused(tmp_path: Path) -> None:
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE notes (x)")
    with pytest.raises(StoreError, match="not a Didban corpus"):
        open_store(foreign)
    newer = tmp_path / "newer.db"
    open_store(newer).close()
    with sqlite3.connect(newer) as db:
        db.execute("PRAGMA user_version = 999")
    with pytest.raises(StoreError, match="newer than this Didban"):
        open_store(newer)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"\x00\x01 not sqlite" * 100)
    with pytest.raises(StoreError):
        open_store(garbage)
    with pytest.raises(StoreError, match="no such corpus"):
        open_store(tmp_path / "missing.db", readonly=True)


def test_identical_content_is_stored_once(store: SQLiteStore) -> None:
    again = prepare(analyze(SEED), origin="copy.txt")
    assert store.write([again, again]) == [False, False]
    assert store.counts().articles == 2


def test_every_spelling_of_a_half_space_word_finds_the_same_articles(store: SQLiteStore) -> None:
    both = sorted(_ids(store, "درگیری‌ها"))
    assert len(both) == 2  # the seed writes «درگیری‌های», the other article «درگیری‌ها»
    for spelling in ("درگیریها", "درگیری ها", "درگيري‌ها", "درگیری‌های", "درگيريهاي"):
        assert sorted(_ids(store, spelling)) == both, spelling


def test_digits_and_letters_fold_in_queries(store: SQLiteStore) -> None:
    assert _ids(store, "14 نقطه") == _ids(store, "۱۴ نقطه") == _ids(store, "١٤ نقطه") != []
    assert _ids(store, "امريكا") == _ids(store, "آمریکا") != []


def test_headline_matches_rank_first_and_snippets_mark_the_words(store: SQLiteStore) -> None:
    hits = store.search(parse_query("درگیریها"), Filters())
    assert hits[0].headline == "درگیری‌ها در مرز ادامه دارد"
    assert hits[0].score >= hits[1].score
    for hit in hits:
        marked = {hit.snippet[s:e] for s, e in hit.highlights}
        assert marked <= {"درگیری‌ها", "درگیری‌های"}
        assert marked


def test_filters_by_speaker_source_and_dates(store: SQLiteStore) -> None:
    seed_headline = analyze(SEED).headline
    assert _ids(store, "قره باغ", speaker="پوتین") == [seed_headline]
    assert _ids(store, "درگیری‌ها", speaker="صالحی") == ["درگیری‌ها در مرز ادامه دارد"]
    assert _ids(store, "درگیری‌ها", source="تسنیم") == [seed_headline]
    assert _ids(store, "درگیری‌ها", source="isna") == ["درگیری‌ها در مرز ادامه دارد"]
    assert _ids(store, "درگیری‌ها", since="2021-01-01") == ["درگیری‌ها در مرز ادامه دارد"]
    assert _ids(store, "درگیری‌ها", until="2021-01-01") == [seed_headline]
    assert _ids(store, "درگیری‌ها", topic="sports") == []


def test_search_sql_is_inspectable_and_user_text_is_a_parameter() -> None:
    sql, params = search_sql(parse_query('"; DROP TABLE articles; --"'), Filters(speaker="x"))
    assert "DROP" not in sql
    assert "MATCH ?" in sql
    assert params[0] == '{headline body} : ("drop table articles") AND meta : ("speakerx")'


def test_date_filters_cover_ranges_with_whole_years_months_and_days(store: SQLiteStore) -> None:
    seed_headline = analyze(SEED).headline
    assert _ids(store, "درگیری‌ها", since="2020-12-18", until="2020-12-18") == [seed_headline]
    assert _ids(store, "درگیری‌ها", since="2020-12-19", until="2026-11-28") == []
    assert _ids(store, "درگیری‌ها", since="2019-02-03", until="2030-07-09") != []
    assert _ids(store, "درگیری‌ها", since="2021-01-01", until="2020-01-01") == []


def test_quotes_by_speaker_and_about_a_term(store: SQLiteStore) -> None:
    putin = store.quotes(Filters(speaker="پوتین", limit=100))
    assert putin
    assert {q.speaker for q in putin} == {"ولادیمیر پوتین"}
    about = store.quotes(Filters(speaker="ولادیمیر پوتین"), parse_query("تروریسم"))
    assert about
    assert all("تروریسم" in q.text for q in about)
    rescue = store.quotes(Filters(), parse_query("تیمهای امدادی"))
    assert [q.speaker for q in rescue] == ["مریم صالحی"]


def test_get_by_id_or_unique_prefix(store: SQLiteStore) -> None:
    article = analyze(SEED)
    assert store.get(article.id).headline == article.headline  # type: ignore[union-attr]
    assert store.get(article.id[:8]).id == article.id  # type: ignore[union-attr]
    assert store.get(article.id[:3]) is None
    assert store.get("ffffffffffffffff") is None


def test_failures_and_checkpoints_are_written_with_the_batch(store: SQLiteStore) -> None:
    failure = Failure(origin="feed.xml#3", reason="entry has no title and no text")
    point = Checkpoint(key="a.jsonl", fingerprint="10:20", items=7, complete=False)
    assert store.write([failure, failure], [point]) == [False, False]
    assert store.failures() == [failure]
    assert store.checkpoint("a.jsonl") == point
    assert store.checkpoint("b.jsonl") is None


def test_a_failed_batch_leaves_nothing_behind(store: SQLiteStore) -> None:
    row = prepare(analyze("تیتر آزمایشی\n\nمتن آزمایشی برای بررسی تراکنش."))
    broken = prepare(analyze(SEED))
    broken.quotes = [(0, "direct")]  # type: ignore[list-item]  # a row the insert cannot take
    broken.id = "another-id"
    with pytest.raises(Exception):  # noqa: B017, PT011 - any database error
        store.write([row, broken], [Checkpoint(key="x", fingerprint="1:1", items=2, complete=True)])
    assert store.counts().articles == 2
    assert store.checkpoint("x") is None


def test_seen_feed_items(store: SQLiteStore) -> None:
    store.mark_seen(["guid-1", "guid-2"])
    store.mark_seen(["guid-2"])
    assert store.seen(["guid-2", "guid-3"]) == {"guid-2"}
