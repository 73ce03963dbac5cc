"""Entity linking: cleaning tagged spans, grouping variants, stable ids, speakers shared with quotations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from didban.article import Entity, Quote
from didban.lexicon import data_rows
from didban.lexicon.gazetteer import countries, country_of, name_key, organization_of, organizations
from didban.read.entities import entity_id, is_verb, link_entities, share_speaker_ids

ZWNJ = "\u200c"
ROOT = Path(__file__).resolve().parent.parent
NER_DATA = ROOT.parent / "shared" / "data" / "ner"


def spans_of(text: str, *tagged: tuple[str, str]) -> list[tuple[int, int, str]]:
    """Every whole-word occurrence of each ``(label, form)``, longest forms first, without overlaps."""
    spans: list[tuple[int, int, str]] = []
    for label, form in sorted(tagged, key=lambda t: -len(t[1])):
        for m in re.finditer(rf"(?<![\w{ZWNJ}]){re.escape(form)}(?![\w{ZWNJ}])", text):
            if not any(m.start() < end and start < m.end() for start, end, _ in spans):
                spans.append((m.start(), m.end(), label))
    return sorted(spans)


def link(text: str, *tagged: tuple[str, str]) -> list[Entity]:
    return link_entities(text, spans_of(text, *tagged))


def summary(entities: list[Entity]) -> dict[str, tuple[str, str, list[str]]]:
    """id → (name, label, mention texts)."""
    return {e.id: (e.name, e.label, [m.text for m in e.mentions]) for e in entities}


def quote(speaker: str | None, mention: str | None, start: int = 0) -> Quote:
    sid = speaker.replace(" ", "-") if speaker else None
    return Quote(
        text="…", kind="direct", speaker=speaker, speaker_id=sid, speaker_mention=mention, cue="گفت",
        start=start, end=start + 1,
    )  # fmt: skip


# --- the seed --------------------------------------------------------------------------------------------

SEED_GOLD = (
    ("PER", "ولادیمیر پوتین"), ("PER", "پوتین"), ("PER", "وی"),  # «وی» as a careless tagger would tag it
    ("LOC", "فدراسیون روسیه"), ("LOC", "روسیه"), ("LOC", "قره باغ کوهستانی"), ("LOC", "قره باغ"),
    ("LOC", "جمهوری آذربایجان"), ("LOC", "آذربایجان"), ("LOC", "ارمنستان"), ("LOC", "فرانسه"),
    ("LOC", "ایالات متحده آمریکا"), ("LOC", "قفقاز"), ("ORG", "جامعه مشترک المنافع"),
    ("ORG", "مشترک المنافع"), ("ORG", "گروه مینسک"), ("ORG", "سازمان امنیت و همکاری اروپا"),
    ("ORG", "خبرگزاری تسنیم"), ("ORG", "آران نیوز"), ("EVENT", "جنگ جهانی دوم"),
)  # fmt: skip


@pytest.fixture(scope="module")
def seed():
    from didban import analyze

    article = analyze((ROOT / "examples" / "seed.txt").read_text(encoding="utf-8"))
    spans = spans_of(article.text, *SEED_GOLD)
    return article, spans, link_entities(article.text, spans, article.quotes)


def test_seed_entities_ids_and_names(seed) -> None:
    _, _, entities = seed
    found = {e.id: (e.name, e.label) for e in entities}
    assert found == {
        "per:ولادیمیر_پوتین": ("ولادیمیر پوتین", "PER"),
        "iso:RU": ("فدراسیون روسیه", "LOC"),
        "loc:karabakh": ("قره باغ کوهستانی", "LOC"),
        "iso:AZ": ("جمهوری آذربایجان", "LOC"),
        "iso:AM": ("ارمنستان", "LOC"),
        "iso:FR": ("فرانسه", "LOC"),
        "iso:US": ("ایالات متحده آمریکا", "LOC"),
        "loc:caucasus": ("قفقاز", "LOC"),
        "org:cis": ("جامعه مشترک المنافع", "ORG"),
        "org:minsk-group": ("گروه مینسک", "ORG"),
        "org:osce": ("سازمان امنیت و همکاری اروپا", "ORG"),
        "outlet:tasnim": ("خبرگزاری تسنیم", "ORG"),
        "outlet:aran-news": ("آران نیوز", "ORG"),
        "event:جنگ_جهانی_دوم": ("جنگ جهانی دوم", "EVENT"),
    }


def test_seed_groups_every_variant(seed) -> None:
    article, spans, entities = seed
    by_id = {e.id: e for e in entities}
    putin = [m.text for m in by_id["per:ولادیمیر_پوتین"].mentions]
    assert putin[0] == "پوتین"  # the lead's «پوتین», before the full name is given
    assert putin.count("ولادیمیر پوتین") == 2
    assert putin.count("پوتین") >= 3
    assert {m.text for m in by_id["iso:RU"].mentions} == {"روسیه", "فدراسیون روسیه"}
    assert {m.text for m in by_id["iso:AZ"].mentions} == {"جمهوری آذربایجان", "آذربایجان"}
    assert {m.text for m in by_id["loc:karabakh"].mentions} == {"قره باغ", "قره باغ کوهستانی"}
    assert "مشترک المنافع" in {m.text for m in by_id["org:cis"].mentions}
    # every span but the «وی» ones ends up as one mention, at its place in the text
    mentions = sorted((m.start, m.end) for e in entities for m in e.mentions)
    assert mentions == sorted((s, e) for s, e, _ in spans if article.text[s:e] != "وی")
    assert all(article.text[m.start : m.end] == m.text for e in entities for m in e.mentions)


def test_seed_never_vi(seed) -> None:
    _, spans, entities = seed
    assert any(label == "PER" for *_, label in spans)
    assert all(m.text != "وی" for e in entities for m in e.mentions)


def test_seed_quotes_share_the_person_id(seed) -> None:
    article, _, entities = seed
    shared = share_speaker_ids(entities, article.quotes)
    assert len(shared) == len(article.quotes) >= 10
    assert {q.speaker_id for q in shared} == {"per:ولادیمیر_پوتین"}
    assert [q.text for q in shared] == [q.text for q in article.quotes]


# --- cleaning --------------------------------------------------------------------------------------------

DROPPED = [
    ("وی", "PER"),  # pronouns
    ("او", "PER"),
    ("ایشان", "PER"),
    ("آنها", "ORG"),
    (f"آن{ZWNJ}ها", "ORG"),
    (f"می{ZWNJ}گوید", "PER"),  # verbs
    ("گفت", "PER"),
    ("گفتند", "ORG"),
    (f"نمی{ZWNJ}دانست", "PER"),
    ("این کشور", "LOC"),  # a reference back
    ("آن سازمان", "ORG"),
    ("در", "LOC"),  # only function words
    ("«»", "ORG"),  # no word
]


@pytest.mark.parametrize(("form", "label"), DROPPED)
def test_pronouns_verbs_and_references_are_never_entities(form: str, label: str) -> None:
    text = f"به گفته منابع {form} امروز در تهران بود."
    assert link(text, (label, form)) == []


TRIMMED = [
    ("پوتین گفت", "PER", "پوتین"),  # a trailing verb
    (f"پوتین می{ZWNJ}گوید", "PER", "پوتین"),
    ("در مسکو", "LOC", "مسکو"),  # a leading preposition
    ("وزارت راه و", "ORG", "وزارت راه"),  # a trailing conjunction
    ("«آران نیوز»", "ORG", "آران نیوز"),  # quotation marks around a name
    ("امام رضا (ع)", "PER", "امام رضا (ع)"),  # a bracket the name opened is kept
    ("نشریه «رمز عبور»", "ORG", "نشریه «رمز عبور»"),
]


@pytest.mark.parametrize(("form", "label", "kept"), TRIMMED)
def test_span_edges_are_trimmed(form: str, label: str, kept: str) -> None:
    text = f"خبر امروز: {form} دیروز هم بود."
    (entity,) = link(text, (label, form))
    assert [m.text for m in entity.mentions] == [kept]


@pytest.mark.parametrize(
    ("form", "label", "kept"),
    [
        ("کرونا خبر داد", "ORG", ["کرونا"]),  # a compound verb
        ("وزارت بهداشت اعلام کرد", "ORG", ["وزارت بهداشت"]),
        ("بین روسیه", "ORG", ["روسیه"]),  # a preposition before a name
        ("از جمله ارمنستان", "LOC", ["ارمنستان"]),
        ("روسیه و فرانسه", "LOC", ["روسیه", "فرانسه"]),  # a coordination of registry names: each one
        ("فدراسیون روسیه، چین و هند", "LOC", ["فدراسیون روسیه", "چین", "هند"]),
        ("ناتو و اتحادیه اروپا", "ORG", ["ناتو", "اتحادیه اروپا"]),
        ("بوسنی و هرزگوین", "LOC", ["بوسنی و هرزگوین"]),  # one country
        ("حسن و حسین", "PER", ["حسن و حسین"]),  # not registry names: the tagger's span stands
        ("مخالف بسیاری مطرح شد که نهایتا", "PRODUCT", []),  # a clause, not a name
    ],
)
def test_spans_the_tagger_ran_too_far(form: str, label: str, kept: list[str]) -> None:
    text = f"خبر امروز: {form} دیروز هم بود."
    assert [m.text for e in link(text, (label, form)) for m in e.mentions] == kept


KEPT = [
    ("رستم", "PER"),  # looks like «رست» + «م», but is a name
    ("سعید", "PER"),
    ("میناوند", "PER"),  # «می» without a half-space: not a verb prefix
    ("ولی پور", "PER"),  # «ولی» is a given name
    ("جواد نیک بین", "PER"),
    ("وی چت", "PRODUCT"),  # a pronoun inside a name
    ("شبکه من و تو", "ORG"),
    ("جزیره من", "LOC"),  # a country (Isle of Man): the whole name, not trimmed of «من»
    ("هلند", "LOC"),
    ("سیف‌الله داد", "PER"),  # «داد» alone is a surname here, not a verb to trim
    ("بین الحرمین", "LOC"),
    ("منطقه حفاظت شده انگوران", "LOC"),
]


@pytest.mark.parametrize(("form", "label"), KEPT)
def test_names_that_look_like_function_words_are_kept(form: str, label: str) -> None:
    text = f"خبر امروز: {form} دیروز هم بود."
    (entity,) = link(text, (label, form))
    assert [m.text for m in entity.mentions] == [form]


@pytest.mark.parametrize(
    ("word", "verb"),
    [
        (f"می{ZWNJ}گوید", True), (f"نمی{ZWNJ}کنند", True), ("گفتند", True), ("کرد", True), ("است", True),
        ("بگوید", True), ("شد", True), ("پوتین", False), ("ارمنستان", False), ("هلند", False),
        ("رستم", False), ("برزیل", False), ("میناوند", False), ("بزنی", False),
    ],
)  # fmt: skip
def test_is_verb(word: str, verb: bool) -> None:
    assert is_verb(word) is verb


def test_bad_spans_are_ignored() -> None:
    text = "روسیه و فرانسه"
    spans = [(-1, 5, "LOC"), (5, 3, "LOC"), (8, 99, "LOC"), (0, 0, "LOC"), (0, 5, "MISC"), (8, 14, "LOC")]
    assert summary(link_entities(text, spans)) == {"iso:FR": ("فرانسه", "LOC", ["فرانسه"])}


def test_overlapping_and_touching_spans_merge() -> None:
    text = f"سازمان ملل متحد و شورای{ZWNJ}نگهبان و حزب کارگر بریتانیا"
    ngb = text.index("شورای")
    spans = [
        (0, 10, "ORG"), (7, 15, "ORG"),  # overlapping, same label: one span
        (ngb, ngb + 5, "ORG"), (ngb + 6, ngb + 12, "ORG"),  # a half-space between: one span
        (text.index("حزب"), text.index("حزب") + 9, "ORG"),
        (text.index("کارگر"), len(text), "LOC"),  # overlapping, other label: the longer wins
    ]  # fmt: skip
    found = summary(link_entities(text, spans))
    assert found["org:un"] == ("سازمان ملل متحد", "ORG", ["سازمان ملل متحد"])
    assert found["org:شورای_نگهبان"][2] == [f"شورای{ZWNJ}نگهبان"]
    assert [v[2] for k, v in found.items() if k.startswith("loc:")] == [["کارگر بریتانیا"]]


def test_spans_with_a_space_between_stay_apart() -> None:
    text = "نشست گروه مینسک سازمان امنیت و همکاری اروپا"
    found = link(text, ("ORG", "گروه مینسک"), ("ORG", "سازمان امنیت و همکاری اروپا"))
    assert [e.id for e in found] == ["org:minsk-group", "org:osce"]


# --- registries ------------------------------------------------------------------------------------------


def test_country_forms_share_the_iso_id() -> None:
    text = (
        "ایالات متحده آمریکا و انگلیس بیانیه دادند. آمریکا و بریتانیا گفتند ایالات متحده آماده است. "
        "جمهوری اسلامی ایران پاسخ داد و ایران گفت کشور فرانسه هم حاضر است."
    )
    found = summary(link(
        text, ("LOC", "ایالات متحده آمریکا"), ("LOC", "انگلیس"), ("ORG", "آمریکا"), ("LOC", "بریتانیا"),
        ("LOC", "ایالات متحده"), ("ORG", "جمهوری اسلامی ایران"), ("LOC", "ایران"), ("LOC", "کشور فرانسه"),
    ))  # fmt: skip
    assert found["iso:US"] == (
        "ایالات متحده آمریکا", "LOC", ["ایالات متحده آمریکا", "آمریکا", "ایالات متحده"]
    )  # an ORG-tagged «آمریکا» is the country: a place  # fmt: skip
    assert found["iso:GB"][2] == ["انگلیس", "بریتانیا"]
    assert found["iso:IR"][:2] == ("جمهوری اسلامی ایران", "LOC")
    assert found["iso:FR"][2] == ["کشور فرانسه"]


def test_ambiguous_country_form_needs_the_article_to_name_it() -> None:
    alone = "سیل در آذربایجان خسارت زد."
    assert [e.id for e in link(alone, ("LOC", "آذربایجان"))] == ["loc:اذربایجان"]
    both = "جمهوری آذربایجان و ارمنستان؛ آذربایجان پاسخ داد."
    found = link(both, ("LOC", "جمهوری آذربایجان"), ("LOC", "آذربایجان"), ("LOC", "ارمنستان"))
    assert summary(found)["iso:AZ"][2] == ["جمهوری آذربایجان", "آذربایجان"]


def test_a_person_named_like_a_country_stays_a_person() -> None:
    (entity,) = link("ایران درخشان بازیگر سینما است.", ("PER", "ایران درخشان"))
    assert entity.id == "per:ایران_درخشان"
    (entity,) = link("تسنیم گفت که می‌آید.", ("PER", "تسنیم"))  # a given name, and an outlet
    assert entity.id == "per:تسنیم"


def test_a_country_tagged_as_a_person_is_the_country() -> None:
    (entity,) = link("روسیه به توافق رسید.", ("PER", "روسیه"))
    assert (entity.id, entity.label) == ("iso:RU", "LOC")


def test_outlets_get_registry_ids() -> None:
    text = (
        "به گزارش خبرگزاری مهر، مهر نوشت. ایرنا از قول خبرگزاری جمهوری اسلامی گفت. به گزارش فارس، استان فارس"
    )
    found = summary(link(
        text, ("ORG", "خبرگزاری مهر"), ("ORG", "مهر"), ("ORG", "ایرنا"), ("ORG", "خبرگزاری جمهوری اسلامی"),
        ("ORG", "فارس"), ("LOC", "استان فارس"),
    ))  # fmt: skip
    assert found["outlet:mehr"] == ("خبرگزاری مهر", "ORG", ["خبرگزاری مهر", "مهر"])
    assert found["outlet:irna"][2] == ["ایرنا", "خبرگزاری جمهوری اسلامی"]
    assert found["outlet:fars"][2] == ["فارس"]  # after «به گزارش»
    assert found["loc:استان_فارس"][2] == ["استان فارس"]  # the province


def test_a_bare_ambiguous_outlet_name_without_context_is_no_outlet() -> None:
    (entity,) = link("بنیاد مهر به نیازمندان کمک کرد.", ("ORG", "مهر"))
    assert entity.id == "org:مهر"


def test_organisations_by_full_name_and_acronym() -> None:
    text = (
        "ناتو و سازمان پیمان آتلانتیک شمالی؛ سازمان ملل و سازمان ملل متحد؛ آژانس بین‌المللی انرژی اتمی و آژانس"
    )
    found = summary(link(
        text, ("ORG", "ناتو"), ("ORG", "سازمان پیمان آتلانتیک شمالی"), ("ORG", "سازمان ملل"),
        ("ORG", "سازمان ملل متحد"), ("ORG", "آژانس بین‌المللی انرژی اتمی"), ("ORG", "آژانس"),
    ))  # fmt: skip
    assert found["org:nato"] == (
        "سازمان پیمان آتلانتیک شمالی",
        "ORG",
        ["ناتو", "سازمان پیمان آتلانتیک شمالی"],
    )
    assert found["org:un"][2] == ["سازمان ملل", "سازمان ملل متحد"]
    assert found["org:iaea"][2] == ["آژانس بین‌المللی انرژی اتمی", "آژانس"]


@pytest.mark.parametrize(
    ("form", "label", "inside"),
    [
        # a registry name inside an event, an organisation, a product: a mention of its own too
        ("نشست شورای سران کشورهای جامعه مشترک المنافع", "EVENT", [("org:cis", "جامعه مشترک المنافع")]),
        ("سخنگوی وزارت امور خارجه روسیه", "ORG", [("iso:RU", "روسیه")]),
        ("لیگ برتر انگلیس", "EVENT", [("iso:GB", "انگلیس")]),
        ("روزنامه مارکای اسپانیا", "PRODUCT", [("iso:ES", "اسپانیا")]),
        ("شورای امنیت سازمان ملل و نماینده آمریکا", "ORG", [("org:un", "سازمان ملل"), ("iso:US", "آمریکا")]),
        # a brand name that starts with a country is not the country
        ("ایران خودرو دیزل", "ORG", []),
        # a registry name that needs context, a person's name: nothing inside
        ("خلیج فارس", "LOC", []),
        ("ایران درخشان", "PER", []),
    ],
)
def test_registry_names_inside_a_longer_name(form: str, label: str, inside: list[tuple[str, str]]) -> None:
    text = f"خبر از {form} رسید."
    found = summary(link(text, (label, form)))
    assert len([e for e in found.values() if e[2] == [form]]) == 1  # the whole span stays an entity
    assert [(eid, mentions[0]) for eid, (_, _, mentions) in found.items() if mentions != [form]] == inside


@pytest.mark.parametrize("form", ["روسی", "آمریکایی", "ایرانی", "فرانسوی", "اروپایی", "فلسطینی"])
def test_a_nationality_adjective_alone_is_no_entity(form: str) -> None:
    assert link(f"طرف {form} گفت.", ("ORG", form)) == []


@pytest.mark.parametrize(("form", "label"), [("آلبانی", "LOC"), ("ایرانی", "PER"), ("سپاهان", "ORG")])
def test_a_name_ending_like_an_adjective_stays(form: str, label: str) -> None:
    assert [e.name for e in link(f"خبر از {form} رسید.", (label, form))] == [form]


def test_a_coordination_of_names_the_article_gives_alone_is_split() -> None:
    text = "باشگاه پدیده به سپیدرود باخت. دیدار پدیده و سپیدرود در مشهد بود. وزیر ورزش و جوانان آمد."
    found = summary(link(
        text, ("ORG", "باشگاه پدیده"), ("ORG", "سپیدرود"), ("ORG", "پدیده و سپیدرود"),
        ("ORG", "ورزش و جوانان"),
    ))  # fmt: skip
    assert found["org:باشگاه_پدیده"][2] == ["باشگاه پدیده", "پدیده"]
    assert found["org:سپیدرود"][2] == ["سپیدرود", "سپیدرود"]
    assert found["org:ورزش_و_جوانان"][2] == ["ورزش و جوانان"]  # «جوانان» is named nowhere alone


def test_a_province_with_a_conjunction_is_one_place() -> None:
    text = "استان سیستان و بلوچستان؛ سیستان و بلوچستان. زاهدان در سیستان است و بلوچستان بزرگ است."
    found = summary(link(
        text, ("LOC", "استان سیستان و بلوچستان"), ("LOC", "سیستان و بلوچستان"), ("LOC", "سیستان"),
        ("LOC", "بلوچستان"), ("LOC", "زاهدان"),
    ))  # fmt: skip
    assert found["loc:sistan-and-baluchestan"][2][:2] == ["استان سیستان و بلوچستان", "سیستان و بلوچستان"]


def test_a_span_takes_the_closing_quote_it_stopped_before() -> None:
    text = 'به گزارش فارس به نقل از پایگاه خبری "الجزیره"، افراد ناشناس آمدند.'
    (_, aljazeera) = link(text, ("ORG", "فارس"), ("ORG", 'پایگاه خبری "الجزیره'))
    assert (aljazeera.id, aljazeera.mentions[0].text) == ("outlet:aljazeera", 'پایگاه خبری "الجزیره"')


def test_an_acronym_introduced_in_parentheses() -> None:
    text = "سازمان توسعه تجارت (تی‌پی‌او) گزارش داد. تی‌پی‌او افزود."
    found = link(text, ("ORG", "سازمان توسعه تجارت"), ("ORG", "تی‌پی‌او"))
    assert [(e.name, len(e.mentions)) for e in found] == [("سازمان توسعه تجارت", 3)]


# --- variants without a registry ------------------------------------------------------------------------


def test_person_surname_joins_the_person_named_last_before_it() -> None:
    text = "لاریجانی آمد. علی لاریجانی گفت. لاریجانی افزود. صادق لاریجانی گفت. لاریجانی رفت."
    found = summary(link(text, ("PER", "علی لاریجانی"), ("PER", "صادق لاریجانی"), ("PER", "لاریجانی")))
    assert found["per:علی_لاریجانی"][2] == ["علی لاریجانی", "لاریجانی"]
    assert found["per:صادق_لاریجانی"][2] == ["صادق لاریجانی", "لاریجانی"]
    assert found["per:لاریجانی"][2] == ["لاریجانی"]  # before either: nobody to refer to


def test_person_variants_with_titles_and_half_spaces() -> None:
    text = "آیت‌الله سید علی خامنه‌ای پیام داد. آیت‌الله خامنه‌ای گفت. خامنه ای افزود."
    (entity,) = link(
        text, ("PER", "آیت‌الله سید علی خامنه‌ای"), ("PER", "آیت‌الله خامنه‌ای"), ("PER", "خامنه ای")
    )
    assert entity.name == "آیت‌الله سید علی خامنه‌ای"
    assert len(entity.mentions) == 3


def test_a_given_name_alone_does_not_join() -> None:
    text = "ولادیمیر پوتین و ولادیمیر زلنسکی"
    found = link(text, ("PER", "ولادیمیر پوتین"), ("PER", "ولادیمیر"))
    assert len(found) == 2


def test_place_and_organisation_variants() -> None:
    text = "استان تهران و تهران؛ باشگاه پرسپولیس و پرسپولیس؛ اتحادیه اروپا و اروپا؛ منطقه قفقاز و قفقاز"
    found = summary(link(
        text, ("LOC", "استان تهران"), ("LOC", "تهران"), ("ORG", "باشگاه پرسپولیس"), ("ORG", "پرسپولیس"),
        ("ORG", "اتحادیه اروپا"), ("LOC", "اروپا"), ("LOC", "منطقه قفقاز"), ("LOC", "قفقاز"),
    ))  # fmt: skip
    assert found["loc:استان_تهران"][2] == ["استان تهران", "تهران"]
    assert found["org:باشگاه_پرسپولیس"][2] == ["باشگاه پرسپولیس", "پرسپولیس"]
    assert found["org:eu"][2] == ["اتحادیه اروپا"]
    assert found["loc:europe"][2] == ["اروپا"]  # a continent of the place table
    # a region of the place table has its id whoever writes «منطقه قفقاز»; the name leaves out the head word
    assert found["loc:caucasus"][2] == ["منطقه قفقاز", "قفقاز"]
    assert found["loc:caucasus"][0] == "قفقاز"


def test_a_place_name_leaves_out_a_generic_head_word() -> None:
    text = "در شهر مسکو و مسکو"
    found = summary(link(text, ("LOC", "شهر مسکو"), ("LOC", "مسکو")))
    assert found == {"loc:مسکو": ("مسکو", "LOC", ["شهر مسکو", "مسکو"])}


def test_a_region_of_the_place_table_is_a_place_whatever_the_tagger_said() -> None:
    text = "درگیری‌ها در قره باغ کوهستانی ادامه دارد. قره‌باغ آرام نیست."
    found = summary(link(text, ("FAC", "قره باغ کوهستانی"), ("LOC", "قره‌باغ")))
    assert found == {"loc:karabakh": ("قره باغ کوهستانی", "LOC", ["قره باغ کوهستانی", "قره‌باغ"])}


def test_a_bare_name_of_two_qualified_places_joins_the_one_named_last() -> None:
    text = "دریاچه؛ دریاچه ارومیه و دریاچه وان؛ دریاچه"
    found = summary(link(text, ("LOC", "دریاچه ارومیه"), ("LOC", "دریاچه وان"), ("LOC", "دریاچه")))
    assert found["loc:دریاچه_وان"][2] == ["دریاچه وان", "دریاچه"]
    assert found["loc:دریاچه"][2] == ["دریاچه"]  # before either
    assert found["loc:دریاچه_ارومیه"][2] == ["دریاچه ارومیه"]


def test_same_form_with_different_labels_is_one_entity() -> None:
    text = "گازپروم گفت. گازپروم افزود. گازپروم رفت."
    spans = spans_of(text, ("ORG", "گازپروم"))
    spans[1] = (spans[1][0], spans[1][1], "PRODUCT")
    (entity,) = link_entities(text, spans)
    assert (entity.id, entity.label, len(entity.mentions)) == ("org:گازپروم", "ORG", 3)


def test_ids_are_stable_across_articles_and_spellings() -> None:
    first = link("ولاديمير پوتين گفت", ("PER", "ولاديمير پوتين"))
    second = link(f"ولادیمیر  پوتین گفت و قره{ZWNJ}باغ", ("PER", "ولادیمیر  پوتین"))
    assert first[0].id == second[0].id == entity_id("ولادیمیر پوتین", "PER") == "per:ولادیمیر_پوتین"
    assert entity_id(f"قره{ZWNJ}باغ", "LOC") == entity_id("قره باغ", "LOC") == "loc:قره_باغ"
    assert entity_id("امام خمینی (ره)", "PER") == "per:امام_خمینی"


# --- speakers --------------------------------------------------------------------------------------------

SPEAKER_TEXT = (
    "محمدجواد ظریف وزیر امور خارجه در تهران گفت: «ما آماده‌ایم.» ظریف افزود که مذاکره ادامه دارد. "
    "سخنگوی وزارت امور خارجه گفت: «خبری نیست.»"
)


def test_a_speaker_the_tagger_missed_becomes_a_person() -> None:
    quotes = [
        quote("محمدجواد ظریف", "محمدجواد ظریف"),
        quote("محمدجواد ظریف", "ظریف"),
        quote("سخنگوی وزارت امور خارجه", "سخنگوی وزارت امور خارجه"),
    ]
    entities = link_entities(SPEAKER_TEXT, spans_of(SPEAKER_TEXT, ("LOC", "تهران")), quotes)
    assert summary(entities) == {
        "per:محمدجواد_ظریف": ("محمدجواد ظریف", "PER", ["محمدجواد ظریف", "ظریف"]),
        "loc:تهران": ("تهران", "LOC", ["تهران"]),
    }  # a title is no person: no entity for the spokesman
    shared = share_speaker_ids(entities, quotes)
    assert [q.speaker_id for q in shared] == ["per:محمدجواد_ظریف"] * 2 + ["سخنگوی-وزارت-امور-خارجه"]


def test_a_fuller_speaker_name_completes_a_surname_entity() -> None:
    quotes = [quote("محمدجواد ظریف", "ظریف")]
    entities = link_entities(SPEAKER_TEXT, spans_of(SPEAKER_TEXT, ("PER", "ظریف")), quotes)
    assert summary(entities) == {
        "per:محمدجواد_ظریف": ("محمدجواد ظریف", "PER", ["محمدجواد ظریف", "ظریف"]),
    }
    assert share_speaker_ids(entities, quotes)[0].speaker_id == "per:محمدجواد_ظریف"


def test_a_speaker_is_a_person_whatever_the_tagger_said() -> None:
    text = "پوتین آمد. ولادیمیر پوتین گفت: «…». کرملین اعلام کرد."
    spans = spans_of(text, ("PER", "پوتین"), ("ORG", "ولادیمیر پوتین"))
    quotes = [quote("ولادیمیر پوتین", "ولادیمیر پوتین"), quote("کرملین", "کرملین")]
    entities = link_entities(text, spans, quotes)
    assert summary(entities) == {
        "per:ولادیمیر_پوتین": ("ولادیمیر پوتین", "PER", ["پوتین", "ولادیمیر پوتین"]),
    }  # a one-word speaker the tagger missed («کرملین») may be an institution: no entity
    assert [q.speaker_id for q in share_speaker_ids(entities, quotes)] == ["per:ولادیمیر_پوتین", "کرملین"]


def test_speaker_ids_by_surname_and_org_form() -> None:
    text = "ولادیمیر پوتین گفت. کرملین اعلام کرد."
    entities = link(text, ("PER", "ولادیمیر پوتین"), ("ORG", "کرملین"))
    quotes = [quote("پوتین", "پوتین"), quote("کرملین", "کرملین"), quote(None, None), quote("سخنگو", "سخنگو")]
    shared = share_speaker_ids(entities, quotes)
    assert [q.speaker_id for q in shared] == ["per:ولادیمیر_پوتین", "org:کرملین", None, "سخنگو"]
    # the speaker read as a surname takes the person's fullest name; an institution keeps its own
    assert [q.speaker for q in shared] == ["ولادیمیر پوتین", "کرملین", None, "سخنگو"]


def test_a_surname_speaker_takes_the_full_name_the_tagger_found() -> None:
    # Varzesh3: the headline «کی‌روش: …» and the reporting clauses use the surname; the body names him once
    text = "کارلوس کی روش در گفتگو با رسانه‌ها واکنش نشان داد. کی روش گفت که ایران خانه دوم اوست."
    entities = link(text, ("PER", "کارلوس کی روش"), ("PER", "کی روش"))
    shared = share_speaker_ids(entities, [quote("کی روش", "کی روش"), quote("کی روش", "او")])
    assert [(q.speaker, q.speaker_id) for q in shared] == [("کارلوس کی روش", "per:کارلوس_کی_روش")] * 2


def test_an_ambiguous_surname_speaker_gets_no_entity_id() -> None:
    text = "علی لاریجانی و صادق لاریجانی"
    entities = link(text, ("PER", "علی لاریجانی"), ("PER", "صادق لاریجانی"))
    assert share_speaker_ids(entities, [quote("لاریجانی", "لاریجانی")])[0].speaker_id == "لاریجانی"


# --- gazetteers ------------------------------------------------------------------------------------------


def test_gazetteer_tables_are_well_formed() -> None:
    rows = data_rows("countries_fa.tsv")
    assert all(
        re.fullmatch(r"[A-Z]{2}", iso) and origin in {"cldr", "press", "context"} for iso, _, origin in rows
    )
    assert len({iso for iso, _, origin in rows if origin == "cldr"}) == 249
    org_rows = data_rows("organizations_fa.tsv")
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) for slug, _, _ in org_rows)
    assert all(origin in {"name", "alias", "context"} for _, _, origin in org_rows)
    assert len(countries()) > 250
    assert len(organizations()) > 80


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ("آمریکا", "US"), ("امریکا", "US"), ("ایالات متحده", "US"), ("انگلیس", "GB"), ("روسیه", "RU"),
        ("فدراسیون روسیه", "RU"), ("جمهوری اسلامی ایران", "IR"), ("امارات متحده عربی", "AE"),
        ("کره شمالی", "KP"), (f"سری{ZWNJ}لانکا", "LK"), ("سریلانکا", "LK"), ("ارمنستان", "AM"),
    ],
)  # fmt: skip
def test_country_of(form: str, code: str) -> None:
    found = country_of(form)
    assert found is not None
    assert found.code == code


def test_gazetteer_misses() -> None:
    assert country_of("قره باغ") is None
    assert country_of("تهران") is None
    assert organization_of("سازمان") is None
    assert name_key("ايران") == name_key("ایران")


# --- robustness on real tagged text ---------------------------------------------------------------------


def _conll_sentences(path: Path, sep: str) -> list[list[tuple[str, str]]]:
    sentences, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        word, _, tag = line.rpartition(sep)
        current.append((word, tag.replace("_", "-")))
    return sentences + ([current] if current else [])


@pytest.mark.skipif(not (NER_DATA / "peyma" / "test.txt").exists(), reason="NER data not present")
def test_gold_spans_of_a_real_corpus_link_cleanly() -> None:
    """PEYMA test sentences with their gold entity spans: no failure, every mention exact, ids well formed."""
    entity_tags = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
    count = 0
    for sentence in _conll_sentences(NER_DATA / "peyma" / "test.txt", "|"):
        text, spans, at, current = "", [], 0, None
        for word, tag in sentence:
            start = at
            text += word + " "
            at = len(text)
            kind = entity_tags.get(tag[2:])
            if (tag.startswith("B-") and kind) or (tag.startswith("I-") and kind and current is None):
                current = [start, start + len(word), kind]
                spans.append(current)
            elif tag.startswith("I-") and current is not None:
                current[1] = start + len(word)
            else:
                current = None
        for entity in link_entities(text, [tuple(s) for s in spans]):
            count += 1
            assert re.fullmatch(r"(iso|outlet|org|per|loc):\S+", entity.id), entity.id
            assert all(text[m.start : m.end] == m.text for m in entity.mentions)
    assert count > 1000
