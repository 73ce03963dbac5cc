"""An analysed Article → the rows a store writes (:class:`~didban.store.base.PreparedArticle`).

Runs in the worker processes, next to ``analyze``, so folding for the search index and JSON encoding are
spread over the cores and the single writer only inserts.
"""

from __future__ import annotations

from didban.article import Article
from didban.search import fold, search_key
from didban.store.base import PreparedArticle
from didban.store.filters import article_date_tokens, name_tokens


def prepare(article: Article, *, origin: str | None = None) -> PreparedArticle:
    """The rows of one analysed article."""
    body = "\n".join(p for p in (article.lead, *article.crossheads, *article.paragraphs) if p)
    entities = [
        (i, e.id, e.name, search_key(e.name), e.label, len(e.mentions))
        for i, e in enumerate(article.entities)
    ]
    mentions = [(i, m.text, m.start, m.end) for i, e in enumerate(article.entities) for m in e.mentions]
    quotes = [
        (
            i,
            q.kind,
            q.speaker,
            q.speaker_id,
            search_key(q.speaker) if q.speaker else None,
            q.speaker_mention,
            q.cue,
            q.text,
            q.start,
            q.end,
            fold(q.text),
        )
        for i, q in enumerate(article.quotes)
    ]
    return PreparedArticle(
        id=article.id,
        url=article.url,
        origin=origin,
        headline=article.headline,
        published=article.published,
        outlet_id=article.outlet.id if article.outlet else None,
        outlet_name=article.outlet.name if article.outlet else None,
        topic=article.topic.label if article.topic else None,
        json=article.to_json(),
        search_headline=fold(article.headline or ""),
        search_body=fold(body or article.text),
        sources=[(i, s.id, s.name, search_key(s.name)) for i, s in enumerate(article.sources)],
        entities=entities,
        mentions=mentions,
        quotes=quotes,
        dates=[(i, d.text, d.value, d.calendar, d.start, d.end) for i, d in enumerate(article.dates)],
        search_meta=meta_tokens(article),
    )


def meta_tokens(article: Article) -> str:
    """The filter tokens of an article: its date, topic, and the words of its names (once each)."""
    tokens = article_date_tokens(article.published)
    if article.topic:
        tokens += name_tokens("topic", article.topic.label)
    names: list[tuple[str, str | None]] = [("speaker", q.speaker) for q in article.quotes]
    names += [("entity", e.name) for e in article.entities] + [("entity", e.id) for e in article.entities]
    names += [("source", s.name) for s in article.sources] + [("source", s.id) for s in article.sources]
    if article.outlet:
        names += [("source", article.outlet.name), ("source", article.outlet.id)]
    tokens += sorted({token for kind, name in names if name for token in name_tokens(kind, name)})
    return " ".join(tokens)
