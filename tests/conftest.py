"""Shared fixtures: the seed article and the bundled real news sample."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The canonical seed article (Aran News republishing Tasnim), raw as scraped."""
    return (FIXTURES / "seed.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def news_records() -> list[dict[str, Any]]:
    """26 real Fars and Varzesh3 records (see examples/ATTRIBUTION.md)."""
    lines = (EXAMPLES / "news-sample.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]
