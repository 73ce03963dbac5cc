"""Sentence splitter: quotations, abbreviations, numbers, Persian punctuation and line breaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from didban.text.sentences import abbreviations, split_sentences

SEED = (Path(__file__).parent / "fixtures" / "seed.txt").read_text(encoding="utf-8")

CASES = [
    # two plain sentences (seed)
    (
        "پوتین تأکید کرد که روسیه حمایت میکند. وی همچنین از آمادگی روسیه خبر داد.",
        ["پوتین تأکید کرد که روسیه حمایت میکند.", "وی همچنین از آمادگی روسیه خبر داد."],
    ),
    # a «…» quotation of several sentences stays with the clause introducing it
    (
        "پوتین گفت: «الف. ب.» وی افزود: ج.",
        ["پوتین گفت: «الف. ب.»", "وی افزود: ج."],
    ),
    # a nested quotation with its sentences, closed by two guillemets, is one unit
    (
        "پوتین گفت: «او گفت: «صلح پایدار است. جنگ تمام شد.»» سپس جلسه پایان یافت.",
        ["پوتین گفت: «او گفت: «صلح پایدار است. جنگ تمام شد.»»", "سپس جلسه پایان یافت."],
    ),
    # a quotation ending without a sentence mark does not end the sentence
    (
        "او «صلح» را خواست. جلسه تمام شد.",
        ["او «صلح» را خواست.", "جلسه تمام شد."],
    ),
    # a « that never closes protects nothing: the sentences still split
    (
        "تأکید کرد: «متأسفانه درگیری رخ داد. همه ما نگران بودیم. روسیه تلاش کرد.",
        ["تأکید کرد: «متأسفانه درگیری رخ داد.", "همه ما نگران بودیم.", "روسیه تلاش کرد."],
    ),
    # ASCII double quotes around a multi-sentence quotation (Varzesh3)
    (
        'او گفت:" به نظر من، ویدال یکی از بهترین هافبک‌های جهان است. او یک جنگنده است." تمرین آغاز شد.',
        ['او گفت:" به نظر من، ویدال یکی از بهترین هافبک‌های جهان است. او یک جنگنده است."', "تمرین آغاز شد."],
    ),
    # decimal numbers with a dot never end a sentence
    (
        "نرخ تورم ۳.۵ درصد و رشد 2.5 درصد بود. بانک اعلام کرد.",
        ["نرخ تورم ۳.۵ درصد و رشد 2.5 درصد بود.", "بانک اعلام کرد."],
    ),
    # a number ends a sentence when a space follows its dot (Fars)
    ("در پنج ماه اول سال 87. وی افزود.", ["در پنج ماه اول سال 87.", "وی افزود."]),
    # a Persian date with slashes is not a boundary
    ("جلسه در ۱۴۰۵/۰۹/۰۹ برگزار شد. نتیجه اعلام شد.", ["جلسه در ۱۴۰۵/۰۹/۰۹ برگزار شد.", "نتیجه اعلام شد."]),
    # an abbreviation from hazm's list (ه.ق.) does not end a sentence
    (
        "او در سال ۱۳۴۰ ه.ق. درگذشت. آرامگاهش در قم است.",
        ["او در سال ۱۳۴۰ ه.ق. درگذشت.", "آرامگاهش در قم است."],
    ),
    # a single Persian initial with a dot («م.») does not end a sentence
    (
        "نوشته م. پوتین منتشر شد. خوانندگان استقبال کردند.",
        ["نوشته م. پوتین منتشر شد.", "خوانندگان استقبال کردند."],
    ),
    # latin initials and abbreviations
    (
        "نوشته J. K. Rowling و Dr. Smith است. کتاب چاپ شد.",
        ["نوشته J. K. Rowling و Dr. Smith است.", "کتاب چاپ شد."],
    ),
    # Persian question mark and exclamation end sentences
    ("آیا رئال همچنان مدعی است؟ بله! ما آماده‌ایم.", ["آیا رئال همچنان مدعی است؟", "بله!", "ما آماده‌ایم."]),
    # a run of marks «؟!» is one end
    ("واقعا چنین گفت؟! همه تعجب کردند.", ["واقعا چنین گفت؟!", "همه تعجب کردند."]),
    # the Persian semicolon joins clauses of one sentence
    (
        "مذاکرات ادامه دارد؛ اما نتیجه‌ای نداشته است. پایان.",
        ["مذاکرات ادامه دارد؛ اما نتیجه‌ای نداشته است.", "پایان."],
    ),
    # an ellipsis in the middle of a sentence does not end it (Varzesh3)
    (
        "در دفاع و سرویس و... خیلی خوب کار کردیم. نتیجه گرفتیم.",
        ["در دفاع و سرویس و... خیلی خوب کار کردیم.", "نتیجه گرفتیم."],
    ),
    # neither does a one-character ellipsis
    ("از مسی تا نیمار و … همه آمدند. بازی شروع شد.", ["از مسی تا نیمار و … همه آمدند.", "بازی شروع شد."]),
    # old text with no space after the dot still splits between words
    (
        "فوتبال چیزی به اسم مافیا نداریم.در این فوتبال تخلف می شود.",
        ["فوتبال چیزی به اسم مافیا نداریم.", "در این فوتبال تخلف می شود."],
    ),
    # a paragraph break always ends a sentence, even without a mark
    (
        "تلاش برای مداخله یک چالش جدی است\n\nپوتین افزود.",
        ["تلاش برای مداخله یک چالش جدی است", "پوتین افزود."],
    ),
    # a single line break ends a sentence too
    ("نتایج:\nاستقلال ۲\nپرسپولیس ۱", ["نتایج:\nاستقلال ۲", "پرسپولیس ۱"]),
    # ...except after a byline colon, where the sentence goes on (Fars abstract)
    (
        "خبرگزاري فارس :\nرئيس گروه بازرسان خواستار نابودي سلاح ها شد.",
        ["خبرگزاري فارس :\nرئيس گروه بازرسان خواستار نابودي سلاح ها شد."],
    ),
    # a numbered list item keeps its number
    ("1. داشتن ۵۰ سال سن.", ["1. داشتن ۵۰ سال سن."]),
    # closing brackets after the final mark stay with the sentence
    ("(این خبر تکذیب شد.) جلسه ادامه یافت.", ["(این خبر تکذیب شد.)", "جلسه ادامه یافت."]),
    # dotted abbreviations written without spaces never end a sentence, though a letter follows their dots
    (
        "خبرگزاری آ.اس.پ گزارش داد. ارتش ج.ا.ا آماده است.",
        ["خبرگزاری آ.اس.پ گزارش داد.", "ارتش ج.ا.ا آماده است."],
    ),
    # … but a glued full stop between two short words still does («شد.او» in old text)
    ("کار تمام شد.او رفت.", ["کار تمام شد.", "او رفت."]),
    # empty text and whitespace give no sentence
    ("  \n\n ", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert [sentence.text for sentence in split_sentences(text)] == expected


def test_seed_sentences() -> None:
    # the seed: every «…» quotation stays whole; 12 sentences, the long quotations among them
    sentences = split_sentences(SEED)
    assert len(sentences) == 12
    assert sentences[0].text.startswith("رئیس جمهوری روسیه: تشدید مناقشه")
    assert sentences[3].text.startswith("پوتین با اشاره به این واقعیت")
    assert sentences[3].text.endswith("را بکار بسته است.»")
    assert all(s.text.count("«") == s.text.count("»") for s in sentences)


def test_offsets_are_trimmed_spans_of_the_text() -> None:
    # each sentence is the text at its offsets, with no whitespace at its edges
    for sentence in split_sentences(SEED):
        assert SEED[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()


def test_range_keeps_offsets_into_the_whole_text() -> None:
    # splitting one paragraph of the seed gives offsets into the whole seed
    start = SEED.index("پوتین تأکید کرد که")
    end = SEED.index("\n", start)
    sentences = split_sentences(SEED, start, end)
    assert [s.start for s in sentences] == [start, SEED.index("وی همچنین از آمادگی")]
    assert sentences[-1].end == end


def test_abbreviations_are_loaded_from_the_package() -> None:
    # the derived hazm list is shipped, without final dots, and without comment lines
    loaded = abbreviations()
    assert {"ه.ق", "ق.م", "ج.ا.ا"} <= loaded
    assert not any(entry.startswith("#") or entry.endswith(".") for entry in loaded)
