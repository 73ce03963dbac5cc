"""Persian text repair: letters, digits, spacing, punctuation and half-spaces, with an offset map.

The passes run in order over the whole text; each changes only what its regexes match, and the offset
map is carried along by copying the unchanged stretches (C-speed array slices):

1. :data:`~didban.text.letters.UNIFY`, by :func:`~didban.text.letters.one_to_one` (ي→ی، ك→ک، ٠-٩→۰-۹,
   invisible marks → ZWNJ);
2. tatweel, diacritics and ligatures (:data:`~didban.text.letters.DROP_OR_REWRITE`);
3. whitespace: one blank line between paragraphs, single spaces, no stray or doubled ZWNJ, no ZWNJ
   after a non-joining letter;
4. punctuation: no space before ، ؛ ؟ . : ! and one after; «» hug their content; numbers, times, dates
   and Latin text (URLs) are left alone;
5. half-spaces (:mod:`didban.text.zwnj`).

>>> repair("میدهد  ، كتابهاي «  خوب »")[0]
'می\u200cدهد، کتاب\u200cهای «خوب»'
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from didban.text import zwnj
from didban.text.letters import DROP_HINT, DROP_OR_REWRITE, LETTERS, NON_JOINING, ZWNJ, one_to_one, rewrite
from didban.text.offsets import OffsetMap, identity

Edit = tuple[int, int, str]
Replacement = str | Callable[[re.Match[str]], str]

_SEPARATORS = frozenset(" \n\u200c")
_NJ = "".join(sorted(NON_JOINING))


def _run(match: re.Match[str]) -> str:
    return " " if " " in match.group() else ZWNJ


class Pass(NamedTuple):
    """One regex pass: what ``pattern`` matches becomes ``replacement``. A pass with ``needles`` runs
    only on a text holding one of them (every match contains one), so most texts skip it."""

    pattern: re.Pattern[str]
    replacement: Replacement
    needles: tuple[str, ...] = ()

    def edits(self, text: str) -> Iterable[Edit]:
        """The pass's edits of ``text``."""
        if self.needles and not any(needle in text for needle in self.needles):
            return ()
        return regex_edits(text, self.pattern, self.replacement)


#: Whitespace passes after :func:`_line_breaks`, in order: runs of separators, stray ZWNJs. Each
#: pattern starts with a literal or a class (never a lookbehind), so the regex engine scans fast.
WHITESPACE: tuple[Pass, ...] = (
    Pass(re.compile(r"[ \u200c]{2,}"), _run, ("  ", f" {ZWNJ}", f"{ZWNJ} ", ZWNJ * 2)),
    Pass(re.compile(rf"\u200c(?:(?<![{LETTERS}]\u200c)|(?![{LETTERS}])|(?<=[{_NJ}]\u200c))"), "", (ZWNJ,)),
)

_SHORT_GROUP = re.compile(rf"[{LETTERS}]{{1,2}}(?![{LETTERS}])")
_CHAIN_HEAD = re.compile(rf"\.[{LETTERS}]{{1,2}}\Z")


def _after_stop(match: re.Match[str]) -> str:
    """A space after a mark that a word follows («رفت.سپس» → «رفت. سپس»), except after the second or a later
    dot of a dotted abbreviation of one- or two-letter groups («ج.ا.ا»، «آ.اس.پ»، «ن.ا.ج»; the pattern leaves
    the first dot after a lone letter alone already)."""
    mark, text, dot = match.group(), match.string, match.start()
    if mark == "." and _SHORT_GROUP.match(text, dot + 1) and _CHAIN_HEAD.search(text, max(0, dot - 3), dot):
        return mark
    return mark + " "


_CLOSE = "،؛؟!.:»)\\]"
_DIGITS = "0-9۰-۹"
#: Punctuation passes: no space before, one after, quotes hugging their content.
PUNCTUATION: tuple[Pass, ...] = (
    Pass(re.compile(r" +(?=[،؛؟])"), "", (" ،", " ؛", " ؟")),
    Pass(re.compile(rf" (?<=[{LETTERS}{_DIGITS}»)] )(?=[.:!](?![{_DIGITS}]))"), "", (" .", " :", " !")),
    Pass(re.compile(rf"[،؛؟](?=[^\s{_CLOSE}])"), lambda m: m.group() + " "),
    Pass(re.compile(rf"[.:!](?<![\s][{LETTERS}]\.)(?<!^[{LETTERS}]\.)(?=[{LETTERS}«])"), _after_stop),
    Pass(re.compile(r"« +| +»"), lambda m: m.group().strip(" "), ("« ", " »")),
    Pass(re.compile(rf"«(?<=[{LETTERS}{_DIGITS}]«)"), " «", ("«",)),
    Pass(re.compile(rf"»(?=[{LETTERS}{_DIGITS}])"), "» ", ("»",)),
)
_LINE_BREAK = re.compile(r"\n[ \u200c\n]*")


