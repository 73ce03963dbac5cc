"""The compiled fast paths (``didban/text/_speedups.c``) give exactly what their pure-Python references do."""

from __future__ import annotations

import os
import random
import re
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from didban.text import letters, repair, words, zwnj
from didban.text.compiled import PURE_PYTHON_VARIABLE, class_table, speedups
from didban.text.tokens import Token

ZWNJ = "\u200c"
compiled = pytest.mark.skipif(speedups() is None, reason="the C extension is not built here")


def test_extension_is_built_where_a_compiler_is() -> None:
    # an install on a machine with a C compiler must not fall back silently (CI has gcc)
    if shutil.which("cc") is None or os.environ.get(PURE_PYTHON_VARIABLE, "0") not in ("", "0"):
        pytest.skip("no C compiler, or the pure-Python code was asked for")
    assert speedups() is not None


def test_pure_python_variable_turns_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PURE_PYTHON_VARIABLE, "1")
    speedups.cache_clear()
    try:
        assert speedups() is None
    finally:
        monkeypatch.delenv(PURE_PYTHON_VARIABLE)
        speedups.cache_clear()


def _regex(text: str) -> list[Token]:
    return words.regex_tokenize(text, 0, len(text)) if text else []


def _texts(seed_text: str, demo_records: list[dict[str, Any]]) -> Iterator[str]:
    """Real text in the three writings of its half-spaces: as written, deleted, spaced."""
    parts = ([r.get("title", ""), r.get("abstract", ""), *r.get("paragraphs", [])] for r in demo_records)
    texts = [seed_text, *map("\n".join, parts)]
    for text in texts:
        yield from (text, text.replace(ZWNJ, ""), text.replace(ZWNJ, " "))


@compiled
def test_tokenizer_equals_the_regex_on_real_text(seed_text: str, demo_records: list[dict[str, Any]]) -> None:
    for text in _texts(seed_text, demo_records):
        repaired = repair(text)[0]
        assert words.tokenize(text) == _regex(text)
        assert words.tokenize(repaired) == _regex(repaired)


TRICKY = [
    *"abzAZ09۰۹٠٩.,:;!?؟-_'’+@/hw «»\"()<>[]،؛٫٬\t\nسلامكيءًٌ",
    *("http://", "https://", "www.", "..", "@a.b", ZWNJ, "\u200d", "\u200e", "\u00a0", "é", "ǿ", "ɏ"),
    *("\U0001d400", "\U00020000", "\ud800", "\x00", "\x85", "\u2028", "\ufeff", "\ufb50"),
]


@compiled
def test_tokenizer_equals_the_regex_on_random_text() -> None:
    # seeded random strings of the characters each branch of the pattern turns on, in random ranges
    rng = random.Random(20261129)
    for _ in range(20_000):
        text = "".join(rng.choice(TRICKY) for _ in range(rng.randint(1, 24)))
        start = rng.randint(-1, len(text))
        end = rng.choice([None, rng.randint(0, len(text) + 1)])
        stop = len(text) if end is None else end
        expected = words.regex_tokenize(text, max(start, 0), stop) if max(start, 0) < stop else []
        assert words.tokenize(text, start, end) == expected, (text, start, end)


def test_class_table_above_the_plane_is_alnum_only() -> None:
    # the compiled tokenizer's table covers the BMP; above it, it takes ``\w`` (isalnum) as the only class
    # that matches, which holds of every class of the pattern
    above = "".join(map(chr, range(0x10000, 0x110000)))
    for bit, members in enumerate(words._CLASSES):
        found = "".join(re.findall(f"[{members}]", above))
        expected = "".join(c for c in above if c.isalnum()) if bit == 3 else ""
        assert found == expected, words._CLASSES[bit]


def test_class_table_marks_the_classes() -> None:
    table = memoryview(class_table(words._CLASSES)).cast("H")
    letter, space, local, digit = 1, 4, 8, 128
    assert table[ord("س")] & letter
    assert not table[ord("س")] & space
    assert table[ord(ZWNJ)] == 2 | space  # a joiner, and a space between tokens
    assert table[ord("_")] == local | 1 << 11  # in an e-mail address, and inside a latin word
    assert table[ord("۵")] & digit
    assert table[ord("a")] & local


