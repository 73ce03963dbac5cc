"""Word tokenizer: ZWNJ words whole, punctuation split, numbers, latin words, URLs and e-mails whole."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from didban.text.tokens import Token
from didban.text.words import _WORD_PATTERN, tokenize

ZWNJ = "\u200c"
SEED = (Path(__file__).parent / "fixtures" / "seed.txt").read_text(encoding="utf-8")

CASES = [
    # a half-space word is one token (repaired text)
    (
        f"روسیه تمام تلاش خود را انجام می{ZWNJ}دهد.",
        ["روسیه", "تمام", "تلاش", "خود", "را", "انجام", f"می{ZWNJ}دهد", "."],
    ),
    # raw text without half-spaces: the tokenizer does not guess, it splits at spaces
    ("انجام میدهد", ["انجام", "میدهد"]),
    # several half-spaces in one word
    (f"درگیری{ZWNJ}های نظامی", [f"درگیری{ZWNJ}های", "نظامی"]),
    # Persian comma, colon and guillemets are tokens of their own
    (
        "تأکید کرد: «متأسفانه درگیری‌ها، منجر شد.»",
        ["تأکید", "کرد", ":", "«", "متأسفانه", "درگیری‌ها", "،", "منجر", "شد", ".", "»"],
    ),
    # ASCII quotes around a name (seed)
    ('تسنیم، "ولادیمیر پوتین" رئیس', ["تسنیم", "،", '"', "ولادیمیر", "پوتین", '"', "رئیس"]),
    # parentheses (seed)
    ("میهنی (جنگ جهانی دوم) با", ["میهنی", "(", "جنگ", "جهانی", "دوم", ")", "با"]),
    # question mark, semicolon, exclamation
    ("چرا؟ آری؛ نه!", ["چرا", "؟", "آری", "؛", "نه", "!"]),
    # ellipsis in three dots and in one character, and a run of marks
    ("سیاست و ... یا … واقعا؟!", ["سیاست", "و", "...", "یا", "…", "واقعا", "؟!"]),
    # a decimal number with a dot, and a Persian date with slashes
    ("رشد 2.5 درصد در ۱۴۰۵/۰۹/۰۹", ["رشد", "2.5", "درصد", "در", "۱۴۰۵/۰۹/۰۹"]),
    # a time, a Persian decimal separator, a thousands separator
    ("ساعت 12:30 و ۲۵٫۵ و 1,200 نفر", ["ساعت", "12:30", "و", "۲۵٫۵", "و", "1,200", "نفر"]),
    # Arabic-Indic digits and a percent sign
    ("٣٥٪ رای", ["٣٥", "٪", "رای"]),
    # a score from Varzesh3 stays whole
    ("با نتیجه 3-2 مغلوب بارسا شد", ["با", "نتیجه", "3-2", "مغلوب", "بارسا", "شد"]),
    # a number at the end of a sentence: the dot is not part of it
    ("در سال 2020.", ["در", "سال", "2020", "."]),
    # latin words and acronyms inside Persian (Fars)
    (
        "دفاتر ICT روستايي و نرم افزار (Core)",
        ["دفاتر", "ICT", "روستايي", "و", "نرم", "افزار", "(", "Core", ")"],
    ),
    # latin words with a digit or a hyphen
    ("جنگنده F-35 و گروه G20", ["جنگنده", "F-35", "و", "گروه", "G20"]),
    # a URL keeps its path, not the final dot
    (
        "منبع: https://www.farsnews.ir/news/123?id=4.",
        ["منبع", ":", "https://www.farsnews.ir/news/123?id=4", "."],
    ),
    # an e-mail address
    ("نشانی info@varzesh3.com است", ["نشانی", "info@varzesh3.com", "است"]),
    # Arabic letter forms and a word glued to a number (raw Fars)
    ("جذب714 ميليارد", ["جذب", "714", "ميليارد"]),
    # stray half-spaces at word edges are not tokens
    (f"حیات{ZWNJ} وحش {ZWNJ}آمریکا", ["حیات", "وحش", "آمریکا"]),
    # the slash of a Fars sign-off
    ("انتهای پیام/", ["انتهای", "پیام", "/"]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_tokenize(text: str, expected: list[str]) -> None:
    assert [token.text for token in tokenize(text)] == expected


def test_offsets_index_the_text() -> None:
    # every token is exactly the text at its offsets, on the whole seed
    tokens = tokenize(SEED)
    assert tokens
    assert all(SEED[t.start : t.end] == t.text for t in tokens)


def test_offsets_are_ordered_and_disjoint() -> None:
    # tokens come in text order and never overlap
    tokens = tokenize(SEED)
    assert all(a.end <= b.start for a, b in pairwise(tokens))


def test_range_keeps_offsets_into_the_whole_text() -> None:
    # tokenizing a slice gives offsets into the whole string, and nothing outside the slice
    text = "پوتین گفت: صلح پایدار است."
    start = text.index("صلح")
    assert tokenize(text, start, start + 3) == [Token("صلح", start, start + 3)]


def test_seed_keeps_numbers_and_splits_quotes() -> None:
    # the seed's year is one token, and its guillemets are tokens of their own
    texts = [t.text for t in tokenize(SEED)]
    assert "2020" in texts
    assert texts.count("«") == texts.count("»") == 4


def _reference(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokenizer as one ``finditer`` over the word pattern (what the ``split`` version must equal)."""
    pattern = re.compile(_WORD_PATTERN)
    stop = len(text) if end is None else end
    return [Token(m[0], m.start(), m.end()) for m in pattern.finditer(text, start, stop)]


