"""The ``didban`` command line: a thin layer over the library.

Each command parses its options, calls one library function and formats the result. Errors are one line
on stderr with a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from didban.cli_text import TEXT
from didban.document import Failure

if TYPE_CHECKING:
    from didban.article import Article

Writer = Callable[["Article"], None]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="didban")
def main() -> None:
    """Didban (دیدبان): read Persian news into structured, searchable data."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Write one JSON article per line (didban.article/1).")
@click.option("--published", metavar="DATE", help="Publication date (YYYY-MM-DD) for plain-text inputs.")
@click.option("--outlet", metavar="NAME", type=TEXT, help="Publishing outlet, when the inputs do not say.")
@click.option("--bidi", is_flag=True, envvar="DIDBAN_BIDI", help="Reorder RTL lines for non-bidi terminals.")
@click.option(
    "--summary-size", type=click.IntRange(1, 3), default=1, show_default=True, help="Summary sentences."
)
def analyze(
    inputs: tuple[str, ...],
    as_json: bool,
    published: str | None,
    outlet: str | None,
    bidi: bool,
    summary_size: int,
) -> None:
    """Read articles from INPUTS: text, JSON or JSONL files, directories, or - for stdin."""
    from didban.ingest.inputs import read_inputs
    from didban.read.pipeline import analyze_all, reading_stages

    documents = (
        item if isinstance(item, Failure) else item.fill(published=published, outlet=outlet)
        for item in read_inputs(inputs)
    )
    show = _json_writer() if as_json else _terminal_writer(bidi)
    read = failed = 0
    for result in analyze_all(documents, reading_stages(summary_size)):
        if isinstance(result, Failure):
            failed += 1
            click.echo(f"didban: {result.origin}: {result.reason}", err=True)
            continue
        read += 1
        show(result)
    if failed:
        click.echo(f"didban: read {read} article(s), {failed} input(s) failed", err=True)
        sys.exit(1)


def _json_writer() -> Writer:
    out = sys.stdout

    def write(article: Article) -> None:
        out.write(article.to_json())
        out.write("\n")

    return write


