"""The Article data model: one object that every reading stage enriches.

Every span (``start``/``end``) indexes :attr:`Article.text`, the repaired full text. The map back to the
raw input is kept on the article (``article.offsets``) but is not part of the JSON contract.
"""

from __future__ import annotations

import hashlib
import inspect
from typing import TYPE_CHECKING, Any, Literal

import msgspec

if TYPE_CHECKING:
    from didban.read.structure import Block
    from didban.text.offsets import OffsetMap
    from didban.text.tokens import Token

SCHEMA = "didban.article/1"

EntityLabel = Literal["PER", "ORG", "LOC", "FAC", "EVENT", "PRODUCT"]
QuoteKind = Literal["direct", "indirect"]
Calendar = Literal["jalali", "gregorian", "hijri", "relative"]


class Outlet(msgspec.Struct, kw_only=True):
    """A news outlet: registry id (null when unknown) and the name as the press writes it."""

    id: str | None
    name: str


class Source(msgspec.Struct, kw_only=True):
    """One link of the source chain, as written at ``text[start:end]``."""

    id: str | None
    name: str
    start: int
    end: int


class Mention(msgspec.Struct, kw_only=True):
    """One occurrence of an entity in the text."""

    text: str
    start: int
    end: int


class Entity(msgspec.Struct, kw_only=True):
    """A person, organisation, place, … with every mention of it in the article."""

    id: str
    name: str
    label: EntityLabel
    mentions: list[Mention] = msgspec.field(default_factory=list)


class Quote(msgspec.Struct, kw_only=True):
    """A quotation: what was said (``text``), by whom, through which reporting cue."""

    text: str
    kind: QuoteKind
    speaker: str | None
    speaker_id: str | None
    speaker_mention: str | None
    cue: str | None
    start: int
    end: int


class DateRef(msgspec.Struct, kw_only=True):
    """A date expression and its resolved ISO value (null when it cannot be resolved)."""

    text: str
    value: str | None
    calendar: Calendar
    start: int
    end: int


class Topic(msgspec.Struct, kw_only=True):
    """The article's topic label with the classifier's score."""

    label: str
    score: float


class Article(msgspec.Struct, kw_only=True, dict=True):
    """A read article (schema ``didban.article/1``).

    Fields a stage has not filled stay empty (``[]``) or null; nothing is invented.
    """

    schema: str = SCHEMA
    id: str = ""
    url: str | None = None
    outlet: Outlet | None = None
    published: str | None = None
    headline: str | None = None
    lead: str | None = None
    crossheads: list[str] = msgspec.field(default_factory=list)
    paragraphs: list[str] = msgspec.field(default_factory=list)
    text: str = ""
    sources: list[Source] = msgspec.field(default_factory=list)
    entities: list[Entity] = msgspec.field(default_factory=list)
    quotes: list[Quote] = msgspec.field(default_factory=list)
    dates: list[DateRef] = msgspec.field(default_factory=list)
    topic: Topic | None = None
    summary: list[str] = msgspec.field(default_factory=list)
    warnings: list[str] = msgspec.field(default_factory=list)

    @property
    def offsets(self) -> OffsetMap | None:
        """The map from positions in ``text`` to positions in the raw input, when known."""
        return self.__dict__.get("_offsets")

    @property
    def blocks(self) -> list[Block]:
        """The structure blocks (headline, lead, crossheads, paragraphs) as spans of ``text``."""
        return self.__dict__.get("_blocks", [])

    @property
    def sentences(self) -> list[list[Token]]:
        """The sentences of each structure block (same order as :attr:`blocks`), split once and kept."""
        found = self.__dict__.get("_sentences")
        if found is None:
            from didban.text.sentences import split_sentences

            found = [split_sentences(self.text, b.start, b.end) for b in self.blocks]
            self.__dict__["_sentences"] = found
        return found

    def attach_blocks(self, blocks: list[Block]) -> None:
        """Keep the structure blocks with the article (not serialized)."""
        self.__dict__["_blocks"] = blocks

    def attach_offsets(self, offsets: OffsetMap) -> None:
        """Keep the raw-input offset map with the article (not serialized)."""
        self.__dict__["_offsets"] = offsets

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw-input offsets of ``text[start:end]`` (identity when no map is attached)."""
        offsets = self.offsets
        return (start, end) if offsets is None else offsets.raw_span(start, end)

    def to_dict(self) -> dict[str, Any]:
        """The article as plain JSON-ready data, in contract order."""
        return msgspec.to_builtins(self)

    def to_json(self) -> str:
        """The article as one line of JSON (UTF-8 text, Persian unescaped)."""
        return msgspec.json.encode(self).decode("utf-8")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Build and validate an article from :meth:`to_dict` output."""
        return msgspec.convert(data, cls)

    @classmethod
    def from_json(cls, line: str | bytes) -> Article:
        """Parse and validate one JSON article."""
        return msgspec.json.decode(line, type=cls)


def article_id(text: str) -> str:
    """Stable id of an article: a short hash of its repaired text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the Article contract, generated from the model."""
    schema = msgspec.json.schema(Article)
    for definition in schema["$defs"].values():  # msgspec ≥ 0.23 dedents docstrings itself; older ones not
        if "description" in definition:
            definition["description"] = inspect.cleandoc(definition["description"])
    article = schema["$defs"]["Article"]
    article["properties"]["schema"]["const"] = SCHEMA
    article["required"] = list(article["properties"])  # every field is always written, empty or null
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://didban.dev/schema/article-1.json"
    schema["title"] = "Didban article (didban.article/1)"
    return schema
