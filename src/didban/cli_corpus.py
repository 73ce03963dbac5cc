"""Corpus commands: ``ingest``, ``watch``, ``search``, ``quotes``, ``entities``, ``show``, ``failures``.

Each parses its options, calls one library function and formats the result: a table on the terminal, or
one JSON object per line with ``--json``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click
import msgspec

from didban.cli_text import TEXT

if TYPE_CHECKING:
    from didban.store.base import Filters, Hit, QuoteRecord
    from didban.store.sqlite import SQLiteStore

DB = click.option(
    "--db",
    default="didban.db",
    show_default=True,
    envvar="DIDBAN_DB",
    metavar="PATH",
    help="The corpus (an SQLite file; $DIDBAN_DB).",
)
AS_JSON = click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
BIDI = click.option(
    "--bidi", is_flag=True, envvar="DIDBAN_BIDI", help="Reorder RTL lines for non-bidi terminals."
)
LIMIT = click.option(
    "--limit", default=20, show_default=True, type=click.IntRange(1, 1000), help="At most N."
)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A --since/--until date: ISO, or anything the metadata date parser reads (Jalali too)."""
    if value is None:
        return None
    from didban.ingest.published import parse_published

    parsed = parse_published(value)
    if parsed is None:
        raise click.BadParameter(f"not a date: {value!r} (use YYYY-MM-DD or a Jalali date like 1405/09/08)")
    return parsed


@contextmanager
def _open(db: str, *, readonly: bool) -> Iterator[SQLiteStore]:
    from didban.store import StoreError, open_store

    try:
        store = open_store(db, readonly=readonly)
    except StoreError as error:
        raise click.ClickException(str(error)) from error
    try:
        yield store
    finally:
        store.close()


def _shape(bidi: bool) -> Callable[[str], str]:
    from didban.render import visual_order

    return visual_order if bidi else str


def _emit_json(record: Any) -> None:
    sys.stdout.write(msgspec.json.encode(record).decode("utf-8"))
    sys.stdout.write("\n")


# -- ingest -----------------------------------------------------------------------------------------------


