"""Corpus benchmark: ``didban ingest`` throughput and memory, and search latency, at 100k articles.

Usage (part of ``make bench``)::

    .venv/bin/python bench/corpus.py --data ../shared/data/news --articles 100000 --memory-mb 1024

1. A corpus is synthesised by recombining real articles of ``--data`` (Fars and Varzesh3): each synthetic
   article takes the headline of one real article and the paragraphs of two others, chosen with a fixed
   seed, so every article is distinct and reads like news. It is written as JSONL to a work folder.
2. ``didban ingest`` runs on it as a user would run it (a fresh process, all cores, a new database); the
   wall time gives articles/s end to end (read, repair, analyse, index, write). The resident memory of the
   whole process tree (ingest + workers) is sampled every half second.
3. Search latency: a fixed mix of queries (rare and frequent words, two-word phrases, names with a filter),
   each run in a fresh order against the 100k-article database through ``Store.search`` (SQL, BM25 and the
   snippets), p50/p95/max over all runs.
4. ``--memory-mb``: a second JSONL of at least that size is ingested into a throwaway database and its memory
   sampled the same way, to show that memory stays flat in the input size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

SEED = 20261129
ROOT = Path(__file__).resolve().parent.parent
DIDBAN = Path(sys.executable).parent / "didban"
TARGET_RATE = 150.0
TARGET_P95_MS = 20.0


def real_articles(data: Path) -> list[dict[str, object]]:
    """Every record of the news folder with a title and paragraphs."""
    records = []
    for path in sorted(data.glob("*/*.json")):
        for record in json.loads(path.read_text(encoding="utf-8")):
            if record.get("title") and record.get("paragraphs"):
                records.append(record)
    return records


def synthesise(records: list[dict[str, object]], count: int, out: Path, *, min_bytes: int = 0) -> int:
    """Write ``count`` recombined articles (more until the file reaches ``min_bytes``); returns the count."""
    rng = random.Random(SEED)
    written = size = 0
    with out.open("w", encoding="utf-8") as stream:
        while written < count or size < min_bytes:
            head, first, second = rng.sample(records, 3)
            paragraphs = [*first["paragraphs"], *second["paragraphs"]]  # type: ignore[misc]
            record = {
                "title": head["title"],
                "abstract": first.get("abstract") or None,
                "paragraphs": paragraphs,
                "link": f"https://bench.didban.invalid/{written}",
                "published": _random_date(rng),
            }
            line = json.dumps(record, ensure_ascii=False) + "\n"
            stream.write(line)
            size += len(line.encode("utf-8"))
            written += 1
    return written


def _random_date(rng: random.Random) -> str:
    return f"20{rng.randrange(10, 21)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"


class Memory(NamedTuple):
    """Resident memory of a process tree over a run (MB): samples and their peak."""

    samples: list[float]

    @property
    def peak(self) -> float:
        return max(self.samples, default=0.0)

    def at(self, fraction: float) -> float:
        """The sample at ``fraction`` of the run."""
        if not self.samples:
            return 0.0
        return self.samples[min(len(self.samples) - 1, int(fraction * (len(self.samples) - 1)))]


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MB."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        stack.extend(children.get(current, []))
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def run_ingest(corpus: Path, db: Path) -> tuple[float, Memory, str]:
    """``didban ingest`` in a fresh process: wall seconds, memory samples, its summary line."""
    command = [str(DIDBAN), "ingest", str(corpus), "--db", str(db), "--quiet"]
    started = time.perf_counter()
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    samples = []
    while process.poll() is None:
        samples.append(tree_rss_mb(process.pid))
        time.sleep(0.5)
    seconds = time.perf_counter() - started
    summary = process.stderr.read().strip().splitlines()[-1] if process.stderr else ""
    if process.returncode:
        raise SystemExit(f"ingest failed ({process.returncode}): {summary}")
    return seconds, Memory(samples), summary


QUERIES = (
    # frequent words
    ("ایران", {}),
    ("گفت", {}),
    ("تیم", {}),
    ("مجلس", {}),
    # rarer words and spellings that fold
    ("درگیریها", {}),
    ("پرسپولیس", {}),
    ("استانداری", {}),
    ("قاچاق", {}),
    ("خشکسالی", {}),
    ("۱۴۰۰", {}),
    # phrases and several words
    ('"جام جهانی"', {}),
    ('"مجلس شورای اسلامی"', {}),
    ("وزیر امور خارجه", {}),
    ("قیمت نفت", {}),
    ("استقلال پرسپولیس", {}),
    ("آمریکا تحریم", {}),
    # with filters
    ("ایران", {"since": "2015-01-01", "until": "2016-12-31"}),
    ("مجلس", {"source": "fars"}),
    ("تیم", {"speaker": "برانکو"}),
    ("دولت", {"speaker": "روحانی"}),
)


def search_latency(db: Path, rounds: int) -> tuple[list[float], int]:
    """Milliseconds per query over ``rounds`` shuffled passes of :data:`QUERIES`, and hits returned."""
    from didban.search import parse_query
    from didban.store import open_store
    from didban.store.base import Filters

    store = open_store(db, readonly=True)
    rng = random.Random(SEED)
    timings, hits = [], 0
    store.search(parse_query("ایران"), Filters())  # warm the page cache once
    for _ in range(rounds):
        order = list(QUERIES)
        rng.shuffle(order)
        for text, filters in order:
            started = time.perf_counter()
            found = store.search(parse_query(text), Filters(limit=20, **filters))
            timings.append((time.perf_counter() - started) * 1000)
            hits += len(found)
    store.close()
    return timings, hits


def print_search(db: Path, rounds: int) -> None:
    """Search latency alone, on an existing corpus."""
    timings, hits = search_latency(db, rounds)
    count = (
        sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute("SELECT count(*) FROM articles").fetchone()[0]
    )
    print(f"### Search latency ({time.strftime('%Y-%m-%d')}): {count:,} articles in {db.name}\n")
    print("| measure | value | target |\n|---|---:|---:|")
    print(f"| search p50 | {percentile(timings, 0.5):.1f} ms | |")
    print(f"| search p95 | {percentile(timings, 0.95):.1f} ms | ≤ {TARGET_P95_MS:.0f} |")
    print(f"| search max | {max(timings):.1f} ms | |")
    print(f"| queries run / hits returned | {len(timings):,} / {hits:,} | |")


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` quantile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def main(argv: list[str] | None = None) -> None:
    """Run the corpus benchmark and print Markdown tables."""
    parser = argparse.ArgumentParser(description="Didban corpus benchmark: ingest and search at scale.")
    parser.add_argument("--data", type=Path, required=True, help="the news folder (../shared/data/news)")
    parser.add_argument("--articles", type=int, default=100_000, help="synthetic articles (default 100000)")
    parser.add_argument("--rounds", type=int, default=10, help="passes over the query mix (default 10)")
    parser.add_argument("--memory-mb", type=int, default=0, help="also ingest a JSONL of this many MB")
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary one, removed)")
    parser.add_argument("--search-db", type=Path, help="only measure search latency on this corpus")
    args = parser.parse_args(argv)
    if args.search_db:
        print_search(args.search_db, args.rounds)
        return

    records = real_articles(args.data)
    with tempfile.TemporaryDirectory(dir=args.work) as folder:
        work = Path(folder)
        corpus = work / "corpus.jsonl"
        count = synthesise(records, args.articles, corpus)
        size_mb = corpus.stat().st_size / 1e6
        seconds, memory, summary = run_ingest(corpus, work / "corpus.db")
        db_mb = (work / "corpus.db").stat().st_size / 1e6
        timings, hits = search_latency(work / "corpus.db", args.rounds)
        print(f"### Corpus benchmark ({time.strftime('%Y-%m-%d')})\n")
        print(
            f"Machine: `nproc` = {os.cpu_count()}, Python {platform.python_version()}, {platform.platform()}."
        )
        print(
            f"Corpus: {count:,} synthetic articles recombined from {len(records):,} real ones, "
            f"{size_mb:.0f} MB JSONL."
        )
        print(f"Ingest summary: `{summary}`\n")
        rate = count / seconds
        print("| measure | value | target |\n|---|---:|---:|")
        print(f"| ingest, end to end | {rate:,.0f} articles/s ({seconds:,.0f} s) | ≥ {TARGET_RATE:.0f} |")
        print(
            f"| ingest memory (process tree) at 10 / 50 / 100 % | {memory.at(0.1):.0f} / "
            f"{memory.at(0.5):.0f} / {memory.at(1.0):.0f} MB (peak {memory.peak:.0f}) | flat |"
        )
        print(f"| database size | {db_mb:,.0f} MB | |")
        print(f"| search p50 | {percentile(timings, 0.5):.1f} ms | |")
        print(f"| search p95 | {percentile(timings, 0.95):.1f} ms | ≤ {TARGET_P95_MS:.0f} |")
        print(f"| search max | {max(timings):.1f} ms | |")
        print(f"| queries run / hits returned | {len(timings):,} / {hits:,} | |")
        if args.memory_mb:
            big = work / "big.jsonl"
            big_count = synthesise(records, 0, big, min_bytes=args.memory_mb * 1_000_000)
            corpus.unlink()
            big_seconds, big_memory, _ = run_ingest(big, work / "big.db")
            print(
                f"| ingest of {big.stat().st_size / 1e9:.2f} GB JSONL ({big_count:,} articles) | "
                f"{big_count / big_seconds:,.0f} articles/s ({big_seconds:,.0f} s) | |"
            )
            print(
                f"| its memory at 10 / 50 / 100 % | {big_memory.at(0.1):.0f} / {big_memory.at(0.5):.0f} / "
                f"{big_memory.at(1.0):.0f} MB (peak {big_memory.peak:.0f}) | flat |"
            )
        verdict_rate = "MET" if rate >= TARGET_RATE else "MISS"
        verdict_p95 = "MET" if percentile(timings, 0.95) <= TARGET_P95_MS else "MISS"
        print(
            f"\nIngest ≥ {TARGET_RATE:.0f} articles/s: **{verdict_rate}**; "
            f"search p95 ≤ {TARGET_P95_MS:.0f} ms: **{verdict_p95}**."
        )


if __name__ == "__main__":
    main()
