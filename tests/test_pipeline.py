"""The whole reading on real articles: the seed and the bundled Fars / Varzesh3 sample."""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import pytest

from didban import analyze, analyze_document
from didban.article import Article, json_schema
from didban.ingest.records import document_from_record
from didban.text import repair

ZWNJ = "\u200c"
NON_JOINING = "اآأإدذرزژوؤ"


def _either(text: str | None) -> str | None:
    """«قره باغ» and «قره‌باغ» are both accepted spellings: compare with the spaced one."""
    return text.replace("قره" + ZWNJ + "باغ", "قره باغ") if text else text


@pytest.fixture(scope="module")
def seed(seed_text: str) -> Article:
    return analyze(seed_text)


def test_seed_structure(seed: Article) -> None:
    assert _either(seed.headline) == "رئیس جمهوری روسیه: تشدید مناقشه قره باغ خطر گسترش تروریسم را افزایش داد"
    assert seed.lead is not None
    assert seed.lead.startswith("پوتین رئیس جمهوری روسیه به همتایان خود در کشورهای جامعه مشترک المنافع گفت:")
    assert seed.lead.endswith("انجام می‌دهد.")
    assert seed.crossheads == ["تلاش برای مداخله در امور داخلی کشورهای جامعه مشترک المنافع یک چالش جدی است"]
    assert len(seed.paragraphs) == 7
    assert seed.paragraphs[0].startswith("به گزارش آران نیوز به نقل از خبرگزاری تسنیم،")


def test_seed_source_chain_reporter_first_origin_last(seed: Article) -> None:
    assert [(s.id, s.name) for s in seed.sources] == [
        ("aran-news", "آران نیوز"),
        ("tasnim", "خبرگزاری تسنیم"),
    ]
    for source in seed.sources:
        assert seed.text[source.start : source.end] == source.name
    assert seed.outlet is not None
    assert seed.outlet.id == "aran-news"


@pytest.mark.parametrize(
    "word", ["می‌دهد", "درگیری‌های", "زمینه‌ها", "توافقاتنامه‌های", "تلاش‌های", "می‌کند", "نمی‌پردازم"]
)
def test_seed_half_spaces_are_restored(seed: Article, word: str) -> None:
    assert word in seed.text


def test_seed_never_glues_separate_words(seed: Article) -> None:
    assert "المنافع" + ZWNJ not in seed.text
    assert "جامعه مشترک المنافع" in seed.text
    assert not re.search(f"[{NON_JOINING}]{ZWNJ}", seed.text)
    assert "میدهد" not in seed.text


def test_seed_offsets_lead_back_to_the_raw_input(seed: Article, seed_text: str) -> None:
    start = seed.text.index("آران نیوز")
    raw_start, raw_end = seed.raw_span(start, start + len("آران نیوز"))
    assert seed_text[raw_start:raw_end] == "آران نیوز"
    headline_raw = seed.raw_span(0, len(seed.headline or ""))
    assert seed_text[slice(*headline_raw)].strip() == _either(seed.headline)


def test_seed_json_is_valid_and_round_trips(seed: Article) -> None:
    data = seed.to_dict()
    jsonschema.validate(data, json_schema())
    assert Article.from_dict(data) == seed
    assert data["quotes"] == []
    assert data["topic"] is None


def _letters(text: str | None) -> str:
    """Text without spaces and half-spaces: repair decides those from the whole article's style."""
    return re.sub(f"[ {ZWNJ}]", "", text or "")


def _record_article(record: dict[str, Any]) -> Article:
    return analyze_document(document_from_record(record, record["link"]))


def test_sample_records_keep_their_given_structure(news_records: list[dict[str, Any]]) -> None:
    for record in news_records:
        article = _record_article(record)
        assert _letters(article.headline) == _letters(repair(record["title"])[0]), record["link"]
        if record["abstract"]:
            assert _letters(article.lead) == _letters(repair(record["abstract"])[0]), record["link"]
        assert len(article.paragraphs) + len(article.crossheads) == len(record["paragraphs"]), record["link"]


def test_sample_records_are_repaired(news_records: list[dict[str, Any]]) -> None:
    for record in news_records:
        text = _record_article(record).text
        assert not re.search("[يك]", text), record["link"]
        assert not re.search(f"[{NON_JOINING}]{ZWNJ}", text), record["link"]


# The source chain of every sample record, checked by hand against its text (reporter first, origin last;
# a press office is a source with no registry id; records with no attribution have none).
FARS = "fars"
PRESS_OFFICES = {
    "8602130025": "اداره کل روابط عمومی و امور بین‌الملل سازمان تامین اجتماعی",
    "توقیف-محموله-میلیاردی-کالای-قاچاق-در-کازرون": (
        "اداره اطلاع‌رسانی حوزه معاونت اجتماعی فرماندهی انتظامی استان فارس"
    ),
    "تنظیم-بازار-و-تعادل‌بخشی-قیمت‌ها-اولویت-اقتصادی-دولت-است": "روابط عمومی فرمانداری شهرستان علی‌آبادکتول",
    "امنیت-امروز-ایران-با-وجود-بحران-منطقه-حاصل-خون-شهداست": "روابط عمومی سپاه عاشورا",
    "46-میلیمتر-باران-در-گلستان-بارید-افزایش-بیش-از-32-درصدی-بارش‌ها": "روابط عمومی شرکت آب منطقه‌ای گلستان",
    "روابط-عمومی-اوقاف-و-امور-خیریه-ایلام-صاحب-مقام-برتر-کشوری-شد": (
        "روابط عمومی اداره کل اوقاف و امور خیریه استان ایلام"
    ),
}
VARZESH3_WITHOUT_ATTRIBUTION = {"1029567", "985076"}
VARZESH3_CITING_FARS = {"1005300"}


def _expected_chain(record: dict[str, Any]) -> list[tuple[str | None, str | None]]:
    key = record["link"].rstrip("/").rsplit("/", 1)[-1]
    if record["set"] == "fars":
        office = PRESS_OFFICES.get(key)
        return [("fars", None)] + ([(None, office)] if office else [])
    if key in VARZESH3_WITHOUT_ATTRIBUTION:
        return []
    return [("fars", None)] if key in VARZESH3_CITING_FARS else [("varzesh3", None)]


def test_sample_records_source_chains(news_records: list[dict[str, Any]]) -> None:
    for record in news_records:
        article = _record_article(record)
        chain = [(s.id, None if s.id else s.name) for s in article.sources]
        assert chain == _expected_chain(record), record["link"]


def test_sample_records_outlet_falls_back_to_the_url(news_records: list[dict[str, Any]]) -> None:
    for record in news_records:
        outlet = _record_article(record).outlet
        assert outlet is not None
        assert outlet.id == record["set"], record["link"]
