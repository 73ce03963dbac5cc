"""JSON / JSONL records → :class:`~didban.document.Document`, with a tolerant field mapping.

The news data sets (``title``, ``abstract``, ``paragraphs``, ``link``) work as they are; common other
spellings (``headline``, ``lead``, ``body``, ``text``, ``url``, ``date``…) are accepted too.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from didban.document import Document

HEADLINE_FIELDS = ("title", "headline")
LEAD_FIELDS = ("abstract", "lead", "summary", "description")
BODY_FIELDS = ("paragraphs", "body", "text", "content")
URL_FIELDS = ("url", "link")
PUBLISHED_FIELDS = ("published", "date", "pubDate", "published_at")
OUTLET_FIELDS = ("outlet", "source", "site", "site_name")


#: The fields a ``--map FIELD=COLUMN`` option may name, and the key each is read from.
MAPPABLE_FIELDS = {
    "headline": HEADLINE_FIELDS[0],
    "lead": LEAD_FIELDS[0],
    "body": BODY_FIELDS[0],
    "url": URL_FIELDS[0],
    "published": PUBLISHED_FIELDS[0],
    "outlet": OUTLET_FIELDS[0],
}


def parse_field_map(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["headline=عنوان", "body=متن"]`` → ``{"headline": "عنوان", "body": "متن"}``.

    Raises:
        ValueError: a pair without ``=`` or naming an unknown field.
    """
    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        field = field.strip().lower()
        if not sep or not column.strip():
            raise ValueError(f"--map expects FIELD=COLUMN, got {pair!r}")
        if field not in MAPPABLE_FIELDS:
            raise ValueError(f"--map: unknown field {field!r} (known: {', '.join(MAPPABLE_FIELDS)})")
        mapping[field] = column.strip()
    return mapping


def remap(record: Any, mapping: dict[str, str] | None) -> Any:
    """The record with mapped columns copied to the keys Didban reads (other keys kept)."""
    if not mapping or not isinstance(record, dict):
        return record
    remapped = dict(record)
    for field, column in mapping.items():
        remapped[MAPPABLE_FIELDS[field]] = record.get(column)
    return remapped


class RecordError(ValueError):
    """A record that has no article text in any known field."""


def document_from_record(record: Any, origin: str) -> Document:
    """Map one JSON record onto a Document.

    Raises:
        RecordError: when the record is not an object or has neither a headline nor a body.
    """
    if not isinstance(record, dict):
        raise RecordError(f"expected a JSON object, got {type(record).__name__}")
    headline = _first_text(record, HEADLINE_FIELDS)
    body = _first(record, BODY_FIELDS)
    paragraphs = _paragraphs(body)
    if not headline and not paragraphs:
        raise RecordError("record has no title and no text (fields: title/abstract/paragraphs or text)")
    return Document(
        headline=headline,
        lead=_first_text(record, LEAD_FIELDS),
        paragraphs=paragraphs,
        url=_first_text(record, URL_FIELDS),
        published=_published(_first(record, PUBLISHED_FIELDS)),
        outlet=_outlet_name(_first(record, OUTLET_FIELDS)),
        origin=origin,
    )


def _published(value: Any) -> str | None:
    """A record's publication time as text: a string as written, a number as Unix time in seconds (or
    milliseconds) turned into an ISO date; anything else as written, for the reader to warn about."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value
        if 1e8 < seconds < 4.2e9:  # 1973–2103
            return datetime.fromtimestamp(seconds, tz=UTC).date().isoformat()
        return str(value)
    return value.strip() or None if isinstance(value, str) else str(value)


def _first(record: dict[str, Any], fields: tuple[str, ...]) -> Any:
    for name in fields:
        value = record.get(name)
        if value not in (None, "", []):
            return value
    return None


def _first_text(record: dict[str, Any], fields: tuple[str, ...]) -> str | None:
    value = _first(record, fields)
    return value.strip() or None if isinstance(value, str) else None


def _paragraphs(body: Any) -> list[str]:
    """A body given as a list of paragraphs or as one text with blank lines between paragraphs."""
    if isinstance(body, str):
        body = body.replace("\r\n", "\n").split("\n\n")
    if not isinstance(body, list):
        return []
    return [p.strip() for p in body if isinstance(p, str) and p.strip()]


def _outlet_name(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("id")
    return value.strip() or None if isinstance(value, str) else None
