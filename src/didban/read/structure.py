"""Article structure: headline, lead, crossheads and body paragraphs, as spans of the text.

Paragraphs are separated by blank lines; a text with no blank line at all (old sites) has one paragraph per
line. The rules, tuned on the Fars and Varzesh3 news:

- headline: the first paragraph, when it reads like a title: one line, of one sentence and at most 40 words,
  or of up to 3 short sentences and at most 25 words («آبی یا قرمز؟ امشب فقط و فقط یکی»). A text of a single
  paragraph is a headline only when it is one short line without a final sentence mark.
- lead: the paragraph after the headline, unless it opens like a news body («به گزارش …»، «به نقل از …»،
  «… در گفت‌وگو با خبرنگار …»). It is the lead when the paragraph after it opens the body that way (and it
  has 8 words or more); otherwise when it ends with a sentence mark and carries a byline («خبرگزاری فارس: …»)
  or is short (at most 3 sentences and 70 words, no longer than the median body paragraph).
- crosshead: a short body line (3–15 words) with no final mark (. ! ؟ : » …), no list marker, no dash and
  no sign-off wording, between a finished body paragraph before it and a longer paragraph after it.
- sign-off tails («انتهای پیام/»، «منبع: …»، «یادداشت: …») are never crossheads: they stay paragraphs, so no
  text is lost, and the last paragraph is never a crosshead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median
from typing import Literal, NamedTuple

from didban.text.sentences import split_sentences
from didban.text.tokens import EDGE_SPACE, trim_span

BlockKind = Literal["headline", "lead", "crosshead", "paragraph"]

_BLANK_LINE_RE = re.compile(rf"\n[{re.escape(EDGE_SPACE.replace(chr(10), ''))}]*\n")
_PARAGRAPH_BREAK_RE = re.compile(rf"\n(?:[{re.escape(EDGE_SPACE.replace(chr(10), ''))}]*\n)+")
_LINE_BREAK_RE = re.compile(r"\n")
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "\u200c": "", "أ": "ا", "إ": "ا"})
_SENTENCE_END = ".!?؟…"
_QUOTE_CLOSERS = "»\"”’')]"
_BYLINE_RE = re.compile(r"^[\s*\-]*(?:خبرگزاری|پایگاه خبری|سایت)\s+[^:\n]{1,40}:")
# How the first body paragraph of a news report opens: «به گزارش فارس،»، «به نقل از …»، «… در گفت‌وگو با …»
_BODY_OPENING_RE = re.compile(
    r"^[\s*\-]*(?:به\s*گزارش|به\s*نقل\s*از|[^.:؟!\n]{0,80}\sدر\s*گفت\s*و?\s*گو\s*با\s*(?:خبرنگار|خبرگزاری))"
)
_LIST_MARKER_RE = re.compile(r"^(?:[0-9\u0660-\u0669\u06f0-\u06f9]|[-–—*•٭#=+_]|\S{1,2}\s*\))")
_SIGN_OFF_RE = re.compile(
    r"^[\s*\-/]*(?:انتهای\s*(?:پیام|متن|خبر)|منبع|منابع|یادداشت|نویسنده|خبرنگار|عکس|عکاس|ترجمه|مترجم|"
    r"گزارش\s*از|تهیه|تنظیم|کد\s*خبر|ادامه\s*دارد|برای\s*(?:مشاهده|تماشای|دیدن))"
)


class Block(NamedTuple):
    """One block of an article: its kind and its trimmed span ``text[start:end]``."""

    kind: BlockKind
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Layout:
    """What the caller knows: whether the first block is the headline, and the second the lead.

    ``lead=None`` leaves the lead to inference. For JSON records with title/abstract/paragraphs use
    ``Layout(headline=True, lead=bool(abstract))``.
    """

    headline: bool = True
    lead: bool | None = None


def read_structure(text: str, layout: Layout | None = None) -> list[Block]:
    """Split ``text`` into headline, lead, crosshead and paragraph blocks.

    Args:
        text: the article, paragraphs separated by blank lines (or one per line when there is no blank line).
        layout: what the caller knows of the first blocks; ``None`` infers everything.

    Returns:
        The blocks in text order, spans trimmed; an empty text gives none.

    Examples:
        >>> headline = "پوتین: آتش‌بس در قره باغ پایدار است"
        >>> lead = "رئیس جمهوری روسیه گفت توافق آتش‌بس در قره باغ به طور پایدار در حال اجرا است."
        >>> body = "به گزارش تسنیم، پوتین این سخنان را روز جمعه در نشست سران بیان کرد."
        >>> [block.kind for block in read_structure("\\n\\n".join([headline, lead, body]))]
        ['headline', 'lead', 'paragraph']
    """
    spans = paragraph_spans(text)
    if not spans:
        return []
    kinds: list[BlockKind] = ["paragraph"] * len(spans)
    body_start = 0
    if _has_headline(text, spans, layout):
        kinds[0] = "headline"
        body_start = 1
        if _has_lead(text, spans, layout):
            kinds[1] = "lead"
            body_start = 2
    for index in _crosshead_indices(text, spans, body_start):
        kinds[index] = "crosshead"
    return [Block(kind, start, end) for kind, (start, end) in zip(kinds, spans, strict=True)]


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Trimmed, non-empty paragraph spans: split at blank lines, or at every line break when there is none."""
    breaker = _PARAGRAPH_BREAK_RE if _BLANK_LINE_RE.search(text) else _LINE_BREAK_RE
    spans = []
    start = 0
    for match in breaker.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    trimmed = (trim_span(text, left, right) for left, right in spans)
    return [(span.start, span.end) for span in trimmed if span is not None]


