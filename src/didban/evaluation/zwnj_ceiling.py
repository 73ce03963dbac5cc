"""``didban eval zwnj-ceiling``: how far any word-by-word half-space repair could go on the evaluation data.

The news is not consistent: the same word is written «آن‌ها» in one article and «آنها» in the next, the same
pair «رئیس‌جمهور» and «رئیس جمهور». This measures an *oracle* that knows, for every glued word (``deleted``)
and every spaced word pair (``space``), the spelling the evaluation paragraphs themselves use most often, and
always writes that one. No system that decides word by word (by lexicon, rules or a model of the word and its
neighbour) can beat it on average; it is a ceiling for the targets, not a system.

A second oracle gives the other end of the trade-off: the best precision any word-by-word rule can keep while
finding :data:`TARGET_RECALL` of the half-spaces (each half-space position of a glued word, each spaced pair,
taken or not, the least wasteful first: a linear-programming bound, so no such rule does better).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from didban.evaluation.split import EVAL_SAMPLE, SETS, ZWNJ, evaluation_paragraphs
from didban.evaluation.zwnj import TARGET_RECALL

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


def _spellings(paragraphs: Iterable[str]) -> defaultdict[str, Counter[str]]:
    """Each word of the paragraphs, by its letters without ZWNJ: how often each of its spellings occurs."""
    spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for paragraph in paragraphs:
        for word in _WORD.findall(paragraph.translate(_FOLD)):
            spellings[word.replace(ZWNJ, "")][word] += 1
    return spellings


def _pairs(paragraphs: Iterable[str]) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    """How often each word pair of the paragraphs is joined by a half-space, and how often it occurs."""
    joined: Counter[tuple[str, str]] = Counter()
    seen: Counter[tuple[str, str]] = Counter()
    for paragraph in paragraphs:
        for left, gap, right in _GAP.findall(paragraph.translate(_FOLD)):
            seen[left, right] += 1
            joined[left, right] += gap == ZWNJ
    return joined, seen


def glued_ceiling(paragraphs: Iterable[str]) -> tuple[float, float]:
    """Precision and recall of writing each glued word the way the paragraphs most often write it."""
    tp = fp = fn = 0
    for counts in _spellings(paragraphs).values():
        best = _positions(counts.most_common(1)[0][0])
        for word, n in counts.items():
            gold = _positions(word)
            tp, fp, fn = tp + n * len(gold & best), fp + n * len(best - gold), fn + n * len(gold - best)
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def spaced_ceiling(paragraphs: Iterable[str]) -> tuple[float, float]:
    """Precision and recall of joining each spaced word pair the way the paragraphs most often write it."""
    joined, seen = _pairs(paragraphs)
    tp = fp = fn = 0
    for pair, n in seen.items():
        half = joined[pair]
        if 2 * half > n:
            tp, fp = tp + half, fp + n - half
        else:
            fn += half
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def glued_units(paragraphs: Iterable[str]) -> list[tuple[int, int]]:
    """For each half-space position of each glued word (its letters), how often the paragraphs write a
    half-space there and how often the word without one."""
    units = []
    for counts in _spellings(paragraphs).values():
        total, at = sum(counts.values()), Counter[int]()
        for word, n in counts.items():
            at.update(dict.fromkeys(_positions(word), n))
        units += [(yes, total - yes) for yes in at.values()]
    return units


def spaced_units(paragraphs: Iterable[str]) -> list[tuple[int, int]]:
    """For each word pair, how often the paragraphs join it with a half-space and how often with a space."""
    joined, seen = _pairs(paragraphs)
    return [(half, seen[pair] - half) for pair, half in joined.items() if half]


def precision_at_recall(units: Iterable[tuple[int, int]], recall: float = TARGET_RECALL) -> float:
    """The best precision of taking ``(right, wrong)`` units (fractions allowed) until ``recall`` of all the
    right ones: the units with the fewest wrong per right first (an upper bound for whole units)."""
    found = [(yes, no) for yes, no in units if yes]
    need = recall * sum(yes for yes, _ in found)
    tp = fp = 0.0
    for yes, no in sorted(found, key=lambda unit: unit[1] / unit[0]):
        if tp >= need:
            break
        share = min(1.0, (need - tp) / yes)
        tp, fp = tp + share * yes, fp + share * no
    return tp / (tp + fp) if tp else 0.0


class Ceiling(NamedTuple):
    """The majority oracle's precision and recall, and the best precision of any rule at the target recall."""

    precision: float
    recall: float
    precision_at_target: float


def evaluate_ceiling(data_dir: Path, sample: int = EVAL_SAMPLE) -> dict[str, dict[str, Ceiling]]:
    """Both oracles per set and corruption, on the evaluation paragraphs."""
    results = {}
    for name in SETS:
        paragraphs = evaluation_paragraphs(data_dir, name, sample)
        results[name] = {
            "deleted": Ceiling(*glued_ceiling(paragraphs), precision_at_recall(glued_units(paragraphs))),
            "space": Ceiling(*spaced_ceiling(paragraphs), precision_at_recall(spaced_units(paragraphs))),
        }
    return results


def format_ceiling(results: dict[str, dict[str, Ceiling]]) -> str:
    """A plain-text table of the ceiling."""
    rows = [
        f"set       corruption  oracle-P  oracle-R  P@R{TARGET_RECALL:.2f}  F1@R{TARGET_RECALL:.2f}",
    ]
    for name, by_corruption in results.items():
        for corruption, (precision, recall, at_target) in by_corruption.items():
            f1 = 2 * at_target * TARGET_RECALL / (at_target + TARGET_RECALL) if at_target else 0.0
            rows.append(
                f"{name:<9} {corruption:<10} {precision:>9.3f} {recall:>9.3f} {at_target:>8.3f} {f1:>8.3f}"
            )
    rows += [
        "oracle-P/R: writing each glued word / spaced pair the way the eval data most often does",
        f"P@R{TARGET_RECALL:.2f}: the best precision of any word-by-word rule that finds {TARGET_RECALL:.0%}",
        "of the half-spaces (deleted: false half-spaces inside glued words, the target's P-nospace; space:",
        "false half-spaces at spaces, plain precision), from the eval data's own spellings",
    ]
    return "\n".join(rows)
