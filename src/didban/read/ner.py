"""Named-entity spans: a neural tagger (char CNN + word BiLSTM + CRF, run by onnxruntime) over the words of
each sentence of the repaired text.

The model (``models/data/ner_neural.onnx`` and ``ner_neural_vocab.tsv``, see
:mod:`didban.read.ner_neural`), its gazetteer and word clusters are trained by ``training/train_ner.py``
and ``training/train_ner_neural.py`` (see ``models/data/NER_MODEL_CARD.md``); they load once, on first
use. Labels: PER, ORG, LOC, FAC, EVENT, PRODUCT. Spans are ``(start, end, label)`` offsets into the text;
linking the mentions into entities is :mod:`didban.read.entities`' work.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import Any

from didban.read.ner_features import Resources, normalize, shipped_resources
from didban.text.sentences import split_sentences
from didban.text.tokens import Token
from didban.text.words import tokenize

LABELS = ("PER", "ORG", "LOC", "FAC", "EVENT", "PRODUCT")
#: Personal pronouns and list or clause marks: never (part of) an entity, whatever the model says.
_NEVER = frozenset(("وی", "او", "ایشان", "آنها", "آن\u200cها", "،", "؛", "«", "»", ":", "؟", "!"))


def tag_spans(text: str, sentences: Sequence[Token] | None = None) -> list[tuple[int, int, str]]:
    """The entity spans of ``text`` in order, each ``(start, end, label)``.

    Args:
        text: the repaired article text.
        sentences: its sentences (offsets into ``text``); split here when not given.

    Returns:
        The spans, in text order; empty when no model is shipped (or onnxruntime is missing).
    """
    from didban.read.ner_neural import tag_sentences  # numpy and onnxruntime load with the first article

    sentences = split_sentences(text) if sentences is None else sentences
    words = [tokens for tokens in (tokenize(text, s.start, s.end) for s in sentences) if tokens]
    tags = tag_sentences([[t.text for t in tokens] for tokens in words])
    if tags is None:
        return []
    res = shipped_resources()
    return [
        _country_is_place(text, span, res)
        for tokens, sentence_tags in zip(words, tags, strict=True)
        for span in decode(tokens, sentence_tags)
    ]


_LAST = threading.local()


def tag_article(text: str, sentences: Sequence[Token] | None = None) -> list[tuple[int, int, str]]:
    """:func:`tag_spans`, remembered for the text this thread tagged last: the quotation reader (which
    asks who is a person) and the entity linker share one tagging of each article."""
    memo = getattr(_LAST, "memo", None)
    if memo is not None and memo[0] is text:
        return memo[1]
    spans = tag_spans(text, sentences)
    _LAST.memo = (text, spans)
    return spans


def _country_is_place(text: str, span: tuple[int, int, str], res: Resources) -> tuple[int, int, str]:
    """A span that is exactly a country name is a LOC: Arman tags a country acting as a state ORG, while
    Didban links countries (ISO 3166) as places whatever they do.

    >>> res = Resources({("ارمنستان",): "country"}, {})
    >>> _country_is_place("ارمنستان گفت", (0, 8, "ORG"), res)
    (0, 8, 'LOC')
    """
    start, end, label = span
    if label == "LOC":
        return span
    phrase = tuple(normalize(t.text) for t in tokenize(text, start, end))
    return (start, end, "LOC") if res.phrases.get(phrase) == "country" else span


def decode(tokens: Sequence[Token], tags: Iterable[str]) -> list[tuple[int, int, str]]:
    """Character spans of the ``B-``/``I-`` runs of ``tags`` (an ``I-`` after another type starts a span).

    >>> tokens = [Token("ولادیمیر", 0, 8), Token("پوتین", 9, 14), Token("گفت", 15, 18)]
    >>> decode(tokens, ["B-PER", "I-PER", "O"])
    [(0, 14, 'PER')]
    """
    spans: list[tuple[int, int, str]] = []
    current: list[Any] | None = None
    for token, tag in zip(tokens, tags, strict=True):
        kind = tag[2:] if tag != "O" and token.text not in _NEVER else ""
        if kind and current and tag[0] == "I" and current[2] == kind:
            current[1] = token.end
            continue
        if current:
            spans.append((current[0], current[1], current[2]))
        current = [token.start, token.end, kind] if kind else None
    if current:
        spans.append((current[0], current[1], current[2]))
    return spans
