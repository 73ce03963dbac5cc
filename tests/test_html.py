"""HTML pages → Document: main text, lead, metadata, ZWNJ kept, charsets, and hostile pages refused."""

from __future__ import annotations

import time
from pathlib import Path

import lxml.html
import pytest

from didban.document import Document
from didban.ingest.decode import UnreadableInputError
from didban.ingest.html import MAX_HTML_BYTES, ZwnjGuard, decode_html, document_from_html

WEB = Path(__file__).resolve().parent / "fixtures" / "web"
ZWNJ = "\u200c"


def page(name: str) -> bytes:
    """The bytes of a fixture page."""
    return (WEB / f"page-{name}.html").read_bytes()


def read(name: str, **options: str) -> Document:
    """A fixture page read into a Document."""
    return document_from_html(page(name), origin=name, **options)


def everything(document: Document) -> str:
    """All the text a Document carries, for searching."""
    parts = [document.headline, document.lead, *(document.paragraphs or []), document.outlet, document.url]
    return "\n".join(part for part in parts if part)


@pytest.fixture(scope="module")
def news() -> Document:
    return read("news")


@pytest.fixture(scope="module")
def jalali() -> Document:
    return read("jalali")


@pytest.fixture(scope="module")
def script() -> Document:
    return read("script")


def test_news_headline_and_lead(news: Document) -> None:
    assert news.headline == "مذاکرات آب مرزی هیرمند به دور تازه رسید"
    assert news.lead is not None
    assert news.lead.startswith("وزیر نیرو از برگزاری دور تازه‌ی مذاکرات حقابه‌ی هیرمند")


def test_news_paragraphs(news: Document) -> None:
    paragraphs = news.paragraphs or []
    assert len(paragraphs) == 6
    assert paragraphs[0].startswith("به گزارش خبرنگار اقتصادی پارس‌نما")
    assert "نگرانی کشاورزان سیستان" in paragraphs  # the crosshead is a paragraph of its own
    assert paragraphs[-1].endswith("نیز در آن حضور خواهند داشت.")


def test_news_headline_and_lead_are_not_repeated_as_paragraphs(news: Document) -> None:
    assert news.headline not in (news.paragraphs or [])
    assert news.lead not in (news.paragraphs or [])


@pytest.mark.parametrize("word", ["می‌دهد", "درگیری‌های", "تلاش‌های", "کرده‌اند", "می‌گویند", "حاشیه‌ی"])
def test_news_zwnj_survives(news: Document, word: str) -> None:
    assert ZWNJ in word
    assert word in everything(news)


def test_news_paragraphs_are_the_source_paragraphs_exactly(news: Document) -> None:
    body = lxml.html.fromstring(page("news").decode("utf-8")).xpath("//div[@class='item-body']/*")
    assert news.paragraphs == [element.text_content() for element in body]


def test_news_half_spaces_are_not_lost_or_replaced(news: Document) -> None:
    text = everything(news)
    assert "میدهد" not in text
    assert "می دهد" not in text
    assert text.count(ZWNJ) == 27
    assert all(char not in text for char in ("\u16eb", "\u2e2e", "\u3164", "\ufdfd"))


def test_news_metadata(news: Document) -> None:
    assert news.url == "https://www.parsnama.example/news/84512377/"
    assert news.outlet == "خبرگزاری پارس‌نما"
    assert news.published == "2024-11-28"
    assert news.origin == "news"
    assert news.text is None


@pytest.mark.parametrize(
    "boilerplate",
    [
        "بین‌الملل",  # menu and breadcrumbs
        "ورزشی",
        "صفحه نخست",
        "آب و انرژی",
        "اخبار مرتبط",
        "افتتاح تصفیه‌خانه",  # related links
        "روستای ما دیگر آب ندارد",  # comments
        "ارسال نظر",
        "کلیه‌ی حقوق",  # footer
        "برچسب‌ها",
        "امروز: شنبه",
    ],
)
def test_news_has_no_boilerplate(news: Document, boilerplate: str) -> None:
    assert boilerplate not in "\n".join(news.paragraphs or [])
    assert boilerplate not in (news.lead or "")


def test_given_url_wins_over_the_canonical_one() -> None:
    document = document_from_html(page("news"), url="https://example.org/a")
    assert document.url == "https://example.org/a"


