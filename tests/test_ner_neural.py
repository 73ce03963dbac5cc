"""The neural named-entity tagger: batching, Viterbi decoding, the vocabulary file, and the shipped model
(skipped when onnxruntime or the model files are missing)."""

from __future__ import annotations

from importlib import resources

import pytest

np = pytest.importorskip("numpy")

from didban.read import ner_neural  # noqa: E402
from didban.read.ner_features import shipped_resources  # noqa: E402
from didban.read.ner_neural import (  # noqa: E402
    MAX_CHARS,
    UNK,
    constrain,
    make_batch,
    parse_vocab,
    reverse_index,
    viterbi,
)

LABELS = ("O", "B-LOC", "I-LOC", "B-PER", "I-PER")
VOCAB_TEXT = "\n".join(
    [
        "# a tiny vocabulary",
        *(f"label\t{lab}" for lab in LABELS),
        "char\tا",
        "char\tن",
        "word\tایران",
        "word\tتهران",
        *("trans\t" + "\t".join("0" for _ in LABELS) for _ in LABELS),
        "start\t" + "\t".join("0" for _ in LABELS),
        "end\t" + "\t".join("0" for _ in LABELS),
    ]
)


def _model_shipped() -> bool:
    data = resources.files("didban").joinpath("models", "data")
    return data.joinpath(ner_neural.MODEL_FILE).is_file() and data.joinpath(ner_neural.VOCAB_FILE).is_file()


def test_parse_vocab_ids_follow_padding_and_unknown() -> None:
    vocab = parse_vocab(VOCAB_TEXT)
    assert vocab.labels == LABELS
    assert vocab.words == {"ایران": 2, "تهران": 3}
    assert vocab.chars["ا"] == 2
    assert vocab.transitions.shape == (5, 5)


def test_constrain_blocks_what_iob2_forbids() -> None:
    blocked = constrain(np.zeros((5, 5)), LABELS) < 0
    assert blocked[[0, 0, 1, 2], [2, 4, 4, 4]].all()  # O → I-LOC, O → I-PER, B-LOC → I-PER, I-LOC → I-PER
    assert not blocked[[1, 2], [2, 2]].any()  # B-LOC → I-LOC, I-LOC → I-LOC


def test_reverse_index_keeps_padding_in_place() -> None:
    assert reverse_index(np.array([1, 3]), 3).tolist() == [[0, 1, 2], [2, 1, 0]]


def test_viterbi_follows_transitions_and_lengths() -> None:
    labels = ("O", "B-PER", "I-PER")
    emissions = np.array(
        [[[0.0, 1.0, 0.9], [0.0, 0.0, 0.5], [5.0, 0.0, 0.0]], [[1.0, 0.0, 3.0], [0, 0, 0], [0, 0, 0]]]
    )
    trans = constrain(np.zeros((3, 3)), labels)
    start = np.array([0.0, 0.0, -1e4])
    tags = viterbi(emissions, np.array([3, 1]), trans, start, np.zeros(3), labels)
    assert tags == [["B-PER", "I-PER", "O"], ["O"]]  # a sentence never starts with I-


def test_make_batch_pads_and_reads_unknown_words() -> None:
    vocab = parse_vocab(VOCAB_TEXT)
    batch = make_batch([["ایران", "و", "تهران"], ["ايران"]], vocab, shipped_resources())
    assert batch.words.tolist() == [[2, UNK, 3], [2, 0, 0]]  # «ايران» (Arabic yeh) is normalized first
    assert batch.chars.shape == (2, 3, MAX_CHARS)
    assert batch.lengths.tolist() == [3, 1]
    assert batch.rev.tolist() == [[2, 1, 0], [0, 1, 2]]


@pytest.mark.skipif(not _model_shipped(), reason="the neural NER model is not shipped")
def test_shipped_model_tags_a_sentence() -> None:
    pytest.importorskip("onnxruntime")
    words = ["ولادیمیر", "پوتین", "،", "رئیس", "جمهور", "روسیه", "،", "به", "تهران", "سفر", "کرد", "."]
    (tags,) = ner_neural.tag_sentences([words])
    assert len(tags) == len(words)
    assert tags[:2] == ["B-PER", "I-PER"]
    assert tags[8] == "B-LOC"
    assert ner_neural.tag_sentences([[], ["تهران"]])[0] == []
