"""The whole reading, end to end: the seed, the bundled demo articles, and the real Fars / Varzesh3 sample.

The real sample is read from the data directory (``../shared/data`` or ``$DIDBAN_DATA``) and skipped without
it; see ``tests/conftest.py``.
"""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema
import pytest

from didban import analyze, analyze_document
from didban.article import Article, json_schema
from didban.document import Document, Failure
from didban.ingest.records import document_from_record
from didban.read.pipeline import STAGES, analyze_documents
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
    assert {q["speaker"] for q in data["quotes"]} == {"ولادیمیر پوتین"}
    people = [e for e in data["entities"] if e["label"] == "PER"]
    assert [p["name"] for p in people] == ["ولادیمیر پوتین"]
    assert {e["id"] for e in data["entities"]} >= {"iso:RU", "iso:AM", "outlet:tasnim", "outlet:aran-news"}
    assert data["topic"]["label"] in {"politics", "world"}
    assert [(d["text"], d["value"]) for d in data["dates"][:2]] == [("روز جمعه", None), ("سال 2020", "2020")]
    assert len(data["summary"]) == 1
    assert data["summary"][0] == seed.lead  # the agency's own lead tells this story best


def test_seed_entities_by_the_shipped_tagger(seed: Article) -> None:
    """Issue 4's list for the seed, read by the shipped tagger and the linker (not from gold spans)."""
    found = {e.id: e.label for e in seed.entities}
    wanted = {
        "per:ولادیمیر_پوتین": "PER",
        **dict.fromkeys(("iso:RU", "iso:AZ", "iso:AM", "iso:FR", "iso:US"), "LOC"),
        **dict.fromkeys(("loc:karabakh", "loc:caucasus"), "LOC"),
        **dict.fromkeys(("org:cis", "org:minsk-group", "outlet:tasnim", "outlet:aran-news"), "ORG"),
    }
    assert {eid: found.get(eid) for eid in wanted} == wanted
    assert [m.text for m in next(e for e in seed.entities if e.id == "org:cis").mentions] == [
        "جامعه مشترک المنافع"  # inside the event «نشست شورای سران کشورهای جامعه مشترک المنافع»
    ]
    names = {m.text for e in seed.entities for m in e.mentions}
    assert not names & {"وی", "روسی"}  # a pronoun; a nationality adjective


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


# The source chain of every real sample record, checked by hand against its text (reporter first, origin last;
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


# The demo articles (examples/demo-articles.jsonl), keyed by the last part of their link. Each source chain
# was checked by hand against the text (reporter first, origin last; a press office has no registry id).
DEMO_CHAINS: dict[str, list[tuple[str | None, str]]] = {
    "01-caspian-water-level": [("irna", "خبرگزاری ایرنا")],  # «در گفتگو با خبرنگار ایرنا» is the same outlet
    "02-bosphorus-fog": [("isna", "ایسنا"), ("anadolu", "خبرگزاری آناتولی")],
    "03-saffron-exports": [("mehr", "خبرگزاری مهر")],  # «به گزارش خبرنگار اقتصادی خبرگزاری مهر از مشهد»
    "04-carpet-weavers-insurance": [
        ("ilna", "ایلنا"),
        (None, "روابط عمومی اتحادیه تولیدکنندگان فرش دستباف روستایی"),
    ],
    "05-ardabil-snow": [("tasnim", "تسنیم")],  # dateline byline «اردبیل - تسنیم - …»
    "06-tehran-dry-waste": [("hamshahri", "همشهری آنلاین")],
    "07-novel-zayandeh-rud": [("ibna", "خبرگزاری کتاب ایران")],
    "08-salt-tolerant-bacteria": [("isna", "ایسنا"), (None, "روابط عمومی پژوهشکده فناوری‌های زیستی کویر")],
    "09-football-league-one": [("varzesh3", "ورزش سه")],  # «به گزارش "ورزش سه"»: the quotes are not the name
    "10-volleyball-semifinal": [("fars", "خبرگزاری فارس")],  # «به گزارش خبرنگار ورزشی خبرگزاری فارس»
    "11-junior-wrestling": [("irna", "ایرنا"), (None, "روابط عمومی هیئت کشتی استان همدان")],
    "12-chess-erzurum-open": [("yjc", "باشگاه خبرنگاران جوان")],
}
# The crossheads written into the demo articles (short lines with no final mark between paragraphs).
DEMO_CROSSHEADS: dict[str, list[str]] = {
    "01-caspian-water-level": ["نخستین گزارش مشترک در بهار آینده"],
    "03-saffron-exports": ["فروش فله ای همچنان چالش اصلی"],
    "05-ardabil-snow": ["کلاسهای سه شهرستان غیرحضوری شد"],
    "07-novel-zayandeh-rud": ["زبانی نزدیک به گفتار مردم اصفهان"],
    "09-football-league-one": ["گلایه سرمربی مهمان از داوری"],
}


def _demo_key(record: dict[str, Any]) -> str:
    return record["link"].rstrip("/").rsplit("/", 1)[-1]


