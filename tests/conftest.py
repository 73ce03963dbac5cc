"""Shared fixtures: the seed article, the bundled demo articles, and the real news sample (when available)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLES = ROOT / "examples"
DEMO = EXAMPLES / "demo-articles.jsonl"

#: The real news sample: 26 held-out records (14 Fars, 12 Varzesh3) chosen with a fixed seed. Their text is
#: not redistributable, so the tests read them from the data directory by link and skip when it is absent.
NEWS_SAMPLE_LINKS: dict[str, tuple[str, ...]] = {
    "fars": (
        "https://www.farsnews.ir/news/8904260960",
        "https://www.farsnews.ir/news/13980209000333/زکات-برای-تامین-معیشت-و-درمان-مردم-هزینه-شود",
        "https://www.farsnews.ir/news/8712011095",
        "https://www.farsnews.ir/news/13950812000830/توقیف-محموله-میلیاردی-کالای-قاچاق-در-کازرون",
        "https://www.farsnews.ir/news/13930819001594/ضرورت-نصب-دوربین‌های-مداربسته-در-شهرهای-دماوند",
        "https://www.farsnews.ir/news/13961020000380/تنظیم-بازار-و-تعادل‌بخشی-قیمت‌ها-اولویت-اقتصادی-دولت-است",
        "https://www.farsnews.ir/news/13900815000740/دانش‌آموزان-تهرانی-امروز-دعای-عرفه-را-زمزمه-می‌کنند",
        "https://www.farsnews.ir/news/13951116001477/امنیت-امروز-ایران-با-وجود-بحران-منطقه-حاصل-خون-شهداست",
        "https://www.farsnews.ir/news/13950212000699/46-میلیمتر-باران-در-گلستان-بارید-افزایش-بیش-از-32-درصدی-بارش‌ها",
        "https://www.farsnews.ir/news/13951017000656/امضای-توافقنامه-همکاری-نظامی-بین-موریتانی-و-عربستان",
        "https://www.farsnews.ir/news/8409170061",
        "https://www.farsnews.ir/news/8708051184",
        "https://www.farsnews.ir/news/13950212000987/روابط-عمومی-اوقاف-و-امور-خیریه-ایلام-صاحب-مقام-برتر-کشوری-شد",
        "https://www.farsnews.ir/news/8602130025",
    ),
    "varzesh3": (
        "https://www.varzesh3.com/news/1323684",
        "https://www.varzesh3.com/news/1184709",
        "https://www.varzesh3.com/news/1716285",
        "https://www.varzesh3.com/news/1758814",
        "https://www.varzesh3.com/news/1203669",
        "https://www.varzesh3.com/news/1029567",
        "https://www.varzesh3.com/news/1666228",
        "https://www.varzesh3.com/news/1005300",
        "https://www.varzesh3.com/news/985076",
        "https://www.varzesh3.com/news/1587319",
        "https://www.varzesh3.com/news/1627025",
        "https://www.varzesh3.com/news/1760481",
    ),
}


def data_dir() -> Path:
    """The data directory: ``$DIDBAN_DATA`` if set, else ``../shared/data``, relative to the repo root."""
    return ROOT / os.environ.get("DIDBAN_DATA", "../shared/data")


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The canonical seed article (Aran News republishing Tasnim), raw as scraped."""
    return (FIXTURES / "seed.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def demo_records() -> list[dict[str, Any]]:
    """The 12 invented demo articles written for Didban (examples/demo-articles.jsonl)."""
    lines = DEMO.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def news_records() -> list[dict[str, Any]]:
    """The 26 real Fars and Varzesh3 sample records, read from the data directory, each with its ``set``.

    Skipped when the data directory is absent (the repository does not ship the article texts).
    """
    from didban.evaluation.split import load_articles

    news = data_dir() / "news"
    if not all((news / name).is_dir() for name in NEWS_SAMPLE_LINKS):
        pytest.skip(
            f"real news sample needs the news data at {news} (set DIDBAN_DATA to the …/data directory)"
        )
    records: list[dict[str, Any]] = []
    for name, links in NEWS_SAMPLE_LINKS.items():
        by_link: dict[str, dict[str, Any]] = {}
        for article in load_articles(news, name):
            by_link.setdefault(article.get("link", ""), article)
        missing = [link for link in links if link not in by_link]
        assert not missing, f"sample records missing from {news / name}: {missing}"
        records.extend({**by_link[link], "set": name} for link in links)
    return records
