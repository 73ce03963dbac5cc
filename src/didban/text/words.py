"""Word tokenization with offsets: one precompiled regular expression, one ``split`` pass.

A word keeps its half-spaces (ZWNJ), so «می‌دهد» and «درگیری‌های» are one token each; numbers keep their
separators (2.5, ۱۴۰۵/۰۹/۰۹, 12:30, ۲۵٫۵, 1,200); latin words, URLs and e-mail addresses stay whole; every
punctuation mark is a token of its own, except runs such as «...», «؟!» that read as one mark.
"""

from __future__ import annotations

import re
from itertools import accumulate, repeat

from didban.text.compiled import class_table, speedups
from didban.text.tokens import Token

# Arabic-script letters and marks (harakat, tatweel, superscript alef), without the Arabic punctuation
# (، ؛ ؟ ٪ ٫ ٬ ۔) and without the Arabic-Indic and Persian digits; plus the supplement and presentation forms.
_LETTER = (
    "\u0621-\u063a\u0640-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff"
    "\u0750-\u077f\u08a0-\u08ff\ufb50-\ufd3d\ufd50-\ufdff\ufe70-\ufefc"
)
_JOINER = "\u200c\u200d"  # ZWNJ (half-space) and ZWJ join the parts of one word
_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
_NUMBER_SEP = r".,:/\-\u066b\u066c"  # decimal and thousands separators, dates, times, scores
_LATIN = "A-Za-z\u00c0-\u024f"
_SPACE_LIKE = r"\s\u200c\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff"
_URL_STOP = "\\s«»\"'()<>\\[\\]،؛"
_URL_TAIL = ".,:;!?"  # punctuation that ends a sentence, not a URL
_LOCAL = r"\w.+\-"  # an e-mail address's local part
_DOMAIN = rf"{_LATIN}0-9\-"
_LATIN_ALNUM = f"{_LATIN}0-9"
_LATIN_SEP = r".'’\-_"  # inside a latin word: fars.ir, F-35, O'Neil
_MARK_RUN = "!?؟"

_WORD_PATTERN = "|".join(
    (
        # Persian/Arabic word, half-spaces inside: the longest run of letters and joiners that ends in a
        # letter (as ``[L]+(?:[J]+[L]+)*``, without the regex engine's slow nested repeat)
        rf"[{_LETTER}][{_LETTER}{_JOINER}]*(?<=[{_LETTER}])",
        rf"[{_LOCAL}]+@[{_DOMAIN}]+(?:\.[{_DOMAIN}]+)+",  # e-mail address
        rf"(?:https?://|www\.)[^{_URL_STOP}]*[^{_URL_STOP}{_URL_TAIL}]",  # URL, without trailing punctuation
        rf"[{_DIGIT}]+(?:[{_NUMBER_SEP}][{_DIGIT}]+)*",  # number: 2.5 ۱۴۰۵/۰۹/۰۹ 12:30 1,200 2-1
        # latin word: G20 F-35 fars.ir
        rf"[{_LATIN_ALNUM}]*[{_LATIN}][{_LATIN_ALNUM}]*(?:[{_LATIN_SEP}][{_LATIN_ALNUM}]+)*",
        rf"\.{{2,}}|[{_MARK_RUN}]{{2,}}",  # runs that read as one mark: ... !! ؟!
        rf"[^{_SPACE_LIKE}]",  # any other mark: ، ؛ « » " ( ) : . ! … / %
    )
)
#: The text as ``[gap, space, token, gap, space, token, …, tail]`` by ``split``: each token with the space
#: before it, gaps always empty (no character lies outside a space or a token). ``split`` makes no match
#: objects, and the parts' lengths give every offset (C-speed ``accumulate``).
_SPLIT_RE = re.compile(rf"([{_SPACE_LIKE}]*+)({_WORD_PATTERN})")
#: The character classes of :data:`_WORD_PATTERN`, in the order of the bits of ``_speedups.c``'s table.
_CLASSES = (
    _LETTER, _JOINER, _SPACE_LIKE, _LOCAL, _DOMAIN, _LATIN_ALNUM, _LATIN, _DIGIT, _NUMBER_SEP, _URL_STOP,
    re.escape(_URL_TAIL), _LATIN_SEP, _MARK_RUN,
)  # fmt: skip


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    r"""Cut ``text[start:end]`` into word and punctuation tokens with offsets into ``text``.

    Args:
        text: the string to tokenize (raw or repaired).
        start: where to begin, an offset into ``text``.
        end: where to stop (exclusive); ``None`` for the end of ``text``.

    Returns:
        The tokens in order; whitespace and stray half-spaces are never tokens.

    Examples:
        >>> [t.text for t in tokenize("پوتین گفت: «درگیری‌ها ۲۵٫۵ درصد کاهش یافت.»")]
        ['پوتین', 'گفت', ':', '«', 'درگیری\u200cها', '۲۵٫۵', 'درصد', 'کاهش', 'یافت', '.', '»']
        >>> tokenize("سال 2020 بود", 4)[0]
        Token(text='2020', start=4, end=8)
    """
    size = len(text)
    start = min(max(start, 0), size)  # clamped as ``finditer(text, start, end)`` would
    stop = size if end is None else min(max(end, 0), size)
    if start >= stop:
        return []
    compiled = speedups()
    if compiled is not None:
        return compiled.tokenize(text, start, stop, class_table(_CLASSES), Token)  # type: ignore[no-any-return]
    return regex_tokenize(text, start, stop)


def regex_tokenize(text: str, start: int, stop: int) -> list[Token]:
    """:func:`tokenize` by the regular expression (the reference, and the code that runs where the compiled
    tokenizer was not built), for ``0 <= start < stop <= len(text)``."""
    parts = _SPLIT_RE.split(text[start:stop] if start or stop < len(text) else text)
    del parts[::3]  # the empty gaps (and the tail): ``[space, token, space, token, …]``
    offsets = list(accumulate(map(len, parts), initial=start))
    spans = zip(parts[1::2], offsets[1::2], offsets[2::2], strict=True)
    return list(map(tuple.__new__, repeat(Token), spans))  # Token's own __new__ is a Python function
