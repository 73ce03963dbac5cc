r"""Sentence splitting with offsets, for Persian news text (raw or repaired).

Decisions:

- A sentence ends at «.», «!», «?», «؟» (or a run of them such as «؟!»), with any closing quotes and brackets
  that follow, when whitespace, the end of the text or — after a word of two letters or more — a Persian
  letter follows («است.وی» in old text lacking the space).
- «؛» does not end a sentence: it joins clauses of one sentence. «...» and «…» do not end one either: in news
  they nearly always stand for «and so on» in the middle of a sentence («سیاست، اقتصاد و ... را»).
- A dot after an abbreviation (``lexicon/data/abbreviations.txt``), an initial («ا.»، «م.»، «J.»), or a list
  number at the start of a line («1. …») does not end a sentence; dots inside numbers (2.5) and inside
  dotted abbreviations written without spaces («آ.اس.پ»، «ج.ا.ا») never do.
- Nothing splits inside a matched «…» (or “…”, "…") quotation: «پوتین گفت: «الف. ب.»» is one unit, which
  ends after the closing mark when the quotation itself ended with a sentence mark. A quotation mark that
  never closes in its line protects nothing, and neither does a matched pair longer than 2,000 characters.
- A paragraph break (a blank line) always ends a sentence; so does a single line break, unless the line
  ends with «:», «،» or a dash (a byline such as «خبرگزاری فارس :» continues on the next line).
- Text running over :data:`MAX_SENTENCE` characters without a sentence end is cut at a «،» or a space.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import cache
from itertools import pairwise

from didban.lexicon import data_rows
from didban.text.tokens import EDGE_SPACE, Token, trim_span

_LETTER = "\u0621-\u063a\u0641-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff"
_CLOSERS = "»\"”’')]"
_FINAL = ".!?؟"
_MAX_QUOTE = 2000
#: Abbreviations, initials and list numbers are shorter than this; longer runs before a dot are not looked
#: into (each dot would scan its whole run: quadratic on «بب.بب.بب.…»).
_MAX_WORD = 32
#: A "sentence" longer than this (no news sentence is: the longest of 33,637 in the news sets has 1,974
#: characters) is text without punctuation; it is cut at spaces so that later stages, some quadratic in a
#: sentence's length, stay fast on it.
MAX_SENTENCE = 2500

_LINE_BREAK_RE = re.compile(r"\n(?:[^\S\n]*\n)*")
_MARK_RE = re.compile(rf"[{_FINAL}…]+[{re.escape(_CLOSERS)}]*")
_QUOTE_RE = re.compile('[«»“”"]')
_INITIALS_RE = re.compile(rf"(?:[{_LETTER}A-Za-z]\.)*[{_LETTER}A-Za-z]")
_LIST_NUMBER_RE = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]{1,3}")
_PERSIAN_LETTER_RE = re.compile(rf"[{_LETTER}]")
_WORD_END_RE = re.compile(rf"[{_LETTER}]{{2}}$")
#: A dotted abbreviation of one- or two-letter groups written without spaces: «ج.ا.ا»، «آ.اس.پ»، «ن.ا.ج».
_DOTTED_RE = re.compile(
    rf"(?:[{_LETTER}]\.(?:[{_LETTER}]{{1,2}}\.)*|(?:[{_LETTER}]{{1,2}}\.){{2,}})[{_LETTER}]{{1,2}}\.?"
)


@cache
def abbreviations() -> frozenset[str]:
    """The abbreviations (without their final dot) after which a dot does not end a sentence."""
    return frozenset(row[0].strip() for row in data_rows("abbreviations.txt"))


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    r"""Split ``text[start:end]`` into sentences, each a whitespace-trimmed span with offsets into ``text``.

    Args:
        text: the string to split (raw or repaired).
        start: where to begin, an offset into ``text``.
        end: where to stop (exclusive); ``None`` for the end of ``text``.

    Returns:
        The sentences in order; empty stretches give none.

    Examples:
        >>> [s.text for s in split_sentences("پوتین گفت: «الف. ب.» وی افزود: رشد ۳.۵ درصد بود. پایان")]
        ['پوتین گفت: «الف. ب.»', 'وی افزود: رشد ۳.۵ درصد بود.', 'پایان']
    """
    stop = len(text) if end is None else end
    sentences: list[Token] = []
    for line_start, line_end in _lines(text, start, stop):
        for sentence in _line_sentences(text, line_start, line_end):
            if sentence.end - sentence.start > MAX_SENTENCE:
                sentences.extend(_pieces(text, sentence.start, sentence.end))
            else:
                sentences.append(sentence)
    return sentences


def _pieces(text: str, start: int, end: int) -> list[Token]:
    """An overlong span cut into pieces of at most :data:`MAX_SENTENCE` characters, each after the last
    «،» or space of its window when there is one."""
    pieces = []
    while start < end:
        limit = min(start + MAX_SENTENCE, end)
        cut = limit
        if limit < end:
            comma, space = text.rfind("،", start, limit), text.rfind(" ", start, limit)
            cut = comma + 1 if comma > start else space if space > start else limit
        piece = trim_span(text, start, cut)
        if piece is not None:
            pieces.append(piece)
        start = cut
    return pieces


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans between hard line breaks: blank lines, and single breaks not after «:»، «،» or a dash."""
    spans = []
    line_start = start
    for match in _LINE_BREAK_RE.finditer(text, start, end):
        single = match[0].count("\n") == 1
        before = text[line_start : match.start()].rstrip(EDGE_SPACE)
        if single and before and before[-1] in ":،,-–":
            continue
        spans.append((line_start, match.start()))
        line_start = match.end()
    spans.append((line_start, end))
    return spans


