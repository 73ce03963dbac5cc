"""The outlet registry: its data, name lookup across Persian spellings, domains and the text scanner."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from didban.lexicon.outlets import (
    OutletMatcher,
    OutletRecord,
    Registry,
    default_registry,
    find_outlet,
    fold,
    outlet_by_domain,
    outlet_record,
    scan_outlets,
    tokenize,
)

ZWNJ = "\u200c"
KINDS = {"agency", "newspaper", "site", "broadcaster"}


def test_registry_is_large_and_well_formed() -> None:
    records = default_registry().records
    assert len(records) >= 60
    ids = [rec.id for rec in records]
    assert len(ids) == len(set(ids))
    for rec in records:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rec.id), rec.id
        assert rec.kind in KINDS
        assert rec.country is None or re.fullmatch(r"[A-Z]{2}", rec.country), rec.id
        assert all(re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", d) for d in rec.domains), rec.id
        assert set(rec.ambiguous) <= {rec.name, *rec.aliases}, rec.id


def test_registry_names_are_written_in_persian_letters() -> None:
    for rec in default_registry().records:
        for name in (rec.name, *rec.aliases):
            assert not re.search("[يكة]", name), name  # Persian ی ک, never Arabic ي ك
            assert name == name.strip(), name
            assert "  " not in name, name
            assert f" {ZWNJ}" not in name, name
            assert f"{ZWNJ} " not in name, name


def test_every_alias_finds_its_own_outlet() -> None:
    registry = default_registry()
    for rec in registry.records:
        for name in (rec.name, *rec.aliases):
            found = registry.find(name)
            assert (found.id if found else None) == rec.id, name


@pytest.mark.parametrize(
    ("name", "outlet_id"),
    [
        ("ایرنا", "irna"),  # the acronym
        ("خبرگزاری جمهوری اسلامی ایران", "irna"),  # the full name
        ("خبرگزاري فارس", "fars"),  # Arabic ي as in the Fars archive
        ("فارس", "fars"),  # the bare name, as in «به گزارش فارس»
        ("مهر", "mehr"),
        ("خبرگزاری مهر", "mehr"),  # prefix + bare alias
        ("باشگاه خبرنگاران", "yjc"),  # short form of باشگاه خبرنگاران جوان
        ("ورزش سه", "varzesh3"),
        ("ورزش‌سه", "varzesh3"),  # ZWNJ instead of a space
        ("ورزشسه", "varzesh3"),  # no gap at all
        ("ورزش۳", "varzesh3"),  # Persian digit
        ("ورزش 3", "varzesh3"),  # ASCII digit after a space
        ("آسوشیتدپرس", "ap"),
        ("آسوشیتد پرس", "ap"),
        ("آسوشیتد‌پرس", "ap"),
        ("خبرگزاری فرانسه", "afp"),
        ("رویترز", "reuters"),
        ("خبرگزاری رویتر", "reuters"),  # the older spelling in the Fars archive
        ("روزنامه همشهری", "hamshahri"),  # «روزنامه» prefix
        ("پایگاه خبری تابناک", "tabnak"),  # «پایگاه خبری» prefix
        ("سایت تابناک", "tabnak"),  # «سایت» prefix
        ("آران نیوز", "aran-news"),  # the seed article's outlet
        ("واحد مرکزی خبر", "iribnews"),
        ("بي بي سي فارسي", "bbc-persian"),  # Arabic ي and spaces instead of ZWNJ
        ("شين هوا", "xinhua"),
        ("ايتار تاس", "tass"),
        ("خبرگزاری دانشجو", "snn"),  # not ISNA (خبرگزاری دانشجویان ایران)
        ("خبرگزاری دانشجویان ایران", "isna"),
        ("  «ایسنا»  ", "isna"),  # quotes and spaces around the name
    ],
)
def test_find_outlet(name: str, outlet_id: str) -> None:
    found = find_outlet(name)
    assert (found.id if found else None) == outlet_id


@pytest.mark.parametrize(
    "name",
    [
        "فرانسه",  # a country, not AFP
        "ایران",  # a country (the newspaper is «روزنامه ایران»)
        "خبرگزاری",  # a prefix alone
        "خبرگزاری فارس نیوز تهران",  # more words than any name
        "",
    ],
)
def test_find_outlet_rejects(name: str) -> None:
    assert find_outlet(name) is None


def test_find_outlet_gives_the_canonical_name() -> None:
    assert find_outlet("ایرنا") is not None
    assert find_outlet("ایرنا").name == "خبرگزاری جمهوری اسلامی"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("host", "outlet_id"),
    [
        ("farsnews.ir", "fars"),
        ("https://www.farsnews.ir/news/8707060255", "fars"),  # a full URL from the Fars data
        ("https://www.varzesh3.com/news/1392980", "varzesh3"),
        ("sport.farsnews.ir", "fars"),  # a sub-domain
        ("WWW.IRNA.IR:443", "irna"),  # case and port
        ("https://www.bbc.co.uk/persian", "bbc"),
        ("example.com", None),
        ("ir", None),
    ],
)
def test_outlet_by_domain(host: str, outlet_id: str | None) -> None:
    found = outlet_by_domain(host)
    assert (found.id if found else None) == outlet_id


def test_outlet_record_has_the_details() -> None:
    rec = outlet_record("reuters")
    assert rec is not None
    assert (rec.name_en, rec.country, rec.kind) == ("Reuters", "GB", "agency")
    assert outlet_record("no-such-outlet") is None


def test_scan_finds_outlets_with_offsets() -> None:
    text = "به گزارش آران نیوز به نقل از خبرگزاری تسنیم، پوتین با خبرنگار فارس و رویترز گفت"
    found = scan_outlets(text)
    assert [(m.outlet.id, m.outlet.name) for m in found] == [
        ("aran-news", "آران نیوز"),
        ("tasnim", "خبرگزاری تسنیم"),
        ("reuters", "رویترز"),  # «فارس» alone is a common word: skipped unless bare=True
    ]
    assert all(text[m.start : m.end] == m.outlet.name for m in found)
    assert "fars" in [m.outlet.id for m in scan_outlets(text, bare=True)]


def test_scan_prefers_the_longest_name() -> None:
    found = scan_outlets("روزنامه ایران ورزشی و یونایتدپرس اینترنشنال")
    assert [m.outlet.id for m in found] == ["iran-varzeshi", "upi"]


def test_tokenize_keeps_offsets_and_folds_words() -> None:
    text = "خبرگزاري‌فارس: ۳"
    tokens = tokenize(text)
    assert [t.key for t in tokens] == ["خبرگزاری", "فارس", ":", "3"]
    assert all(text[t.start : t.end] for t in tokens)
    assert fold("رئيس") == fold("رییس")  # hamza seat folded with Arabic yeh


def test_a_custom_registry() -> None:
    record = OutletRecord(id="x-news", name="ایکس نیوز", name_en="X News", kind="site", domains=["x.ir"])
    registry = Registry([record])
    assert registry.find("سایت ایکس‌نیوز") == record
    assert registry.by_domain("news.x.ir") == record
    assert isinstance(registry.matcher, OutletMatcher)


def test_import_does_not_load_the_registry() -> None:
    code = (
        "import didban.read.sources, didban.lexicon.outlets as o;"
        "print(o.default_registry.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"
