"""`didban ingest` over pages, feeds and archives, hostile ones included: what is stored, what fails, and
that half-spaces survive every adapter into the store and its search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from didban.cli import main
from didban.ingest.run import Options, ingest
from didban.search import parse_query
from didban.store import SQLiteStore, open_store
from didban.store.base import Filters

from .test_warc import news_archive

WEB = Path(__file__).resolve().parent / "fixtures" / "web"
ZWNJ = "\u200c"


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    return open_store(tmp_path / "web.db")


def _texts(store: SQLiteStore) -> list[str]:
    return [
        json.loads(row[0])["text"] for row in store.db.execute("SELECT json FROM articles ORDER BY rowid")
    ]


def test_pages_feeds_and_archives_are_stored_with_their_links(tmp_path: Path, store: SQLiteStore) -> None:
    archive = tmp_path / "news.warc.gz"
    archive.write_bytes(news_archive().data)
    names = [
        str(WEB / "page-news.html"),
        str(WEB / "page-cp1256.html"),
        str(WEB / "feed-agency-rss.xml"),
        str(WEB / "feed-agency-atom.xml"),
        str(archive),
    ]
    report = ingest(names, store, Options(workers=1, follow_links=False))
    assert report.added >= 6
    assert report.failed >= 1  # the archive's empty page is a recorded failure
    urls = [row[0] for row in store.db.execute("SELECT url FROM articles")]
    assert all(url for url in urls)
    assert any(url.startswith("https://") for url in urls)
    texts = _texts(store)
    assert any(f"می{ZWNJ}دهد" in text for text in texts)
    assert not any("\u16eb" in text or "\u2e2e" in text for text in texts)  # no ZWNJ placeholder leaks
    again = ingest(names, store, Options(workers=1, follow_links=False))
    assert (again.added, again.unchanged_inputs) == (0, len(names))


def test_half_spaces_from_a_page_survive_into_search(store: SQLiteStore) -> None:
    ingest([str(WEB / "page-news.html")], store, Options(workers=1))
    text = _texts(store)[0]
    for word in (f"درگیری{ZWNJ}های", f"می{ZWNJ}دهد", f"تلاش{ZWNJ}های"):
        assert word in text
        for spelling in (word, word.replace(ZWNJ, ""), word.replace(ZWNJ, " ")):
            hits = store.search(parse_query(spelling), Filters())
            assert [word in hit.snippet for hit in hits] == [True], spelling


def test_hostile_inputs_fail_one_by_one_and_the_rest_is_stored(tmp_path: Path, store: SQLiteStore) -> None:
    truncated = tmp_path / "cut.warc.gz"
    whole = news_archive().data
    truncated.write_bytes(whole[: len(whole) * 2 // 3])
    huge = tmp_path / "huge.html"
    huge.write_bytes(b"<html><body>" + b"a" * 50_000_000 + b"</body></html>")
    binary = tmp_path / "image.html"
    binary.write_bytes(bytes(range(256)) * 100)
    names = [
        str(WEB / "feed-broken.xml"),
        str(WEB / "feed-truncated.xml"),
        str(WEB / "feed-empty.xml"),
        str(WEB / "page-script.html"),
        str(WEB / "page-nomain.html"),
        str(truncated),
        str(huge),
        str(binary),
        str(WEB / "page-cp1256-undeclared.html"),
    ]
    report = ingest(names, store, Options(workers=1, follow_links=False))
    failed = {f.origin.split("#")[0] for f in store.failures(100)}
    assert {str(huge), str(binary), str(WEB / "page-nomain.html"), str(truncated)} <= failed
    assert report.added >= 3  # the script page, the cp1256 page, what the broken feeds and archive gave
    texts = _texts(store)
    assert not any("<script" in text or "alert(" in text or "function(" in text for text in texts)
    assert any("ی" in text for text in texts)


def test_cli_reads_a_feed_and_searches_it(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    result = runner.invoke(
        main, ["ingest", str(WEB / "feed-agency-rss.xml"), "--db", db, "--no-follow", "-q"]
    )
    assert result.exit_code == 0, result.output
    listing = runner.invoke(main, ["search", "درگیریهای", "--db", db, "--json"])
    assert listing.exit_code == 0
    hits = [json.loads(line) for line in listing.stdout.splitlines()]
    assert hits
    assert all(hit["url"].startswith("http") for hit in hits)
