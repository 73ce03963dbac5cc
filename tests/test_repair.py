"""Text repair: letters, digits, spacing, punctuation, and the offset map back to the raw input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from didban.text import OffsetMap, repair
from didban.text.letters import UNIFY

ZWNJ = "\u200c"
SEED = Path(__file__).parent / "fixtures" / "seed.txt"

CASES = [
    ("كشورهاي عربي", "کشورهای عربی"),  # Arabic yeh and kaf unified
    ("سال ٢٠٢٠ و ۱۴۰۵ و 2021", "سال ۲۰۲۰ و ۱۴۰۵ و 2021"),  # Arabic-Indic digits only become Persian
    ("مسئله تأکید رئیس مؤسسه", "مسئله تأکید رئیس مؤسسه"),  # legitimate hamza forms stay
    ("کِتــاب مُهِمّ", "کتاب مهم"),  # tatweel and diacritics dropped
    ("قبلاً و قبلًا", "قبلاً و قبلاً"),  # tanvin-alef kept, written after the alef
    ("ﻻزم ﺍﺳﺖ", "لازم است"),  # presentation forms folded
    ("  پوتین   گفت  ", "پوتین گفت"),  # edges stripped, spaces collapsed
    ("بند اول\n\n\n\nبند دوم\nسطر", "بند اول\n\nبند دوم\nسطر"),  # one blank line between paragraphs
    ("گفت :«  متأسفانه  »", "گفت: «متأسفانه»"),  # no space before colon, one after; quotes hug
    ("تهران ، قم ؛ چرا ؟", "تهران، قم؛ چرا؟"),  # no space before Persian punctuation
    ("تهران،قم.او رفت", "تهران، قم. او رفت"),  # one space after punctuation
    ("عبارت«سلام»را", "عبارت «سلام» را"),  # quotes separated from neighbouring words
    ("آ.اس.پ و ج.ا.ا و ن.ا.ج.", "آ.اس.پ و ج.ا.ا و ن.ا.ج."),  # dotted abbreviations keep their dots glued
    ("ر.ظریف رفت.سپس شد.او", "ر.ظریف رفت. سپس شد. او"),  # an initial stays; a missing space comes back
    ("نرخ 2.5 درصد، ساعت 12:30 و ۱۴۰۵/۰۹/۰۹", "نرخ 2.5 درصد، ساعت 12:30 و ۱۴۰۵/۰۹/۰۹"),  # numbers intact
    ("سایت http://www.example.com/a.b?x=1 را", "سایت http://www.example.com/a.b?x=1 را"),  # URLs intact
    ("کتاب\u200c\u200cها و \u200cخانه", "کتاب\u200cها و خانه"),  # doubled and stray ZWNJ removed
    ("کشور\u200cها", "کشورها"),  # never a ZWNJ after a non-joining letter
    ("خانه\u200e\u200cها", "خانه\u200cها"),  # bidi marks used as half-spaces
    ("خبر\x00 دوم\x01و\x7fسوم", "خبر دوم و سوم"),  # control characters (NUL of broken exports) are spaces
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_repair(raw: str, expected: str) -> None:
    assert repair(raw)[0] == expected


def _check_offsets(raw: str) -> None:
    """Every kept character maps back to the same character of ``raw`` (modulo letter unification)."""
    text, offsets = repair(raw)
    assert isinstance(offsets, OffsetMap)
    assert len(offsets) == len(text) + 1
    assert offsets.raw(len(text)) == len(raw)
    previous = 0
    for i, char in enumerate(text):
        source = offsets.raw(i)
        if char != "\u064b":  # a tanvin written before its alef is moved after it
            assert source >= previous
            previous = source
        if char not in f" \n{ZWNJ}":
            assert raw[source].translate(UNIFY) == char or char in "لاً", (i, char, raw[source])


OFFSET_CASES = [
    "درگيريهاي  نظامي",  # letters unified, ZWNJ inserted, spaces collapsed
    "  \n\nمی دهد ،  «  کتاب ها »\n\n\n\nکِتــاب ﻻزم قبلًا",  # every pass at once
    "شده اند و پایه ای بی سابقه",  # spaces replaced by ZWNJ
]


@pytest.mark.parametrize("raw", OFFSET_CASES)
def test_offsets_map_back(raw: str) -> None:
    _check_offsets(raw)


def test_raw_span_of_a_word() -> None:
    raw = "  پوتين گفت: درگيريهاي نظامي"
    text, offsets = repair(raw)
    start = text.index("درگیری")
    end = start + len("درگیری\u200cهای")
    begin, stop = offsets.raw_span(start, end)
    assert raw[begin:stop] == "درگيريهاي"


def test_identity_when_clean() -> None:
    raw = "پوتین به همتایان خود گفت."
    text, offsets = repair(raw)
    assert text == raw
    assert [offsets.raw(i) for i in range(len(text) + 1)] == list(range(len(raw) + 1))


def test_seed_article() -> None:
    raw = SEED.read_text(encoding="utf-8")
    text, _ = repair(raw)
    for word in ("می\u200cدهد", "درگیری\u200cهای", "زمینه\u200cها", "توافقاتنامه\u200cهای", "تلاش\u200cهای"):
        assert word in text
    assert "المنافع\u200c" not in text
    assert "جامعه مشترک المنافع" in text
    assert "شده\u200cدر" not in text
    assert not re.search("[اآأإدذرزژوؤء]\u200c", text)
    assert "\n\n\n" not in text
    assert text == text.strip()
    _check_offsets(raw)


def test_one_to_one_is_translate() -> None:
    from didban.text.letters import one_to_one

    for text in ("", "كتابهاي", "سلام", "ي\u200eك ٠١٢ ﻻ", "\r\n\u00a0", "abc"):
        assert one_to_one(text) == text.translate(UNIFY)
