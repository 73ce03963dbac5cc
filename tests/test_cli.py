"""The command line: JSON Lines output, the terminal view, and bad input as one line on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from didban.article import json_schema
from didban.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "seed.txt"
DEMO = ROOT / "examples" / "demo-articles.jsonl"


def _run(*args: str, stdin: bytes | None = None):
    return CliRunner().invoke(main, list(args), input=stdin)


def test_analyze_json_writes_one_valid_article_per_line() -> None:
    result = _run("analyze", str(SEED), str(DEMO), "--json")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1 + 12
    for line in lines:
        jsonschema.validate(json.loads(line), json_schema())
    assert json.loads(lines[0])["sources"][0]["id"] == "aran-news"
    assert [s["id"] for s in json.loads(lines[2])["sources"]] == ["isna", "anadolu"]


def test_analyze_reads_stdin_and_takes_published_date() -> None:
    result = _run("analyze", "-", "--json", "--published", "2020-12-18", stdin=SEED.read_bytes())
    assert result.exit_code == 0
    assert json.loads(result.stdout)["published"] == "2020-12-18"


def test_analyze_resolves_relative_dates_against_the_published_date_and_sizes_the_summary() -> None:
    result = _run("analyze", str(SEED), "--json", "--published", "2020-12-18", "--summary-size", "2")
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)
    assert {"text": "روز جمعه", "value": "2020-12-18"}.items() <= article["dates"][0].items()
    assert len(article["summary"]) == 2
    assert not any(s.startswith(("به گزارش", "وی ")) for s in article["summary"])
    assert _run("analyze", str(SEED), "--summary-size", "4").exit_code == 2  # 1..3


def test_terminal_view_shows_headline_and_source_chain() -> None:
    result = _run("analyze", str(SEED))
    assert result.exit_code == 0
    assert "رئیس جمهوری روسیه" in result.stdout
    assert "آران نیوز ← خبرگزاری تسنیم" in result.stdout
    assert "topic" in result.stdout
    assert "سال 2020 = 2020" in result.stdout


def test_terminal_view_of_the_demo_shows_every_headline_and_chain() -> None:
    result = _run("analyze", str(DEMO))
    assert result.exit_code == 0
    assert result.stdout.count("sources") == 12
    assert "مه غلیظ تردد کشتی‌ها در تنگه بسفر را متوقف کرد" in result.stdout
    assert "ایسنا ← خبرگزاری آناتولی" in result.stdout


def test_terminal_view_reorders_for_terminals_without_bidi() -> None:
    result = _run("analyze", str(SEED), "--bidi")
    assert result.exit_code == 0
    assert "هیسور یروهمج سیئر" in result.stdout  # «رئیس جمهوری روسیه» in visual order


def test_one_bad_file_among_many_is_reported_and_the_rest_is_read(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = _run("analyze", str(empty), str(SEED), str(binary), "--json")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    errors = result.stderr.splitlines()
    assert errors[0] == f"didban: {empty}: empty input"
    assert errors[1].startswith(f"didban: {binary}: binary")
    assert errors[-1] == "didban: read 1 article(s), 2 input(s) failed"
    assert "Traceback" not in result.output


def test_nothing_readable_exits_non_zero_with_one_line(tmp_path: Path) -> None:
    result = _run("analyze", str(tmp_path / "missing.txt"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"didban: {tmp_path / 'missing.txt'}: no such file or directory"


def test_windows_1256_input_is_read(tmp_path: Path) -> None:
    old = tmp_path / "old.txt"
    text = SEED.read_text(encoding="utf-8").replace("ی", "ي").replace("ک", "ك")
    old.write_bytes(text.encode("cp1256"))
    result = _run("analyze", str(old), "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["headline"].startswith("رئیس جمهوری روسیه")


def test_seed_cut_mid_letter_is_read_as_utf8_with_a_warning(tmp_path: Path) -> None:
    cut = tmp_path / "cut.txt"
    data = SEED.read_bytes().rstrip()
    cut.write_bytes(data[: data.rindex("ی".encode()) + 1])  # a download cut inside the last «ی»
    article = json.loads(_run("analyze", str(cut), "--json").stdout)
    assert article["headline"].startswith("رئیس جمهوری روسیه")  # not Windows-1256 mojibake
    assert article["text"].endswith("\ufffd")
    assert article["warnings"] == ["input is not valid UTF-8: 1 damaged byte sequence(s) replaced by U+FFFD"]


def test_non_persian_text_is_read_with_a_warning() -> None:
    result = _run(
        "analyze", "-", "--json", stdin=b"Putin says\n\nReuters reported on Friday that talks ended."
    )
    assert result.exit_code == 0
    assert "does not look Persian" in json.loads(result.stdout)["warnings"][0]


def test_schema_command_prints_the_checked_in_schema() -> None:
    result = _run("schema")
    assert json.loads(result.stdout) == json_schema()


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        names = [f"{name} {sub}" for sub in getattr(command, "commands", {})] or [name]
        for full in names:
            assert f"didban {full}" in readme or f"make {full.replace(' ', '-')}" in readme, full


def test_arguments_typed_on_a_windows_1256_terminal_are_read_not_a_traceback(tmp_path: Path) -> None:
    db = str(tmp_path / "corpus.db")
    assert _run("ingest", "--db", db, "-q", str(SEED)).exit_code == 0
    # Windows-1256 bytes in argv reach Python as lone surrogates (surrogateescape); SQLite refuses them.
    typed = "پوتين".encode("cp1256").decode("utf-8", "surrogateescape")
    result = _run("search", "--db", db, typed, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.splitlines()[0])["headline"].startswith("رئیس جمهوری روسیه")
    missing = _run("show", "--db", db, "\udcff\udcfe")
    assert missing.exit_code == 1
    assert "Traceback" not in missing.output
    assert "no article '\ufffd\ufffd'" in missing.output


def test_terminal_view_prints_markup_in_the_text_as_written() -> None:
    # «[/]» made rich raise MarkupError, and «[link=…]» became a live link in the terminal.
    body = "به گزارش ایسنا، متن [link=http://evil.example]کلیک[/link] و [/]."
    text = f"تیتر [bold red]هشدار[/bold red]\n\n{body}"
    result = _run("analyze", "-", stdin=text.encode())
    assert result.exit_code == 0, result.output
    assert "[link=http://evil.example]" in result.stdout
    assert "[bold red]" in result.stdout