def _line_breaks(text: str) -> Iterator[Edit]:
    """Each run of separators holding a line break becomes one line break, or a blank line if it holds
    two or more (the first whitespace pass; a run starts at its line break, then takes in the spaces and
    ZWNJs before it)."""
    for match in _LINE_BREAK.finditer(text):
        start, end = match.span()
        while start and text[start - 1] in " \u200c":
            start -= 1
        new = "\n\n" if match.group().count("\n") > 1 else "\n"
        if end - start != len(new) or text[start:end] != new:
            yield start, end, new


def _edges(text: str) -> Iterator[Edit]:
    """Leading and trailing whitespace, removed."""
    head = len(text) - len(text.lstrip(" \n\u200c"))
    if head:
        yield 0, head, ""
    tail = len(text.rstrip(" \n\u200c"))
    if tail < len(text) and tail >= head:
        yield tail, len(text), ""


def repair(raw: str, *, restorer: zwnj.Restorer | None = None) -> tuple[str, OffsetMap]:
    """Repair Persian text; return the repaired text and the map of its positions to ``raw``.

    Args:
        raw: the text as received.
        restorer: the half-space restorer to use (another model or lexicon, in an evaluation); the shared
            one by default.

    Returns:
        ``(text, offsets)``: ``offsets.raw(i)`` is the raw position of repaired character ``i``.

    >>> text, offsets = repair("درگيريهاي  نظامي")
    >>> text, offsets.raw_span(0, 10)
    ('درگیری\u200cهای نظامی', (0, 9))
    """
    text = one_to_one(raw)
    to_raw = identity(len(raw) + 1)
    if DROP_HINT.search(text):
        text, to_raw = apply(text, to_raw, regex_edits(text, DROP_OR_REWRITE, lambda m: rewrite(m.group())))
    text, to_raw = apply(text, to_raw, _edges(text))
    text, to_raw = apply(text, to_raw, _line_breaks(text))
    for step in (*WHITESPACE, *PUNCTUATION):
        text, to_raw = apply(text, to_raw, step.edits(text))
    text, to_raw = apply(text, to_raw, zwnj.edits(text, restorer))
    return text, OffsetMap(to_raw)


def regex_edits(text: str, pattern: re.Pattern[str], replacement: Replacement) -> Iterator[Edit]:
    """The edits of ``pattern.sub(replacement, text)``, skipping matches that change nothing."""
    for match in pattern.finditer(text):
        new = replacement if isinstance(replacement, str) else replacement(match)
        if new != match.group():
            yield match.start(), match.end(), new


def apply(text: str, to_raw: array, edits: Iterable[Edit]) -> tuple[str, array]:
    """Apply sorted, non-overlapping edits to ``text`` and carry its raw-offset map along."""
    pieces: list[str] = []
    mapped = array("l")
    last = 0
    for start, end, new in edits:
        pieces += (text[last:start], new)
        mapped.extend(to_raw[last:start])
        mapped.extend(align(text[start:end], new, to_raw, start))
        last = end
    if not pieces:
        return text, to_raw
    pieces.append(text[last:])
    mapped.extend(to_raw[last:])
    return "".join(pieces), mapped


def align(old: str, new: str, to_raw: array, start: int) -> list[int]:
    """Raw offsets for the characters of ``new``, which replaces ``old`` at ``start``.

    A character kept from ``old`` maps to its raw source; an inserted separator maps to the raw
    position it was inserted at; a rewritten letter maps to the letter it replaces.
    """
    out: list[int] = []
    j, size = 0, len(old)
    for char in new:
        k = old.find(char, j)
        if char in _SEPARATORS and (k < 0 or old[j:k].strip(" \n\u200c")):
            k = j if j < size and old[j] in _SEPARATORS else -1
            out.append(to_raw[start + j])
            j += k >= 0
            continue
        if k < 0:
            k = old.find(char)
        if k < 0:
            k = min(j, max(size - 1, 0))
        out.append(to_raw[start + k])
        j = max(j, k + 1)
    return out
