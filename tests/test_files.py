"""Input adapters: text, JSON and JSONL files, directories; bad items become failures, the rest goes on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from didban.document import Document, Failure
from didban.ingest.inputs import read_inputs
from didban.ingest.records import document_from_record

FARS_RECORD = {
    "title": "طرح تفضيلي شهر دليجان تصويب شد",
    "abstract": "خبرگزاري فارس: شهردار دليجان از تصويب طرح تفضيلي شهر دليجان خبر داد.",
    "paragraphs": ["غلامحسين منصوري امروز در گفت‌وگو با خبرنگار فارس در اراك اظهار داشت: …"],
    "cat": "",
    "link": "https://www.farsnews.ir/news/8707060255",
}


def test_news_record_maps_title_abstract_paragraphs_and_link() -> None:
    document = document_from_record(FARS_RECORD, "fars.json[0]")
    assert document.headline == FARS_RECORD["title"]
    assert document.lead == FARS_RECORD["abstract"]
    assert document.paragraphs == FARS_RECORD["paragraphs"]
    assert document.url == FARS_RECORD["link"]


def test_record_with_text_field_splits_paragraphs_on_blank_lines() -> None:
    document = document_from_record({"headline": "تیتر", "text": "بند اول.\n\nبند دوم."}, "x")
    assert document.paragraphs == ["بند اول.", "بند دوم."]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_jsonl_bad_line_is_a_failure_and_the_rest_is_read(tmp_path: Path) -> None:
    lines = [json.dumps(FARS_RECORD, ensure_ascii=False), "{not json", "", json.dumps({"cat": "x"})]
    path = _write(tmp_path, "news.jsonl", "\n".join(lines).encode("utf-8"))
    items = list(read_inputs([str(path)]))
    assert [type(i) for i in items] == [Document, Failure, Failure]
    assert items[1].origin.endswith("news.jsonl:2")
    assert "no title and no text" in items[2].reason


def test_json_list_gives_one_document_per_record(tmp_path: Path) -> None:
    path = _write(tmp_path, "fars.json", json.dumps([FARS_RECORD, FARS_RECORD]).encode("utf-8"))
    items = list(read_inputs([str(path)]))
    assert [i.origin for i in items] == [f"{path}[0]", f"{path}[1]"]


def test_directory_is_read_recursively_and_bad_files_fail_alone(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    _write(tmp_path, "a.txt", "تیتر\n\nمتن خبر.".encode())
    _write(tmp_path, "sub/b.txt", "تیتر دوم\n\nمتن.".encode("utf-16"))
    _write(tmp_path, "empty.txt", b"")
    _write(tmp_path, "broken.json", b"[{")
    items = list(read_inputs([str(tmp_path), str(tmp_path / "missing.txt")]))
    failures = {Path(i.origin).name: i.reason for i in items if isinstance(i, Failure)}
    assert failures == {
        "broken.json": failures["broken.json"],
        "empty.txt": "empty input",
        "missing.txt": "no such file or directory",
    }
    assert failures["broken.json"].startswith("invalid JSON")
    assert sorted(i.text for i in items if isinstance(i, Document)) == [
        "تیتر\n\nمتن خبر.",
        "تیتر دوم\n\nمتن.",
    ]


def test_jsonl_line_with_a_damaged_byte_is_read_with_a_warning(tmp_path: Path) -> None:
    good = json.dumps(FARS_RECORD, ensure_ascii=False).encode("utf-8")
    damaged = good.replace("تصويب شد".encode(), "تصويب شد".encode()[:-1] + b"\xff", 1)
    path = _write(tmp_path, "news.jsonl", damaged + b"\n" + good)
    first, second = read_inputs([str(path)])
    assert isinstance(first, Document)
    assert isinstance(second, Document)
    assert first.headline == "طرح تفضيلي شهر دليجان تصويب ش\ufffd\ufffd"  # a cut letter, then the 0xFF
    assert first.warnings == ["input is not valid UTF-8: 2 damaged byte sequence(s) replaced by U+FFFD"]
    assert second.warnings == []


def test_csv_row_with_a_damaged_byte_does_not_stop_the_rows_after_it(tmp_path: Path) -> None:
    # Before, one bad byte ended the file: "not UTF-8 text from this row on", and every later row was lost.
    rows = ["title,text", "خبر اول,متن خبر اول", "خبر دوم,متن خبر دوم", "خبر سوم,متن خبر سوم"]
    data = "\n".join(rows).encode("utf-8").replace("دوم,".encode(), "دوم".encode() + b"\xff,", 1)
    items = list(read_inputs([str(_write(tmp_path, "export.csv", data))]))
    assert [i.headline for i in items] == ["خبر اول", "خبر دوم\ufffd", "خبر سوم"]
    assert [len(i.warnings) for i in items] == [0, 1, 0]


def test_csv_saved_by_excel_in_windows_1256_is_read(tmp_path: Path) -> None:
    text = "title,text\nطرح تفضيلي شهر دليجان تصويب شد,شهردار دليجان از تصويب طرح خبر داد.\n"
    items = list(read_inputs([str(_write(tmp_path, "export.csv", text.encode("cp1256")))]))
    assert [(i.headline, i.warnings) for i in items] == [("طرح تفضيلي شهر دليجان تصويب شد", [])]


def test_json_nested_too_deeply_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    path = _write(tmp_path, "deep.json", b"[" * 100_000 + b"]" * 100_000)
    (failure,) = read_inputs([str(path)])
    assert isinstance(failure, Failure)
    assert failure.reason.startswith("invalid JSON: nested too deeply")


def test_record_publication_time_as_unix_seconds_or_milliseconds() -> None:
    seconds = document_from_record({"title": "تیتر", "text": "متن.", "published": 1700000000}, "x")
    millis = document_from_record({"title": "تیتر", "text": "متن.", "published": 1700000000000}, "x")
    assert seconds.published == millis.published == "2023-11-14"
    assert document_from_record({"title": "تیتر", "published": True}, "x").published is None


def test_corrupted_gzip_jsonl_keeps_the_lines_before_and_fails_in_one_line(tmp_path: Path) -> None:
    import gzip

    lines = [json.dumps({**FARS_RECORD, "title": f"خبر {i}"}, ensure_ascii=False) for i in range(300)]
    data = bytearray(gzip.compress("\n".join(lines).encode("utf-8")))
    data[len(data) // 2] ^= 0xFF  # zlib.error («invalid distance too far back»…) escaped as a traceback
    items = list(read_inputs([str(_write(tmp_path, "news.jsonl.gz", bytes(data)))]))
    assert isinstance(items[-1], Failure)
    assert items[-1].reason.startswith("stream broken after line")
    documents = [i for i in items if isinstance(i, Document)]
    assert documents[0].headline == "خبر 0"  # what decompressed before the damage is kept


def test_a_reader_that_raises_fails_its_input_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import didban.ingest.inputs as inputs

    def broken(*args: object, **kwargs: object) -> None:
        raise AssertionError("a library's own bug")

    monkeypatch.setattr(inputs, "read_stream", broken)
    good = _write(
        tmp_path,
        "a.html",
        "<html><body><article><h1>تیتر</h1><p>متن خبر.</p></article></body></html>".encode(),
    )
    items = list(read_inputs([str(_write(tmp_path, "b.txt", "تیتر\n\nمتن.".encode())), str(good)]))
    assert isinstance(items[0], Failure)
    assert items[0].reason == "could not be read: AssertionError: a library's own bug"
    assert len(items) == 2
