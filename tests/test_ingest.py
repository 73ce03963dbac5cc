"""`didban ingest`: files into the store, idempotent, resumable, failures recorded and the run going on."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from didban.cli import main
from didban.ingest.run import Options, Report, ingest
from didban.store import SQLiteStore, open_store

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "seed.txt"
DEMO = ROOT / "examples" / "demo-articles.jsonl"
DEMO_RECORDS = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    return open_store(tmp_path / "corpus.db")


def _ingest(names: list[str], store: SQLiteStore, **options: object) -> Report:
    return ingest(names, store, Options(workers=1, **options))  # type: ignore[arg-type]


def test_files_and_directories_are_stored_with_where_they_came_from(
    tmp_path: Path, store: SQLiteStore
) -> None:
    report = _ingest([str(SEED), str(DEMO)], store)
    assert (report.added, report.duplicates, report.failed) == (13, 0, 0)
    seed = store.search(_query("گروه مینسک"), _filters())[0]
    assert seed.url == str(SEED)  # a text file: the path given
    demo = store.search(_query("آستاراخان"), _filters())[0]
    assert demo.url == DEMO_RECORDS[0]["link"]  # a record: its own link


def _query(text: str):
    from didban.search import parse_query

    return parse_query(text)


def _filters():
    from didban.store.base import Filters

    return Filters()


def test_ingesting_again_adds_nothing(store: SQLiteStore) -> None:
    _ingest([str(SEED), str(DEMO)], store)
    again = _ingest([str(SEED), str(DEMO)], store)
    assert (again.added, again.read, again.unchanged_inputs) == (0, 0, 2)
    forced = _ingest([str(SEED), str(DEMO)], store, force=True)
    assert (forced.added, forced.duplicates) == (0, 13)
    assert store.counts().articles == 13


def test_a_changed_file_is_read_again_and_only_new_content_is_added(
    tmp_path: Path, store: SQLiteStore
) -> None:
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in DEMO_RECORDS[:5]) + "\n", "utf-8")
    assert _ingest([str(corpus)], store).added == 5
    with corpus.open("a", encoding="utf-8") as out:
        out.write("\n".join(json.dumps(r, ensure_ascii=False) for r in DEMO_RECORDS[5:8]) + "\n")
    report = _ingest([str(corpus)], store)
    assert (report.added, report.duplicates) == (3, 5)


class _Interrupting:
    """A store that is interrupted (Ctrl-C) after its first batch was written."""

    def __init__(self, store: SQLiteStore) -> None:
        self.store = store
        self.writes = 0

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)

    def write(self, items, checkpoints=()):
        if self.writes:
            raise KeyboardInterrupt
        self.writes += 1
        return self.store.write(items, checkpoints)


def test_an_interrupted_ingest_resumes_where_it_stopped(
    tmp_path: Path, store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in DEMO_RECORDS) + "\n", "utf-8")
    monkeypatch.setattr("didban.ingest.run.BATCH", 4)
    monkeypatch.setattr("didban.ingest.run.CHUNK", 2)
    with pytest.raises(KeyboardInterrupt):
        ingest([str(corpus)], _Interrupting(store), Options(workers=1))  # type: ignore[arg-type]
    assert store.counts().articles == 4
    assert store.checkpoint(str(corpus)).items == 4  # type: ignore[union-attr]
    resumed = _ingest([str(corpus)], store)
    assert (resumed.added, resumed.duplicates, resumed.resumed_inputs) == (8, 0, 1)
    assert store.counts().articles == 12


def test_bad_items_are_recorded_and_the_rest_is_stored(tmp_path: Path, store: SQLiteStore) -> None:
    corpus = tmp_path / "mixed.jsonl"
    lines = [json.dumps(DEMO_RECORDS[0], ensure_ascii=False), "{broken", '{"cat": "no text"}', "[1, 2]"]
    lines.append(json.dumps(DEMO_RECORDS[1], ensure_ascii=False))
    corpus.write_text("\n".join(lines) + "\n", "utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    names = [
        str(corpus),
        str(tmp_path / "empty.txt"),
        str(tmp_path / "binary.txt"),
        str(tmp_path / "nope.txt"),
    ]
    report = _ingest(names, store)
    assert (report.added, report.failed) == (2, 6)
    origins = {f.origin for f in store.failures()}
    assert {f"{corpus}:2", f"{corpus}:3", f"{corpus}:4", str(tmp_path / "nope.txt")} <= origins
    assert _ingest(names, store).failed == 1  # only the missing file is named again; the rest is unchanged


def test_csv_with_a_field_mapping_and_gzipped_jsonl(tmp_path: Path, store: SQLiteStore) -> None:
    table = tmp_path / "export.csv"
    rows = ["عنوان,متن,نشانی"]
    for record in DEMO_RECORDS[:3]:
        body = "\n\n".join(record["paragraphs"]).replace('"', '""')
        rows.append(f'"{record["title"]}","{body}",https://example.ir/{len(rows)}')
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    mapping = {"headline": "عنوان", "body": "متن", "url": "نشانی"}
    assert _ingest([str(table)], store, mapping=mapping).added == 3
    hit = store.search(_query(DEMO_RECORDS[0]["title"].split()[0]), _filters())[0]
    assert hit.url is not None
    assert hit.url.startswith("https://example.ir/")
    packed = tmp_path / "more.jsonl.gz"
    with gzip.open(packed, "wt", encoding="utf-8") as out:
        for record in DEMO_RECORDS[3:6]:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    assert _ingest([str(packed)], store).added == 3


def test_worker_processes_give_the_same_corpus(tmp_path: Path) -> None:
    single = open_store(tmp_path / "one.db")
    double = open_store(tmp_path / "two.db")
    ingest([str(SEED), str(DEMO)], single, Options(workers=1))
    report = ingest([str(SEED), str(DEMO)], double, Options(workers=2))
    assert report.added == 13
    one = single.db.execute("SELECT id, json FROM articles ORDER BY id").fetchall()
    two = double.db.execute("SELECT id, json FROM articles ORDER BY id").fetchall()
    assert one == two


def _cli(*args: str):
    return CliRunner().invoke(main, list(args))


def test_cli_ingest_then_search_quotes_show(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    result = _cli("ingest", str(SEED), str(DEMO), "--db", db, "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "added 13, duplicates 0, failed 0" in result.stderr
    found = _cli("search", "درگیریها", "--db", db, "--json")
    assert found.exit_code == 0, found.output
    hits = [json.loads(line) for line in found.stdout.splitlines()]
    assert hits
    assert {"id", "headline", "url", "published", "score", "snippet"} <= set(hits[0])
    said = _cli("quotes", "--speaker", "پوتین", "--about", "تروریسم", "--db", db, "--json")
    assert said.exit_code == 0
    assert said.stdout.strip()
    assert all(json.loads(line)["speaker"] == "ولادیمیر پوتین" for line in said.stdout.splitlines())
    shown = _cli("show", hits[0]["id"][:8], "--db", db, "--json")
    assert json.loads(shown.stdout)["id"] == hits[0]["id"]
    again = _cli("ingest", str(SEED), str(DEMO), "--db", db, "--workers", "1")
    assert "added 0" in again.stderr
    assert "2 input(s) unchanged" in again.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("search", '"قره باغ'), "unbalanced quotation mark"),
        (("search", "x", "--since", "yesterday-ish"), "not a date"),
        (("show", "0000000000"), "no article"),
        (("ingest", "a.txt", "--map", "colour=x"), "unknown field"),
    ],
)
def test_cli_errors_are_one_line(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    db = str(tmp_path / "cli.db")
    open_store(db).close()
    result = _cli(*args, "--db", db)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_search_on_a_missing_corpus_says_how_to_make_one(tmp_path: Path) -> None:
    result = _cli("search", "پوتین", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1
    assert "didban ingest" in result.output
