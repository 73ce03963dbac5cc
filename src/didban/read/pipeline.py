"""The reading pipeline: raw document → repaired text → an :class:`~didban.article.Article`.

Every entry point (CLI, API) calls :func:`analyze` or :func:`analyze_document`, and batch jobs (``didban
ingest``'s workers) :func:`analyze_documents`, which gives the same Articles but lets the entity tagger read a
whole chunk's sentences at once; stages are small functions that read the article and fill their own slots.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any

import msgspec

from didban.article import Article, Outlet, article_id
from didban.document import Document, Failure
from didban.ingest.decode import LONE_SURROGATE, REPLACEMENT, arabic_script_share
from didban.ingest.url_dates import published_from_url
from didban.lexicon.outlets import find_outlet, outlet_by_domain
from didban.read.dates import find_dates
from didban.read.entities import link_entities, share_speaker_ids
from didban.read.ner import tag_article, tag_articles
from didban.read.quotes import find_quotes
from didban.read.sources import find_sources
from didban.read.structure import Block, Layout, read_structure
from didban.read.summary import DEFAULT_SIZE, summarize
from didban.read.topic import classify
from didban.text import repair
from didban.text.tokens import Token

_ISO_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")
_BLANK_LINES = re.compile(r"\s*\n\s*\n\s*")
_TEXT_FIELDS = ("text", "headline", "lead", "url", "published", "outlet")
#: A URL scheme other than http(s): «javascript:»، «data:»، «file:» are never an article's address.
_OTHER_SCHEME = re.compile(r"\s*(?!https?:)[a-z][a-z0-9+.\-]*:(?!\d)", re.IGNORECASE)
MIN_PERSIAN_SHARE = 0.5


def analyze(
    text: str,
    *,
    url: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
) -> Article:
    """Read one article given as plain text (headline line, optional lead, paragraphs).

    >>> text = "تیم ملی به جام جهانی رسید\\n\\nبه گزارش ایسنا، تیم ملی امروز بازی کرد."
    >>> article = analyze(text)
    >>> article.headline, [s.id for s in article.sources]
    ('تیم ملی به جام جهانی رسید', ['isna'])
    """
    return analyze_document(Document(text=text, url=url, published=published, outlet=outlet))


Stage = Callable[[Article], None]


def _read_sources(article: Article) -> None:
    article.sources = find_sources(article.text, _spans(article))


def _read_quotes(article: Article) -> None:
    people = [(start, end) for start, end, label in _tagged(article) if label == "PER"]
    article.quotes = find_quotes(article.text, _spans(article), article.sentences, people)


def _tagged(article: Article) -> list[tuple[int, int, str]]:
    """The entity tagger's spans of the article, tagged once for the quotation and entity stages."""
    return tag_article(article.text, _sentences(article))


def _sentences(article: Article) -> list[Token]:
    """The sentences of every block of the article, in order."""
    return [sentence for block in article.sentences for sentence in block]


def _tag_names(article: Article) -> None:
    """The entity tagger's pass over the article, kept for the quotation and entity stages."""
    _tagged(article)


def _read_entities(article: Article) -> None:
    article.entities = link_entities(article.text, _tagged(article), article.quotes)
    article.quotes = share_speaker_ids(article.entities, article.quotes)


def _read_dates(article: Article) -> None:
    article.dates = find_dates(article.text, article.published, _spans(article))


def _read_topic(article: Article) -> None:
    article.topic = classify(article)


def _summarize(size: int) -> Stage:
    def summary(article: Article) -> None:
        article.summary = summarize(article, size)

    return summary


def reading_stages(summary_size: int = DEFAULT_SIZE) -> tuple[tuple[str, Stage], ...]:
    """The stages that enrich an article after repair and structure, in order; each reads the slots
    filled before it. ``bench/analyze.py`` times them one by one."""
    return (
        ("sources", _read_sources),
        ("tagging", _tag_names),
        ("quotes", _read_quotes),
        ("entities", _read_entities),
        ("dates", _read_dates),
        ("topic", _read_topic),
        ("summary", _summarize(summary_size)),
    )


STAGES = reading_stages()


def analyze_document(document: Document, stages: Iterable[tuple[str, Stage]] = STAGES) -> Article:
    """Read one :class:`~didban.document.Document` into an Article."""
    document = _sound(document)
    return _read(document, _repaired(document), stages)


def analyze_documents(
    documents: Sequence[Document], stages: Iterable[tuple[str, Stage]] = STAGES
) -> list[Article | Failure]:
    """Read a batch of documents (a worker's chunk): the same Articles as :func:`analyze_document`, but the
    entity tagger reads the sentences of the whole batch at once (batches of similar length fill better
    across articles). A document that fails becomes a Failure and the rest go on."""
    stages = tuple(stages)
    documents = [_sound(document) for document in documents]
    started = [_attempt(document, _repaired, document) for document in documents]
    if any(name == "tagging" for name, _ in stages):
        articles = [a for a in started if isinstance(a, Article)]
        tag_articles([(a.text, _sentences(a)) for a in articles])
    return [
        _attempt(document, _read, document, article, stages) if isinstance(article, Article) else article
        for document, article in zip(documents, started, strict=True)
    ]


