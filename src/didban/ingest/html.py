"""HTML pages → :class:`~didban.document.Document`: charset, main text and metadata via trafilatura.

trafilatura removes every ZWNJ (U+200C) from what it returns, which would break Persian words such as
«می‌دهد» apart; the half-spaces are swapped for a visible placeholder absent from the page before extraction
and put back after. trafilatura finds no Jalali dates, so the publication date is also looked for in the
usual meta tags, ``<time>`` elements and visible date lines, and read by :func:`parse_published`.
"""

from __future__ import annotations

import codecs
import re
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote

from didban.document import Document
from didban.ingest.decode import Decoded, UnreadableInputError, by_bom, decode_bytes, looks_binary, strict
from didban.ingest.published import parse_published

if TYPE_CHECKING:
    from lxml.html import HtmlElement

MAX_HTML_BYTES = 8 * 1024 * 1024

_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
#: Labels servers put on anything by default; a Persian page under them is UTF-8 or Windows-1256 really.
_WEAK_CHARSETS = frozenset({"ascii", "iso8859-1", "cp1252"})

_ZWNJ = "\u200c"
_ZWNJ_FORMS = re.compile(r"\u200c|&zwnj;|&#0*8204(?:;|(?!\d))|&#x0*200c(?:;|(?![0-9a-f]))", re.IGNORECASE)
#: Visible characters that survive trafilatura; the first one absent from the page stands in for ZWNJ.
_PLACEHOLDERS = ("\u16eb", "\u2e2e", "\u3164", "\ufdfd", "\u2e31", "\u2027")

_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
)
_JSON_LD_PUBLISHED = re.compile(r""""datePublished"\s*:\s*"([^"]{6,40})\"""")
_DATE_CLASS = re.compile(r"date|time|publish|tarikh", re.IGNORECASE)
_LEAD_CLASS = re.compile(r"^(?:.*[-_])?(?:lead|summary|introtext|intro|abstract|excerpt)$", re.IGNORECASE)
#: Page furniture by class or id: always (comments, related links, sidebars) and outside ``<article>`` only.
_FURNITURE = re.compile(r"comment|related|sidebar|share", re.IGNORECASE)
_PAGE_FURNITURE = re.compile(
    r"^(?:site|page|main|top|global)?[-_]?(?:header|footer|menu|nav|navbar|top-?bar)$", re.IGNORECASE
)
_FURNITURE_TAGS = frozenset({"aside", "form"})
_PAGE_FURNITURE_TAGS = frozenset({"header", "footer", "nav"})
_HIDDEN_TEXT = "[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]"
#: Parts of a page a browser does not show and trafilatura keeps: templates, ``hidden`` and ``display:none``.
_NOT_SHOWN = [
    "//template",
    "//*[@hidden]",
    "//*[contains(translate(@style, 'DISPLAYNOE ', 'displaynoe'), 'display:none')]",
]
_OWN_ROWS = "./thead | ./tbody | ./tfoot | ./tr | ./*/tr"
_OWN_CELLS = "./tr/td | ./tr/th | ./*/tr/td | ./*/tr/th"
_HOLDS_BLOCKS = (
    "boolean(.//div | .//table | .//ul | .//ol | .//article | .//section | .//h1 | .//h2 | .//h3 | (.//p)[2])"
)
_SCOPE_LEVELS = 3
_MIN_LEAD_CHARS = 30
_MAX_DATE_CHARS = 120
_ELLIPSIS = " .…"
_CANONICAL_URL = "//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href"
_ABSOLUTE_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_HOST_NAME = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+$", re.IGNORECASE)
_TABLE_RULE = re.compile(r"^[|:\- ]+$")
_SITE_SEPARATORS = (" - ", " | ", " – ", " — ", " :: ", " » ")


def decode_html(data: bytes, declared: str | None = None) -> str:
    """HTML bytes → str: BOM, then the charset declared by HTTP or by ``<meta>``, then ``decode_bytes``.

    A declared charset is used when the bytes decode in it strictly; a single-byte one is not trusted over
    bytes that are valid UTF-8 with non-ASCII text (a page converted to UTF-8 that kept its old ``<meta>``).

    Raises:
        UnreadableInputError: when the page is empty or binary.
    """
    return decode_page(data, declared).text


def decode_page(data: bytes, declared: str | None = None) -> Decoded:
    """:func:`decode_html`, with the encoding read and how many damaged byte sequences were replaced."""
    if not data.strip():
        raise UnreadableInputError("empty input")
    decoded = by_bom(data)
    for label in (declared, _meta_charset(data)):
        if decoded is None and label:
            decoded = _declared(data, label)
    if decoded is None:
        decoded = decode_bytes(data)
    if looks_binary(decoded.text):
        raise UnreadableInputError("binary or undecodable input (not an HTML page)")
    return decoded


