"""RSS and Atom feeds → documents, one per entry, following the link when a feed gives only a summary.

feedparser reads the feed, tolerant of broken XML: whatever entries it recovers are read, and a feed with
nothing recoverable becomes one failure. Entry HTML is turned into paragraphs with lxml directly (not
trafilatura, which drops the zero-width non-joiner that Persian words such as «می‌دهد» depend on).

Each entry has a stable key (:func:`entry_key`) so a poller can skip items it has already taken *before*
any link is fetched (``skip``). Dates: an RFC 822 / RFC 3339 date gives the publisher's local calendar day;
feedparser's own reading is used next when plausible, and anything else, such as the Jalali
«۱۴۰۵/۰۹/۰۸ - ۱۰:۲۲» Iranian agencies put in ``pubDate``, goes to
:func:`didban.ingest.published.parse_published`.
"""

from __future__ import annotations

import codecs
import email.utils
import hashlib
import io
import re
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

import msgspec

from didban.document import Document, Failure, Item

if TYPE_CHECKING:
    from didban.ingest.fetch import Fetched, Fetcher


#: Follow the entry's link when the feed's body is shorter than this many times its summary.
FOLLOW_RATIO = 2
_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure"),
        *("footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p"),
        *("pre", "section", "table", "tbody", "thead", "tfoot", "tr", "ul"),
    }
)
_CELL_TAGS = frozenset({"td", "th"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class FeedOutcome(NamedTuple):
    """One entry read from a feed: its key, the document or failure, and whether that result is final.

    ``final`` is False when the item should be tried again on a later poll (its link could not be fetched
    and the feed alone gave no text). The failure of a whole feed comes with the key ``""``.
    """

    key: str
    item: Item
    final: bool


def read_feed(
    data: bytes,
    *,
    origin: str,
    feed_url: str | None = None,
    fetcher: Fetcher | None = None,
    skip: Callable[[str], bool] | None = None,
    content_type: str | None = None,
) -> Iterator[Item]:
    """Documents from an RSS / Atom feed, one per entry; bad entries become failures and reading goes on."""
    for outcome in feed_outcomes(
        data, origin=origin, feed_url=feed_url, fetcher=fetcher, skip=skip, content_type=content_type
    ):
        yield outcome.item


def feed_outcomes(
    data: bytes,
    *,
    origin: str,
    feed_url: str | None = None,
    fetcher: Fetcher | None = None,
    skip: Callable[[str], bool] | None = None,
    content_type: str | None = None,
    on_malformed: Callable[[str], None] | None = None,
    complete_only: bool = False,
) -> Iterator[FeedOutcome]:
    """The entries of a feed as :class:`FeedOutcome` records (what :mod:`didban.ingest.watch` needs).

    ``feed_url`` resolves relative links; ``content_type`` is the HTTP header (for the charset); entries
    whose key ``skip`` accepts, and repeated keys, are passed over before any link is fetched. With a
    ``fetcher``, an entry that carries only a summary is completed from its link. ``on_malformed`` hears
    the reason when the XML is broken but some entries could be recovered (they are still yielded). With
    ``complete_only``, the last entry of a feed cut short is left out, as it is likely cut too.
    """
    import feedparser

    headers = {"content-location": feed_url} if feed_url else {}
    if content_type:
        headers["content-type"] = content_type
    data = _sound_declaration(data)
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    except Exception as error:  # feedparser's own bugs on broken bytes
        yield FeedOutcome("", Failure(origin=origin, reason=f"not a readable feed: {error}"), False)
        return
    entries = parsed.get("entries") or []
    problem = _feed_problem(parsed, feedparser)
    if not entries:
        if problem or not parsed.get("version"):
            reason = f"not a readable feed: {problem or 'no RSS or Atom channel found'}"
            yield FeedOutcome("", Failure(origin=origin, reason=reason), False)
        return
    if problem and on_malformed is not None:
        on_malformed(problem)
    if problem and complete_only and _cut_short(data):
        entries = entries[:-1]
    outlet = _plain(parsed.get("feed", {}).get("title"))
    taken: set[str] = set()
    for index, entry in enumerate(entries, 1):
        key = entry_key(entry, feed_url=feed_url)
        if key in taken or (skip is not None and skip(key)):
            continue
        taken.add(key)
        yield _outcome(entry, key, f"{origin}#{index}", outlet, fetcher)


def entry_key(entry: Mapping[str, Any], *, feed_url: str | None = None) -> str:
    """A stable key for a feed entry: a URI id, else the link, else the id within the feed, else a hash.

    Opaque ids (RSS ``guid`` such as ``12345``) are only unique within one feed, so they are prefixed with
    ``feed_url``; URI ids (``https://…``, ``tag:…``, ``urn:…``) and links are taken as they are.
    """
    uri = _uri(entry.get("id"))
    if uri:
        return uri
    entry_id = _text(entry.get("id"))
    link = _text(entry.get("link"))
    if link:
        return link
    if entry_id:
        return f"{feed_url or ''}#{entry_id}"
    digest = hashlib.sha1(f"{entry.get('title', '')}\n{entry.get('summary', '')}".encode()).hexdigest()
    return f"sha1:{digest}"


_XML_DECLARATION = re.compile(rb"\A\s*<\?xml[^>]*?encoding=[\"']([^\"'>]*)[\"'][^>]*\?>")


def _sound_declaration(data: bytes) -> bytes:
    """``data`` with its XML declaration rewritten when the encoding it names is no codec (broken bytes
    there raised UnicodeDecodeError inside feedparser): UTF-8 when the feed is, else none (feedparser
    guesses; without a declaration it read UTF-8 entries as Windows-1252)."""
    declaration = _XML_DECLARATION.match(data)
    if declaration is None or _codec(declaration.group(1)):
        return data
    body = data[declaration.end() :]
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return b'<?xml version="1.0"?>' + body
    return b'<?xml version="1.0" encoding="utf-8"?>' + body


def _codec(label: bytes) -> bool:
    """Whether ``label`` names a codec Python knows."""
    try:
        codecs.lookup(label.decode("ascii"))
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _feed_problem(parsed: Mapping[str, Any], feedparser: Any) -> str | None:
    """Why feedparser could not read the feed cleanly; None when fine or only an encoding remark."""
    error = parsed.get("bozo_exception") if parsed.get("bozo") else None
    harmless = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    if error is None or isinstance(error, harmless):
        return None
    return _one_line(error) or type(error).__name__


def _cut_short(data: bytes) -> bool:
    """Whether a feed document stops before the end tag of its root element."""
    return re.search(rb"</[\w.:-]*(?:rss|feed|rdf)>\s*$", data[-256:], re.IGNORECASE) is None


def _outcome(
    entry: Mapping[str, Any], key: str, fallback_origin: str, outlet: str | None, fetcher: Fetcher | None
) -> FeedOutcome:
    """Read one entry; an unexpected error becomes a failure for this entry alone."""
    link = _http_link(entry.get("link"))
    origin = link or _uri(entry.get("id")) or fallback_origin
    try:
        return _read_entry(entry, key, origin, link, outlet, fetcher)
    except Exception as error:  # one bad entry must not stop the feed
        failure = Failure(origin=origin, reason=f"entry not readable: {_describe(error)}")
        return FeedOutcome(key, failure, True)


def _read_entry(
    entry: Mapping[str, Any],
    key: str,
    origin: str,
    link: str | None,
    outlet: str | None,
    fetcher: Fetcher | None,
) -> FeedOutcome:
    """The document for one entry, from the feed alone or from its page when the feed has only a summary."""
    headline = _plain(entry.get("title"))
    body = _content_paragraphs(entry)
    summary = _summary_text(entry)
    if summary and body and _same_text(summary, body):
        summary = None  # feedparser copies the content into the summary when there is no description
    lead = summary if summary and _distinct_lead(summary, body) else None
    feed_document = _feed_document(headline, lead if body else summary, body, entry, origin, outlet, link)
    body_size = sum(len(p) for p in body)
    wants_page = not body or (summary is not None and body_size < FOLLOW_RATIO * len(summary))
    if fetcher is not None and link and wants_page:
        page, problem = _page_document(fetcher, link, origin)
        if page is not None and _size(page) >= body_size:
            return FeedOutcome(key, _merged(page, feed_document), True)
        if page is None and not (body or summary):
            return FeedOutcome(key, Failure(origin=origin, reason=f"link not readable: {problem}"), False)
    if feed_document is None:
        return FeedOutcome(key, Failure(origin=origin, reason="entry has no title and no text"), True)
    return FeedOutcome(key, feed_document, True)


def _feed_document(
    headline: str | None,
    lead: str | None,
    body: list[str],
    entry: Mapping[str, Any],
    origin: str,
    outlet: str | None,
    link: str | None,
) -> Document | None:
    """The document the feed itself gives, or None when it has neither a headline nor any text.

    A summary alone (no headline, no body) becomes the only paragraph rather than a lead with nothing after.
    """
    if not (headline or lead or body):
        return None
    if lead and not headline and not body:
        lead, body = None, [lead]
    return Document(
        headline=headline,
        lead=lead,
        paragraphs=body or None,
        url=link or _text(entry.get("link")),
        published=_published(entry),
        outlet=outlet,
        origin=origin,
    )


def _page_document(fetcher: Fetcher, link: str, origin: str) -> tuple[Document | None, str | None]:
    """The article page behind an entry's link, or None with the reason it could not be read."""
    from didban.ingest.decode import UnreadableInputError
    from didban.ingest.fetch import FetchError
    from didban.ingest.html import document_from_html

    try:
        fetched = fetcher.fetch(link)
        _check_html(fetched)
        return document_from_html(
            fetched.content, url=fetched.url, origin=origin, declared_charset=fetched.charset
        ), None
    except (FetchError, UnreadableInputError) as error:
        return None, _one_line(error)


def _check_html(fetched: Fetched) -> None:
    """Refuse a linked resource that is not an HTML page."""
    from didban.ingest.fetch import FetchError

    kind = fetched.content_type
    if kind and kind not in _HTML_TYPES:
        raise FetchError(f"not an HTML page ({kind}): {fetched.url}")


def _merged(page: Document, feed: Document | None) -> Document:
    """The page's document, completed with what the feed knows and the page does not say."""
    if feed is None:
        return page
    changes: dict[str, Any] = {
        "url": page.url or feed.url,
        "published": page.published or feed.published,
        "outlet": feed.outlet or page.outlet,
        "origin": feed.origin,
    }
    if page.has_parts():
        changes["headline"] = page.headline or feed.headline
        if not page.lead and feed.lead and not _in_page(feed.lead, page):
            changes["lead"] = feed.lead
    return msgspec.structs.replace(page, **changes)


def _in_page(text: str, page: Document) -> bool:
    """Whether ``text`` (a summary) already appears near the start of the page."""
    core = _core(text)
    start = " ".join([*(page.paragraphs or [])[:2], page.text or ""])
    return bool(core) and core in " ".join(start.split())


def _size(document: Document) -> int:
    """Characters of text a document carries."""
    parts = [document.text, document.lead, *(document.paragraphs or [])]
    return sum(len(p) for p in parts if p)


def _content_paragraphs(entry: Mapping[str, Any]) -> list[str]:
    """Paragraphs of the entry's fullest ``content`` (HTML or plain text)."""
    best: list[str] = []
    for content in entry.get("content") or []:
        paragraphs = _detail_paragraphs(content)
        if sum(map(len, paragraphs)) > sum(map(len, best)):
            best = paragraphs
    return best


def _summary_text(entry: Mapping[str, Any]) -> str | None:
    """The entry's summary / description as one line of text."""
    detail = entry.get("summary_detail") or {"value": entry.get("summary"), "type": "text/html"}
    return " ".join(_detail_paragraphs(detail)) or None


def _detail_paragraphs(detail: Mapping[str, Any]) -> list[str]:
    """Paragraphs of a feedparser text construct, by its type."""
    value = detail.get("value")
    if not isinstance(value, str) or not value.strip():
        return []
    kind = (detail.get("type") or "text/html").lower()
    if "html" in kind or kind.endswith("xml"):
        return html_paragraphs(value)
    return _text_paragraphs(value)


def html_paragraphs(html: str) -> list[str]:
    r"""Paragraphs of an HTML fragment: block elements and ``<br>`` break lines; ZWNJ is kept.

    >>> html_paragraphs("<p>او گفت: «ارتش پاسخ می\u200cدهد.»</p><p>دوم<br>سوم</p>")
    ['او گفت: «ارتش پاسخ می\u200cدهد.»', 'دوم', 'سوم']
    """
    from lxml import etree
    from lxml import html as lxml_html

    cleaned = _CONTROL.sub("", html)
    try:
        root = lxml_html.fragment_fromstring(cleaned, create_parent="div")
    except (etree.ParserError, ValueError):
        return _text_paragraphs(re.sub(r"<[^>]*>", " ", cleaned))
    etree.strip_elements(
        root, etree.Comment, etree.ProcessingInstruction, "script", "style", "noscript", with_tail=False
    )
    pieces: list[str] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            pieces.append("\n" if tag in _BLOCK_TAGS else " " if tag in _CELL_TAGS else "")
            pieces.append(element.text or "")
        else:
            pieces.append("\n" if tag in _BLOCK_TAGS else "")
            pieces.append(element.tail or "")
    return _text_paragraphs("".join(pieces))


def _text_paragraphs(text: str) -> list[str]:
    """Non-empty lines of a text, each with its whitespace collapsed (ZWNJ is not whitespace)."""
    lines = (" ".join(line.split()) for line in text.replace("\r", "\n").split("\n"))
    return [line for line in lines if line]


def _plain(value: Any) -> str | None:
    """A title as plain text: markup removed, whitespace collapsed."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = " ".join(html_paragraphs(value)) if "<" in value else " ".join(value.split())
    return text or None


def _same_text(summary: str, body: list[str]) -> bool:
    """Whether the summary is the body itself."""
    return " ".join(summary.split()) == " ".join(" ".join(body).split())


def _distinct_lead(summary: str, body: list[str]) -> bool:
    """Whether a summary says something other than the start of the body (not a truncated copy)."""
    if not body:
        return True
    core = _core(summary)
    start = " ".join(" ".join(body[:2]).split())
    return not core or core not in start


def _core(text: str) -> str:
    """A summary without the ellipsis feeds put on a truncated excerpt."""
    return " ".join(text.split()).rstrip(" .…")


def _published(entry: Mapping[str, Any]) -> str | None:
    """The entry's date as ISO ``YYYY-MM-DD`` in the publisher's calendar day, when it can be read."""
    # ``dict.get``: feedparser's own ``get`` answers «published» with «updated» (deprecated, and warned)
    own = dict.get if isinstance(entry, dict) else type(entry).get
    for field in ("published", "updated", "created"):
        raw = _text(own(entry, field))
        if raw:
            date = _date(raw, own(entry, f"{field}_parsed"))
            if date:
                return date
    return None


def _date(raw: str, parsed: time.struct_time | None) -> str | None:
    """Read one date: with its UTC offset when RFC 822 / RFC 3339, else feedparser's, else Jalali & co."""
    if not _has_non_ascii_digit(raw):
        local = _local_date(raw)
        if local:
            return local
        if parsed is not None and _plausible_year(parsed.tm_year):
            return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    from didban.ingest.published import parse_published

    return parse_published(raw)


def _local_date(raw: str) -> str | None:
    """The calendar day of an RFC 822 or RFC 3339 date, in the offset the publisher wrote."""
    moment: datetime | None = None
    try:
        moment = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        try:
            moment = datetime.fromisoformat(raw.strip().replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            return None
    return moment.date().isoformat() if moment and _plausible_year(moment.year) else None


def _plausible_year(year: int) -> bool:
    """A Gregorian news year (a Jalali year such as 1405 read as Gregorian is not)."""
    return 1900 <= year <= 2200


def _has_non_ascii_digit(text: str) -> bool:
    """Whether the text writes numbers in Persian or Arabic-Indic digits."""
    return any(ch.isdigit() and not ch.isascii() for ch in text)


def _http_link(value: Any) -> str | None:
    """The link when it is an absolute http(s) URL."""
    text = _text(value)
    return text if text and re.match(r"https?://", text, re.IGNORECASE) else None


def _uri(value: Any) -> str | None:
    """The value when it is a URI with a scheme (``https://…``, ``tag:…``, ``urn:…``)."""
    text = _text(value)
    return text if text and re.match(r"[A-Za-z][A-Za-z0-9+.-]*:\S", text) else None


def _text(value: Any) -> str | None:
    """A stripped non-empty string, else None."""
    return value.strip() or None if isinstance(value, str) else None


def _describe(error: BaseException) -> str:
    """An unexpected error as ``Type: message`` on one line."""
    return f"{type(error).__name__}: {_one_line(error)}"


def _one_line(value: object) -> str:
    """Any message as one line."""
    return " ".join(str(value).split()) if value is not None else ""
