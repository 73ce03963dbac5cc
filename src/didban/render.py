"""A readable terminal view of an Article (rich), right-to-left text right-aligned.

Article content goes to rich only as :class:`~rich.text.Text`, never as a markup string: «[/]» or
«[link=…]» in a news text is printed as written, and control sequences are dropped.

Terminals differ: some apply the Unicode bidi algorithm themselves, many do not. By default the text is
printed in logical order and right-aligned; ``bidi=True`` reorders each line visually (python-bidi) for
terminals that show Persian letters left to right.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from didban.article import Article

Shape = Callable[[str], str]


def visual_order(line: str) -> str:
    """One line reordered for display on a terminal without bidi support."""
    from bidi import get_display

    return get_display(line, base_dir="R")


def render_article(article: Article, console: Console, *, bidi: bool = False) -> None:
    """Print one article: its facts (sources, topic, dates, summary), lead, crossheads and paragraphs, who
    said what, then warnings."""
    shape: Shape = visual_order if bidi else str
    parts: list[Text | Table] = [_facts(article, shape)]
    if article.lead:
        parts.append(_rtl(article.lead, shape, style="italic"))
    for block in article.blocks:
        content = article.text[block.start : block.end]
        if block.kind == "crosshead":
            parts.append(_rtl(content, shape, style="bold cyan"))
        elif block.kind == "paragraph":
            parts.append(_rtl(content, shape))
    title = _rtl(article.headline or "(بدون تیتر)", shape, style="bold")
    spaced: list[Text | Table] = []
    for part in parts:
        spaced += [part, Text("")]
    console.print(Panel(Group(*spaced[:-1]), title=title, title_align="right", border_style="blue"))
    if article.quotes:
        console.print(_quotes(article, shape))
    for warning in article.warnings:
        console.print(Text.assemble(("warning: ", "yellow"), warning))


def _facts(article: Article, shape: Shape) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", style="dim")
    table.add_column(justify="right")
    chain = " ← ".join(s.name for s in article.sources) or "—"
    table.add_row("sources", Text(shape(chain)))
    if article.outlet:
        table.add_row("outlet", Text(shape(article.outlet.name)))
    if article.published:
        table.add_row("published", Text(article.published))
    if article.topic:
        table.add_row("topic", Text(f"{article.topic.label} ({article.topic.score:.2f})"))
    if article.dates:
        dates = "، ".join(f"{d.text} = {d.value or '?'}" for d in article.dates[:DATES_SHOWN])
        table.add_row("dates", Text(shape(dates + ("، …" if len(article.dates) > DATES_SHOWN else ""))))
    if article.summary:
        table.add_row("summary", Text(shape(" ".join(article.summary))))
    if article.url:
        table.add_row("url", Text(article.url))
    table.add_row("id", Text(article.id))
    return table


QUOTE_CHARS = 120
DATES_SHOWN = 6


def _quotes(article: Article, shape: Shape) -> Table:
    """Who said what: one row a quotation, the words cut to :data:`QUOTE_CHARS` characters."""
    table = Table(title="who said what", title_justify="right", show_lines=False, expand=True)
    table.add_column("quotation", justify="right", ratio=4)
    table.add_column("cue", justify="right", style="dim")
    table.add_column("kind", justify="right", style="dim")
    table.add_column("speaker", justify="right", style="bold")
    for quote in article.quotes:
        words = quote.text if len(quote.text) <= QUOTE_CHARS else quote.text[:QUOTE_CHARS] + "…"
        mark = "«»" if quote.kind == "direct" else "~"
        cells = (shape(" ".join(words.split())), shape(quote.cue or ""), mark, shape(quote.speaker or "—"))
        table.add_row(*map(Text, cells))
    return table


def _rtl(content: str, shape: Shape, style: str = "") -> Text:
    return Text("\n".join(shape(line) for line in content.split("\n")), style=style, justify="right")