def test_jalali_page_entities_and_visible_date(jalali: Document) -> None:
    assert jalali.headline == "آغاز طرح پایش کیفیت هوای کلان‌شهرها از هفته‌ی آینده"
    assert jalali.lead is not None
    assert "ایستگاه‌های تازه‌ی سنجش آلودگی" in jalali.lead  # &zwnj; and &#x200C; both kept
    assert jalali.published == "2024-07-12"  # «جمعه ۲۲ تیر ۱۴۰۳», not today's date in the header
    assert jalali.url == "https://www.navanews.example/fa/news/1403042211570/"
    assert jalali.outlet == "خبرگزاری نوا"  # from the <title>, the page has no og:site_name


def test_jalali_page_paragraphs(jalali: Document) -> None:
    text = "\n".join(jalali.paragraphs or [])
    for word in ("درگیری‌های", "تلاش‌های", "کرده‌اند", "می‌دهد"):
        assert word in text
    for boilerplate in ("دیدگاه", "بالاخره یک خبر خوب", "پربازدید", "کرایه", "تعطیلی مدارس", "حقوق مادی"):
        assert boilerplate not in text


def test_site_blurb_description_is_not_a_lead(script: Document) -> None:
    assert script.lead is None


@pytest.mark.parametrize(
    "hidden",
    [
        "پنهان",  # every script, style, handler and template text in the fixture says «پنهان»
        "تبلیغ",
        "track",
        "document.write",
        "dataLayer",
        "font-family",
        "نوااسکریپت",
        "ویراستار",
        "الگو",
        "hidden",
        "سبک نمایش",
    ],
)
def test_script_text_never_reaches_the_document(script: Document, hidden: str) -> None:
    assert hidden not in everything(script)


def test_script_page_article_is_read(script: Document) -> None:
    assert script.headline == "بازگشایی جاده‌ی کوهستانی چالوس پس از ریزش کوه"
    assert len(script.paragraphs or []) == 4
    assert "تلاش‌های چندساله" in (script.paragraphs or [])[-1]
    assert script.published == "2024-05-03"  # JSON-LD datePublished
    assert script.outlet == "پایگاه خبری مهرگان"


@pytest.mark.parametrize("name", ["cp1256", "cp1256-undeclared"])
def test_windows_1256_pages(name: str) -> None:
    data = page(name)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    document = read(name)
    assert document.headline == "برگزاري جشنواره‌ي تئاتر دانشجويي در شيراز"
    assert document.lead is not None
    assert document.lead.startswith("دبير جشنواره‌ي تئاتر دانشجويي از حضور 45 گروه")
    paragraphs = document.paragraphs or []
    assert len(paragraphs) == 3
    assert "کرده‌اند" in paragraphs[2]
    assert "مي‌دهد" in paragraphs[2]
    assert document.published == "2008-11-28"
    assert document.outlet == "سايت خبري پارس"
    assert "نظر شما" not in everything(document)


def test_windows_1256_declared_by_http() -> None:
    html = decode_html(page("cp1256-undeclared"), declared="windows-1256")
    assert "برگزاري جشنواره\u200cي تئاتر" in html


def test_utf8_page_mislabelled_as_windows_1256_is_read_as_utf8() -> None:
    html = decode_html(page("news").replace(b'charset="utf-8"', b'charset="windows-1256"'))
    assert "مذاکرات آب مرزی هیرمند" in html
    assert decode_html(page("news"), declared="windows-1256") == page("news").decode("utf-8")


@pytest.mark.parametrize("declared", [None, "utf-8", "iso-8859-1", "no-such-charset"])
def test_decode_html_utf8(declared: str | None) -> None:
    assert "خبرگزاری پارس‌نما" in decode_html(page("news"), declared)


def test_decode_html_bom_wins() -> None:
    data = "\ufeff<html><body><p>سلام</p></body></html>".encode("utf-16")
    assert decode_html(data, declared="windows-1256").startswith("<html>")


def test_page_given_as_text() -> None:
    document = document_from_html(page("news").decode("utf-8"))
    assert document.headline == "مذاکرات آب مرزی هیرمند به دور تازه رسید"
    assert document.origin == "<html>"


def test_page_without_main_text() -> None:
    with pytest.raises(UnreadableInputError, match="no main text found in the page"):
        read("nomain")