PHRASE_TEXTS = [
    "",
    "a b",
    "می دهد، کتاب ها",
    f"کتاب {ZWNJ}ها و{ZWNJ} {ZWNJ}",
    "a می b",
    "می  دهد و  ها",
    "۲۰ ها x",
    "س\U0001d400س سِ س",  # a character above the BMP, a diacritic (not a word character)
    f"{ZWNJ}",
]


@compiled
@pytest.mark.parametrize("text", PHRASE_TEXTS)
def test_phrase_tokens_equal_the_regex(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    tokens, start = zwnj._phrase_tokens(text)
    positions = [start(i) for i, token in enumerate(tokens) if token != "\x00"]
    _pure(monkeypatch)
    pure_tokens, pure_start = zwnj._phrase_tokens(text)
    assert tokens == pure_tokens
    assert positions == [pure_start(i) for i, token in enumerate(tokens) if token != "\x00"]
    assert all(
        text[start(i) : start(i) + len(token)] == token for i, token in enumerate(tokens) if token != "\x00"
    )


@compiled
def test_phrase_tokens_equal_the_regex_on_real_text(
    seed_text: str, demo_records: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [repair(text)[0] for text in _texts(seed_text, demo_records)]
    fast = [
        (tokens, [start(i) for i in range(len(tokens)) if tokens[i] != "\x00"])
        for tokens, start in map(zwnj._phrase_tokens, texts)
    ]
    _pure(monkeypatch)
    pure = [
        (tokens, [start(i) for i in range(len(tokens)) if tokens[i] != "\x00"])
        for tokens, start in map(zwnj._phrase_tokens, texts)
    ]
    assert fast == pure


def _pure(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (words, zwnj, letters):
        monkeypatch.setattr(module, "speedups", lambda: None)


@compiled
def test_restorer_equals_the_pure_python_one(
    seed_text: str, demo_records: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the same repaired text and offset map, in both the order C-then-Python and on fresh restorers
    texts = list(_texts(seed_text, demo_records))
    texts += ["کشور ها و می دهد", f"کتاب{ZWNJ} ها و x{ZWNJ}", "نمی شود بی سابقه کرده اند ترین ها"]
    monkeypatch.setattr(zwnj, "_RESTORER", [])
    fast = [_repaired(text) for text in texts]
    _pure(monkeypatch)
    monkeypatch.setattr(zwnj, "_RESTORER", [])
    assert [_repaired(text) for text in texts] == fast


def _repaired(raw: str) -> tuple[str, list[int]]:
    """The repaired text and the raw offset of each of its positions."""
    text, offsets = repair(raw)
    return text, [offsets.raw(i) for i in range(len(text) + 1)]


def test_threads_share_the_restorer(seed_text: str, demo_records: list[dict[str, Any]]) -> None:
    # the shared restorer's memos are read and filled by the compiled loops from several threads at once
    from concurrent.futures import ThreadPoolExecutor

    texts = list(_texts(seed_text, demo_records)) * 3
    expected = [_repaired(text) for text in texts]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(_repaired, texts)) == expected


def test_unify_table_is_one_bmp_character_to_another() -> None:
    from didban.text.letters import UNIFY

    assert all(
        code < 0x10000 and len(new) == 1 and "\x00" < new < "\U00010000" for code, new in UNIFY.items()
    )


@compiled
def test_one_to_one_equals_translate() -> None:
    from didban.text.letters import UNIFY, one_to_one

    every = "".join(map(chr, range(0x10000)))
    assert one_to_one(every) == every.translate(UNIFY)
    for text in ("", "abc", "كتاب ٢", "\x00\U0001d400ي", "ي" * 3, "سلام"):
        assert one_to_one(text) == text.translate(UNIFY)
        assert type(one_to_one(text)) is str
    clean = "کتاب"
    assert one_to_one(clean) is clean  # nothing to change: the same object
    # the result has the narrowest kind: equal to a str built from scratch (an ASCII result of a wider input)
    assert one_to_one("\u00a0a") == " a"
