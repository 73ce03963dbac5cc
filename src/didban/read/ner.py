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
    return tag_texts([(text, sentences)])[0]


def tag_texts(texts: Sequence[tuple[str, Sequence[Token] | None]]) -> list[list[tuple[int, int, str]]]:
    """:func:`tag_spans` of several texts (each with its sentences, or ``None``), their sentences tagged
    together: batches of similar length fill better across articles than within one."""
    from didban.read.ner_neural import tag_sentences  # numpy and onnxruntime load with the first article

    words = [
        [tokens for tokens in (tokenize(text, s.start, s.end) for s in sentences) if tokens]
        for text, sentences in ((t, split_sentences(t) if s is None else s) for t, s in texts)
    ]
    tags = tag_sentences([[t.text for t in tokens] for text_words in words for tokens in text_words])
    if tags is None:
        return [[] for _ in texts]
    res, out, at = shipped_resources(), [], 0
    for (text, _), text_words in zip(texts, words, strict=True):
        text_tags, at = tags[at : at + len(text_words)], at + len(text_words)
        out.append(
            [
                _country_is_place(text, span, res)
                for tokens, sentence_tags in zip(text_words, text_tags, strict=True)
                for span in decode(tokens, sentence_tags)
            ]
        )
    return out


#: How many texts' spans a thread remembers (:func:`tag_article`, :func:`tag_articles`).
MEMO_SIZE = 64
_MEMO = threading.local()


def _memo() -> dict[int, tuple[str, list[tuple[int, int, str]]]]:
    """This thread's remembered spans, by the identity of the text (the text is kept to check it)."""
    memo = getattr(_MEMO, "spans", None)
    if memo is None:
        memo = _MEMO.spans = {}
    return memo


def _remember(text: str, spans: list[tuple[int, int, str]]) -> None:
    memo = _memo()
    while len(memo) >= MEMO_SIZE:
        del memo[next(iter(memo))]  # the oldest
    memo[id(text)] = (text, spans)


def tag_article(text: str, sentences: Sequence[Token] | None = None) -> list[tuple[int, int, str]]:
    """:func:`tag_spans`, remembered for the last texts this thread tagged (by identity): the quotation
    reader (which asks who is a person) and the entity linker share one tagging of each article."""
    held = _memo().get(id(text))
    if held is not None and held[0] is text:
        return held[1]
    spans = tag_spans(text, sentences)
    _remember(text, spans)
    return spans


def tag_articles(texts: Sequence[tuple[str, Sequence[Token] | None]]) -> None:
    """Tag several texts at once (:func:`tag_texts`) and remember each for :func:`tag_article`: a batch
    reader calls it before reading its articles one by one (only the last :data:`MEMO_SIZE` are kept)."""
    last = texts[-MEMO_SIZE:]
    for (text, _), spans in zip(last, tag_texts(last), strict=True):
        _remember(text, spans)


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
