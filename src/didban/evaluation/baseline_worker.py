"""Run hazm or parsivar over batches of text, inside the baselines venv (``make baselines``).

This file is run as a script by another interpreter (``.venv-baselines/bin/python baseline_worker.py``),
so it imports nothing from Didban. Protocol, one JSON object per line:

* on start it prints ``{"ready": true, "import_seconds": s}`` (the time to import and build the tools);
* each input line is ``{"texts": [...]}``, and it answers with one line:

  - task ``normalize``: ``{"out": [normalized texts], "seconds": s}``;
  - task ``pipeline`` (normalize, then split into words): ``{"tokens": n, "seconds": s}``.

``seconds`` is measured inside this process around the library calls only, so start-up, JSON and pipe
costs are left out of the throughput. No downloaded data is needed: hazm's ``Normalizer`` and
``word_tokenize`` and parsivar's ``Normalizer`` and ``Tokenizer`` use files shipped in their wheels.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Normalize = Callable[[str], str]
Tokenize = Callable[[str], list[str]]


def load(system: str) -> tuple[Normalize, Tokenize]:
    """Import a baseline library and build its normalizer and word tokenizer (default settings).

    Both are called once here, so resources they build on first use (hazm's ``word_tokenize`` loads its
    word list then) count as start-up, not as throughput.
    """
    if system == "hazm":
        import hazm

        normalize, tokenize = hazm.Normalizer().normalize, hazm.word_tokenize
    elif system == "parsivar":
        import parsivar

        normalize, tokenize = parsivar.Normalizer().normalize, parsivar.Tokenizer().tokenize_words
    else:
        raise SystemExit(f"unknown system {system!r}; expected hazm or parsivar")
    tokenize(normalize("کتابهای خوب را می خوانند."))
    return normalize, tokenize


def answer(task: str, texts: list[str], normalize: Normalize, tokenize: Tokenize) -> dict[str, object]:
    """Process one batch and time only the library calls."""
    start = time.perf_counter()
    if task == "normalize":
        out = [normalize(text) for text in texts]
        return {"out": out, "seconds": time.perf_counter() - start}
    tokens = sum(len(tokenize(normalize(text))) for text in texts)
    return {"tokens": tokens, "seconds": time.perf_counter() - start}


class Worker:
    """The calling side: one worker process in another interpreter, fed batch by batch."""

    def __init__(self, python: Path, system: str, task: str = "normalize") -> None:
        command = [str(python), "-X", "utf8", __file__, "--system", system, "--task", task]
        self.system = system
        # stderr goes to a file: a full pipe would block a chatty worker
        self._stderr = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            encoding="utf-8",
        )
        try:
            self.import_seconds = float(self._read()["import_seconds"])
        except RuntimeError:
            self.close()
            raise

    def run(self, texts: list[str]) -> dict[str, Any]:
        """Send one batch and wait for its answer."""
        assert self._process.stdin is not None
        self._process.stdin.write(json.dumps({"texts": texts}, ensure_ascii=False) + "\n")
        self._process.stdin.flush()
        return self._read()

    def _read(self) -> dict[str, Any]:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            self._process.wait()
            self._stderr.seek(0)
            error = self._stderr.read()
            raise RuntimeError(f"{self.system} worker failed: {error.strip()[-2000:]}")
        return json.loads(line)

    def close(self) -> None:
        """Close stdin and wait for the process to end."""
        if self._process.stdin:
            self._process.stdin.close()
        self._process.wait(timeout=30)
        if self._process.stdout:
            self._process.stdout.close()
        self._stderr.close()

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def main(argv: list[str] | None = None) -> None:
    """Serve batches from stdin until it closes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--system", required=True, choices=["hazm", "parsivar"])
    parser.add_argument("--task", default="normalize", choices=["normalize", "pipeline"])
    args = parser.parse_args(argv)
    start = time.perf_counter()
    normalize, tokenize = load(args.system)
    ready = {"ready": True, "import_seconds": time.perf_counter() - start}
    sys.stdout.write(json.dumps(ready) + "\n")
    sys.stdout.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        texts = json.loads(line)["texts"]
        sys.stdout.write(json.dumps(answer(args.task, texts, normalize, tokenize), ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
