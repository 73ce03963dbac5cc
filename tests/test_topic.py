"""The topic stage: label mapping, split, features, the shipped model, and the evaluation's scorer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from didban import analyze
from didban.article import Article
from didban.evaluation.topic import (
    ARCHIVE,
    LABELS,
    SECTIONS,
    VIEWPOINT,
    Record,
    SystemScores,
    TopicReport,
    evaluate_topic,
    fars_topic,
    format_topic_report,
    is_archive,
    label_counts,
    load_records,
    relabel,
    score,
    split_records,
)
from didban.read import topic
from didban.read.topic import classify, features, parse_model, topic_model, words

#: The news data: ``$DIDBAN_DATA/news`` if set, else ``../shared/data/news``, relative to the repository root.
NEWS = Path(__file__).resolve().parents[1] / os.environ.get("DIDBAN_DATA", "../shared/data") / "news"
CURRENT = "https://www.farsnews.ir/news/13990101000001/x"
OLD = "https://www.farsnews.ir/news/8301010001"


@pytest.mark.parametrize(
    ("cat", "subcat", "link", "expected"),
    [
        ("politics", "parliament", CURRENT, "politics"),  # a current section, any subsection
        ("foreign-policy", "", CURRENT, "politics"),  # Iran's foreign policy is politics
        ("regional-offices", "central-asia-russia", CURRENT, "world"),
        ("arts-media", "cinema-drama", CURRENT, "culture"),
        ("viewpoint", "religion", CURRENT, "culture"),  # the opinion section goes by subsection
        ("viewpoint", "", CURRENT, None),
        ("province", "", CURRENT, None),  # not a subject
        ("isfahan", "", CURRENT, None),  # a province
        ("farsplus-magazine", "", CURRENT, None),
        ("world", "islamic-forces", OLD, "sports"),  # archive football filed under world
        ("scientific-academic", "it", OLD, "culture"),  # archive cinema and theatre
        ("politics", "others", OLD, "world"),
        ("social", "", OLD, None),  # archive group of mixed subjects
    ],
)
def test_fars_topic(cat: str, subcat: str, link: str, expected: str | None) -> None:
    assert fars_topic(cat, subcat, link) == expected


def _table_rows() -> list[list[str]]:
    """The mapping table of the topic module's docstring, as cells."""
    lines = [line for line in (topic.__doc__ or "").splitlines() if line.startswith("| ")]
    return [[c.strip() for c in line.strip("|").split("|")] for line in lines[1:]]


def test_docstring_table_is_the_mapping() -> None:
    """Every row of the documented table gives the topic the code gives, and every mapping is documented."""
    documented = set()
    for cat, subcat, era, label in _table_rows():
        if cat.startswith(("province", "any other", "*(")):
            continue
        cat, subcat = ("" if cat == "—" else cat), ("" if subcat == "—" else subcat)
        subcats = ["", "zzz"] if subcat.startswith("any") else [subcat]
        for sub in subcats:
            assert fars_topic(cat, sub, OLD if era == "archive" else CURRENT) == label, (cat, sub, era)
        documented.add((cat, subcat if not subcat.startswith("any") else "*", era))
    expected = {(c, "*", "current") for c in SECTIONS} | {("viewpoint", s, "current") for s in VIEWPOINT}
    assert expected | {(c, s, "archive") for c, s in ARCHIVE} == documented


def test_archive_ids() -> None:
    assert is_archive(OLD)
    assert not is_archive(CURRENT)
    assert not is_archive("https://www.varzesh3.com/news/1323684")


def _record(link: str, stratum: str, label: str | None) -> Record:
    return Record("fars", link, label, stratum, stratum, "", "عنوان", "", [])


def test_split_is_stratified_and_stable() -> None:
    records = [_record(f"l{i}", s, "politics") for s in ("a", "b") for i in range(10)]
    records += [_record(f"u{i}", "c", None) for i in range(10)]
    train, held = split_records(records)
    assert (len(train), len(held)) == (21, 9)  # round(0.3 × 10) of each stratum
    assert sorted(r.stratum for r in held) == ["a"] * 3 + ["b"] * 3 + ["c"] * 3
    _, again_held = split_records(list(reversed(records)))
    assert [r.link for r in again_held] == [r.link for r in held]  # order of input does not matter


def test_words_and_features() -> None:
    assert words("درگیری‌های آمریکا، قبلاً ۱۴۰۵") == ["درگیری", "های", "امریکا", "قبلا", "۱۴۰۵"]
    assert words("مُحَمَّد بِن سَلمان") == ["محمد", "بن", "سلمان"]  # diacritics do not split words
    assert words("ـــ") == []
    assert features("تیم ملی", "گزارش", ["برد"]) == [
        "تیم",
        "ملی",
        "گزارش",
        "برد",
        "T:تیم",
        "T:ملی",
        "L:گزارش",
    ]


def test_model_arithmetic() -> None:
    """Scores are the TF-IDF (raw counts, L2 norm) dot product plus the bias; the score is a softmax."""
    model = parse_model("#labels\ta\tb\n#bias\t0\t0.5\n#temperature\t1\nx\t2\t1\t0\ny\t1\t0\t3\n")
    norm = (2.0**2 + 2.0**2) ** 0.5  # x once (idf 2), y twice (idf 1)
    assert model.scores(["x", "y", "y", "z"]) == pytest.approx([1 / norm, 6 / norm + 0.5])
    assert model.scores(["z"]) is None
    predicted = model.predict(["y"])
    assert predicted is not None
    assert predicted.label == "b"


