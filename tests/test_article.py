"""The Article model: JSON round trip and the checked-in JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from didban.article import (
    SCHEMA,
    Article,
    DateRef,
    Entity,
    Mention,
    Outlet,
    Quote,
    Source,
    Topic,
    article_id,
    json_schema,
)

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "src" / "didban" / "schema" / "article-1.json"


def _full_article() -> Article:
    text = "پوتین گفت: «روسیه تمام تلاش خود را انجام می‌دهد.»"
    return Article(
        id=article_id(text),
        outlet=Outlet(id="aran-news", name="آران نیوز"),
        published="2020-12-18",
        headline="رئیس جمهوری روسیه",
        paragraphs=[text],
        text=text,
        sources=[Source(id="tasnim", name="خبرگزاری تسنیم", start=0, end=5)],
        entities=[
            Entity(
                id="per:putin",
                name="ولادیمیر پوتین",
                label="PER",
                mentions=[Mention(text="پوتین", start=0, end=5)],
            )
        ],
        quotes=[
            Quote(
                text="روسیه تمام تلاش خود را انجام می‌دهد.",
                kind="direct",
                speaker="ولادیمیر پوتین",
                speaker_id="per:putin",
                speaker_mention="پوتین",
                cue="گفت",
                start=12,
                end=48,
            )
        ],
        dates=[DateRef(text="سال 2020", value="2020", calendar="gregorian", start=0, end=8)],
        topic=Topic(label="politics", score=0.9),
        summary=[text],
    )


def test_round_trip_through_dict_and_json() -> None:
    article = _full_article()
    assert Article.from_dict(article.to_dict()) == article
    assert Article.from_json(article.to_json()) == article


def test_json_keeps_persian_unescaped_and_contract_order() -> None:
    line = _full_article().to_json()
    assert "پوتین" in line
    keys = list(json.loads(line))
    assert keys[:3] == ["schema", "id", "url"]
    assert keys[-1] == "warnings"


def test_empty_article_has_empty_slots_not_invented_values() -> None:
    data = Article(text="متن").to_dict()
    assert data["schema"] == SCHEMA
    assert data["lead"] is None
    assert data["topic"] is None
    assert data["quotes"] == []
    assert data["entities"] == []
    assert data["summary"] == []


def test_offsets_and_blocks_are_not_serialized() -> None:
    article = Article(text="متن")
    article.attach_blocks([])
    assert "_blocks" not in article.to_dict()


def test_checked_in_schema_is_generated_from_the_model() -> None:
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == json_schema()


def test_articles_validate_against_the_schema() -> None:
    jsonschema.validate(_full_article().to_dict(), json_schema())
    jsonschema.validate(Article(text="x").to_dict(), json_schema())


def test_schema_rejects_an_unknown_entity_label() -> None:
    data = _full_article().to_dict()
    data["entities"][0]["label"] = "PERSON"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema())


def test_article_id_is_stable() -> None:
    assert article_id("متن") == article_id("متن") != article_id("متن دیگر")
    assert len(article_id("متن")) == 16