def _sound(document: Document) -> Document:
    """``document`` with each lone surrogate in its text replaced by U+FFFD, and a warning saying how many
    (the same object when it has none, nearly always)."""
    fields = {name: getattr(document, name) for name in _TEXT_FIELDS}
    paragraphs = document.paragraphs or []
    count = sum(len(LONE_SURROGATE.findall(text)) for text in (*fields.values(), *paragraphs) if text)
    if not count:
        return document
    fixed = {name: LONE_SURROGATE.sub(REPLACEMENT, text) if text else text for name, text in fields.items()}
    warning = f"input holds {count} lone surrogate code point(s) (bad JSON escapes), replaced by U+FFFD"
    return msgspec.structs.replace(
        document,
        **fixed,
        paragraphs=[LONE_SURROGATE.sub(REPLACEMENT, p) for p in paragraphs] if document.paragraphs else None,
        warnings=[*document.warnings, warning],
    )


def _attempt(document: Document, step: Callable[..., Article], *args: Any) -> Article | Failure:
    """``step(*args)``, or the Failure of ``document`` when it raises (one bad item must not stop a batch)."""
    try:
        return step(*args)
    except Exception as error:
        return analysis_failure(document.origin, error)


def analysis_failure(origin: str, error: Exception) -> Failure:
    """The Failure of an item whose analysis raised ``error``."""
    return Failure(origin=origin, reason=f"analysis failed: {type(error).__name__}: {error}")


def _repaired(document: Document) -> Article:
    """The Article of a document's repaired text and structure, before the reading stages."""
    raw, layout = compose_raw(document)
    text, offsets = repair(raw)
    article = Article(id=article_id(text), text=text, url=document.url)
    article.attach_offsets(offsets)
    _fill_structure(article, read_structure(text, layout))
    return article


def _read(document: Document, article: Article, stages: Iterable[tuple[str, Stage]]) -> Article:
    """The reading stages over a repaired Article, then its outlet and warnings."""
    article.warnings.extend(document.warnings)
    if article.url and _OTHER_SCHEME.match(article.url):
        article.warnings.append(f"url ignored: not a web address: {article.url[:60]!r}")
        article.url = None
    article.published = _published(document.published, article.warnings) or published_from_url(document.url)
    for _, stage in stages:
        stage(article)
    article.outlet = _outlet(document, article)
    article.warnings.extend(_text_warnings(article.text))
    return article


def _spans(article: Article) -> list[tuple[int, int]]:
    return [(b.start, b.end) for b in article.blocks]


def analyze_all(
    items: Iterable[Document | Failure], stages: Iterable[tuple[str, Stage]] = STAGES
) -> Iterator[Article | Failure]:
    """Read a stream of documents; a document that fails becomes a Failure and the stream goes on."""
    stages = tuple(stages)
    for item in items:
        if isinstance(item, Failure):
            yield item
            continue
        yield _attempt(item, analyze_document, item, stages)


def compose_raw(document: Document) -> tuple[str, Layout | None]:
    """The raw text to repair, and the layout when the document's parts are known."""
    if not document.has_parts():
        return document.text or "", None
    headline = _one_block(document.headline)
    lead = _one_block(document.lead)
    parts = [p for p in (headline, lead, *(document.paragraphs or [])) if p]
    return "\n\n".join(parts), Layout(headline=bool(headline), lead=bool(lead))


def _one_block(part: str | None) -> str | None:
    """A headline or lead as one block: blank lines inside it would split it."""
    return _BLANK_LINES.sub(" ", part).strip() or None if part else None


def _fill_structure(article: Article, blocks: list[Block]) -> None:
    article.attach_blocks(blocks)
    for block in blocks:
        content = article.text[block.start : block.end]
        if block.kind == "headline":
            article.headline = content
        elif block.kind == "lead":
            article.lead = content
        elif block.kind == "crosshead":
            article.crossheads.append(content)
        else:
            article.paragraphs.append(content)


def _outlet(document: Document, article: Article) -> Outlet | None:
    """The publishing outlet: from metadata, else the URL's domain, else the first (reporting) source."""
    if document.outlet:
        return find_outlet(document.outlet) or Outlet(id=None, name=document.outlet)
    if document.url:
        found = outlet_by_domain(document.url)
        if found:
            return found
    if article.sources:
        first = article.sources[0]
        return Outlet(id=first.id, name=first.name)
    return None


def _published(value: str | None, warnings: list[str]) -> str | None:
    if not value:
        return None
    match = _ISO_DATE.match(value)
    if match and _real_date(match.group(1)):
        return match.group(1)
    from didban.ingest.published import parse_published

    parsed = parse_published(value)
    if parsed:
        return parsed
    warnings.append(f"published date not understood: {value[:40]!r}")
    return None


def _real_date(iso: str) -> bool:
    """Whether ``YYYY-MM-DD`` is a day of the calendar («2024-02-30» and «9999-99-99» are not)."""
    try:
        date.fromisoformat(iso)
    except ValueError:
        return False
    return True


def _text_warnings(text: str) -> list[str]:
    if not text.strip():
        return ["no text"]
    share = arabic_script_share(text)
    if share < MIN_PERSIAN_SHARE:
        return [f"text does not look Persian: {share:.0%} of its letters are in the Arabic script"]
    return []
