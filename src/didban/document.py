"""A raw document as an input adapter hands it over, before any reading."""

from __future__ import annotations

import msgspec


class Document(msgspec.Struct, kw_only=True):
    """One article as given: either plain ``text`` to read whole, or known parts.

    When ``headline`` / ``lead`` / ``paragraphs`` are given (a JSON record with ``title``, ``abstract`` and
    ``paragraphs``), the structure is taken from them instead of being inferred. ``origin`` says where the
    document came from (``path``, ``path:line``, a URL) for messages and failure records.
    """

    text: str | None = None
    headline: str | None = None
    lead: str | None = None
    paragraphs: list[str] | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    origin: str = "<input>"
    #: What reading the input found wrong with it (damaged bytes); carried into the Article's warnings.
    warnings: list[str] = msgspec.field(default_factory=list)

    def fill(
        self, *, url: str | None = None, published: str | None = None, outlet: str | None = None
    ) -> Document:
        """Fill in the metadata the document itself does not give (what it gives wins); returns itself."""
        self.url = self.url or url
        self.published = self.published or published
        self.outlet = self.outlet or outlet
        return self

    def has_parts(self) -> bool:
        """Whether the structure is given (headline or paragraphs) rather than to be inferred."""
        return self.headline is not None or self.paragraphs is not None


class Failure(msgspec.Struct, kw_only=True):
    """An input item that could not be read, with the reason; batch work records it and goes on."""

    origin: str
    reason: str


#: What an input adapter yields for each item: a document, or the reason it could not be read.
Item = Document | Failure