def _has_headline(text: str, spans: list[tuple[int, int]], layout: Layout | None) -> bool:
    """Whether the first paragraph is the headline (given by the layout, else inferred)."""
    if layout is not None:
        return layout.headline
    first = text[spans[0][0] : spans[0][1]]
    if len(spans) == 1:
        return "\n" not in first and _word_count(first) <= 30 and not _ends_sentence(first)
    words, sentences = _word_count(first), len(split_sentences(first))
    return "\n" not in first and ((words <= 40 and sentences == 1) or (words <= 25 and sentences <= 3))


def _has_lead(text: str, spans: list[tuple[int, int]], layout: Layout | None) -> bool:
    """Whether the paragraph after the headline is the lead (given by the layout, else inferred)."""
    if layout is not None and layout.lead is not None:
        return layout.lead and len(spans) > 1
    if len(spans) < 3:
        return False
    lead = _folded(text, spans[1])
    if _BODY_OPENING_RE.match(lead):
        return False
    if _BODY_OPENING_RE.match(_folded(text, spans[2])):
        return _word_count(lead) >= 8  # what precedes the body's opening is the lead, period or not
    if not _ends_sentence(lead):
        return False
    return bool(_BYLINE_RE.match(lead)) or _reads_like_summary(text, spans)


def _reads_like_summary(text: str, spans: list[tuple[int, int]]) -> bool:
    """A short paragraph (≤ 3 sentences, ≤ 70 words) no longer than the typical body paragraph after it."""
    lead_start, lead_end = spans[1]
    words = _word_count(text[lead_start:lead_end])
    if words > 70 or len(split_sentences(text, lead_start, lead_end)) > 3:
        return False
    body = [_word_count(text[start:end]) for start, end in spans[2:]]
    return words <= median(body)


def _crosshead_indices(text: str, spans: list[tuple[int, int]], body_start: int) -> list[int]:
    """Indices of the body paragraphs that are crossheads (never the first body block, never the last)."""
    return [
        index
        for index in range(body_start + 1, len(spans) - 1)
        if _looks_like_crosshead(_folded(text, spans[index]))
        and _ends_body_paragraph(_folded(text, spans[index - 1]))
        and _opens_section(_folded(text, spans[index + 1]), _word_count(_folded(text, spans[index])))
    ]


def _looks_like_crosshead(line: str) -> bool:
    """A short single line with no final mark, list marker, dash or sign-off wording."""
    return (
        "\n" not in line
        and 3 <= _word_count(line) <= 15
        and line[-1] not in _SENTENCE_END + ':»"”)،؛,/'
        and not _LIST_MARKER_RE.match(line)
        and not _SIGN_OFF_RE.match(line)
        and not any(dash in line for dash in "-–—")
    )


def _ends_body_paragraph(paragraph: str) -> bool:
    """The paragraph before a crosshead is finished prose: it ends with a sentence mark, not with «:»."""
    return _word_count(paragraph) >= 8 and _ends_sentence(paragraph)


def _opens_section(paragraph: str, crosshead_words: int) -> bool:
    """The paragraph after a crosshead is prose, clearly longer than the crosshead."""
    return _word_count(paragraph) >= max(15, 2 * crosshead_words) and not _LIST_MARKER_RE.match(paragraph)


def _ends_sentence(paragraph: str) -> bool:
    """Whether the paragraph ends with a sentence mark, possibly inside closing quotes or brackets."""
    core = paragraph.rstrip(EDGE_SPACE + _QUOTE_CLOSERS)
    return bool(core) and core[-1] in _SENTENCE_END


def _folded(text: str, span: tuple[int, int]) -> str:
    """The span's text with Arabic letter forms and half-spaces folded, for the rules' pattern checks."""
    return text[span[0] : span[1]].translate(_FOLD)


def _word_count(paragraph: str) -> int:
    """Number of whitespace-separated words."""
    return len(paragraph.split())
