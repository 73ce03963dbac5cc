"""Turn text-based annotation files into ``gold.jsonl`` (offsets and hashes, no article text).

    python eval/quotes/import_annotations.py ../shared/data/news ANNOTATIONS.jsonl... \
        > eval/quotes/gold.jsonl

An annotation line is ``{"article": key, "quotes": [{"kind", "text", "speaker", "speaker_mention", "cue",
"occurrence"?}]}`` with ``text`` copied from the article; it is located in the raw article (letters,
diacritics and half-spaces folded) and stored as raw offsets. A span that cannot be found stops the import.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from didban.evaluation.quotes import gold_documents, locate, span_hash
from didban.read.pipeline import compose_raw


def main(data_dir: Path, paths: list[Path]) -> None:
    """Print one gold line per annotated article, in the order of the annotation files."""
    entries = [
        json.loads(line) for path in paths for line in path.read_text("utf-8").splitlines() if line.strip()
    ]
    documents = gold_documents(data_dir, [e["article"] for e in entries], Path("examples/seed.txt"))
    for entry in entries:
        raw = compose_raw(documents[entry["article"]])[0]
        quotes = []
        for quote in entry["quotes"]:
            span = locate(raw, quote["text"], quote.get("occurrence", 1))
            if span is None:
                raise SystemExit(f"{entry['article']}: not found: {quote['text'][:60]}")
            start, end = span
            quotes.append(
                {
                    "start": start,
                    "end": end,
                    "sha1": span_hash(raw[start:end]),
                    "kind": quote["kind"],
                    "speaker": quote["speaker"],
                    "speaker_mention": quote["speaker_mention"],
                    "cue": quote["cue"],
                }
            )
        quotes.sort(key=lambda q: q["start"])
        print(json.dumps({"article": entry["article"], "quotes": quotes}, ensure_ascii=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]])