@click.command()
@click.argument("sources", nargs=-1, required=True)
@DB
@click.option("--map", "field_map", multiple=True, metavar="FIELD=COLUMN", help="Read FIELD from COLUMN.")
@click.option("--workers", default=0, type=click.IntRange(0, 64), help="Worker processes (0: one per core).")
@click.option(
    "--force", is_flag=True, help="Read inputs again even if an earlier ingest read them to the end."
)
@click.option(
    "--published", metavar="DATE", callback=_date, help="Publication date for inputs that do not say."
)
@click.option("--outlet", metavar="NAME", type=TEXT, help="Publishing outlet for inputs that do not say.")
@click.option("--no-follow", is_flag=True, help="Do not fetch the pages of summary-only feed items.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def ingest(
    sources: tuple[str, ...],
    db: str,
    field_map: tuple[str, ...],
    workers: int,
    force: bool,
    published: str | None,
    outlet: str | None,
    no_follow: bool,
    quiet: bool,
) -> None:
    """Read SOURCES (files, directories, globs, URLs, - for stdin; text, JSON/JSONL/CSV, HTML, RSS/Atom,
    WARC) into the corpus. Identical content is stored once; running it again adds nothing new."""
    from didban.ingest.records import parse_field_map
    from didban.ingest.run import Options
    from didban.ingest.run import ingest as run_ingest

    try:
        mapping = parse_field_map(field_map) or None
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--map") from error
    options = Options(
        workers=workers,
        mapping=mapping,
        force=force,
        published=published,
        outlet=outlet,
        follow_links=not no_follow,
    )
    with _open(db, readonly=False) as store, _progress(quiet) as progress:
        try:
            report = run_ingest(sources, store, options, progress=progress)
        except KeyboardInterrupt:
            click.echo("didban: interrupted; run the same command again to resume", err=True)
            sys.exit(130)
    for failure in report.failures:
        click.echo(f"didban: {failure.origin}: {failure.reason}", err=True)
    if report.failed > len(report.failures):
        click.echo(f"didban: … {report.failed - len(report.failures)} more (`didban failures`)", err=True)
    click.echo(f"didban: {report.summary()}", err=True)
    if report.failed and not report.added and not report.duplicates:
        sys.exit(1)


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[Any], None] | None]:
    """A progress line on stderr when it is a terminal."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("reading", total=None)

        def show(report: Any) -> None:
            rate = report.read / report.seconds if report.seconds else 0
            counts = f"added {report.added} · duplicates {report.duplicates} · failed {report.failed}"
            bar.update(task, description=f"{counts} · {rate:.0f}/s")

        yield show


@click.command()
@click.argument("feeds_file", type=click.Path(exists=True, dir_okay=False))
@DB
@click.option("--every", default="10m", show_default=True, help="Polling interval (30s, 10m, 1h30m).")
@click.option("--rounds", type=click.IntRange(1), help="Stop after N polling rounds (default: until Ctrl-C).")
def watch(feeds_file: str, db: str, every: str, rounds: int | None) -> None:
    """Poll the RSS/Atom feeds listed in FEEDS_FILE (one URL per line) and store new items as they come.

    Conditional GET (ETag / Last-Modified); a feed that fails is polled less and less often; an item is
    never fetched twice."""
    from didban.ingest.fetch import Fetcher
    from didban.ingest.run import store_documents
    from didban.ingest.watch import parse_interval, read_feeds_file
    from didban.ingest.watch import watch as poll_forever

    try:
        interval = parse_interval(every)
        urls = read_feeds_file(feeds_file)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    if not urls:
        raise click.ClickException(f"{feeds_file}: no feed URLs (one http(s) URL per line)")

    with _open(db, readonly=False) as store, Fetcher() as fetcher:

        def keep(documents: list[Any]) -> None:
            report = store_documents(documents, store)
            click.echo(f"didban: {report.summary()}", err=True)

        def failed(failure: Any) -> None:
            store.write([failure])
            click.echo(f"didban: {failure.origin}: {failure.reason}", err=True)

        click.echo(f"didban: watching {len(urls)} feed(s) every {every}; Ctrl-C stops", err=True)
        stored = poll_forever(
            urls, store, fetcher, every=interval, store_documents=keep, on_failure=failed, rounds=rounds
        )
    click.echo(f"didban: stopped; {stored} new item(s) taken", err=True)


# -- queries ----------------------------------------------------------------------------------------------


def _filters(limit: int, **values: Any) -> Filters:
    from didban.store.base import Filters

    return Filters(limit=limit, **{k: v for k, v in values.items() if v})


def _query(text: str) -> Any:
    from didban.search import QueryError, parse_query

    try:
        return parse_query(text)
    except QueryError as error:
        raise click.UsageError(f"query not understood: {error}") from error


@click.command()
@click.argument("query", type=TEXT)
@DB
@click.option("--speaker", metavar="NAME", type=TEXT, help="Only articles quoting this speaker.")
@click.option("--entity", metavar="NAME", type=TEXT, help="Only articles mentioning this entity.")
@click.option(
    "--source", metavar="OUTLET", type=TEXT, help="Only articles from or citing this outlet (name or id)."
)
@click.option("--topic", metavar="T", type=TEXT, help="Only articles with this topic label.")
@click.option("--since", metavar="DATE", callback=_date, help="Published on or after DATE.")
@click.option("--until", metavar="DATE", callback=_date, help="Published on or before DATE.")
@LIMIT
@AS_JSON
@BIDI
@click.option("--sql", "show_sql", is_flag=True, help="Print the SQL that would run, and stop.")
def search(
    query: str,
    db: str,
    limit: int,
    as_json: bool,
    bidi: bool,
    show_sql: bool,
    **filters: str | None,
) -> None:
    """Full-text search: words (all must occur), "phrases", OR, -word, prefix*. Spellings fold together:
    درگیری‌ها = درگیریها = درگیری ها, ي/ی, ك/ک, ۱۴۰۵ = 1405."""
    parsed = _query(query)
    chosen = _filters(limit, **filters)
    if show_sql:
        from didban.store.sqlite import search_sql

        sql, params = search_sql(parsed, chosen)
        click.echo(sql)
        click.echo(msgspec.json.encode(params).decode("utf-8"))
        return
    from didban.store.sqlite import sqlite3

    with _open(db, readonly=True) as store:
        try:
            hits = store.search(parsed, chosen)
        except sqlite3.OperationalError as error:
            raise click.ClickException(f"search failed: {error}") from error
    if as_json:
        for hit in hits:
            _emit_json(hit)
        return
    _print_hits(hits, _shape(bidi))


def _print_hits(hits: list[Hit], shape: Callable[[str], str]) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console()
    if not hits:
        console.print("no articles found")
        return
    for hit in hits:
        meta = " · ".join(x for x in (hit.published, hit.outlet, hit.id, hit.url) if x)
        console.print(Text(shape(hit.headline or "(no headline)"), style="bold", justify="right"))
        console.print(Text(meta, style="dim"))
        console.print(_highlighted(hit.snippet, hit.highlights, shape))
        console.print()


def _highlighted(snippet: str, spans: list[tuple[int, int]], shape: Callable[[str], str]) -> Any:
    from rich.text import Text

    if shape is not str:  # reordered for display: offsets no longer apply
        return Text(shape(snippet), justify="right")
    text = Text(snippet, justify="right")
    for start, end in spans:
        text.stylize("bold yellow", start, end)
    return text


@click.command(name="quotes")
@DB
@click.option(
    "--speaker", metavar="NAME", type=TEXT, help="Quotations by this speaker (any word of the name)."
)
@click.option(
    "--about", metavar="TERM", type=TEXT, help="Quotations whose text matches TERM (search syntax)."
)
@click.option("--source", metavar="OUTLET", type=TEXT, help="Only in articles from or citing this outlet.")
@click.option("--since", metavar="DATE", callback=_date, help="Published on or after DATE.")
@click.option("--until", metavar="DATE", callback=_date, help="Published on or before DATE.")
@LIMIT
@AS_JSON
@BIDI
def quotes_command(
    db: str,
    speaker: str | None,
    about: str | None,
    source: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    as_json: bool,
    bidi: bool,
) -> None:
    """Who said what: stored quotations, newest first."""
    chosen = _filters(limit, speaker=speaker, source=source, since=since, until=until)
    query = _query(about) if about else None
    with _open(db, readonly=True) as store:
        records = store.quotes(chosen, query)
    if as_json:
        for record in records:
            _emit_json(record)
        return
    _print_quotes(records, _shape(bidi))


def _print_quotes(records: list[QuoteRecord], shape: Callable[[str], str]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    if not records:
        console.print("no quotations found")
        return
    table = Table(show_lines=True)
    for name in ("quotation", "kind", "speaker", "article"):
        table.add_column(name, justify="right" if name != "kind" else "left")
    for record in records:
        article = " · ".join(x for x in (record.published, record.outlet, record.article_id) if x)
        table.add_row(*map(Text, (shape(record.text), record.kind, shape(record.speaker or "?"), article)))
    console.print(table)


@click.command()
@DB
@click.option("--top", default=20, show_default=True, type=click.IntRange(1, 10_000), help="How many.")
@click.option(
    "--label", type=click.Choice(["PER", "ORG", "LOC", "FAC", "EVENT", "PRODUCT"]), help="Only this type."
)
@AS_JSON
@BIDI
def entities(db: str, top: int, label: str | None, as_json: bool, bidi: bool) -> None:
    """The entities named in the most articles."""
    with _open(db, readonly=True) as store:
        counts = store.entities(top=top, label=label)
    if as_json:
        for count in counts:
            _emit_json(count)
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    if not counts:
        click.echo("no entities stored (entity recognition fills them when it runs)")
        return
    shape = _shape(bidi)
    table = Table()
    for name in ("entity", "label", "articles", "mentions", "id"):
        table.add_column(name, justify="right")
    for count in counts:
        cells = (shape(count.name), count.label, str(count.articles), str(count.mentions), count.id)
        table.add_row(*map(Text, cells))
    Console().print(table)


@click.command()
@click.argument("article_id", type=TEXT)
@DB
@AS_JSON
@BIDI
def show(article_id: str, db: str, as_json: bool, bidi: bool) -> None:
    """Print a stored article (its id, or a unique prefix of 6+ characters)."""
    with _open(db, readonly=True) as store:
        article = store.get(article_id)
    if article is None:
        raise click.ClickException(f"no article {article_id!r} in {db}")
    if as_json:
        click.echo(article.to_json())
        return
    from rich.console import Console

    from didban.render import render_article

    render_article(article, Console(), bidi=bidi)


@click.command()
@DB
@LIMIT
@AS_JSON
def failures(db: str, limit: int, as_json: bool) -> None:
    """Inputs that could not be read or analysed, with the reason."""
    with _open(db, readonly=True) as store:
        found = store.failures(limit)
    for failure in found:
        if as_json:
            _emit_json(failure)
        else:
            click.echo(f"{failure.origin}: {failure.reason}")


COMMANDS = (ingest, watch, search, quotes_command, entities, show, failures)
