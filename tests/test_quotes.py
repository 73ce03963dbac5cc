"""Who said what: quotations, cues and speakers on the seed and on hand-written news sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from didban import analyze
from didban.article import Article
from didban.lexicon.cues import inflections, load_cues
from didban.read.quotes import find_quotes, quotation_pairs
from didban.read.subjects import read_subject

PUTIN = "ولادیمیر پوتین"


@pytest.fixture(scope="module")
def seed() -> Article:
    return analyze((Path(__file__).parent / "fixtures" / "seed.txt").read_text(encoding="utf-8"))


def test_seed_has_four_marked_quotations_all_by_putin(seed: Article) -> None:
    marked = [q for q in seed.quotes if q.kind == "direct" and seed.text[q.start - 1] == "«"]
    assert len(marked) == 4
    assert {q.speaker for q in marked} == {PUTIN}
    assert [q.cue for q in marked] == ["تأکید کرد", "یادآور شد", "افزود", "گفت"]
    assert marked[0].text.startswith("متأسفانه درگیری‌های صورت گرفته")
    assert marked[3].speaker_mention == "وی"  # «وی همچنین … گفت: «…»»


def test_seed_headline_and_lead_speech_resolve_to_putin(seed: Article) -> None:
    headline, lead = seed.quotes[0], seed.quotes[1]
    assert (headline.kind, headline.cue, headline.speaker_mention) == ("direct", ":", "رئیس جمهوری روسیه")
    assert headline.text == "تشدید مناقشه قره باغ خطر گسترش تروریسم را افزایش داد"
    assert (lead.kind, lead.cue, lead.speaker) == ("direct", "گفت", PUTIN)
    assert lead.text.startswith("درگیری‌های نظامی در قره باغ")


def test_seed_indirect_quotations(seed: Article) -> None:
    indirect = {q.cue: q for q in seed.quotes if q.kind == "indirect"}
    assert indirect["اعلام کرد"].text.startswith("به طور کلی، توافق در خصوص برقراری آتش بس")
    assert indirect["تأکید کرد"].text.startswith("روسیه بطور کامل از اولویت‌های")
    assert indirect["به گفته"].speaker_mention == "وی"
    assert indirect["به گفته"].text.startswith("پیروزی در این جنگ")
    assert indirect["خبر داد"].text.startswith("آمادگی روسیه برای کمک")
    assert {q.speaker for q in indirect.values()} == {PUTIN}


def test_seed_speakers_are_never_pronouns_and_share_one_id(seed: Article) -> None:
    assert {q.speaker_id for q in seed.quotes} == {"per:ولادیمیر_پوتین"}  # the entity's id
    for quote in seed.quotes:
        assert quote.speaker not in ("وی", "او", "ایشان")
        assert seed.text[quote.start : quote.end] == quote.text


# (text, [(kind, speaker, quoted text)]) — sentences in the style of agency news, one pattern a row.
CASES = [
    # name + title apposition, colon, marks
    (
        "مریم صالحی، تحلیلگر مسائل اقتصادی، گفت: «تورم امسال کاهش می‌یابد.»",
        [("direct", "مریم صالحی", "تورم امسال کاهش می‌یابد.")],
    ),
    # quote first, then the speaker
    (
        "«ما برای بازی فردا آماده‌ایم و هیچ مشکلی نداریم»، علی رضایی سرمربی تیم افزود.",
        [("direct", "علی رضایی", "ما برای بازی فردا آماده‌ایم و هیچ مشکلی نداریم")],
    ),
    # colon speech without marks runs to the end of the paragraph
    (
        "وزیر نیرو در جمع خبرنگاران اظهار داشت: مصرف آب در تهران ده درصد کاهش یافت. این روند ادامه دارد.",
        [("direct", "وزیر نیرو", "مصرف آب در تهران ده درصد کاهش یافت. این روند ادامه دارد")],
    ),
    # indirect with «که»
    (
        "سخنگوی وزارت امور خارجه روز دوشنبه اعلام کرد که مذاکرات هفته آینده از سر گرفته می‌شود.",
        [("indirect", "سخنگوی وزارت امور خارجه", "مذاکرات هفته آینده از سر گرفته می‌شود")],
    ),
    # «به گفته X، …»
    (
        "به گفته حسن کریمی، مدیرعامل شرکت، تولید دو برابر شده است.",
        [("indirect", "حسن کریمی", "تولید دو برابر شده است")],
    ),
    # verb-final reports
    (
        "رئیس سازمان هواشناسی از بارش برف در استان‌های شمالی خبر داد.",
        [("indirect", "رئیس سازمان هواشناسی", "بارش برف در استان‌های شمالی")],
    ),
    (
        "نماینده مردم تبریز این طرح را گامی مهم برای اشتغال دانست.",
        [("indirect", "نماینده مردم تبریز", "این طرح را گامی مهم برای اشتغال")],
    ),
    (
        "دبیرکل سازمان ملل خواستار توقف فوری درگیری‌ها شد.",
        [("indirect", "دبیرکل سازمان ملل", "توقف فوری درگیری‌ها")],
    ),
    # «با بیان اینکه …، گفت: …» gives an indirect and a direct quotation
    (
        "وی با بیان اینکه بودجه فرهنگی کافی نیست، گفت: باید فکری اساسی کرد.",
        [("indirect", None, "بودجه فرهنگی کافی نیست"), ("direct", None, "باید فکری اساسی کرد")],
    ),
    # a fronted adverbial before a name set off by «، title،»
    (
        "حالا با گذشت چند روز حمید کاظمی، سرپرست باشگاه، گفته است: «هیچ مذاکره‌ای انجام نشده است.»",
        [("direct", "حمید کاظمی", "هیچ مذاکره‌ای انجام نشده است.")],
    ),
    # a comma where a colon belongs, after a speech verb
    (
        "وزیر نیرو افزود، مصرف برق در تابستان بیست درصد بیشتر شد.",
        [("indirect", "وزیر نیرو", "مصرف برق در تابستان بیست درصد بیشتر شد")],
    ),
    # «گفت و گو» is a conversation, not a cue; an unnamed source is nobody to quote
    ("مدیرعامل باشگاه در گفت و گو با رسانه‌ها حاضر شد.", []),
    ("یکی از منابع نزدیک به باشگاه اعلام کرد که قرارداد تمدید شد.", []),
    # marks around a name or a term are not quotations; a passive «گفته می‌شود» quotes nobody
    ("بازیکنان «قرمزها» دیروز به تهران بازگشتند.", []),
    ("گفته می‌شود قرارداد این بازیکن تمدید شده است.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_quotation_patterns(text: str, expected: list[tuple[str, str | None, str]]) -> None:
    quotes = find_quotes(text)
    assert [(q.kind, q.speaker, q.text) for q in quotes] == expected


def test_pronoun_and_surname_resolve_to_the_full_name() -> None:
    text = (
        "علی لاریجانی رئیس مجلس شورای اسلامی گفت: «لایحه بودجه هفته آینده بررسی می‌شود.»\n\n"
        "وی افزود: «کمیسیون‌ها آماده‌اند.»\n\n"
        "لاریجانی تصریح کرد که جلسه علنی یکشنبه برگزار می‌شود.\n\n"
        "رئیس مجلس شورای اسلامی یادآور شد: هیچ تأخیری پذیرفته نیست."
    )
    quotes = find_quotes(text)
    assert [q.speaker for q in quotes] == ["علی لاریجانی"] * 4
    assert [q.speaker_mention for q in quotes] == [
        "علی لاریجانی رئیس مجلس شورای اسلامی",
        "وی",
        "لاریجانی",
        "رئیس مجلس شورای اسلامی",
    ]
    assert len({q.speaker_id for q in quotes}) == 1


def test_lead_title_takes_the_name_given_in_the_body() -> None:
    text = (
        "خبرگزاری فارس: استاندار گیلان گفت: طرح آبرسانی به روستاها امسال تمام می‌شود.\n\n"
        "به گزارش خبرگزاری فارس، محمد احمدی امروز در جمع خبرنگاران اظهار داشت: سی روستا آب لوله‌کشی دارند."
    )
    quotes = find_quotes(text)
    assert [(q.speaker, q.speaker_mention) for q in quotes] == [
        ("محمد احمدی", "استاندار گیلان"),
        ("محمد احمدی", "محمد احمدی"),
    ]


def test_headline_speaker_of_one_word_and_a_linking_phrase() -> None:
    text = (
        "اخوان: چپاروف را نمی‌خواهیم\n\n"
        "با این حال اخوان سرپرست سپاهان این موضوع را تکذیب می‌کند: ما قید این بازیکن را زدیم.\n\n"
        "او ادامه داد: تمایلی به جذب او نداریم."
    )
    quotes = find_quotes(text)
    assert [(q.cue, q.speaker) for q in quotes] == [
        (":", "اخوان"),
        ("تکذیب می‌کند", "اخوان"),
        ("ادامه داد", "اخوان"),
    ]
    assert find_quotes("رسمی: سیلوینیو از لیون اخراج شد\n\nباشگاه لیون این خبر را تأیید کرد.")[0].cue != ":"


def test_a_quotation_spanning_paragraphs_is_one_quotation() -> None:
    text = "او گفت: «پاراگراف اول سخنان است.\n\n«پاراگراف دوم سخنان است.»"
    [quote] = find_quotes(text)
    assert quote.text == "پاراگراف اول سخنان است.\n\n«پاراگراف دوم سخنان است."
    assert quotation_pairs(text) == [(8, len(text) - 1)]


def test_speech_quoted_inside_a_quotation_is_not_reported_alone() -> None:
    text = "مربی تیم گفت: «بازیکنان به من گفتند که آماده‌اند و ما پیروز می‌شویم.»"
    assert [q.text for q in find_quotes(text)] == ["بازیکنان به من گفتند که آماده‌اند و ما پیروز می‌شویم."]


def test_subject_phrase_reading() -> None:
    text = 'به گزارش ایسنا، "ولادیمیر پوتین" رئیس جمهوری روسیه روز جمعه گفت'
    subject = read_subject(text, 0, len(text) - 4)
    assert (subject.kind, subject.name, subject.title) == ("name", PUTIN, "رئیس جمهوری روسیه")
    assert read_subject("در ادامه افزود", 0, 8).kind == "dropped"
    assert read_subject("وی همچنین", 0, 9).kind == "pronoun"


# Subject phrases (the clause before its cue) from the news (Varzesh3, Fars): a name or a description.
SUBJECTS = [
    # a description that ends with a country, not with a given name («ایران» names the country here)
    ("سرعتی زن تیم ملی والیبال ایران", ("title", None)),
    ("پیشکسوت فوتبال ایران", ("title", None)),
    # a foreign given name that ends like a plural («جان», «خوان») is no group of people
    ("جان کامیتیس، رئیس باشگاه کیپ‌تاون در خصوص وضعیت پاتوسی", ("name", "جان کامیتیس")),
    ("خوان ماتا", ("name", "خوان ماتا")),
    # a plural noun before a name is a group («شاگردان دالیچ»)
    ("شاگردان دالیچ", ("title", None)),
    # a linking clause before the subject («این در حالی است که …»)
    ("این در حالی است که کوفی عنان پس از تصویب این قطعنامه", ("name", "کوفی عنان")),
]


@pytest.mark.parametrize(("text", "expected"), SUBJECTS)
def test_subject_name_or_description(text: str, expected: tuple[str, str | None]) -> None:
    subject = read_subject(text, 0, len(text))
    assert (subject.kind, subject.name) == expected


def test_a_name_the_entity_tagger_found_is_a_name() -> None:
    # Fars: a council member whose given name («مهنوش») the list of Persian given names lacks; without the
    # tagger her name reads as a description and «وی» goes back to the last person named
    text = (
        "به گزارش روابط عمومی شورای شهر، حسن زیاری عضو شورای اسلامی شهر تهران امروز در منطقه ۱۴ حاضر شد."
        "\n\nمهنوش معتمدی آذری با اشاره به صدور بخشنامه‌های مختلف گفت: نبود وحدت رویه مشکل ساز شده است."
        "\n\nوی افزود: بدنه شهرداری‌ها به سخت‌گیری عادت کرده‌اند."
    )
    assert [q.speaker for q in find_quotes(text)] == ["مهنوش معتمدی آذری", "حسن زیاری"]
    name = text.index("مهنوش"), text.index(" با اشاره")
    assert [q.speaker for q in find_quotes(text, people=[name])] == ["مهنوش معتمدی آذری"] * 2


def test_a_foreign_given_name_that_opens_a_paragraph_completes_the_surname() -> None:
    # Varzesh3: the headline uses the surname, the lead opens with the full name
    text = (
        "ده روسی: به خاطر رفتارم عذر می‌خواهم\n\n"
        "دنیله ده روسی، هافبک تیم ملی ایتالیا که واکنش‌اش حواشی بسیاری داشت، از رفتار خود عذرخواهی کرد."
        "\n\nاو گفت: ما در آن لحظه سه تعویض داشتیم."
    )
    assert [q.speaker for q in find_quotes(text)] == ["دنیله ده روسی"] * 2


def test_an_institution_is_never_the_last_speaker_s_epithet() -> None:
    text = "لیلا صوفی‌زاده گفت: تیم ما آماده است.\n\nباشگاه ملوان اعلام کرد: بازیکنان غایب کنار گذاشته می‌شوند."
    assert [q.speaker for q in find_quotes(text)] == ["لیلا صوفی‌زاده", "باشگاه ملوان"]


def test_this_noun_refers_to_the_last_speaker_written_with_that_noun() -> None:
    # Fars: «این خبرگزاری» is the agency quoted before, not the diplomat who spoke last
    text = (
        "خبرگزاری آسوشیتدپرس نوشت که ایران بازرسی‌ها را به تعویق انداخته است.\n\n"
        "پیروز حسینی نماینده ایران گفت که این تصمیم فنی است.\n\n"
        "این خبرگزاری نوشت: دیپلمات‌ها این اقدام را یک عقب‌نشینی می‌دانند."
    )
    assert [q.speaker for q in find_quotes(text)] == [
        "خبرگزاری آسوشیتدپرس",
        "پیروز حسینی",
        "خبرگزاری آسوشیتدپرس",
    ]


def test_a_title_takes_the_name_written_beside_it_outside_any_report() -> None:
    # Varzesh3: the goalkeeper is named only in a narrative sentence, in apposition to his title
    text = (
        "مدیران باشگاه برای تمدید قرارداد با علیرضا بیرانوند، دروازه‌بان پرسپولیس، جلسه گذاشتند.\n\n"
        "دروازه‌بان پرسپولیس گفته است که دوست دارد در تیمی خارج از ایران بازی کند."
    )
    name = text.index("علیرضا"), text.index("، دروازه")
    assert [q.speaker for q in find_quotes(text)] == ["دروازه‌بان پرسپولیس"]
    assert [q.speaker for q in find_quotes(text, people=[name])] == ["علیرضا بیرانوند"]


def test_cue_lexicon_size_and_inflections() -> None:
    cues = load_cues()
    assert len(cues) >= 80
    assert len({expression for expression, _ in cues}) == len(cues)
    forms = inflections("تأکید کرد")
    assert {"تأکید کرد", "تأکید کردند", "تأکید کرده است", "تأکید می\u200cکند"} <= set(forms)
    assert "می\u200cگوید" in inflections("گفت|گو")


def test_analyze_fills_quotes_with_offsets_into_text() -> None:
    article = analyze("دیدار دوستانه\n\nسرمربی تیم ملی گفت: «بازی خوبی بود.»")
    [quote] = article.quotes
    assert article.text[quote.start : quote.end] == quote.text == "بازی خوبی بود."
    assert article.raw_span(quote.start, quote.end) == (quote.start, quote.end)


def test_speaker_words_are_listed_once() -> None:
    from importlib import resources

    text = resources.files("didban.lexicon").joinpath("data/speaker_words.tsv").read_text("utf-8")
    rows = [line.split("\t")[0] for line in text.splitlines() if line and not line.startswith("#")]
    assert len(rows) == len(set(rows))