def document_from_html(
    data: bytes | str, *, url: str | None = None, origin: str = "<html>", declared_charset: str | None = None
) -> Document:
    """Main text and metadata of one page via trafilatura.

    Raises:
        UnreadableInputError: when the page is too large, empty, binary, or has no main text.
    """
    _check_size(data)
    if isinstance(data, bytes):
        decoded = decode_page(data, declared_charset)
        html, warnings = decoded.text, decoded.warnings
    else:
        html, warnings = _checked_text(data), []
    guard = ZwnjGuard.for_page(html)
    tree = _parse(guard.protect(html))
    result = _extract(tree, url)
    if result is None or not (result.text or "").strip():
        raise UnreadableInputError("no main text found in the page")
    restore = guard.restore
    lines = (restore(line) for line in result.text.splitlines())
    paragraphs = [line for line in lines if line and not _TABLE_RULE.match(line)]
    h1 = _first_h1(tree)
    scopes = _scopes(tree, h1)
    outlet = _outlet(restore(result.sitename), restore(_page_title(tree)))
    headline = _headline(restore(result.title), restore(_text(h1)) if h1 is not None else None, outlet)
    page_lead = next(filter(None, (_page_lead(scope, h1) for scope in scopes)), None)
    lead = _lead(restore(page_lead), restore(result.description), headline, paragraphs)
    return Document(
        headline=headline,
        lead=lead,
        paragraphs=_without_repeats(paragraphs, headline, lead) or None,
        url=url or _page_url(tree, guard) or guard.restore_url(result.url),
        published=_published(scopes, html, result.date),
        outlet=outlet,
        origin=origin,
        warnings=warnings,
    )


class ZwnjGuard(NamedTuple):
    """Keeps ZWNJ through trafilatura, which drops it: a visible stand-in before, ZWNJ again after."""

    placeholder: str | None

    @classmethod
    def for_page(cls, html: str) -> ZwnjGuard:
        """A guard whose placeholder is the first candidate absent from the page (None if all occur)."""
        return cls(next((char for char in _PLACEHOLDERS if char not in html), None))

    def protect(self, html: str) -> str:
        """The page with ZWNJ, literal or as ``&zwnj;`` / ``&#8204;`` / ``&#x200c;``, as the placeholder."""
        return _ZWNJ_FORMS.sub(self.placeholder, html) if self.placeholder else html

    def restore(self, value: str | None) -> str | None:
        """An extracted value with ZWNJ back in place of the placeholder, stripped; None when blank."""
        if value is None or not value.strip():
            return None
        return (value.replace(self.placeholder, _ZWNJ) if self.placeholder else value).strip()

    def restore_url(self, url: str | None) -> str | None:
        """A URL with ZWNJ back, also where the placeholder was percent-encoded."""
        if url and self.placeholder:
            url = re.sub(re.escape(quote(self.placeholder)), "%E2%80%8C", url, flags=re.IGNORECASE)
        return self.restore(url)


def _checked_text(html: str) -> str:
    """A page given as text, without BOM; refused when empty or binary."""
    html = html.lstrip("\ufeff")
    if not html.strip():
        raise UnreadableInputError("empty input")
    if looks_binary(html):
        raise UnreadableInputError("binary or undecodable input (not an HTML page)")
    return html


def _check_size(data: bytes | str) -> None:
    """Refuse pages over :data:`MAX_HTML_BYTES` before any decoding or parsing."""
    size = len(data)
    if isinstance(data, str) and MAX_HTML_BYTES // 4 < size <= MAX_HTML_BYTES:
        size = len(data.encode("utf-8", "surrogatepass"))
    if size > MAX_HTML_BYTES:
        raise UnreadableInputError(f"page too large ({size} bytes, limit {MAX_HTML_BYTES})")


def _meta_charset(data: bytes) -> str | None:
    """The charset named by ``<meta charset>`` or ``<meta http-equiv>`` in the first 4 KB."""
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    label = match[1].decode("ascii").lower()
    return "utf-8" if label.startswith(("utf-16", "utf-32")) else label


def _declared(data: bytes, label: str) -> Decoded | None:
    """The page in a declared charset, or None when the label is unknown, weak, or does not fit the bytes."""
    try:
        info = codecs.lookup(label.strip().strip("\"'"))
    except LookupError:
        return None
    if info.name in _WEAK_CHARSETS:
        return None
    if info.name != "utf-8" and not data.isascii() and strict(data, "utf-8") is not None:
        return None
    return strict(data, info.name)


