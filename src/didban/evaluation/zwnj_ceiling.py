"""``didban eval zwnj-ceiling``: how far any word-by-word half-space repair could go on the evaluation data.

The news is not consistent: the same word is written «آن‌ها» in one article and «آنها» in the next, the same
pair «رئیس‌جمهور» and «رئیس جمهور». This measures an *oracle* that knows, for every glued word (``deleted``)
and every spaced word pair (``space``), the spelling the evaluation paragraphs themselves use most often, and
always writes that one. No system that decides word by word (by lexicon, rules or a model of the word and its
neighbour) can beat it on average; it is a ceiling for the targets, not a system.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from didban.evaluation.split import EVAL_SAMPLE, SETS, ZWNJ, evaluation_paragraphs

_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
_WORD = re.compile(r"[^\s\u200c.,،؛:!?؟«»\"()\[\]]+(?:\u200c[^\s\u200c.,،؛:!?؟«»\"()\[\]]+)*")
_GAP = re.compile(r"(\S+?)([ \u200c]+)(?=(\S+))")


def _positions(word: str) -> set[int]:
    """Where the ZWNJs of ``word`` stand, counted in letters without ZWNJ."""
    found, letters = set(), 0
    for char in word:
        if char == ZWNJ:
            found.add(letters)
        else:
            letters += 1
    return found


def glued_ceiling(paragraphs: Iterable[str]) -> tuple[float, float]:
    """Precision and recall of writing each glued word the way the paragraphs most often write it."""
    spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for paragraph in paragraphs:
        for word in _WORD.findall(paragraph.translate(_FOLD)):
            spellings[word.replace(ZWNJ, "")][word] += 1
    tp = fp = fn = 0
    for counts in spellings.values():
        best = _positions(counts.most_common(1)[0][0])
        for word, n in counts.items():
            gold = _positions(word)
            tp, fp, fn = tp + n * len(gold & best), fp + n * len(best - gold), fn + n * len(gold - best)
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def spaced_ceiling(paragraphs: Iterable[str]) -> tuple[float, float]:
    """Precision and recall of joining each spaced word pair the way the paragraphs most often write it."""
    gaps: list[tuple[tuple[str, str], bool]] = []
    for paragraph in paragraphs:
        for left, gap, right in _GAP.findall(paragraph.translate(_FOLD)):
            gaps.append(((left, right), gap == ZWNJ))
    joined: Counter[tuple[str, str]] = Counter(pair for pair, half in gaps if half)
    seen: Counter[tuple[str, str]] = Counter(pair for pair, _ in gaps)
    tp = fp = fn = 0
    for pair, half in gaps:
        join = 2 * joined[pair] > seen[pair]
        tp, fp, fn = tp + (join and half), fp + (join and not half), fn + (half and not join)
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def evaluate_ceiling(data_dir: Path, sample: int = EVAL_SAMPLE) -> dict[str, dict[str, tuple[float, float]]]:
    """The oracle's precision and recall per set and corruption, on the evaluation paragraphs."""
    results = {}
    for name in SETS:
        paragraphs = evaluation_paragraphs(data_dir, name, sample)
        results[name] = {"deleted": glued_ceiling(paragraphs), "space": spaced_ceiling(paragraphs)}
    return results


def format_ceiling(results: dict[str, dict[str, tuple[float, float]]]) -> str:
    """A plain-text table of the ceiling."""
    rows = ["set       corruption  oracle-P  oracle-R   (word-by-word majority spelling of the eval data)"]
    for name, by_corruption in results.items():
        for corruption, (precision, recall) in by_corruption.items():
            rows.append(f"{name:<9} {corruption:<10} {precision:>9.3f} {recall:>9.3f}")
    return "\n".join(rows)
