"""Hostile text never crashes the reading: random mixes of Persian, Arabic, Latin, marks and controls."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from didban import analyze
from didban.document import Document, Failure
from didban.ingest.inputs import read_inputs
from didban.read.entities import MAX_NAME_CHARS
from didban.read.pipeline import analyze_documents
from didban.text.sentences import MAX_SENTENCE, split_sentences

_PIECES = [
    *"ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكىةۀأإؤئءآ",
    *" \u200c\u200d\u200e\u200f\n\t.,،؛:!?؟«»\"'()-/\\[]{}<>&#*ـ",
    *"0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣abcXYZ\u064b\u064c\u064e\u0651\ufeff\x00\x07",
    "\n\n",
    "  ",
    "می",
    "ها",
    " های ",
    "به گزارش ",
    " به نقل از ",
    "خبرگزاری ",
    "«",
    "»",
]


def _random_text(rng: random.Random) -> str:
    return "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 200)))


@pytest.mark.parametrize("seed", range(4))
def test_random_text_reads_without_error_and_spans_index_the_text(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(100):
        raw = _random_text(rng)
        article = analyze(raw)
        assert article.offsets is not None
        assert len(article.offsets) == len(article.text) + 1
        assert all(0 <= article.offsets.raw(i) <= len(raw) for i in range(len(article.text) + 1))
        for source in article.sources:
            assert article.text[source.start : source.end] == source.name
        for block in article.blocks:
            assert 0 <= block.start <= block.end <= len(article.text)


def test_a_very_long_line_is_read() -> None:
    raw = "پوتین گفت روسیه تلاش میکند " * 20_000
    article = analyze(raw)
    assert "می‌کند" in article.text


def test_a_long_body_without_punctuation_is_cut_into_bounded_sentences() -> None:
    # 84,000 characters that never end a sentence: the tagger, quotations and entities read it in pieces
    # (it took minutes and gigabytes while it was one sentence).
    article = analyze("تیتر خبر\n\n" + "پوتین گفت روسیه تلاش می‌کند " * 3000)
    sentences = [s for block in article.sentences for s in block]
    assert len(sentences) > 30
    assert max(s.end - s.start for s in sentences) <= MAX_SENTENCE
    assert "".join(s.text for s in sentences[1:]).count("پوتین") == 3000
    putin = next(e for e in article.entities if e.name == "پوتین")
    assert len(putin.mentions) == 3000


def test_thousands_of_quotations_give_a_short_summary() -> None:
    article = analyze("تیتر خبر\n\n" + "علی لاریجانی گفت: «ما می‌آییم.» وی افزود: «ما می‌رویم.» " * 2000)
    assert len(article.quotes) == 4000
    assert len(article.summary) == 1


def test_a_run_of_letters_far_longer_than_any_word_is_left_as_written() -> None:
    # Scoring every gap of a 600,000-letter "word" was quadratic (about ten minutes).
    blob = "بسم" * 200_000
    article = analyze(f"تیتر خبر\n\nمتن {blob} پایان")
    assert blob in article.text


def test_thousands_of_glued_dots_split_in_linear_time() -> None:
    # Every dot scanned its whole line back to the start: 60,000 characters of «بب.» took 146 s.
    sentences = split_sentences("متن " + "بب." * 20_000)
    assert sum(len(s.text) for s in sentences) >= 60_000


def test_quote_marks_around_every_letter_give_no_giant_entity() -> None:
    article = analyze("تیتر خبر\n\n" + '"ب' * 30_000)
    assert all(m.end - m.start <= MAX_NAME_CHARS for e in article.entities for m in e.mentions)


_FIXTURES = Path(__file__).parent / "fixtures"


def _mutated(data: bytes, rng: random.Random) -> bytes:
    """``data`` cut, with bytes flipped, inserted or deleted at random (a damaged download or disk)."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        if not out:
            break
        i = rng.randrange(len(out))
        match rng.choice(("cut", "flip", "insert", "delete")):
            case "cut":
                del out[i:]
            case "flip":
                out[i] = rng.randrange(256)
            case "insert":
                out[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 20)))
            case _:
                del out[i : i + rng.randint(1, 200)]
    return bytes(out)


@pytest.mark.parametrize("seed", range(3))
def test_damaged_files_of_every_kind_give_articles_or_failures_never_an_exception(
    seed: int, tmp_path: Path
) -> None:
    # Fuzzing these found feedparser's UnicodeDecodeError on a broken XML declaration and zlib.error
    # escaping from a corrupted .jsonl.gz.
    sources = [*sorted((_FIXTURES / "web").iterdir()), _FIXTURES / "seed.txt"]
    jsonl = "\n".join(
        json.dumps({"title": f"خبر {i}", "text": "به گزارش ایسنا، پوتین گفت: «روسیه آماده است.»"})
        for i in range(20)
    ).encode()
    samples = [(path.suffix, path.read_bytes()) for path in sources]
    samples += [(".jsonl", jsonl), (".jsonl.gz", gzip.compress(jsonl))]
    rng = random.Random(seed)
    for n in range(25):
        suffix, data = rng.choice(samples)
        path = tmp_path / f"damaged{n}{suffix}"
        path.write_bytes(_mutated(data, rng))
        items = list(read_inputs([str(path)]))
        documents = [i for i in items if isinstance(i, Document)]
        for result in analyze_documents(documents):
            assert not isinstance(result, Failure) or not result.reason.startswith("analysis failed"), result
