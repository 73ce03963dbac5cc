"""Rebuild the half-space (ZWNJ) lexicon shipped in ``src/didban/lexicon/data``.

Usage::

    python training/build_zwnj_lexicon.py --data ../shared/data [--out src/didban/lexicon/data]

Inputs: the *training* articles of ``news/`` (:func:`didban.evaluation.split.training_articles`; the
held-out evaluation paragraphs never enter a shipped file) and hazm's MIT word and verb lists
(``lexicons/hazm``). Outputs, all sorted and deterministic:

* ``zwnj_forms.tsv``  — ``form, count in paragraphs with a ZWNJ, count elsewhere``: word forms of the
  news (letters unified; a form may contain ZWNJ), seen at least twice or written with a ZWNJ.
* ``zwnj_pairs.tsv``  — the same counts for ``a b`` written with a space, kept only where ``a‌b`` or
  ``ab`` is also a known form.
* ``zwnj_words.tsv``  — hazm's word list (frequency > 0, or written with a ZWNJ), ``word, flag``.
* ``zwnj_verbs.tsv``  — hazm's verb stems, ``past, present``.
"""

from __future__ import annotations

import argparse
import itertools
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from didban.evaluation.split import training_articles
from didban.text.letters import NON_JOINING, ZWNJ, unify

LETTERS = "\u0621-\u063a\u0641-\u064b\u0654\u067e\u0686\u0698\u06a9\u06af\u06c0\u06cc"
PHRASE = re.compile(rf"[{LETTERS}\u200c]+(?: [{LETTERS}\u200c]+)*")
_STRAY = re.compile(rf"\u200c+(?=[ \u200c]|$)|(?:^|(?<=[ ]))\u200c+|(?<=[{''.join(NON_JOINING)}])\u200c+")
HEADER = "# {name}: derived by training/build_zwnj_lexicon.py from {source}. See SOURCES.md.\n"


def clean(text: str) -> str:
    """Unified letters, single ZWNJs, none at word edges or after a non-joining letter."""
    text = re.sub(r"[ \t]+", " ", unify(text))
    return _STRAY.sub("", re.sub("\u200c{2,}", ZWNJ, text))


def count_news(texts: Iterable[str]) -> tuple[Counter, Counter, Counter, Counter]:
    """Form and spaced-bigram counts, split by whether the paragraph contains a ZWNJ."""
    forms_z, forms_n, pairs_z, pairs_n = Counter(), Counter(), Counter(), Counter()
    for raw in texts:
        text = clean(raw)
        forms, pairs = (forms_z, pairs_z) if ZWNJ in text else (forms_n, pairs_n)
        for phrase in PHRASE.findall(text):
            tokens = phrase.split(" ")
            forms.update(tokens)
            pairs.update(f"{a} {b}" for a, b in itertools.pairwise(tokens))
    return forms_z, forms_n, pairs_z, pairs_n


def news_texts(data: Path) -> Iterable[str]:
    """Titles, leads and paragraphs of the training articles."""
    for article in training_articles(data / "news"):
        yield article.get("title") or ""
        yield article.get("abstract") or ""
        yield from article.get("paragraphs", [])


def keep_pairs(pairs: set[str], known: set[str]) -> list[str]:
    """Spaced pairs whose joined form (ZWNJ or glued) is a known form."""
    return sorted(p for p in pairs if p.replace(" ", ZWNJ) in known or p.replace(" ", "") in known)


def write_counts(path: Path, keys: list[str], z: Counter, n: Counter, source: str) -> None:
    lines = [f"{k}\t{z[k]}\t{n[k]}\n" for k in keys]
    path.write_text(HEADER.format(name=path.name, source=source) + "".join(lines), encoding="utf-8")


def hazm_words(hazm: Path) -> list[str]:
    """hazm words with a frequency, or written with a ZWNJ, letters unified."""
    words = set()
    for line in (hazm / "words.dat").read_text(encoding="utf-8").splitlines():
        word, freq, *_ = [*line.split("\t"), "0", ""]
        if (freq.isdigit() and int(freq) > 0) or ZWNJ in word:
            words.add(clean(word).strip())
    return sorted(w for w in words if w and " " not in w)


def hazm_verbs(hazm: Path) -> list[str]:
    """``past\tpresent`` stems from hazm's verbs.dat."""
    rows = set()
    for line in (hazm / "verbs.dat").read_text(encoding="utf-8").splitlines():
        past, _, present = clean(line).partition("#")
        if past or present:
            rows.add(f"{past}\t{present}")
    return sorted(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="shared data folder (news/, lexicons/)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parents[1] / "src/didban/lexicon/data")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    forms_z, forms_n, pairs_z, pairs_n = count_news(news_texts(args.data))
    forms = sorted(f for f in forms_z.keys() | forms_n.keys() if ZWNJ in f or forms_z[f] + forms_n[f] >= 2)
    words = hazm_words(args.data / "lexicons/hazm")
    known = set(forms) | set(words)
    pairs = keep_pairs(pairs_z.keys() | pairs_n.keys(), known)
    news = "the training split of news/fars and news/varzesh3"
    write_counts(args.out / "zwnj_forms.tsv", forms, forms_z, forms_n, news)
    write_counts(args.out / "zwnj_pairs.tsv", pairs, pairs_z, pairs_n, news)
    hazm = "hazm (MIT) data/words.dat"
    (args.out / "zwnj_words.tsv").write_text(
        HEADER.format(name="zwnj_words.tsv", source=hazm) + "".join(f"{w}\n" for w in words), encoding="utf-8"
    )
    verbs = "hazm (MIT) data/verbs.dat"
    (args.out / "zwnj_verbs.tsv").write_text(
        HEADER.format(name="zwnj_verbs.tsv", source=verbs)
        + "".join(f"{v}\n" for v in hazm_verbs(args.data / "lexicons/hazm")),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