def _terminal_writer(bidi: bool) -> Writer:
    from rich.console import Console

    from didban.render import render_article

    console = Console()
    return lambda article: render_article(article, console, bidi=bidi)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the Article contract."""
    from didban.article import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


NEWS_DATA = click.option(
    "--data",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    required=True,
    help="The news data folder (with fars/ and varzesh3/).",
)
SAMPLE = click.option("--sample", default=3000, show_default=True, help="Held-out paragraphs per set.")


@main.group(name="eval")
def evaluate() -> None:
    """Measure quality on held-out data; each command prints a table."""


@evaluate.command(name="zwnj")
@NEWS_DATA
@SAMPLE
@click.option(
    "--baselines-python",
    type=click.Path(path_type=Path),
    help="Python of a venv with hazm 0.10.0 and parsivar, to score them side by side.",
)
@click.option(
    "--handcheck",
    type=click.Path(path_type=Path),
    default=Path("eval/zwnj-handcheck.tsv"),
    show_default=True,
    help="Hand-checked sample of ZWNJs placed where the original has a space.",
)
@click.option(
    "--handcheck-glued",
    type=click.Path(path_type=Path),
    default=Path("eval/zwnj-handcheck-glued.tsv"),
    show_default=True,
    help="Hand-checked sample of ZWNJs placed inside words the original writes glued.",
)
@click.option(
    "--thresholds",
    type=(float, float),
    metavar="GLUED PAIR",
    help="Run Didban's half-space model at these decision thresholds (log-odds) instead of its own, to"
    " measure the trade-off; the hand-check files are then read, not rewritten.",
)
def eval_zwnj(
    data: Path,
    sample: int,
    baselines_python: Path | None,
    handcheck: Path,
    handcheck_glued: Path,
    thresholds: tuple[float, float] | None,
) -> None:
    """Half-space restoration on glued and spaced corruptions of real paragraphs."""
    from didban.evaluation.zwnj import didban_system, evaluate_zwnj, format_report

    if baselines_python is not None and not baselines_python.exists():
        raise click.UsageError(f"no python at {baselines_python} (run `make baselines`)")
    report = evaluate_zwnj(
        data,
        sample=sample,
        baselines_python=baselines_python,
        handcheck=handcheck,
        handcheck_glued=handcheck_glued,
        custom={"didban": didban_system(thresholds)} if thresholds else None,
        write_handcheck_file=False if thresholds else None,
    )
    if thresholds:
        report.notes.append(f"didban ran at thresholds glued {thresholds[0]:g}, pair {thresholds[1]:g}")
    click.echo(format_report(report))


@evaluate.command(name="structure")
@NEWS_DATA
def eval_structure(data: Path) -> None:
    """Headline and lead recovery from plain text on held-out news articles."""
    from didban.evaluation.structure import evaluate_structure, format_structure_report

    click.echo(format_structure_report(evaluate_structure(data)))


@evaluate.command(name="sources")
@NEWS_DATA
def eval_sources(data: Path) -> None:
    """Source-chain coverage on the news sets (no gold set: coverage, not accuracy)."""
    from didban.evaluation.sources import evaluate_sources, format_sources_report

    click.echo(format_sources_report(evaluate_sources(data)))


@evaluate.command(name="ner")
@click.option(
    "--data",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    required=True,
    help="The NER corpora folder (peyma/, arman/, parstwiner/), e.g. ../shared/data/ner.",
)
@click.option(
    "--tagger",
    type=click.Choice(["neural", "crf"]),
    default="neural",
    show_default=True,
    help="neural: the shipped tagger's recipe (trained with PyTorch in --torch-python, about 45 minutes); "
    "crf: the CRF baseline (python-crfsuite, about 7 minutes).",
)
@click.option(
    "--torch-python",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(".venv-torch/bin/python"),
    show_default=True,
    help="A Python with torch, gensim and onnx (`make torch`), run from the repository's root.",
)
def eval_ner(data: Path, tagger: str, torch_python: Path) -> None:
    """Train and score the NER recipe on PEYMA, Arman (3 folds) and ParsTwiNER (CoNLL exact spans)."""
    if tagger == "crf":
        from didban.evaluation.ner import evaluate_ner, format_ner_report

        report = evaluate_ner(data, progress=lambda message: click.echo(message, err=True))
        click.echo(format_ner_report(report))
        return
    script = Path("training/train_ner_neural.py")
    if not torch_python.exists() or not script.is_file():
        raise click.UsageError(f"needs {torch_python} (`make torch`) and {script}: run from the repository")
    import os
    import subprocess

    command = [str(torch_python), str(script), "--data", str(data), "--multi", "--protocol"]
    done = subprocess.run(command, env={**os.environ, "OMP_NUM_THREADS": "1"}, check=False)
    if done.returncode:
        raise SystemExit(done.returncode)


@evaluate.command(name="topic")
@NEWS_DATA
@click.option(
    "--labels",
    type=click.Choice(["archive", "sections"]),
    default="archive",
    show_default=True,
    help="Gold labels: sections with the archive's shifted sections remapped (as trained), or sections only.",
)
@click.option("--no-baseline", is_flag=True, help="Skip the TF-IDF + LinearSVC baseline (scikit-learn).")
def eval_topic(data: Path, labels: str, no_baseline: bool) -> None:
    """Topic accuracy and macro-F1 on the held-out 30 % of the news, beside a TF-IDF + linear SVM."""
    from didban.evaluation.topic import evaluate_topic, format_topic_report

    click.echo(format_topic_report(evaluate_topic(data, mapping=labels, baseline=not no_baseline)))


@evaluate.command(name="summary")
@NEWS_DATA
def eval_summary(data: Path) -> None:
    """ROUGE of the summary against the Fars abstracts, beside Lead and TextRank, on held-out articles."""
    from didban.evaluation.summary import evaluate_summary, format_summary_report

    click.echo(format_summary_report(evaluate_summary(data)))


@evaluate.command(name="zwnj-ceiling")
@NEWS_DATA
@SAMPLE
def eval_zwnj_ceiling(data: Path, sample: int) -> None:
    """The best any word-by-word half-space repair could score on the evaluation paragraphs."""
    from didban.evaluation.zwnj_ceiling import evaluate_ceiling, format_ceiling

    click.echo(format_ceiling(evaluate_ceiling(data, sample)))


@evaluate.command(name="quotes")
@NEWS_DATA
@click.option(
    "--gold",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("eval/quotes"),
    show_default=True,
    help="The gold folder (gold.jsonl, articles.tsv).",
)
@click.option(
    "--seed",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=Path("examples/seed.txt"),
    show_default=True,
    help="The seed article the gold key `seed` names.",
)
@click.option(
    "--errors", is_flag=True, help="Also list every missed, false and wrongly attributed quotation."
)
@click.option("--part", type=click.Choice(["dev", "test", "all"]), help="List errors of this part only.")
@click.option("--show", is_flag=True, help="Print the gold quotations with their text instead of scoring.")
def eval_quotes(data: Path, gold: Path, seed: Path, errors: bool, part: str | None, show: bool) -> None:
    """Quotation spans (P/R/F1 per kind) and speaker accuracy against the hand-checked gold set."""
    from didban.evaluation.quotes import evaluate_quotes, format_quotes_report, show_gold

    if show:
        click.echo(show_gold(data, gold, seed=seed))
        return
    result = evaluate_quotes(data, gold, seed=seed, only=part)
    click.echo(format_quotes_report(result, errors=errors))


def _register_corpus_commands() -> None:
    from didban.cli_corpus import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_register_corpus_commands()

if __name__ == "__main__":
    main()
