"""The held-out split of the news corpora (../shared/data/news), shared by training and evaluation.

Articles are ordered by a hash of their link (stable across machines and file order). Evaluation takes
whole articles from the front of that order until it has ``sample`` paragraphs that contain a half-space;
everything else is training data. Lexicons derived from the news must be built from :func:`training_articles`
only, so no evaluation paragraph ever leaks into a shipped resource.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ZWNJ = "\u200c"
SETS = ("fars", "varzesh3")
EVAL_SAMPLE = 3000


def load_articles(data_dir: Path, name: str) -> list[dict[str, Any]]:
    """All articles of one set (``fars`` or ``varzesh3``) under ``data_dir``, in hash order."""
    articles: list[dict[str, Any]] = []
    for path in sorted((data_dir / name).glob("*.json")):
        articles.extend(json.loads(path.read_text(encoding="utf-8")))
    return sorted(articles, key=_article_key)


def _article_key(article: dict[str, Any]) -> str:
    key = article.get("link") or article.get("title") or ""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def _split(articles: list[dict[str, Any]], sample: int) -> int:
    """Index of the first training article: evaluation articles come before it."""
    found = 0
    for index, article in enumerate(articles):
        if found >= sample:
            return index
        found += sum(ZWNJ in p for p in article.get("paragraphs", []))
    return len(articles)


def evaluation_articles(data_dir: Path, name: str, sample: int = EVAL_SAMPLE) -> list[dict[str, Any]]:
    """The held-out articles of one set."""
    articles = load_articles(data_dir, name)
    return articles[: _split(articles, sample)]


def evaluation_paragraphs(data_dir: Path, name: str, sample: int = EVAL_SAMPLE) -> list[str]:
    """The first ``sample`` held-out paragraphs of a set that contain a half-space."""
    held_out = evaluation_articles(data_dir, name, sample)
    paragraphs = [p for a in held_out for p in a.get("paragraphs", []) if ZWNJ in p]
    return paragraphs[:sample]


def training_articles(data_dir: Path, sample: int = EVAL_SAMPLE) -> Iterator[dict[str, Any]]:
    """Every article of every set that evaluation does not use."""
    for name in SETS:
        articles = load_articles(data_dir, name)
        yield from articles[_split(articles, sample) :]