def test_seed_is_politics_or_world(seed_text: str) -> None:
    found = classify(analyze(seed_text))
    assert found is not None
    assert found.label in ("politics", "world")
    assert 0.0 < found.score <= 1.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "استقلال با دو گل از سد سپاهان گذشت\n\nتیم فوتبال استقلال در هفته دهم لیگ برتر با دو گل مهاجمانش"
            " سپاهان را در ورزشگاه آزادی شکست داد و به صدر جدول رسید.",
            "sports",
        ),
        (
            "نرخ تورم سالانه به ۴۰ درصد رسید\n\nبانک مرکزی اعلام کرد نرخ تورم سالانه در پایان آذر به ۴۰ درصد"
            " رسیده و قیمت کالاهای اساسی افزایش یافته است. کارشناسان رشد نقدینگی را عامل گرانی می‌دانند.",
            "economy",
        ),
        (
            "شاخص بورس تهران ۲ درصد رشد کرد\n\nشاخص کل بورس اوراق بهادار تهران امروز با رشد ۲ درصدی همراه شد"
            " و ارزش معاملات سهام به ۵ هزار میلیارد تومان رسید.",
            "economy",
        ),
    ],
)
def test_short_articles(text: str, expected: str) -> None:
    found = classify(analyze(text))
    assert found is not None
    assert found.label == expected


def test_empty_text_has_no_topic() -> None:
    assert classify(analyze("")) is None
    assert classify(Article(text="   ")) is None
    assert classify(Article(text="!!!", headline="!!!")) is None  # no known feature


def test_model_loads_once() -> None:
    topic_model.cache_clear()
    classify(analyze("تیم ملی والیبال ایران قهرمان آسیا شد"))
    classify(analyze("مجلس لایحه بودجه را تصویب کرد"))
    assert topic_model.cache_info().misses == 1
    model = topic_model()
    assert model is not None
    assert model.labels == LABELS


def test_shipped_model_is_small() -> None:
    path = Path(topic.__file__).parent.parent / "models" / "data" / topic.MODEL_FILE
    assert path.stat().st_size < 3_000_000


def test_runtime_does_not_import_sklearn() -> None:
    code = (
        "import sys, json; from didban import analyze; from didban.read.topic import classify;"
        "classify(analyze('تیم ملی فوتبال ایران به جام جهانی رسید'));"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_score() -> None:
    scores = score(["sports", "sports", "world", "science"], ["sports", "world", "world", None])
    assert scores.accuracy == 0.5
    assert scores.per_class["sports"] == (1.0, 0.5, pytest.approx(2 / 3))
    assert scores.per_class["science"] == (0.0, 0.0, 0.0)  # never predicted
    assert scores.macro_f1 == pytest.approx((2 / 3 + 2 / 3 + 0) / 3)


def test_format_report() -> None:
    report = TopicReport(
        "archive", label_counts([_record("a", "s", "world")]), label_counts([_record("b", "s", "world")])
    )
    report.systems["didban"] = SystemScores(1.0, 1.0, {"world": (1.0, 1.0, 1.0)})
    report.classify_us, report.analyze_ms = 100.0, 4.0
    text = format_topic_report(report)
    assert "| world | 1 | 1.000 | 1.000 | 1.000 |" in text
    for part in ("**macro-F1**", "100 µs/article", "2.5 %"):
        assert part in text


def test_real_split() -> None:
    """On the news data: the split is disjoint, and relabeling by section keeps the same partition."""
    if not (NEWS / "fars").is_dir():
        pytest.skip(f"needs the news data at {NEWS}")
    records = load_records(NEWS)
    train, held = split_records(records)
    assert not {r.link for r in train} & {r.link for r in held}
    assert sum(label_counts(held).values()) / sum(label_counts(records).values()) == pytest.approx(
        0.3, abs=0.01
    )
    by_section_train, _ = split_records(relabel(records, "sections"))
    assert [r.link for r in by_section_train] == [r.link for r in train]


_TINY = {
    "politics": (
        "مجلس لایحه بودجه را تصویب کرد",
        "نمایندگان مجلس شورای اسلامی در جلسه علنی امروز لایحه بودجه را تصویب کردند.",
    ),
    "sports": (
        "پرسپولیس قهرمان لیگ برتر شد",
        "تیم فوتبال پرسپولیس با پیروزی در هفته آخر لیگ برتر قهرمان شد.",
    ),
}


def _tiny_news(tmp_path: Path) -> Path:
    """A tiny news folder in the shape of ../shared/data/news: ten politics and ten sports articles each."""
    for name, cat in (("fars", "politics"), ("varzesh3", "sports")):
        title, body = _TINY[cat]
        articles = [
            {"link": f"https://{name}.example/news/{i}", "title": title, "abstract": "", "paragraphs": [body]}
            | ({"cat": cat, "subcat": ""} if name == "fars" else {})
            for i in range(10)
        ]
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}-1.json").write_text(json.dumps(articles, ensure_ascii=False), "utf-8")
    return tmp_path


def test_evaluate_topic_on_a_tiny_folder(tmp_path: Path) -> None:
    report = evaluate_topic(_tiny_news(tmp_path))
    assert report.held == {"politics": 3, "sports": 3}
    assert report.train == {"politics": 7, "sports": 7}
    assert set(report.systems) == {"didban", "baseline"}
    assert report.systems["didban"].accuracy == 1.0
    assert "| politics | 3 |" in format_topic_report(report)


def test_baseline_without_sklearn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sklearn.feature_extraction.text", None)  # import fails
    report = evaluate_topic(_tiny_news(tmp_path))
    assert set(report.systems) == {"didban"}
    assert "pip install -e .[train]" in format_topic_report(report)
