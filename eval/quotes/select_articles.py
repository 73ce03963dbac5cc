"""Choose the articles of the quotation gold set from the held-out news split (reproducible).

    python eval/quotes/select_articles.py ../shared/data/news > eval/quotes/articles.tsv

Candidates are held-out articles (``didban.evaluation.split``) of at most ``MAX_CHARS`` characters that
contain a quotation mark or a common reporting verb; a fixed-seed shuffle picks the sample, and the first
articles of each set form the development part (read while building the extractor), the rest the test
part; further development samples are drawn afterwards from the remaining candidates.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from didban.evaluation.quotes import article_key, compose_record
from didban.evaluation.split import evaluation_articles

PER_SET = {"fars": (12, 36), "varzesh3": (8, 28)}  # (dev, test) articles
EXTRA_DEV = (
    {"fars": 12, "varzesh3": 12},
    {"fars": 12, "varzesh3": 12},
    {"fars": 16, "varzesh3": 16},
    {"fars": 20, "varzesh3": 20},
    {"fars": 20, "varzesh3": 20},
    {"fars": 20, "varzesh3": 20},
    {"fars": 20, "varzesh3": 20},
    {"fars": 32, "varzesh3": 32},
)  # later development samples, drawn one after another
MAX_CHARS = 3500
SEED = 20261129
_CANDIDATE = re.compile("«|گفت|افزود|اظهار|تصریح|تاکید|تأکید|به گفته|اعلام کرد|ادامه داد")


def main(data_dir: Path) -> None:
    """Print ``key<TAB>part`` for every chosen article."""
    rng = random.Random(SEED)
    remaining: dict[str, list[str]] = {}
    for name, (dev, test) in PER_SET.items():
        candidates = _candidates(data_dir, name)
        chosen = rng.sample(candidates, dev + test)
        for index, key in enumerate(chosen):
            print(f"{key}\t{'dev' if index < dev else 'test'}")
        remaining[name] = [key for key in candidates if key not in set(chosen)]
    for draw in EXTRA_DEV:
        for name, extra in draw.items():
            picked = rng.sample(remaining[name], extra)
            remaining[name] = [key for key in remaining[name] if key not in set(picked)]
            for key in picked:
                print(f"{key}\tdev")


def _candidates(data_dir: Path, name: str) -> list[str]:
    """Keys of the held-out articles of one set that may hold a quotation, in split order, each once."""
    seen: set[str] = set()
    candidates = []
    for record in evaluation_articles(data_dir, name):
        raw = compose_record(record)
        key = article_key(name, record)
        if key not in seen and len(raw) <= MAX_CHARS and _CANDIDATE.search(raw):
            seen.add(key)
            candidates.append(key)
    return candidates


if __name__ == "__main__":
    main(Path(sys.argv[1]))