def _parse(html: str) -> HtmlElement:
    """The lxml tree of the page, as trafilatura loads it."""
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        raise UnreadableInputError("not an HTML page")
    _unwrap_layout_tables(tree)
    return tree


def _unwrap_layout_tables(tree: HtmlElement) -> None:
    """Turn layout tables (cells holding blocks: divs, headings, lists, tables) into plain ``<div>`` blocks.

    Old Persian sites lay pages out with tables; trafilatura would flatten the article into one table row.
    Data tables, whose cells hold text, are left as tables, also when nested in a layout table.
    """
    for table in list(tree.iter("table")):
        cells = table.xpath(_OWN_CELLS)
        if any(cell.xpath(_HOLDS_BLOCKS) for cell in cells):
            for element in (table, *table.xpath(_OWN_ROWS), *cells):
                element.tag = "div"


def _extract(tree: HtmlElement, url: str | None) -> Any:
    """trafilatura's main text and metadata for the tree (which it copies, not changes); the text alone when
    reading the metadata fails.

    Raises:
        UnreadableInputError: when trafilatura cannot read the tree at all.
    """
    import trafilatura

    options: dict[str, Any] = {
        "url": url,
        "include_comments": False,
        "include_tables": True,
        "deduplicate": False,
        "favor_precision": True,
        "prune_xpath": _NOT_SHOWN,
    }
    dates = {"original_date": True, "extensive_search": False, "max_date": "2100-12-31"}
    # htmldate (the date reader) and lxml assert on some hostile trees (an <svg> page); text may still read
    try:
        return trafilatura.bare_extraction(tree, with_metadata=True, date_extraction_params=dates, **options)
    except Exception:
        pass
    try:
        return trafilatura.bare_extraction(tree, with_metadata=False, **options)
    except Exception as error:
        raise UnreadableInputError(f"page could not be parsed: {type(error).__name__}") from None


def _text(element: HtmlElement) -> str:
    """Visible text of an element (no script, style or comment text), whitespace collapsed."""
    return " ".join("".join(element.xpath(".//text()" + _HIDDEN_TEXT)).split())


def _in_article(element: HtmlElement) -> bool:
    """Whether the element is outside page furniture (site header, menus, footer, sidebars, comments).

    Inside an ``<article>``, its own ``<header>`` and ``item-header`` blocks belong to the article.
    """
    ancestors = list(element.iterancestors())
    above = not any(node.tag == "article" for node in ancestors)
    for node in (element, *ancestors):
        if node.tag == "article":
            above = True
            continue
        names = f"{node.get('class', '')} {node.get('id', '')}"
        if node.tag in _FURNITURE_TAGS or _FURNITURE.search(names):
            return False
        if above and (node.tag in _PAGE_FURNITURE_TAGS or _page_furniture(names)):
            return False
    return True


def _page_furniture(names: str) -> bool:
    """Whether a class or id names a site header, footer, menu or top bar."""
    return any(_PAGE_FURNITURE.match(name) for name in names.split())


def _first_h1(tree: HtmlElement) -> HtmlElement | None:
    """The article's ``<h1>`` (inside ``<article>`` first), if any."""
    for path in ("//article//h1", "//h1"):
        for element in tree.xpath(path):
            if _text(element) and _in_article(element):
                return element
    return None


def _scopes(tree: HtmlElement, h1: HtmlElement | None) -> list[HtmlElement]:
    """Blocks around the headline, nearest first, then the whole page: where to look for lead and date."""
    scopes = []
    node = h1
    for _ in range(_SCOPE_LEVELS if h1 is not None else 0):
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            break
        scopes.append(node)
    return [*scopes, tree]


def _page_lead(scope: HtmlElement, h1: HtmlElement | None) -> str | None:
    """Text of the element marked as the lead (class ``lead``, ``summary``, ``introtext``…) after the h1."""
    after = h1 is None
    for element in scope.iter():
        if element is h1:
            after = True
        if not after or not isinstance(element.tag, str):
            continue
        if not any(_LEAD_CLASS.match(token) for token in element.get("class", "").split()):
            continue
        text = _text(element)
        if len(text) >= _MIN_LEAD_CHARS and _in_article(element):
            return text
    return None


def _page_url(tree: HtmlElement, guard: ZwnjGuard) -> str | None:
    """The page's own absolute URL as written: ``<link rel="canonical">``, then ``og:url``."""
    found = tree.xpath(_CANONICAL_URL) + tree.xpath("//meta[@property='og:url']/@content")
    urls = (guard.restore(str(value)) for value in found)
    return next((url for url in urls if url and _ABSOLUTE_URL.match(url)), None)


