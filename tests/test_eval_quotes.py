"""The quotation evaluation: locating gold spans, scoring, and the seed's gold read end to end."""

from __future__ import annotations

from pathlib import Path

from didban.evaluation.quotes import (
    GoldArticle,
    evaluate_quotes,
    fold,
    format_quotes_report,
    load_gold,
    locate,
    same_speaker,
    span_hash,
)

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "quotes"
SEED = ROOT / "examples" / "seed.txt"


def test_locate_folds_letters_diacritics_and_half_spaces() -> None:
    raw = "وزير گفت: «درگيريهاي اخير پايان يافت.»"
    start, end = locate(raw, "درگیری‌های اخیر پایان یافت.") or (0, 0)
    assert raw[start:end] == "درگيريهاي اخير پايان يافت."
    assert locate(raw, "جمله‌ای که نیست") is None
    assert locate("الف ب الف ب", "الف ب", occurrence=2) == (6, 11)


def test_speakers_compare_folded() -> None:
    assert same_speaker("علي لاريجاني", "علی لاریجانی")
    assert same_speaker("ده‌روسی", "ده روسی")
    assert not same_speaker("پوتین", None)
    assert same_speaker("شیخ سلمان", "سلمان")
    assert same_speaker("سید رضا زواره‌ای", "رضا زواره‌ای")
    assert not same_speaker("علی رضایی", "رضایی")
    assert fold("  می‌دهد \n") == "میدهد"


def test_gold_set_size_and_shape() -> None:
    gold = load_gold(GOLD / "gold.jsonl")
    parts = dict(line.split("\t") for line in (GOLD / "articles.tsv").read_text("utf-8").splitlines())
    test = [g for g in gold if parts.get(g.article) == "test"]
    assert len(test) >= 60
    assert sum(len(g.quotes) for g in test) >= 300
    assert {g.article.split(":")[0] for g in test} == {"fars", "varzesh3"}
    assert all(isinstance(g, GoldArticle) for g in gold)
    assert all(q.kind in ("direct", "indirect") and q.end > q.start for g in gold for q in g.quotes)


def test_the_seed_gold_matches_the_seed_text() -> None:
    [seed] = [g for g in load_gold(GOLD / "gold.jsonl") if g.article == "seed"]
    raw = SEED.read_text(encoding="utf-8")
    assert all(span_hash(raw[q.start : q.end]) == q.sha1 for q in seed.quotes)
    assert {q.speaker for q in seed.quotes} == {"ولادیمیر پوتین"}


def test_the_seed_scores_without_the_news_data() -> None:
    result = evaluate_quotes(None, GOLD, seed=SEED)
    direct, indirect = result.scores["dev"]["direct"], result.scores["dev"]["indirect"]
    assert result.articles == {"dev": 1, "all": 1}
    assert (direct.gold, direct.matched, direct.speaker_right) == (6, 6, 6)
    assert direct.precision == 1.0
    assert indirect.recall >= 0.75
    assert indirect.speaker_accuracy == 1.0
    report = format_quotes_report(result)
    assert report.splitlines()[0].split() == [
        "part", "articles", "kind", "gold", "system", "P", "R", "F1", "speaker",
    ]  # fmt: skip


def test_cli_scores_and_shows_the_seed(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from didban.cli import main

    common = ["eval", "quotes", "--data", str(tmp_path), "--gold", str(GOLD), "--seed", str(SEED)]
    scored = CliRunner().invoke(main, common)
    assert scored.exit_code == 0, scored.output
    assert scored.output.splitlines()[1].split()[:6] == ["dev", "1", "direct", "6", "6", "1.000"]
    shown = CliRunner().invoke(main, [*common, "--show"])
    assert shown.exit_code == 0, shown.output
    assert "== seed (dev): 14 quotations" in shown.output
    assert "TEXT CHANGED" not in shown.output