def test_huge_page_is_refused_before_parsing() -> None:
    huge = b"<html>" + b"a" * 50_000_000
    start = time.perf_counter()
    with pytest.raises(UnreadableInputError, match="too large"):
        document_from_html(huge)
    with pytest.raises(UnreadableInputError, match="too large"):
        document_from_html("<html>" + "ب" * (MAX_HTML_BYTES // 2 + 1))
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize(
    "data",
    [b"", b"  \n\t ", "", "\ufeff  ", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "<html>\x00\x01\x02\x03"],
)
def test_empty_or_binary_pages(data: bytes | str) -> None:
    with pytest.raises(UnreadableInputError):
        document_from_html(data)


def test_binary_with_a_declared_single_byte_charset() -> None:
    with pytest.raises(UnreadableInputError, match="binary"):
        document_from_html(bytes(range(256)) * 8, declared_charset="windows-1256")


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("می\u200cدهد", "می‌دهد"),
        ("می&zwnj;دهد", "می‌دهد"),
        ("می&ZWNJ;دهد", "می‌دهد"),
        ("می&#8204;دهد", "می‌دهد"),
        ("می&#x200c;دهد", "می‌دهد"),
        ("می&#X200C;دهد", "می‌دهد"),
        ("&#82045;", "&#82045;"),
        ("\u2e2e", "\u2e2e"),
    ],
)
def test_zwnj_guard_round_trip(html: str, expected: str) -> None:
    guard = ZwnjGuard.for_page(html)
    protected = guard.protect(html)
    assert ZWNJ not in protected
    assert guard.restore(protected) == expected


def test_zwnj_guard_placeholder_is_absent_from_the_page() -> None:
    html = "\u16eb می\u200cدهد"
    guard = ZwnjGuard.for_page(html)
    assert guard.placeholder == "\u2e2e"
    assert guard.restore(guard.protect(html)) == html


def test_layout_tables_are_unwrapped_and_data_tables_kept() -> None:
    sentence = "بازار امروز آرام بود و معامله‌گران منتظر تصمیم تازه‌ی بانک مرکزی هستند. "
    html = (
        "<html><body><table><tr><td><div>منو</div></td><td><article><h1>نرخ ارز در بازار امروز</h1>"
        f"<p>{sentence * 3}</p><table><tr><th>ارز</th><th>نرخ</th></tr><tr><td>دلار</td><td>۵۸۰۰۰</td></tr>"
        f"</table><p>{sentence * 2}</p></article></td></tr></table></body></html>"
    )
    document = document_from_html(html)
    assert document.paragraphs == [
        (sentence * 3).strip(),
        "| ارز | نرخ |",
        "| دلار | ۵۸۰۰۰ |",
        (sentence * 2).strip(),
    ]


def test_canonical_url_keeps_its_zwnj() -> None:
    link = "https://www.example.ir/news/1398/دوربین‌های-مداربسته"
    sentence = "این یک جمله‌ی آزمایشی برای بررسی استخراج متن خبر است. "
    html = (
        f'<html><head><link rel="canonical" href="{link}"></head><body><article>'
        f"<h1>نصب دوربین‌های مداربسته در شهر</h1><p>{sentence * 4}</p></article></body></html>"
    )
    assert document_from_html(html).url == link


def test_zwnj_guard_restores_percent_encoded_placeholders() -> None:
    guard = ZwnjGuard("\u16eb")
    assert guard.restore_url("https://x.ir/a%e1%9b%abb%E1%9B%AB") == "https://x.ir/a%E2%80%8Cb%E2%80%8C"


def test_page_on_which_trafilatura_asserts_is_a_failure_not_a_crash() -> None:
    # htmldate (trafilatura's date reader) hit lxml's «assert parent is not None» here (found by fuzzing).
    page = '<svg class="&amp;" onload=">"><pre onload="«"></pre><meta charset="\'" id="روسیه"></meta></svg>'
    with pytest.raises(UnreadableInputError):
        document_from_html(page.encode(), url="https://www.isna.ir/news/1")


def test_damaged_utf8_page_is_read_with_a_warning() -> None:
    # a page cut mid-letter and with a stray byte: read as UTF-8 (not as Windows-1256 mojibake), and the
    # Article says so
    data = page("news")
    cut = data.index("مذاکرات".encode()) + 1  # inside the first letter's two bytes
    damaged = data[:cut] + b"\xff" + data[cut:]
    document = document_from_html(damaged)
    assert document.headline is not None
    assert "آب مرزی هیرمند" in document.headline
    # the stray byte, and the two halves of the letter it cut
    assert document.warnings == ["input is not valid UTF-8: 3 damaged byte sequence(s) replaced by U+FFFD"]
    assert document_from_html(data).warnings == []