def _page_title(tree: HtmlElement) -> str | None:
    """Text of the page's ``<title>``."""
    titles = tree.xpath("//title")
    return _text(titles[0]) if titles else None


def _outlet(sitename: str | None, title: str | None) -> str | None:
    """The site name: trafilatura's, unless it is only a host name and the ``<title>`` ends with a name."""
    if sitename and not _HOST_NAME.match(sitename):
        return sitename
    if title:
        for separator in _SITE_SEPARATORS:
            head, _, tail = title.rpartition(separator)
            if head.strip() and tail.strip() and len(tail) < len(head):
                return tail.strip()
    return sitename


def _headline(title: str | None, h1: str | None, outlet: str | None) -> str | None:
    """The headline: the ``<h1>`` when the title is it plus a site name, else the title without its suffix."""
    if h1 and (not title or h1 in title):
        return h1
    if title and outlet:
        for separator in _SITE_SEPARATORS:
            head, _, tail = title.rpartition(separator)
            if head and outlet in tail:
                return head.strip()
    return title or h1


def _same(left: str | None, right: str | None) -> bool:
    """Whether two texts are equal up to spacing, ZWNJ and a trailing ellipsis."""
    return bool(left and right) and _plain(left) == _plain(right)


def _plain(text: str) -> str:
    """Text reduced for comparison: no ZWNJ, spaces collapsed, trailing ellipsis dropped."""
    return " ".join(text.replace(_ZWNJ, "").split()).rstrip(_ELLIPSIS)


def _lead(
    page_lead: str | None, description: str | None, headline: str | None, paragraphs: list[str]
) -> str | None:
    """The lead: the page's lead element, else a description that is a separate lead rather than body text."""
    if page_lead:
        return page_lead
    if not description or _same(description, headline):
        return None
    if any(_same(description, paragraph) for paragraph in paragraphs[:3]):
        return description
    body = _plain(" ".join(paragraphs))
    if _plain(description) in body or not _shares_words(description, f"{headline or ''} {body}"):
        return None
    return description


def _shares_words(text: str, other: str) -> bool:
    """Whether at least a third of the longer words of ``text`` occur in ``other`` (not a site blurb)."""
    words = set(re.findall(r"\w{3,}", _plain(text)))
    if not words:
        return False
    found = set(re.findall(r"\w{3,}", other))
    return len(words & found) * 3 >= len(words)


def _without_repeats(paragraphs: list[str], headline: str | None, lead: str | None) -> list[str]:
    """Paragraphs without the headline or the lead repeated at the top."""
    kept = list(paragraphs)
    while kept and _same(kept[0], headline):
        kept.pop(0)
    for index, paragraph in enumerate(kept[:3]):
        if _same(paragraph, lead):
            del kept[index]
            break
    return kept


def _published(scopes: list[HtmlElement], html: str, found: str | None) -> str | None:
    """Publication date: meta tags, JSON-LD, trafilatura's date, ``<time>``, then a visible date line.

    ``<time>`` elements and date lines are looked for near the headline first (``scopes``, the page last).
    """
    page = scopes[-1]
    times = (value for scope in scopes for value in _time_dates(scope))
    for value in (*_meta_dates(page), *_JSON_LD_PUBLISHED.findall(html), found, *times):
        date = parse_published(value)
        if date:
            return date
    return next(filter(None, (_visible_date(scope) for scope in scopes)), None)


def _meta_dates(tree: HtmlElement) -> list[str]:
    """Contents of publication-date meta tags, most specific first."""
    contents: dict[str, str] = {}
    for meta in tree.xpath("//meta[@content]"):
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = (meta.get(attribute) or "").strip().lower()
            if key and key not in contents:
                contents[key] = meta.get("content", "")
    return [contents[key] for key in _PUBLISHED_META if key in contents]


def _time_dates(root: HtmlElement) -> list[str]:
    """``datetime`` attributes and texts of ``<time>`` elements in the article, published ones first."""
    elements = root.xpath(".//time[@itemprop='datePublished' or @pubdate]") + root.xpath(".//time")
    values: list[str] = []
    for element in elements:
        if _in_article(element):
            values.extend(value for value in (element.get("datetime"), _text(element)) if value)
    return values


def _visible_date(root: HtmlElement) -> str | None:
    """A date in a short element whose class or id speaks of a date or time, outside page furniture."""
    for element in root.xpath(".//*[@class or @id]"):
        if not _DATE_CLASS.search(f"{element.get('class', '')} {element.get('id', '')}"):
            continue
        text = _text(element)
        if text and len(text) <= _MAX_DATE_CHARS and _in_article(element):
            date = parse_published(text)
            if date:
                return date
    return None
