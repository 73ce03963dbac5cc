"""The half-space scorer: skeletons, alignment, counts, the rule baseline and the hand-check file."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from didban.evaluation.baseline_worker import Worker, answer
from didban.evaluation.zwnj import (
    HALF,
    NONE,
    SPACE,
    Counts,
    HandcheckRow,
    ZwnjReport,
    _judged,
    corrupt,
    evaluate_zwnj,
    format_report,
    read_handcheck,
    rule_repair,
    sample_places,
    score,
    skeleton,
    write_handcheck,
)

Z = "\u200c"


@pytest.mark.parametrize(
    ("text", "chars", "gaps"),
    [
        ("می" + Z + "شود", "میشود", [NONE, HALF, NONE, NONE]),  # a half-space
        ("من رفتم", "منرفتم", [NONE, SPACE, NONE, NONE, NONE]),  # a space
        ("ايران" + Z + " آن", "ایرانآن", [NONE] * 4 + [SPACE, NONE]),  # ZWNJ + space counts as a space
        ("كتابِ  ها", "کتابها", [NONE] * 3 + [SPACE, NONE]),  # ك, kasra folded; a run of spaces
        (Z + "با ۱۲", "با12", [NONE, SPACE, NONE]),  # separators at the edges are no gap
        ("", "", []),
    ],
)
def test_skeleton_labels_gaps(text: str, chars: str, gaps: list[int]) -> None:
    result = skeleton(text)
    assert result.chars == chars
    assert list(result.gaps) == gaps


def test_skeleton_edges_point_into_the_text() -> None:
    text = "آن  ها" + Z + "را"
    result = skeleton(text)
    assert [text[s:e] for s, e in result.edges.values()] == ["  ", Z]


def test_corruptions() -> None:
    assert corrupt("کتاب" + Z + "ها", "deleted") == "کتابها"
    assert corrupt("کتاب" + Z + "ها", "space") == "کتاب ها"


ORIGINALS = ["او کتاب" + Z + "ها را می" + Z + "خواند.", "بازی" + Z + "های خوب"]


def test_perfect_output_scores_one() -> None:
    counts, places = score(ORIGINALS, ORIGINALS)
    assert (counts.precision, counts.recall, counts.f1, counts.p_nospace) == (1.0, 1.0, 1.0, 1.0)
    assert counts.tp == 3
    assert places == []


def test_doing_nothing_scores_zero_recall() -> None:
    counts, _ = score(ORIGINALS, [corrupt(text, "space") for text in ORIGINALS])
    assert counts.recall == 0.0
    assert counts.cell(HALF, SPACE) == 3


def test_zwnj_for_a_space_lowers_precision_but_not_p_nospace() -> None:
    output = ["او" + Z + "کتاب" + Z + "ها را می" + Z + "خواند.", ORIGINALS[1]]
    counts, places = score(ORIGINALS, output)
    assert counts.cell(SPACE, HALF) == 1
    assert counts.precision == pytest.approx(3 / 4)
    assert counts.p_nospace == 1.0
    assert places[0].paragraph == 0
    assert ORIGINALS[0][slice(*places[0].gold_edge)] == " "
    assert output[0][slice(*places[0].out_edge)] == Z


def test_a_split_inside_a_word_counts_against_p_nospace() -> None:
    counts, _ = score(["کتابخانه"], ["کتاب" + Z + "خانه"])
    assert counts.cell(NONE, HALF) == 1
    assert counts.p_nospace == 0.0


def test_glued_and_split_words_are_counted() -> None:
    counts, _ = score(["اما می" + Z + "بینید"], ["امامی" + Z + "بینید"])
    assert (counts.glued, counts.split, counts.tp) == (1, 0, 1)
    counts, _ = score(["کتابخانه."], ["کتاب خانه ."])  # the space before «.» splits no word
    assert (counts.glued, counts.split) == (0, 1)


def test_letters_are_unified_before_comparing() -> None:
    counts, _ = score(["مي" + Z + "شود"], ["می" + Z + "شود"])
    assert (counts.tp, counts.inexact) == (1, 0)


def test_changed_punctuation_is_aligned() -> None:
    original = "او گفت: «کتاب" + Z + "ها را می" + Z + "خوانم» ..."
    output = "او گفت «کتاب" + Z + "ها را می" + Z + "خوانم» …!"
    counts, _ = score([original], [output])
    assert (counts.inexact, counts.unalignable, counts.tp, counts.recall) == (1, 0, 2, 1.0)


def test_a_rewritten_paragraph_is_unalignable() -> None:
    counts, _ = score(["کتاب" + Z + "ها را خواند"], ["چیز دیگری"])
    assert counts.unalignable == 1
    assert sum(counts.matrix) == 0


def test_counts_add_up() -> None:
    total = Counts()
    for _ in range(2):
        counts, _ = score(ORIGINALS, ORIGINALS)
        total.add(counts)
    assert (total.tp, total.paragraphs) == (6, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("می شود", "می" + Z + "شود"),  # spaced prefix joined
        ("میشود", "می" + Z + "شود"),  # glued prefix split
        ("میدان", "میدان"),  # not a verb
        ("نمی توان", "نمی" + Z + "توان"),
        ("کتاب ها", "کتاب" + Z + "ها"),  # spaced plural joined
        ("دیدار ها", "دیدارها"),  # no ZWNJ after a non-joining letter
        ("بازیهای", "بازی" + Z + "های"),  # glued plural split
        ("تنها", "تنها"),  # not a plural
        ("شده اند", "شده" + Z + "اند"),
        ("شدهاند", "شده" + Z + "اند"),
        ("می" + Z + "شود", "می" + Z + "شود"),  # already right: untouched
    ],
)
def test_rule_baseline(text: str, expected: str) -> None:
    assert rule_repair(text) == expected


def _row(paragraph: int, verdict: str = "") -> HandcheckRow:
    return HandcheckRow("fars", paragraph, 3, "space", "چپ", "می شود", "می" + Z + "شود", "راست", verdict)


def test_handcheck_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "eval" / "handcheck.tsv"
    write_handcheck(path, [_row(1, "acceptable"), _row(2, "not")._replace(note="two words"), _row(3)])
    judged = read_handcheck(path)
    assert judged == {
        ("fars", 1, 3): _row(1, "acceptable"),
        ("fars", 2, 3): _row(2, "not")._replace(note="two words"),
    }
    assert read_handcheck(tmp_path / "missing.tsv") == {}


def test_sample_is_seeded_and_stable() -> None:
    rows = [_row(i) for i in range(300)]
    first = sample_places(rows, 100)
    assert first == sample_places(list(reversed(rows)), 100)
    assert len(set(first) & set(sample_places(rows[:290], 100))) >= 90  # small change, small drift


def _news(tmp_path: Path) -> Path:
    """A tiny news folder in the shape of ../shared/data/news."""
    for name in ("fars", "varzesh3"):
        folder = tmp_path / name
        folder.mkdir(parents=True)
        articles = [{"link": f"{name}/{i}", "paragraphs": [*ORIGINALS, "بی نیم فاصله"]} for i in range(3)]
        (folder / f"{name}-1.json").write_text(json.dumps(articles, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def _stand_in(texts: list[str]) -> list[str]:
    """The rule, plus a ZWNJ after «او» where the original has a space."""
    return [rule_repair(text).replace("او ", "او" + Z) for text in texts]


def test_evaluate_with_a_stand_in(tmp_path: Path) -> None:
    handcheck = tmp_path / "handcheck.tsv"
    old = _row(0, "acceptable")._replace(paragraph=9)  # a judged place that is no longer sampled
    write_handcheck(handcheck, [old])
    report = evaluate_zwnj(
        _news(tmp_path),
        sample=4,
        handcheck=handcheck,
        sets=["fars"],
        custom={"didban": _stand_in},
        write_handcheck_file=True,
    )
    assert {(row.corruption, row.system) for row in report.rows} == {
        (kind, system) for kind in ("deleted", "space") for system in ("rule", "didban")
    }
    assert any("hazm: not run" in note for note in report.notes)
    assert len(report.spaced.sample) == 2  # «او» + ZWNJ in two paragraphs, found under both corruptions
    assert report.spaced.sample[0].corruptions == "deleted,space"
    assert report.spaced.sample[0].original == "او کتاب" + Z + "ها"
    text = format_report(report)
    assert "target" in text
    assert "hand-checked space→ZWNJ places: 0 of 0 acceptable" in text
    assert "hand-checked ZWNJs inside words the original glues: not read" in text
    rows = handcheck.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 2 + 1  # header, the sample, the judged place kept after it
    assert read_handcheck(handcheck) == {old.key: old}


def test_a_partial_run_leaves_the_handcheck_file_alone(tmp_path: Path) -> None:
    handcheck = tmp_path / "handcheck.tsv"
    write_handcheck(handcheck, [_row(0, "acceptable")])
    before = handcheck.read_text(encoding="utf-8")
    report = evaluate_zwnj(
        _news(tmp_path), sample=4, handcheck=handcheck, sets=["fars"], custom={"didban": _stand_in}
    )
    assert handcheck.read_text(encoding="utf-8") == before
    assert "the file was not rewritten" in format_report(report)


def test_format_report_without_rows() -> None:
    assert "didban was not run" in format_report(ZwnjReport())


def test_worker_answers_a_batch() -> None:
    texts = ["الف ب", "ج"]
    normalized = answer("normalize", texts, str.upper, str.split)
    assert normalized["out"] == texts
    assert answer("pipeline", texts, str.upper, str.split)["tokens"] == 3


@pytest.mark.skipif(importlib.util.find_spec("hazm") is not None, reason="hazm is installed here")
def test_worker_failure_is_reported() -> None:
    with pytest.raises(RuntimeError, match="hazm worker failed"):
        Worker(Path(sys.executable), "hazm")


def test_a_verdict_does_not_carry_over_to_a_word_repair_no_longer_writes() -> None:
    judged = HandcheckRow("varzesh3", 661, 350, "space", "…", "می بینید", "امامی‌بینید", "…", "not", "glued")
    now = judged._replace(repaired="می‌بینید", verdict="", note="")
    assert _judged(now, judged).verdict == ""
    assert _judged(judged._replace(verdict="", note=""), judged).verdict == "not"


def test_glued_places_are_zwnjs_inside_words_the_original_glues() -> None:
    from didban.evaluation.zwnj import _glued_gaps

    originals = [f"مهمترین بازی{Z}ها را دیدیم", "هیچ چیز"]
    outputs = [f"مهم{Z}ترین بازی{Z}ها را دیدیم", "هیچ چیز"]
    rows = _glued_gaps("fars", originals, outputs)[1]
    assert list(rows) == [("fars", 0, 2)]  # after the skeleton's third letter, «مهم|ترین»
    row = rows["fars", 0, 2]
    assert (row.original, row.repaired, row.right) == ("مهمترین", f"مهم{Z}ترین", f" بازی{Z}ها را دیدیم")
    assert row.corruptions == "deleted"


def test_didban_at_other_thresholds() -> None:
    # the shipped model at its own thresholds, at thresholds nothing passes, and at thresholds all pass
    from didban.evaluation.zwnj import didban_system

    texts = ["تلاشهای دولت", "کتاب ها را می خواند"]
    own = didban_system()(texts)
    assert own == [f"تلاش{Z}های دولت", f"کتاب{Z}ها را می{Z}خواند"]
    assert didban_system((99.0, 99.0))(texts) == ["تلاشهای دولت", "کتاب ها را می خواند"]
    assert didban_system((0.25, -1.0))(texts) == own  # the shipped model's own thresholds
