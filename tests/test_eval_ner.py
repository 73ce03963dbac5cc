"""The NER evaluation: corpus formats, label mapping, retokenizing, scoring, and a tiny end-to-end run."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from didban.evaluation.ner import (
    CHOSEN,
    dedupe,
    entities_only,
    evaluate_ner,
    fit_and_score,
    format_ner_report,
    held_out,
    parse_corpus,
    retokenize,
    score,
)
from didban.read.ner_features import FeatureConfig

pytest.importorskip("pycrfsuite")
pytest.importorskip("seqeval")

ARMAN = "ولادیمیر B-pers\nپوتین I-pers\nبه O\nارمنستان B-loc\nرفت O\n\nدانشگاه B-fac\nتهران I-fac\n"
PEYMA = "سازمان|B_ORG\nملل|I_ORG\nدر|O\nسال|B_DAT\n۱۳۹۹|I_DAT\nمی شود|O\n"
TWITTER = "ایرانی\tB-NAT\nها\tO\nدر\tO\nجام\tB-EVE\nجهانی\tI-EVE\n"
#: A tiny training set: enough for the CRF to learn «X گفت» → PER and «در Y» → LOC.
TINY = "\n".join(
    f"{person} B-pers\nگفت O\nکه O\nدر O\n{place} B-loc\nبود O\n"
    for person in ("پوتین", "ماکرون", "اردوغان", "مرکل")
    for place in ("روسیه", "فرانسه", "ترکیه")
)


def test_parse_arman_maps_types_to_didban_labels() -> None:
    sentences = parse_corpus(ARMAN, "arman")
    assert sentences[0] == (
        ["ولادیمیر", "پوتین", "به", "ارمنستان", "رفت"],
        ["B-PER", "I-PER", "O", "B-LOC", "O"],
    )
    assert sentences[1][1] == ["B-FAC", "I-FAC"]


def test_parse_peyma_underscore_tags_and_spaced_tokens() -> None:
    [(words, tags)] = parse_corpus(PEYMA, "peyma")
    assert words == ["سازمان", "ملل", "در", "سال", "۱۳۹۹", "می", "شود"]  # «می شود» cut like at run time
    assert tags == ["B-ORG", "I-ORG", "O", "B-DAT", "I-DAT", "O", "O"]
    assert entities_only([(words, tags)])[0][1][3:5] == ["O", "O"]  # dates are not entities


def test_parse_parstwiner_event_and_nationality() -> None:
    [(_, tags)] = parse_corpus(TWITTER, "parstwiner")
    assert tags == ["B-NAT", "O", "O", "B-EVENT", "I-EVENT"]


def test_retokenize_keeps_the_entity_whole() -> None:
    assert retokenize(["بی‌.‌بی‌.‌سی", "گفت"], ["B-ORG", "O"]) == (
        ["بی", ".", "بی", ".", "سی", "گفت"],
        ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O"],
    )


def test_dedupe_and_held_out_are_deterministic() -> None:
    sentences = parse_corpus(TINY, "arman")
    assert len(dedupe(sentences + sentences)) == len(sentences)
    train, dev = held_out(sentences, share=3)
    assert (train, dev) == held_out(sentences, share=3)
    assert len(train) + len(dev) == len(sentences)


def test_score_is_strict_exact_span() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"]]
    half = [["B-PER", "O", "O", "B-LOC"]]  # a partial span counts as wrong
    result = score(gold, half)
    assert (result.precision, result.recall) == (0.5, 0.5)
    assert result.per_type["LOC"][2] == 1.0


def test_tiny_crf_learns_the_pattern() -> None:
    sentences = parse_corpus(TINY, "arman")
    params = replace(CHOSEN, max_iterations=30, config=FeatureConfig(gazetteer=False, clusters=False))
    test = parse_corpus("ماکرون B-pers\nگفت O\nکه O\nدر O\nترکیه B-loc\nبود O\n", "arman")
    assert fit_and_score(sentences, test, params) == [test[0][1]]


def test_evaluate_ner_report_ends_with_the_summary_line(tmp_path: Path) -> None:
    for corpus, names in (
        ("arman", [f"{s}_fold{k}" for k in (1, 2, 3) for s in ("train", "test")]),
        ("peyma", ["train", "test"]),
        ("parstwiner", ["train", "test"]),
    ):
        (tmp_path / corpus).mkdir()
        for name in names:
            text = (
                TINY if corpus == "arman" else TINY.replace(" B-pers", "|B_PER").replace(" B-loc", "|B_LOC")
            )
            text = text.replace(" O\n", "|O\n") if corpus == "peyma" else text
            if corpus == "parstwiner":
                text = (
                    TINY.replace(" B-pers", "\tB-PER").replace(" B-loc", "\tB-LOC").replace(" O\n", "\tO\n")
                )
            (tmp_path / corpus / f"{name}.txt").write_text(text, encoding="utf-8")
    params = replace(CHOSEN, max_iterations=20, config=FeatureConfig(gazetteer=False, clusters=False))
    report = evaluate_ner(tmp_path, params=params)
    text = format_ner_report(report)
    assert text.splitlines()[-1] == "ner: peyma=100.0 arman=100.0 parstwiner=100.0"
    assert "peyma test (entities)" in text
    assert "arman 3-fold mean F1" in text
