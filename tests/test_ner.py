"""The named-entity tagger: features, span decoding, and the shipped model on the seed article."""

from __future__ import annotations

from pathlib import Path

import pytest

from didban.read import ner
from didban.read.ner import LABELS, decode, tag_article, tag_articles, tag_spans, tag_texts
from didban.read.ner_features import (
    FeatureConfig,
    features,
    gazetteer_tags,
    normalize,
    shape,
    shipped_resources,
)
from didban.text.tokens import Token
from didban.text.words import tokenize

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed.txt"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("آمريكا", "آمریکا"),  # Arabic yeh → Persian yeh
        ("بانك", "بانک"),  # Arabic kaf → Persian kaf
        ("۱۴۰۵", "0000"),  # digits unified, then read as a shape
        ("می\u200dشود", "می\u200cشود"),  # ZWJ → ZWNJ
        ("ایرانِ", "ایران"),  # diacritic dropped
    ],
)
def test_normalize(word: str, expected: str) -> None:
    assert normalize(word) == expected


def test_shape_classes() -> None:
    assert [shape(w) for w in ("تهران", "2020", "۲۵٫۵", "Reuters", "NATO", "،")] == [
        "fa", "num", "numx", "Aa", "AA", "،",
    ]  # fmt: skip


def test_gazetteer_takes_the_longest_match() -> None:
    phrases = {("ایالات", "متحده"): "country", ("ایالات", "متحده", "آمریکا"): "country", ("مهر",): "outlet"}
    words = ["ایالات", "متحده", "آمریکا", "و", "مهر"]
    assert gazetteer_tags(words, phrases) == ["B-country", "I-country", "I-country", "O", "B-outlet"]


def test_shipped_gazetteer_has_countries_names_and_outlets() -> None:
    phrases = shipped_resources().phrases
    assert phrases[("روسیه",)] == "country"
    assert phrases[("جمهوری", "آذربایجان")] == "country"
    assert phrases[("آران", "نیوز")] == "outlet"
    assert phrases[("محمد",)] == "fname"


def test_features_use_neighbours_and_boundaries() -> None:
    feats = features(["پوتین", "گفت"], FeatureConfig(gazetteer=False, clusters=False))
    assert "w+1=گفت" in feats[0]
    assert "w-1=<s>" in feats[0]
    assert "bg-=پوتین|گفت" in feats[1]


def test_decode_spans_and_pronouns() -> None:
    tokens = tokenize("وی و ولادیمیر پوتین در روسیه")
    tags = ["B-PER", "O", "B-PER", "I-PER", "O", "B-LOC"]
    assert decode(tokens, tags) == [(5, 19, "PER"), (23, 28, "LOC")]  # «وی» is never an entity


def test_decode_starts_a_span_on_a_change_of_type() -> None:
    tokens = [Token("الف", 0, 3), Token("ب", 4, 5)]
    assert decode(tokens, ["B-ORG", "I-LOC"]) == [(0, 3, "ORG"), (4, 5, "LOC")]


# --- the shipped model -------------------------------------------------------------------------------

pytest.importorskip("onnxruntime")


@pytest.fixture(scope="module")
def seed_spans() -> set[tuple[str, str]]:
    from didban import analyze

    text = analyze(SEED.read_text(encoding="utf-8")).text
    return {(text[s:e], label) for s, e, label in tag_spans(text)}


def test_labels_are_the_six_entity_types(seed_spans: set[tuple[str, str]]) -> None:
    assert {label for _, label in seed_spans} <= set(LABELS)


#: What the shipped model gets right on the seed (its misses are listed in NER_MODEL_CARD.md).
SEED_ENTITIES = [
    ("ولادیمیر پوتین", "PER"),
    ("پوتین", "PER"),
    ("روسیه", "LOC"),
    ("جمهوری آذربایجان", "LOC"),
    ("ارمنستان", "LOC"),  # a country name alone is a place, whatever label the model gives it
    ("فرانسه", "LOC"),
    ("ایالات متحده آمریکا", "LOC"),
    ("قفقاز", "LOC"),
    ("گروه مینسک سازمان امنیت و همکاری اروپا", "ORG"),  # one span: the group of the organisation
    ("خبرگزاری تسنیم", "ORG"),
    ("آران نیوز", "ORG"),
]


@pytest.mark.parametrize(("name", "label"), SEED_ENTITIES)
def test_seed_entities(seed_spans: set[tuple[str, str]], name: str, label: str) -> None:
    assert (name, label) in seed_spans


def test_seed_never_tags_pronouns(seed_spans: set[tuple[str, str]]) -> None:
    assert not any(text in ("وی", "او") for text, _ in seed_spans)


def test_spans_index_the_text() -> None:
    text = "ولادیمیر پوتین رئیس جمهوری روسیه در مسکو گفت."
    spans = tag_spans(text)
    assert spans == sorted(spans)
    assert all(text[s:e].strip() == text[s:e] and label in LABELS for s, e, label in spans)
    assert tag_spans("") == []


def test_texts_tagged_together_get_the_spans_of_each_alone() -> None:
    texts = [
        "ولادیمیر پوتین رئیس جمهوری روسیه در مسکو گفت.",
        "",
        "به گزارش خبرگزاری تسنیم، وزیر امور خارجه ارمنستان به پاریس رفت. او با امانوئل ماکرون دیدار کرد.",
    ]
    assert tag_texts([(text, None) for text in texts]) == [tag_spans(text) for text in texts]


def test_a_batch_tagged_ahead_is_remembered_for_each_article(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [f"دیدار ولادیمیر پوتین و رجب طیب اردوغان در آنکارا، روز {n}." for n in range(3)]
    tag_articles([(text, None) for text in texts])
    expected = [tag_spans(text) for text in texts]
    monkeypatch.setattr(ner, "tag_spans", lambda *_: pytest.fail("tagged again"))
    assert [tag_article(text) for text in texts] == expected
    same_letters = "".join(texts[0])  # an equal text that is another object: tagged afresh
    monkeypatch.undo()
    assert tag_article(same_letters) == expected[0]
