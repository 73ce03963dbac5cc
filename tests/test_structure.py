"""Article structure: headline, lead, crossheads and body paragraphs, with trimmed offsets."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from didban.read.structure import Block, Layout, paragraph_spans, read_structure

SEED = (Path(__file__).parent / "fixtures" / "seed.txt").read_text(encoding="utf-8")

# Real paragraphs from the seed and the news data, to build articles from.
TITLE = "استقلال تا بازی السد پنهان شد"
LEAD = (
    "سرمربی آبی ها ترجیح داد تا برخلاف رسم معمول یک روز زودتر تمرینات این تیم را پشت درهای بسته برگزار کند."
)
FARS_LEAD = (
    "خبرگزاری فارس: مدیرکل حفاظت محیط زیست استان قزوین گفت: مجازات شکارچیان متخلف و متجاوز به حیات وحش"
    " افزایش یافت."
)
BODY_OPENING = (
    'به گزارش "ورزش سه"، با تصمیم علیرضا منصوریان و باشگاه استقلال، تمرینات آبی پوشان از روز شنبه تا دیدار'
    " با السد قطر پشت درهای بسته برگزار می شود."
)
BODY = (
    "این اتفاق در حالی رخ داد که نماینده السد بامداد شنبه در تهران حاضر شده و کاروان این تیم نیز روز یکشنبه"
    " به تهران خواهند آمد تا شاید این تصمیم منصوریان برای جلوگیری از هرگونه جاسوسی باشد."
)
BODY_2 = (
    "وزارت نفت به عنوان نهاد بالاسری شرکت ملی نفت ایران و شرکت های تابعه، امسال دو نماینده در لیگ برتر"
    " فوتبال ایران دارد. تیم فوتبال نفت تهران و تیم فوتبال نفت مسجد سلیمان هر دو به این وزارتخانه تعلق دارند."
)
CROSSHEAD = "نعمت اللهی: وزارت نفت دنبال پول خود است نه باشگاه فوتبال"
MULTI_SENTENCE = "پوتین تأکید کرد که روسیه حمایت میکند. وی همچنین از آمادگی روسیه خبر داد. جلسه پایان یافت."


def blocks(*paragraphs: str, separator: str = "\n\n") -> str:
    """An article text from paragraphs."""
    return separator.join(paragraphs)


CASES = [
    # headline, a summary lead, then the body opening «به گزارش …» (Varzesh3 rendered as text)
    (blocks(TITLE, LEAD, BODY_OPENING, BODY), None, ["headline", "lead", "paragraph", "paragraph"]),
    # without the abstract the «به گزارش …» paragraph is body, and there is no lead
    (blocks(TITLE, BODY_OPENING, BODY), None, ["headline", "paragraph", "paragraph"]),
    # a Fars byline lead «خبرگزاری فارس: …» is a lead even before a non-«به گزارش» paragraph
    (blocks(TITLE, FARS_LEAD, BODY, BODY_2), None, ["headline", "lead", "paragraph", "paragraph"]),
    # the caller knows there is no abstract: no lead, whatever it looks like
    (
        blocks(TITLE, LEAD, BODY_OPENING, BODY),
        Layout(lead=False),
        ["headline", "paragraph", "paragraph", "paragraph"],
    ),
    # the caller knows the second block is the abstract
    (blocks(TITLE, BODY_OPENING, BODY), Layout(lead=True), ["headline", "lead", "paragraph"]),
    # the caller knows there is no headline
    (blocks(LEAD, BODY_OPENING, BODY), Layout(headline=False), ["paragraph", "paragraph", "paragraph"]),
    # one paragraph of several sentences is body, not a headline
    (MULTI_SENTENCE, None, ["paragraph"]),
    # one short line without a final mark is a headline
    (TITLE, None, ["headline"]),
    # headline and one paragraph: that paragraph is body (a lead needs a body after it)
    (blocks(TITLE, LEAD), None, ["headline", "paragraph"]),
    # a short unpunctuated line between two prose paragraphs is a crosshead (Varzesh3)
    (
        blocks(TITLE, BODY_OPENING, BODY, CROSSHEAD, BODY_2),
        None,
        ["headline", "paragraph", "paragraph", "crosshead", "paragraph"],
    ),
    # a sign-off tail is a paragraph, never a crosshead (Fars)
    (
        blocks(TITLE, BODY_OPENING, BODY, "انتهای پیام/"),
        None,
        ["headline", "paragraph", "paragraph", "paragraph"],
    ),
    # a byline at the end is a paragraph (Varzesh3)
    (
        blocks(TITLE, BODY_OPENING, BODY, "یادداشت: رضا زندی"),
        None,
        ["headline", "paragraph", "paragraph", "paragraph"],
    ),
    # match-list items are not crossheads: dash and list neighbours (Varzesh3)
    (
        blocks(TITLE, BODY_OPENING, "تراکتور تبریز- مس رفسنجان", "نفت امیدیه- دانشگاه آزاد اسلامی", BODY),
        None,
        ["headline", "paragraph", "paragraph", "paragraph", "paragraph"],
    ),
    # a short line after a paragraph ending with «:» introduces content, it is not a crosshead
    (
        blocks(
            TITLE,
            BODY_OPENING,
            "ترکیب تیم پرسپولیس به شرح زیر است:",
            "مهدی رحمتی و علی دشتی و بازیکنان جوان",
            BODY,
        ),
        None,
        ["headline", "paragraph", "paragraph", "paragraph", "paragraph"],
    ),
    # a photo credit between paragraphs is not a crosshead
    (
        blocks(TITLE, BODY_OPENING, BODY, "عکس از امیرحسین خیرخواه", BODY_2),
        None,
        ["headline", "paragraph", "paragraph", "paragraph", "paragraph"],
    ),
    # old sites: no blank line at all, every line is a paragraph
    (
        blocks(TITLE, LEAD, BODY_OPENING, BODY, separator="\n"),
        None,
        ["headline", "lead", "paragraph", "paragraph"],
    ),
    # raw Arabic letter forms: «به گزارش خبرگزاري فارس» still opens the body
    (
        blocks("افزايش نرخ ضرر و زيان شکار", "به گزارش خبرگزاري فارس، مجازات شكارچيان افزايش يافت.", BODY),
        None,
        ["headline", "paragraph", "paragraph"],
    ),
    # empty and blank texts have no blocks
    ("\n\n  \n", None, []),
]


@pytest.mark.parametrize(("text", "layout", "expected"), CASES)
def test_block_kinds(text: str, layout: Layout | None, expected: list[str]) -> None:
    assert [block.kind for block in read_structure(text, layout)] == expected


def texts_of(kind: str, found: list[Block]) -> list[str]:
    """The texts of the seed blocks of one kind."""
    return [SEED[block.start : block.end] for block in found if block.kind == kind]


def test_seed_structure() -> None:
    # the seed: headline, the whole first paragraph as lead, one crosshead, 7 body paragraphs
    found = read_structure(SEED)
    assert texts_of("headline", found) == [
        "رئیس جمهوری روسیه: تشدید مناقشه قره باغ خطر گسترش تروریسم را افزایش داد"
    ]
    [lead] = texts_of("lead", found)
    assert lead.startswith("پوتین رئیس جمهوری روسیه به همتایان خود")
    assert lead.endswith("انجام میدهد.")
    assert texts_of("crosshead", found) == [
        "تلاش برای مداخله در امور داخلی کشورهای جامعه مشترک المنافع یک چالش جدی است"
    ]
    assert len(texts_of("paragraph", found)) == 7


def test_seed_with_layout_agrees_with_inference() -> None:
    # giving the JSON-record layout changes nothing on the seed
    assert read_structure(SEED, Layout(headline=True, lead=True)) == read_structure(SEED)


def test_spans_are_trimmed_and_in_order() -> None:
    # spans have no whitespace at their edges, follow each other and index the text
    found = read_structure(SEED)
    for block in found:
        piece = SEED[block.start : block.end]
        assert piece == piece.strip()
    assert all(a.end < b.start for a, b in pairwise(found))


def test_repaired_text_gives_the_same_structure() -> None:
    # half-spaces restored by the repair stage do not change the kinds
    repaired = SEED.replace("میدهد", "می\u200cدهد").replace("درگیریهای", "درگیری\u200cهای")
    assert [b.kind for b in read_structure(repaired)] == [b.kind for b in read_structure(SEED)]


def test_paragraph_spans_collapse_blank_runs() -> None:
    # several blank lines (with stray spaces) are one paragraph break
    text = "الف\n\n \n\nب\nج"
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["الف", "ب\nج"]