EDGE_TEXTS = [
    *(text for text, _ in CASES),
    "",
    " ",
    f"  {ZWNJ}\u200f\n",  # only spaces and invisible marks
    f"{ZWNJ}کتاب{ZWNJ}{ZWNJ}ها{ZWNJ} a\u2028b\x1cc\x85d  ",  # joiners at edges, exotic line breaks
    "www.x.ir/a?b=1. https://t.co) 2-1 ۱۴۰۵/۰۹/۰۹ ... ؟! é中\U0001d400",
]


@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_split_equals_finditer(text: str) -> None:
    # every range, in and out of bounds, as ``finditer(text, start, end)`` would take it
    ends = [None, *range(-2, len(text) + 3)]
    for start in range(-2, len(text) + 3):
        assert all(tokenize(text, start, end) == _reference(text, start, end) for end in ends)


def test_split_equals_finditer_on_every_character() -> None:
    # each character up to U+3000 and from U+FB00 (every 17th between), alone, inside a word, inside a
    # number and between spaces; 64 to a text
    codes = [*range(0x3000), *range(0x3000, 0xFB00, 17), *range(0xFB00, 0x10000)]
    for block in range(0, len(codes), 64):
        chars = map(chr, codes[block : block + 64])
        text = " ".join(f"کتاب{c}ها {c} a{c}b ۱{c}۲ {c}{c}" for c in chars)
        assert tokenize(text) == _reference(text), hex(codes[block])


def test_word_branch_equals_the_nested_repeat() -> None:
    # the Persian-word branch (letters and joiners ending in a letter) matches as ``[L]+(?:[J]+[L]+)*`` did
    from didban.text.words import _JOINER, _LETTER

    nested = re.compile(rf"[{_LETTER}]+(?:[{_JOINER}]+[{_LETTER}]+)*")
    branch = re.compile(_WORD_PATTERN.split("|", 1)[0])
    texts = [
        f"کتاب{ZWNJ}ها",
        f"کتاب{ZWNJ}",
        f"کتاب{ZWNJ}{ZWNJ}\u200dها{ZWNJ} و",
        f"می{ZWNJ}",
        "ب",
        f"ب{ZWNJ}پ",
    ]
    for text in texts:
        assert [m.span() for m in branch.finditer(text)] == [m.span() for m in nested.finditer(text)], text