def _line_sentences(text: str, start: int, end: int) -> list[Token]:
    """The trimmed sentences of one line (a span with no hard break inside)."""
    cuts = [start, *_boundaries(text, start, end), end]
    sentences = []
    for left, right in pairwise(cuts):
        span = trim_span(text, left, right)
        if span is not None:
            sentences.append(span)
    return sentences


def _boundaries(text: str, start: int, end: int) -> list[int]:
    """Offsets where a sentence ends inside one line, in order."""
    quotes = _quote_spans(text, start, end)
    opens = [left for left, _ in quotes]
    cuts = {right + 1 for _, right in quotes if _quote_ends_sentence(text, right, end)}
    for match in _MARK_RE.finditer(text, start, end):
        inside = bisect_right(opens, match.start()) - 1
        if inside >= 0 and match.start() < quotes[inside][1]:
            continue
        if _mark_ends_sentence(text, match, start, end):
            cuts.add(match.end())
    return sorted(cut for cut in cuts if start < cut < end)


def _quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Outermost matched quotation pairs ``(open, close)`` of a line, sorted; unmatched marks are ignored."""
    stack: list[tuple[str, int]] = []
    pairs = []
    for match in _QUOTE_RE.finditer(text, start, end):
        mark, pos = match[0], match.start()
        if mark == '"' and stack and stack[-1][0] == '"':
            pairs.append((stack.pop()[1], pos))
        elif mark in '«“"':
            stack.append((mark, pos))
        else:
            opener = _pop_opener(stack)
            if opener is not None:
                pairs.append((opener, pos))
    return _outermost(pair for pair in pairs if pair[1] - pair[0] <= _MAX_QUOTE)


def _pop_opener(stack: list[tuple[str, int]]) -> int | None:
    """Pop up to the nearest «/“ opener (dropping unclosed ASCII quotes above it); its offset, or None."""
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth][0] in "«“":
            pos = stack[depth][1]
            del stack[depth:]
            return pos
    return None


def _outermost(pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pairs not nested inside another, sorted by opening offset."""
    kept: list[tuple[int, int]] = []
    for left, right in sorted(pairs):
        if not kept or left > kept[-1][1]:
            kept.append((left, right))
    return kept


def _quote_ends_sentence(text: str, close: int, end: int) -> bool:
    """A quotation closing at ``close`` ends its sentence: a sentence mark before it, a space after it."""
    pos = close - 1
    while pos >= 0 and text[pos] in _CLOSERS:
        pos -= 1
    after = close + 1
    return pos >= 0 and text[pos] in _FINAL and (after >= end or text[after].isspace())


def _mark_ends_sentence(text: str, match: re.Match[str], start: int, end: int) -> bool:
    """Whether a run of sentence marks (with its closers) ends a sentence."""
    marks = match[0].rstrip(_CLOSERS)
    if marks != "." and not marks.strip(".…"):
        return False  # an ellipsis: «و ...»
    after = match.end()
    if marks == "." and _dot_is_not_final(text, match.start(), start):
        return False
    if after >= end or text[after].isspace():
        return True
    glued = _PERSIAN_LETTER_RE.match(text, after) and _WORD_END_RE.search(
        text, max(start, match.start() - 2), match.start()
    )
    return bool(glued) and not (
        marks == "." and _DOTTED_RE.fullmatch(_word_at(text, match.start(), start, end))
    )


def _word_at(text: str, pos: int, start: int, end: int) -> str:
    """The run of non-space characters of ``text[start:end]`` around ``pos``, or of its :data:`_MAX_WORD`
    characters on each side (longer runs are never abbreviations)."""
    left, right = pos, pos
    low, high = max(start, pos - _MAX_WORD), min(end, pos + _MAX_WORD)
    while left > low and not text[left - 1].isspace():
        left -= 1
    while right < high and not text[right].isspace():
        right += 1
    return text[left:right]


def _dot_is_not_final(text: str, dot: int, start: int) -> bool:
    """A dot after an abbreviation, an initial, or a list number opening the line."""
    word_start, low = dot, max(start, dot - _MAX_WORD)
    while word_start > low and not text[word_start - 1].isspace() and text[word_start - 1] not in '«("“':
        word_start -= 1
    if word_start == low > start:
        return False  # a run of more than _MAX_WORD characters: no abbreviation
    word = text[word_start:dot]
    if not word:
        return False
    if word in abbreviations() or _INITIALS_RE.fullmatch(word):
        return True
    return bool(_LIST_NUMBER_RE.fullmatch(word)) and not text[start:word_start].strip(EDGE_SPACE + "-*•")
