"""Speed benchmark: Didban's repair + tokenize against hazm and parsivar, on the same real news text.

Usage (``make bench``)::

    .venv/bin/python bench/run.py --data ../shared/data/news --baselines-python .venv-baselines/bin/python

The text is every paragraph of every article under ``--data`` (one text per article, paragraphs joined by
line breaks), repeated until it reaches ``--mb`` megabytes of UTF-8. Each system runs over the same texts:
Didban in fresh child interpreters (with its compiled fast paths, then on its pure-Python code), hazm and
parsivar in the baselines venv through
:mod:`didban.evaluation.baseline_worker`, timed inside their process around the library calls only (their
import and start-up are measured apart). Import cost is measured in fresh interpreters.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import NamedTuple

from didban.evaluation.baseline_worker import Worker
from didban.text.compiled import PURE_PYTHON_VARIABLE, speedups

BATCH = 200  # articles per message to a baseline worker
TASKS = ("repair", "repair+tokenize")
#: The baseline worker's name for each task.
BASELINE_TASKS = {"repair": "normalize", "repair+tokenize": "pipeline"}
TARGET_VS_HAZM = 2.5
#: Didban without its compiled fast paths, as a package installed without a C compiler runs.
PURE_PYTHON = "didban (pure Python)"
# Peak memory is read from VmHWM: ru_maxrss of a child can keep the high-water mark of the forked parent.
IMPORT_PROBE = """
import time
start = time.perf_counter()
{statement}
seconds = time.perf_counter() - start
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(seconds, int(peak.split()[1]) / 1024)
"""

SAMPLE = "كتابهاي خوب را مي خوانند."
DIDBAN_PROBES = (
    "import sys",  # the bare interpreter, for reference
    "import didban",
    "import didban.text",
    f"from didban.text import repair; repair({SAMPLE!r})",  # lexicons loaded
)
BASELINE_PROBES = (
    "import hazm",
    f"import hazm; hazm.word_tokenize(hazm.Normalizer().normalize({SAMPLE!r}))",
    "import parsivar",
    f"import parsivar; parsivar.Tokenizer().tokenize_words(parsivar.Normalizer().normalize({SAMPLE!r}))",
)


class Speed(NamedTuple):
    """Throughput of one system on one task."""

    system: str
    task: str
    chars: int
    bytes: int
    seconds: float
    tokens: int = 0

    @property
    def chars_per_s(self) -> float:
        """Characters per second."""
        return self.chars / self.seconds

    @property
    def mb_per_s(self) -> float:
        """Megabytes (10^6 bytes of UTF-8) per second."""
        return self.bytes / self.seconds / 1e6


class ImportCost(NamedTuple):
    """Time and peak memory of a statement (an import) in a fresh interpreter (best of a few runs)."""

    statement: str
    seconds: float
    max_rss_mb: float


def load_texts(data_dir: Path, megabytes: float) -> list[str]:
    """One text per article (its paragraphs joined), repeated until ``megabytes`` of UTF-8."""
    texts = []
    for path in sorted(data_dir.glob("*/*.json")):
        for article in json.loads(path.read_text(encoding="utf-8")):
            if paragraphs := [p for p in article.get("paragraphs", []) if p.strip()]:
                texts.append("\n".join(paragraphs))
    if not texts:
        raise SystemExit(f"no article paragraphs under {data_dir}")
    size = sum(len(text.encode("utf-8")) for text in texts)
    return texts * max(1, -(-int(megabytes * 1e6) // size))


def text_size(texts: list[str]) -> tuple[int, int]:
    """Characters and bytes of UTF-8 of the texts."""
    return sum(map(len, texts)), sum(len(text.encode("utf-8")) for text in texts)


def measure(system: str, task: str, texts: list[str], run: Callable[[str], int]) -> Speed:
    """Time one pass of ``run`` (which returns a token count) over every text, in this process."""
    start = time.perf_counter()
    tokens = sum(run(text) for text in texts)
    seconds = time.perf_counter() - start
    return Speed(system, task, *text_size(texts), seconds, tokens)


def didban_pass(texts: list[str], task: str) -> tuple[Speed, float]:
    """One timed pass of Didban in this (fresh) process, after one call that loads its resources."""
    from didban.text import repair
    from didban.text.words import tokenize

    start = time.perf_counter()
    tokenize(repair(texts[0])[0])
    warm_up = time.perf_counter() - start

    def repair_only(text: str) -> int:
        repair(text)
        return 0

    def repair_tokenize(text: str) -> int:
        return len(tokenize(repair(text)[0]))

    return measure("didban", task, texts, repair_only if task == "repair" else repair_tokenize), warm_up


def didban_once(args: argparse.Namespace, system: str, task: str) -> tuple[Speed, float]:
    """One pass of Didban over the texts in a fresh interpreter, and its start-up time.

    A fresh process per pass keeps repair's memo caches from being warmed by a previous pass over the
    very same text, which would flatter the figure. ``system`` :data:`PURE_PYTHON` runs the pure-Python
    code that a package built without a C compiler runs (``DIDBAN_PURE_PYTHON=1``).
    """
    env = {**os.environ, PURE_PYTHON_VARIABLE: "1" if system == PURE_PYTHON else "0"}
    command = [sys.executable, __file__, "--data", str(args.data), "--mb", str(args.mb), "--pass", task]
    found = json.loads(subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout)
    return Speed(**{**found["speed"], "system": system}), found["warm_up"]


def baseline_once(
    python: Path, system: str, task: str, texts: list[str], size: tuple[int, int]
) -> tuple[Speed, float]:
    """One pass of a baseline over the texts (of :func:`text_size` ``size``) in a fresh worker (timed inside
    it), and its start-up time."""
    with Worker(python, system, BASELINE_TASKS[task]) as worker:
        seconds, tokens = _worker_pass(worker, texts)
        return Speed(system, task, *size, seconds, tokens), worker.import_seconds


def interleaved(
    runs: list[tuple[str, str, Callable[[], tuple[Speed, float]]]], repeat: int
) -> tuple[list[Speed], dict[str, float], list[float]]:
    """``repeat`` rounds of one pass of every ``(system, task, run)``, in turn: the best pass of each, the
    best start-up of each system, and Didban's ratio to hazm on repair+tokenize in each round.

    Rounds rather than one system's passes after another's: a shared machine's slow spells then fall on
    every system alike, and the ratio of each round shows how much the machine moved.
    """
    best: dict[tuple[str, str], Speed] = {}
    startups: dict[str, float] = {}
    ratios = []
    for _ in range(repeat):
        this_round = {}
        for system, task, run in runs:
            speed, startup = run()
            this_round[system, task] = speed
            if (system, task) not in best or speed.seconds < best[system, task].seconds:
                best[system, task] = speed
            startups[system] = min(startup, startups.get(system, startup))
        mine, hazm = this_round.get(("didban", TASKS[1])), this_round.get(("hazm", TASKS[1]))
        if mine and hazm:
            ratios.append(mine.chars_per_s / hazm.chars_per_s)
    return list(best.values()), startups, ratios


def _worker_pass(worker: Worker, texts: list[str]) -> tuple[float, int]:
    """One pass of a worker over every text: the seconds it reports and the tokens it counted."""
    seconds, tokens = 0.0, 0
    for start in range(0, len(texts), BATCH):
        answer = worker.run(texts[start : start + BATCH])
        seconds += answer["seconds"]
        tokens += answer.get("tokens", 0)
    return seconds, tokens


def import_cost(python: Path, statement: str, runs: int = 3) -> ImportCost:
    """``statement`` in fresh interpreters: the fastest time and its peak resident memory."""
    best: tuple[float, float] | None = None
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    for _ in range(runs):
        probe = IMPORT_PROBE.format(statement=statement)
        out = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, check=True, env=env)
        seconds, rss = map(float, out.stdout.split())
        best = (seconds, rss) if best is None or seconds < best[0] else best
    assert best is not None
    return ImportCost(statement, *best)


def table(speeds: list[Speed], startups: dict[str, float]) -> list[str]:
    """The throughput table, with Didban's ratio to each baseline on the same task."""
    mine = {s.task: s for s in speeds if s.system == "didban"}
    rows = [
        "| system | task | chars/s | MB/s | tokens | start-up s | didban ÷ this |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for s in speeds:
        ratio = (
            ""
            if s.system == "didban" or s.task not in mine
            else f"{mine[s.task].chars_per_s / s.chars_per_s:.2f}×"
        )
        start = f"{startups[s.system]:.2f}" if s.system in startups else ""
        tokens = f"{s.tokens:,}" if s.tokens else ""
        speed = f"{s.chars_per_s:,.0f} | {s.mb_per_s:.2f}"
        rows.append(f"| {s.system} | {s.task} | {speed} | {tokens} | {start} | {ratio} |")
    return rows


def import_table(costs: list[ImportCost]) -> list[str]:
    """The import-cost table."""
    rows = ["| in a fresh interpreter | seconds | peak RSS MB |", "|---|---:|---:|"]
    rows += [f"| `{c.statement}` | {c.seconds:.3f} | {c.max_rss_mb:.0f} |" for c in costs]
    return rows


def verdict(speeds: list[Speed]) -> str:
    """The target line: Didban repair + tokenize at least 2.5× hazm's."""
    by = {(s.system, s.task): s for s in speeds}
    mine, hazm = by.get(("didban", "repair+tokenize")), by.get(("hazm", "repair+tokenize"))
    if mine is None or hazm is None:
        return f"target (≥ {TARGET_VS_HAZM}× hazm on repair+tokenize): not measured (hazm not run)"
    ratio = mine.chars_per_s / hazm.chars_per_s
    status = "PASS" if ratio >= TARGET_VS_HAZM else "MISS"
    return f"target {status}: didban repair+tokenize is {ratio:.2f}× hazm (target ≥ {TARGET_VS_HAZM}×)"


def spread(ratios: list[float]) -> list[str]:
    """How much the ratio to hazm moved from round to round."""
    if len(ratios) < 2:
        return []
    ordered = sorted(ratios)
    middle = ordered[len(ordered) // 2]
    return [
        f"didban ÷ hazm on repair+tokenize, round by round: lowest {ordered[0]:.2f}×, median {middle:.2f}×,"
        f" highest {ordered[-1]:.2f}× ({len(ratios)} rounds)"
    ]


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its tables (Markdown, ready for docs/benchmarks.md)."""
    parser = argparse.ArgumentParser(description="Didban speed benchmark against hazm and parsivar.")
    parser.add_argument("--data", type=Path, required=True, help="the news folder (../shared/data/news)")
    parser.add_argument("--baselines-python", type=Path, help="interpreter of .venv-baselines")
    parser.add_argument("--mb", type=float, default=5.0, help="at least this many MB of text (default 5)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds of passes; each system's best counts")
    parser.add_argument("--pass", dest="one_pass", choices=TASKS, help=argparse.SUPPRESS)  # one Didban pass
    args = parser.parse_args(argv)
    if args.one_pass:
        speed, warm_up = didban_pass(load_texts(args.data, args.mb), args.one_pass)
        print(json.dumps({"speed": speed._asdict(), "warm_up": warm_up}))
        return
    python = args.baselines_python
    costs = [import_cost(Path(sys.executable), statement) for statement in DIDBAN_PROBES]
    if python is not None:
        costs += [import_cost(python, statement) for statement in BASELINE_PROBES]
    texts = load_texts(args.data, args.mb)
    chars, size = text_size(texts)
    systems = ["didban", *([PURE_PYTHON] if speedups() is not None else [])]  # what the extension buys
    runs: list[tuple[str, str, Callable[[], tuple[Speed, float]]]] = [
        (system, task, partial(didban_once, args, system, task)) for system in systems for task in TASKS
    ]
    if python is not None:
        runs += [
            (system, task, partial(baseline_once, python, system, task, texts, (chars, size)))
            for system in ("hazm", "parsivar")
            for task in TASKS
        ]
    speeds, startups, ratios = interleaved(runs, args.repeat)
    lines = [
        f"text: {len(texts):,} articles, {chars:,} characters, {size / 1e6:.2f} MB UTF-8",
        f"machine: {os.cpu_count()} CPUs (nproc), Python {platform.python_version()}, {platform.platform()}",
        f"each throughput is the best of {args.repeat} passes over the whole text, each in a fresh process;"
        " the systems take turns, one pass each a round",
        f"didban: with its compiled fast paths ({'built' if speedups() else 'NOT built: pure Python'})",
        "start-up: didban = first repair call (lexicons load); hazm/parsivar = import + building the tools",
        "",
        *table(speeds, startups),
        "",
        *import_table(costs),
        "",
        verdict(speeds),
        *spread(ratios),
    ]
    if python is None:
        lines.append("hazm and parsivar not run: pass --baselines-python (see `make baselines`)")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