def test_demo_records_are_the_twelve_hand_checked_articles(demo_records: list[dict[str, Any]]) -> None:
    assert [_demo_key(r) for r in demo_records] == list(DEMO_CHAINS)
    for record in demo_records:
        assert record["link"].startswith("https://example.org/"), record["link"]
        assert 3 <= len(record["paragraphs"]) <= 7, record["link"]
        text = "\n".join([record["title"], record["abstract"], *record["paragraphs"]])
        assert ZWNJ not in text, record["link"]  # written as scraped text arrives: no half-spaces
    assert sum(bool(re.search("[يك]", json.dumps(r, ensure_ascii=False))) for r in demo_records) == 3


def test_demo_records_keep_their_given_structure(demo_records: list[dict[str, Any]]) -> None:
    for record in demo_records:
        article = _record_article(record)
        key = _demo_key(record)
        assert _letters(article.headline) == _letters(repair(record["title"])[0]), key
        assert _letters(article.lead) == _letters(repair(record["abstract"])[0]), key
        assert [_letters(c) for c in article.crossheads] == [
            _letters(c) for c in DEMO_CROSSHEADS.get(key, [])
        ], key
        assert len(article.paragraphs) + len(article.crossheads) == len(record["paragraphs"]), key
        assert article.published == record["published"], key


def test_demo_records_are_repaired(demo_records: list[dict[str, Any]]) -> None:
    for record in demo_records:
        text = _record_article(record).text
        assert not re.search("[يك]", text), record["link"]
        assert not re.search(f"[{NON_JOINING}]{ZWNJ}", text), record["link"]
        assert not re.search(r"(?<!\w)(?:میشود|میکند|میکنند|نمیشود)(?!\w)", text), record["link"]
    texts = " ".join(_record_article(r).text for r in demo_records)
    for word in ("می‌شود", "کشتی‌های", "شهرستان‌های", "نمی‌داند", "گذرانده‌اند", "شخصیت‌ها", "کوچه‌های"):
        assert word in texts, word


def test_demo_records_source_chains(demo_records: list[dict[str, Any]]) -> None:
    for record in demo_records:
        article = _record_article(record)
        assert [(s.id, s.name) for s in article.sources] == DEMO_CHAINS[_demo_key(record)], record["link"]
        for source in article.sources:
            assert article.text[source.start : source.end] == source.name


def test_demo_records_outlet_comes_from_the_metadata(demo_records: list[dict[str, Any]]) -> None:
    for record in demo_records:
        article = _record_article(record)
        assert article.outlet is not None
        assert article.outlet.id is not None, record["outlet"]
        assert article.outlet.id == article.sources[0].id, record["link"]  # each one reports its own story


def test_a_batch_reads_each_article_as_it_reads_alone(demo_records: list[dict[str, Any]]) -> None:
    documents = [document_from_record(r, r["link"]) for r in demo_records]
    documents.insert(3, Document(text=""))  # an empty document in the middle
    alone = [analyze_document(d).to_dict() for d in documents]
    assert [a.to_dict() for a in analyze_documents(documents)] == alone  # type: ignore[union-attr]


def test_a_batch_goes_on_past_a_document_that_fails(demo_records: list[dict[str, Any]]) -> None:
    documents = [document_from_record(r, r["link"]) for r in demo_records[:3]]
    second = analyze_document(documents[1]).id

    def fails_on_the_second(article: Article) -> None:
        if article.id == second:
            raise ValueError("a stage broke")

    read = analyze_documents(documents, (*STAGES, ("broken", fails_on_the_second)))
    assert [type(r).__name__ for r in read] == ["Article", "Failure", "Article"]
    failure = read[1]
    assert isinstance(failure, Failure)
    assert failure.origin == documents[1].origin
    assert failure.reason == "analysis failed: ValueError: a stage broke"


def test_lone_surrogates_from_json_escapes_are_replaced_with_a_warning() -> None:
    # json.loads('"\\ud800"') gives a str no encoding can write; the article used to fail as a whole.
    record = json.loads('{"title": "خبر \\ud800 اول", "text": "پوتین گفت: \\udfff روسیه آماده است."}')
    article = analyze_document(document_from_record(record, "x.jsonl:1"))
    assert article.headline == "خبر \ufffd اول"
    assert "\ufffd" in article.text
    assert (
        article.warnings[0]
        == "input holds 2 lone surrogate code point(s) (bad JSON escapes), replaced by U+FFFD"
    )
    article.to_json()  # encodable


@pytest.mark.parametrize("published", ["9999-99-99", "2024-02-30T10:00:00Z"])
def test_an_impossible_iso_date_is_not_published_but_warned(published: str) -> None:
    article = analyze("تیتر\n\nمتن خبر.", published=published)
    assert article.published is None
    assert article.warnings == [f"published date not understood: {published!r}"]


def test_a_url_that_is_not_a_web_address_is_dropped_with_a_warning() -> None:
    article = analyze("تیتر\n\nمتن خبر.", url="javascript:alert(1)")
    assert article.url is None
    assert article.warnings == ["url ignored: not a web address: 'javascript:alert(1)'"]
    assert analyze("تیتر\n\nمتن خبر.", url="www.isna.ir/news/1").url == "www.isna.ir/news/1"
